/**
 * The embedded default `RoomHub`: every room lives in this process's memory.
 *
 * Longer than 300 lines: it is both hubs over one map of rooms, the RoomHub
 * (joins, resume, grace, expiry) and OpenVidu's REST SessionHub (sessions,
 * reserved connections, roles), which must see the same members at once. One
 * room's bookkeeping is room.ts's.
 */
import { CLOSE_CODES, type Status } from '../protocol/index.js';
import { Delivery } from './delivery.js';
import type {
  ConnectionReservation,
  JoinOutcome,
  JoinRequest,
  LeaveReason,
  PageRequest,
  PageResult,
  PeerSink,
  PublishResult,
  RoomHub,
  SessionHub,
  RoomSnapshot,
  SessionConnection,
  SessionInfo,
  SessionOutcome,
  SignalRequest,
} from './hub.js';
import { pendingConnection, statsOf } from './hub.js';
import { peerId, secretKey } from './ids.js';
import { joinedWith } from './peer-listing.js';
import { Room, type Member, type RoomLimits } from './room.js';
import type { Role } from './tokens.js';

export interface MemoryHubOptions extends RoomLimits {
  /** How long a peer whose socket dropped keeps its identity, ms. */
  graceMs: number;
  /** How long an empty room keeps its history, ms. */
  emptyRoomTtlMs: number;
  /** Most peers in one room. */
  maxPeersPerRoom: number;
  /** Most rooms with anyone in them (or history kept) at once. */
  maxRooms: number;
}

export class MemoryHub implements RoomHub, SessionHub {
  readonly kind = 'memory';
  private readonly rooms = new Map<string, Room>();
  private readonly expiries = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly options: MemoryHubOptions) {}

  private room(name: string): Room | undefined {
    let room = this.rooms.get(name);
    if (!room) {
      if (this.rooms.size >= this.options.maxRooms) return undefined;
      room = new Room(name, this.options);
      this.rooms.set(name, room);
    }
    const expiry = this.expiries.get(name);
    if (expiry) {
      clearTimeout(expiry);
      this.expiries.delete(name);
    }
    return room;
  }

  async join({ room: name, status, sink, resume, resumeOnly, history, batchPresence = false, verifiedName, connectionId, role = 'publisher' }: JoinRequest): Promise<JoinOutcome> {
    const nothingToResume = { ok: false, code: 'unknown_peer', message: 'nothing to resume: the peer is gone' } as const;
    // Looked up first so a failed resume does not leave an empty room behind.
    if (resume && resumeOnly && !this.rooms.get(name)?.members.has(resume.id)) return nothingToResume;
    const resuming = resume !== undefined && this.rooms.get(name)?.members.get(resume.id)?.resumeKey === resume.key;
    const reservation = connectionId === undefined || resuming ? undefined : this.takeReservation(name, connectionId);
    if (reservation && !reservation.ok) return reservation;
    const room = this.room(name);
    if (!room) return { ok: false, code: 'server_full', message: 'the server has as many rooms as it allows' };
    const earlier = resume ? room.members.get(resume.id) : undefined;
    if (resume && earlier && earlier.resumeKey === resume.key) {
      const missed = room.missedBy(earlier, resume.seq);
      if (missed) {
        // Only one socket may speak for a peer: a stale one is closed.
        if (earlier.sink && earlier.sink !== sink) earlier.sink.close(CLOSE_CODES.replaced, 'replaced by a resumed connection');
        clearTimeout(earlier.graceTimer);
        earlier.graceTimer = undefined;
        earlier.sink = sink;
        earlier.batchPresence = batchPresence;
        if (!sameStatus(earlier.status, status)) this.applyStatus(room, earlier, status);
        earlier.presenceSince = room.presenceMark;
        return joinedWith(room.listing(earlier.id), { id: earlier.id, role: earlier.role, resumeKey: earlier.resumeKey, resumed: true, seq: room.seq, backlog: missed });
      }
      // The log no longer reaches back far enough: the old identity ends and a
      // fresh one begins, which the client reports as a gap.
      room.remove(earlier.id, 'network');
    }
    if (resume && resumeOnly) return nothingToResume;
    const reserved = reservation?.reservation;
    if (room.members.size + room.reservations.size >= this.options.maxPeersPerRoom + (reserved ? 1 : 0)) {
      return { ok: false, code: 'room_full', message: `the room has ${this.options.maxPeersPerRoom} peers, the most allowed` };
    }
    if (reserved) room.reservations.delete(reserved.id);
    const member: Member = {
      id: reserved?.id ?? peerId(),
      resumeKey: secretKey(),
      status,
      sink,
      graceTimer: undefined,
      acks: undefined,
      droppedSeq: 0,
      verifiedName,
      role: reserved?.role ?? role,
      reservation: reserved,
      joinedAt: Date.now(),
      batchPresence,
      presenceSince: 0,
    };
    room.announce(new Delivery({ type: 'peer_joined', peer: member.id, status, role: member.role }), member.id);
    member.presenceSince = room.presenceMark;
    const listing = room.listing(member.id);
    room.add(member);
    return joinedWith(listing, { id: member.id, role: member.role, resumeKey: member.resumeKey, resumed: false, seq: room.seq, backlog: history ? room.historyFrames() : [] });
  }

  detach(name: string, id: string, sink: PeerSink): void {
    const room = this.rooms.get(name);
    const member = room?.members.get(id);
    if (!room || !member || member.sink !== sink) return;
    member.sink = null;
    if (this.options.graceMs <= 0) {
      this.removeMember(room, id, 'network');
      return;
    }
    member.graceTimer = setTimeout(() => this.removeMember(room, id, 'network'), this.options.graceMs);
    member.graceTimer.unref?.();
  }

  async leave(name: string, id: string, reason: LeaveReason): Promise<void> {
    const room = this.rooms.get(name);
    if (room) this.removeMember(room, id, reason);
  }

  /**
   * The reserved connection a join presents, taken out of the room; a peer
   * still holding it in its grace period gives it up (the token's owner came
   * back on a fresh join), a live one keeps it.
   */
  private takeReservation(name: string, id: string): { ok: true; reservation: ConnectionReservation } | { ok: false; code: 'unauthorized'; message: string } {
    const room = this.rooms.get(name);
    const holder = room?.members.get(id);
    if (room && holder?.reservation) {
      if (holder.sink) return { ok: false, code: 'unauthorized', message: 'this token is in use by a connected peer' };
      room.remove(id, 'network');
      return { ok: true, reservation: holder.reservation };
    }
    const reservation = room?.reservations.get(id);
    if (!room || !reservation) return { ok: false, code: 'unauthorized', message: "the token's connection is gone (removed, or its session closed)" };
    if (reservation.expiresAt <= Date.now()) {
      room.reservations.delete(id);
      return { ok: false, code: 'unauthorized', message: 'the token has expired' };
    }
    return { ok: true, reservation };
  }

  private removeMember(room: Room, id: string, reason: LeaveReason): void {
    room.remove(id, reason);
    this.expireWhenEmpty(room);
  }

  /** An empty room is kept `emptyRoomTtlMs` (its history, its REST session), then dropped. */
  private expireWhenEmpty(room: Room): void {
    if (room.members.size > 0 || this.expiries.has(room.name)) return;
    const expiry = setTimeout(() => {
      this.expiries.delete(room.name);
      if (room.members.size > 0) return;
      this.rooms.delete(room.name);
      room.presence.close();
    }, this.options.emptyRoomTtlMs);
    expiry.unref?.();
    this.expiries.set(room.name, expiry);
  }

  async kick(name: string, id: string): Promise<boolean> {
    const room = this.rooms.get(name);
    const member = room?.members.get(id);
    if (!room || !member) return false;
    member.sink?.close(CLOSE_CODES.forbidden, 'removed from the room');
    this.removeMember(room, id, 'kicked');
    return true;
  }

  async setStatus(name: string, id: string, status: Status): Promise<void> {
    const room = this.rooms.get(name);
    const member = room?.members.get(id);
    if (room && member) this.applyStatus(room, member, status);
  }

  private applyStatus(room: Room, member: Member, status: Status): void {
    member.status = status;
    room.changed(member);
    room.announce(new Delivery({ type: 'peer_status', peer: member.id, status }), member.id);
  }

  async publish(name: string, from: string | null, signal: SignalRequest): Promise<PublishResult> {
    const room = this.rooms.get(name);
    if (!room || room.members.size === 0) return { ok: false, code: 'unknown_peer', message: `no room '${name}'` };
    if (from !== null && !room.members.has(from)) return { ok: false, code: 'not_joined', message: 'not in this room' };
    return room.publish(from, signal);
  }

  async page(name: string, reader: string, request: PageRequest): Promise<PageResult> {
    const room = this.rooms.get(name);
    if (!room?.members.has(reader)) return { ok: false, code: 'not_joined', message: 'not in this room' };
    return { ok: true, ...room.page(reader, request) };
  }

  async snapshot(name: string): Promise<RoomSnapshot | undefined> {
    const room = this.rooms.get(name);
    if (!room || room.members.size === 0) return undefined;
    return {
      room: name,
      seq: room.seq,
      participants: Array.from(room.members.values(), (m) => ({ id: m.id, status: m.status, connected: m.sink !== null })),
    };
  }

  async openSession(name: string): Promise<SessionOutcome> {
    const existing = this.rooms.get(name);
    if (existing) return { ok: true, created: false, info: sessionInfo(existing) };
    const room = this.room(name);
    if (!room) return { ok: false, code: 'server_full', message: 'the server has as many rooms as it allows' };
    this.expireWhenEmpty(room);
    return { ok: true, created: true, info: sessionInfo(room) };
  }

  async session(name: string): Promise<SessionInfo | undefined> {
    const room = this.rooms.get(name);
    return room ? sessionInfo(room) : undefined;
  }

  async sessions(): Promise<SessionInfo[]> {
    return Array.from(this.rooms.values(), sessionInfo);
  }

  async closeSession(name: string): Promise<boolean> {
    const room = this.rooms.get(name);
    if (!room) return false;
    this.rooms.delete(name);
    room.presence.close();
    clearTimeout(this.expiries.get(name));
    this.expiries.delete(name);
    for (const member of room.members.values()) {
      clearTimeout(member.graceTimer);
      member.sink?.close(CLOSE_CODES.closed, 'the session was closed');
    }
    room.members.clear();
    room.reservations.clear();
    return true;
  }

  async reserve(name: string, reservation: ConnectionReservation): Promise<SessionOutcome> {
    const room = this.rooms.get(name);
    if (!room) return { ok: false, code: 'unknown_room', message: `no session '${name.slice(0, 64)}'` };
    if (room.members.size + room.reservations.size >= this.options.maxPeersPerRoom) {
      return { ok: false, code: 'room_full', message: `the room has ${this.options.maxPeersPerRoom} peers and connections, the most allowed` };
    }
    room.reservations.set(reservation.id, reservation);
    return { ok: true, created: true, info: sessionInfo(room) };
  }

  async dropConnection(name: string, id: string): Promise<boolean> {
    if (this.rooms.get(name)?.reservations.delete(id)) return true;
    return this.kick(name, id);
  }

  async setRole(name: string, id: string, role: Role): Promise<SessionConnection | undefined> {
    const room = this.rooms.get(name);
    if (!room) return undefined;
    const reservation = room.reservations.get(id);
    if (reservation) {
      room.reservations.set(id, { ...reservation, role });
      return pendingConnection({ ...reservation, role });
    }
    const member = room.members.get(id);
    if (!member) return undefined;
    member.role = role;
    room.changed(member);
    member.sink?.roleChanged?.(role);
    room.announce(new Delivery({ type: 'peer_role', peer: id, role }), null);
    return activeConnection(member);
  }

  async stats(): Promise<{ rooms: number; peers: number }> {
    return statsOf(Array.from(this.rooms.values(), (room) => room.members.size));
  }

  async close(): Promise<void> {
    for (const timer of this.expiries.values()) clearTimeout(timer);
    this.expiries.clear();
    for (const room of this.rooms.values()) {
      room.presence.close();
      for (const member of room.members.values()) clearTimeout(member.graceTimer);
    }
    this.rooms.clear();
  }
}

function sameStatus(a: Status, b: Status): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function activeConnection(member: Member): SessionConnection {
  return {
    id: member.id,
    status: 'active',
    role: member.role,
    serverData: member.reservation?.serverData ?? '',
    createdAt: member.reservation?.createdAt ?? member.joinedAt,
    activeAt: member.joinedAt,
    peerStatus: member.status,
    token: member.reservation?.token ?? '',
  };
}

function sessionInfo(room: Room): SessionInfo {
  const now = Date.now();
  const pending = Array.from(room.reservations.values()).filter((reservation) => reservation.expiresAt > now);
  return { room: room.name, createdAt: room.createdAt, connections: [...pending.map(pendingConnection), ...Array.from(room.members.values(), activeConnection)] };
}
