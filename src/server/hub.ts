/**
 * The one interface between connection handling and room state. Connection
 * handlers (one per wire dialect) call a `RoomHub`; the hub owns membership,
 * presence, sequence numbers, history and fan-out. The in-memory hub is the
 * embedded default; a Redis-backed hub (pub/sub for delivery, a stream for
 * history and resume, hashes with expiry for presence) implements the same
 * interface, which is why every call returns a Promise even though the
 * in-memory one settles at once.
 */
import type { ErrorCode, Resume, Status } from '../protocol/index.js';
import type { Delivery } from './delivery.js';
import type { PeerListing } from './peer-listing.js';
import type { Role } from './tokens.js';

/** Where a hub delivers frames for one locally connected peer. */
export interface PeerSink {
  /** Deliver one server frame (typed, and as native text). */
  send(delivery: Delivery): void;
  /** The hub removed this peer (kicked, replaced, its session closed); close its socket. */
  close(code: number, reason: string): void;
  /** The REST API changed this peer's role: what it may do changes from its next frame on. */
  roleChanged?(role: Role): void;
}

export interface JoinRequest {
  room: string;
  status: Status;
  sink: PeerSink;
  /** Pick up a dropped connection, if it is still within its grace period. */
  resume?: Resume | undefined;
  /**
   * With `resume`: fail with `unknown_peer` instead of starting a fresh
   * identity when there is nothing to resume (a dialect whose clients cannot
   * take a new id mid-session, such as OpenVidu's, needs this).
   */
  resumeOnly?: boolean | undefined;
  /** Send the room's history in `backlog` (a fresh join that asked with `history: true`). */
  history?: boolean | undefined;
  /** Send peer changes that happen close together as one `presence` frame (the join asked with `batchPresence: true`). */
  batchPresence?: boolean | undefined;
  /** The name the peer's token gives it (its verified identity), if any. */
  verifiedName?: string | undefined;
  /**
   * Join as the connection the REST API reserved (`POST /openvidu/api/sessions/<id>/connection`):
   * the peer takes that id. Fails with `unauthorized` when the reservation is
   * gone (removed, its session closed) or another live socket already took it.
   */
  connectionId?: string | undefined;
  /** The role the peer joins with, kept with the reserved connection for REST. */
  role?: Role | undefined;
}

export type JoinOutcome = ({ ok: true } & JoinResult) | { ok: false; code: ErrorCode; message: string };

export interface JoinResult {
  id: string;
  /** The peer's role: its reserved connection's (which the REST API may have changed); absent: the request's. */
  role?: Role | undefined;
  /** Secret that lets this peer (and only it) resume. */
  resumeKey: string;
  /** True when `resume` matched: same id, and `backlog` is what was missed. */
  resumed: boolean;
  /** The other peers, with status. */
  peers: Record<string, Status>;
  /** The other peers' token roles, for `joined.roles`; absent from a hub that does not keep them. */
  roles?: Record<string, Role> | undefined;
  /** `peers` and `roles` as JSON text, when the hub has it (then `peers` and `roles` are made from it only if read). */
  listing?: PeerListing | undefined;
  /** The room's latest seq. */
  seq: number;
  /**
   * `from` frames to send right after `joined`: the history (when asked
   * for), or the missed signals on resume; each with its sender's name.
   */
  backlog: Delivery[];
}

export interface SignalRequest {
  /** Client-chosen id; a repeated id from the same peer is acknowledged again but not delivered twice. */
  id?: string | undefined;
  event?: string | undefined;
  data?: unknown;
  /** Recipients; absent means everyone else in the room. */
  to?: string[] | undefined;
  /** Deliver only: keep it out of history and the resume log, and give it no place in the history size. */
  ephemeral?: boolean | undefined;
}

/** A `history` request: kept signals older than seq `before` that the reader may see. */
export interface PageRequest {
  /** The request's id; each paged frame carries it as `page`. */
  id: string;
  /** Only signals with a lower seq; Infinity for the newest. */
  before: number;
  /** At most this many (already capped at MAX_PAGE). */
  limit: number;
}

export type PageResult = { ok: true; signals: Delivery[]; more: boolean } | { ok: false; code: ErrorCode; message: string };

export type PublishResult =
  | { ok: true; seq: number; time: number; duplicate: boolean }
  | { ok: false; code: ErrorCode; message: string };

export interface RoomSnapshot {
  room: string;
  seq: number;
  participants: Array<{ id: string; status: Status; connected: boolean }>;
}

/** A connection of a session as the REST API shows it: reserved (`pending`) or taken by a peer (`active`). */
export interface SessionConnection {
  id: string;
  status: 'pending' | 'active';
  role: Role;
  /** The server data given when the connection was made ('' for a peer that joined without one). */
  serverData: string;
  /** ms since the epoch. */
  createdAt: number;
  /** When a peer took it, ms since the epoch. */
  activeAt: number | undefined;
  /** The peer's status (active connections). */
  peerStatus: Status | undefined;
  /** The token URL of a REST connection ('' for a peer that joined with another token). */
  token: string;
}

/** A reservation as the REST API shows it. */
export function pendingConnection({ id, role, serverData, createdAt, token }: ConnectionReservation): SessionConnection {
  return { id, status: 'pending', role, serverData, createdAt, activeAt: undefined, peerStatus: undefined, token };
}

/** A room as the REST API's sessions show it, with its reserved and live connections. */
export interface SessionInfo {
  room: string;
  /** ms since the epoch. */
  createdAt: number;
  connections: SessionConnection[];
}

/** A connection the REST API reserves for a token; taken by the join that presents it. */
export interface ConnectionReservation {
  id: string;
  role: Role;
  serverData: string;
  createdAt: number;
  /** The token's expiry, ms since the epoch: after it the reservation is dropped. */
  expiresAt: number;
  /** The token URL handed out for it, shown again by `GET /sessions/<id>`. */
  token: string;
}

export type SessionOutcome = { ok: true; created: boolean; info: SessionInfo } | { ok: false; code: ErrorCode; message: string };

export type LeaveReason = 'leave' | 'disconnect' | 'network' | 'heartbeat' | 'kicked' | 'shutdown' | 'closed';

/** Whether a hub can serve right now, for /healthz. */
export type HubHealth = { ok: true } | { ok: false; reason: string };

/** Thrown by a hub that cannot reach its shared store; REST answers 503 `unavailable`. */
export class HubUnavailableError extends Error {
  readonly code = 'unavailable';
}

export interface RoomHub {
  /** Which hub this is, shown by `npm start` and /healthz: 'memory', 'redis', 'redis-cluster'. */
  readonly kind?: string;
  /** Resolves once the hub can serve (e.g. connected), or once it stops waiting; the relay listens after it. */
  ready?(): Promise<void>;
  /** Whether the hub can serve right now; `/healthz` answers 503 with the reason when not. */
  health?(): HubHealth;
  /** Fails with `room_full` or `server_full` when a limit is reached. */
  join(request: JoinRequest): Promise<JoinOutcome>;
  /** The peer's socket is gone without a goodbye: keep it for the grace period. */
  detach(room: string, id: string, sink: PeerSink): void;
  /** Remove the peer now and tell the others. */
  leave(room: string, id: string, reason: LeaveReason): Promise<void>;
  setStatus(room: string, id: string, status: Status): Promise<void>;
  /** Remove a peer by force: its socket is closed with 4403 and the others get `peer_left` (`kicked`). */
  kick(room: string, id: string): Promise<boolean>;
  /** Deliver a signal from `from` (null: the server itself). */
  publish(room: string, from: string | null, signal: SignalRequest): Promise<PublishResult>;
  /** Older signals for peer `reader` from the room's log (private ones only to their sender and recipients), oldest first. */
  page?(room: string, reader: string, request: PageRequest): Promise<PageResult>;
  /** The room as REST shows it; undefined when nobody is in it. */
  snapshot(room: string): Promise<RoomSnapshot | undefined>;
  /** Number of rooms and peers, for /healthz. */
  stats(): Promise<{ rooms: number; peers: number }>;
  /**
   * The relay is shutting down and is about to close its sockets (1001): a hub
   * whose rooms outlive the relay (Redis) keeps those peers for the grace
   * period, so they resume on another relay or the restarted one.
   */
  drain?(): void;
  /** Drop every timer; peers are not told (the sockets close on their own). */
  close(): Promise<void>;
}

/**
 * A hub that also keeps OpenVidu's REST sessions: rooms made before anyone
 * joins, connections reserved for tokens, closing a room for everyone, role
 * changes. The REST API at `/openvidu/api/sessions` needs one (the in-memory
 * and Redis hubs are); with a hub that is not, it answers 501.
 */
export interface SessionHub extends RoomHub {
  /**
   * Make the room if it does not exist (REST's `POST /sessions`); it then
   * lives as a room whose last peer left: kept `emptyRoomTtlMs`, counted
   * against `maxRooms`. `created` is false when it existed already.
   */
  openSession(room: string): Promise<SessionOutcome>;
  /** The room with its connections; undefined when the hub has no such room (none, expired, closed). */
  session(room: string): Promise<SessionInfo | undefined>;
  /** Every room the hub holds, as `session()` shows it. */
  sessions(): Promise<SessionInfo[]>;
  /**
   * Close the room for everyone: each peer's socket is closed with
   * `session_closed` (4410), and its history and reservations are dropped.
   * False when there was no such room.
   */
  closeSession(room: string): Promise<boolean>;
  /** Reserve a connection in an existing room; fails with `unknown_room` or `room_full`. */
  reserve(room: string, reservation: ConnectionReservation): Promise<SessionOutcome>;
  /** Drop a reservation or remove the peer that took it (as `kick`); false when neither exists. */
  dropConnection(room: string, id: string): Promise<boolean>;
  /** Change the role of a reserved or live connection; the live peer's sink hears of it. Undefined when unknown. */
  setRole(room: string, id: string, role: Role): Promise<SessionConnection | undefined>;
}

/** A hub's `stats()` from the number of peers in each room it holds: a room with nobody in it does not count. */
export function statsOf(roomSizes: Iterable<number>): { rooms: number; peers: number } {
  const sizes = Array.from(roomSizes).filter((size) => size > 0);
  return { rooms: sizes.length, peers: sizes.reduce((sum, size) => sum + size, 0) };
}

export function isSessionHub(hub: RoomHub): hub is SessionHub {
  return typeof (hub as Partial<SessionHub>).openSession === 'function';
}
