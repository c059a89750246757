/**
 * One room's state in memory: who is in it, the sequence counter, the
 * broadcast history for late joiners and the short log that lets a dropped
 * peer resume without losing a signal. Pure bookkeeping and fan-out; it knows
 * nothing of sockets or dialects (peers are reached through `PeerSink`).
 */
import { markAsHistory, withSenderName, type FromFrame, type Status } from '../protocol/index.js';
import { Delivery } from './delivery.js';
import type { ConnectionReservation, LeaveReason, PageRequest, PeerSink, PublishResult, SignalRequest } from './hub.js';
import { DEFAULTS } from './options.js';
import { ListingEntries, type PeerListing } from './peer-listing.js';
import { PresenceBatch } from './presence-batch.js';
import type { Role } from './tokens.js';
import { Ring } from './ring.js';

export interface Member {
  readonly id: string;
  readonly resumeKey: string;
  status: Status;
  /** Null while the socket is gone and the grace period runs. */
  sink: PeerSink | null;
  graceTimer: ReturnType<typeof setTimeout> | undefined;
  /** Recent signal ids → their ack, so a re-sent signal is not delivered twice; made on the first signal. */
  acks: Map<string, { seq: number; time: number }> | undefined;
  /** Highest seq of a signal to this member that the resume log has dropped. */
  droppedSeq: number;
  /** The name its token gives it, if any: its `status.name` is then verified. */
  readonly verifiedName: string | undefined;
  /** What it may do; the REST API may change it. */
  role: Role;
  /** The REST connection it took, if it joined with one (its id is the connection's). */
  reservation: ConnectionReservation | undefined;
  /** When it joined, ms since the epoch. */
  readonly joinedAt: number;
  /** Its join asked for presence changes in batches. */
  batchPresence: boolean;
  /** The room's presence mark its `joined` covers. */
  presenceSince: number;
}

interface LoggedSignal {
  seq: number;
  time: number;
  from: string | null;
  to: readonly string[] | undefined;
  delivery: Delivery & { readonly frame: FromFrame };
  /** The sender's `status.name` when it sent the signal. */
  name: string | undefined;
  /** Whether `name` is the sender's token name. */
  verified: boolean;
}

/** A stored signal as history (`history: true`) or a resume backlog sends it: with its sender's name. */
function replayed({ delivery, name, verified }: LoggedSignal, history: boolean): Delivery {
  if (name === undefined && !history) return delivery;
  const frame: FromFrame = { ...delivery.frame };
  let text = delivery.text;
  if (name !== undefined) {
    frame.name = name;
    if (verified) frame.verified = true;
    text = withSenderName(text, name, verified);
  }
  if (history) {
    frame.history = true;
    text = markAsHistory(text);
  }
  return new Delivery(frame, text);
}

/** Whether `reader` may see a kept signal: a broadcast, or one it sent or was sent. */
const visibleTo = (entry: LoggedSignal, reader: string): boolean => entry.to === undefined || entry.from === reader || entry.to.includes(reader);

export interface RoomLimits {
  historySize: number;
  /** Most signals the room's log keeps for older-history pages (`--log`). Default: DEFAULTS.logSize. */
  logSize?: number | undefined;
  /** How long the resume log keeps a signal, ms. */
  logRetentionMs: number;
  /** Most signals the resume log keeps, whatever their age. */
  logMaxEntries: number;
  /** Signal ids remembered per peer for de-duplication. */
  ackMemory: number;
  /** How long presence changes collect into one batch. Default: DEFAULTS.presenceBatchMs. */
  presenceBatchMs?: number | undefined;
}

export class Room {
  readonly members = new Map<string, Member>();
  /** Connections the REST API reserved that no peer has taken yet, by id. */
  readonly reservations = new Map<string, ConnectionReservation>();
  readonly createdAt = Date.now();
  seq = 0;
  private readonly history = new Ring<LoggedSignal>();
  private readonly log = new Ring<LoggedSignal>();
  /** Every kept signal, newest `logSize` of them, for older-history pages. */
  private readonly archive = new Ring<LoggedSignal>();
  /** Highest broadcast seq the resume log has dropped: a resume from before it may have missed it. */
  private droppedBroadcastSeq = 0;
  /** Counts presence changes, so a batch knows which ones a peer's `joined` already covers. */
  presenceMark = 0;
  /** Presence changes on their way to the members that take them in batches. */
  readonly presence: PresenceBatch;
  /** Every member's entries of `joined.peers` and `joined.roles`. */
  private readonly listed = new ListingEntries();

  constructor(
    readonly name: string,
    private readonly limits: RoomLimits,
  ) {
    this.presence = new PresenceBatch(() => this.members.entries(), limits.presenceBatchMs);
  }

  /** Send a frame to every attached member except `except`. */
  broadcast(delivery: Delivery, except: string | null): void {
    for (const member of this.members.values()) {
      if (member.id !== except && member.sink) member.sink.send(delivery);
    }
  }

  /** A presence change about `about` (null: about nobody's own view), for everyone else: at once, or in the next batch for members that asked. */
  announce(delivery: Delivery, about: string | null): void {
    const mark = ++this.presenceMark;
    for (const member of this.members.values()) {
      if (member.id !== about && member.sink && !member.batchPresence) member.sink.send(delivery);
    }
    this.presence.add(mark, about, delivery);
  }

  /** Add a member that joined afresh: the kept listing goes on with it. */
  add(member: Member): void {
    this.members.set(member.id, member);
    this.changed(member);
  }

  /** A member joined, or its status or role changed: its entries of the listing follow. */
  changed(member: Member): void {
    this.listed.add(member.id, JSON.stringify(member.status), member.role);
  }

  /**
   * What `joined` lists for `id`: every other member with its status and
   * role. For a peer not in the room yet (a fresh join) that is everyone,
   * kept from one join to the next: a join storm appends each joiner instead
   * of listing the room again.
   */
  listing(id: string): PeerListing {
    return this.listed.listingFor(id);
  }

  historyFrames(): Delivery[] {
    return Array.from(this.history, (entry) => replayed(entry, true));
  }

  /**
   * Signals `member` should have received after `afterSeq`, in order; or
   * undefined when the log no longer reaches back that far.
   */
  missedBy(member: Member, afterSeq: number): Delivery[] | undefined {
    if (afterSeq < this.droppedBroadcastSeq || afterSeq < member.droppedSeq) return undefined;
    const memberId = member.id;
    const missed: Delivery[] = [];
    for (const entry of this.log) {
      if (entry.seq <= afterSeq || entry.from === memberId) continue;
      if (entry.to === undefined || entry.to.includes(memberId)) missed.push(replayed(entry, false));
    }
    return missed;
  }

  publish(from: string | null, signal: SignalRequest): PublishResult {
    const sender = from === null ? undefined : this.members.get(from);
    if (sender && signal.id !== undefined) {
      const earlier = sender.acks?.get(signal.id);
      if (earlier) return { ok: true, seq: earlier.seq, time: earlier.time, duplicate: true };
    }
    /** The recipients named, each once, in order. */
    const to = signal.to && Array.from(new Set(signal.to));
    let recipients: Member[] | undefined;
    if (to) {
      recipients = [];
      for (const id of to) {
        const member = this.members.get(id);
        // OpenVidu's rule: one unknown recipient and nothing is delivered.
        if (!member) return { ok: false, code: 'unknown_peer', message: `no peer '${id.slice(0, 64)}' in this room` };
        if (member.id !== from) recipients.push(member);
      }
    }
    const seq = ++this.seq;
    const time = Date.now();
    // A signal without data arrives with `data: ""` (as OpenVidu sends it):
    // MucSignaling clients drop a `from` whose data is absent.
    const data = signal.data === undefined ? '' : signal.data;
    const frame: FromFrame = { type: 'from', peer: from, event: signal.event, data, seq, time, to };
    if (signal.ephemeral) frame.ephemeral = true;
    const delivery = new Delivery(frame) as LoggedSignal['delivery'];
    const senderName = sender?.status['name'];
    const name = typeof senderName === 'string' ? senderName : undefined;
    const entry: LoggedSignal = { seq, time, from, to, delivery, name, verified: name !== undefined && name === sender?.verifiedName };
    // Presence first: nobody gets a peer's signal before it hears the peer joined.
    this.presence.flush();
    if (recipients) {
      for (const member of recipients) member.sink?.send(delivery);
    } else {
      this.broadcast(delivery, from);
    }
    // An ephemeral signal is delivered now or never: nothing keeps it.
    if (!signal.ephemeral) {
      if (!recipients) {
        this.history.push(entry);
        if (this.history.length > this.limits.historySize) this.history.shift();
      }
      this.remember(entry);
      this.archive.push(entry);
      if (this.archive.length > (this.limits.logSize ?? DEFAULTS.logSize)) this.archive.shift();
    }
    if (sender && signal.id !== undefined) {
      sender.acks ??= new Map();
      sender.acks.set(signal.id, { seq, time });
      if (sender.acks.size > this.limits.ackMemory) {
        const oldest = sender.acks.keys().next();
        if (!oldest.done) sender.acks.delete(oldest.value);
      }
    }
    return { ok: true, seq, time, duplicate: false };
  }

  /** Up to `limit` kept signals before seq `before` that `reader` may see, oldest first, each marked with the request's id. */
  page(reader: string, { id, before, limit }: PageRequest): { signals: Delivery[]; more: boolean } {
    const found: LoggedSignal[] = [];
    let more = false;
    // The archive is in seq order: find the newest entry before `before`, then walk back.
    let lo = 0;
    let hi = this.archive.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.archive.at(mid) as LoggedSignal).seq < before) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0; i--) {
      const entry = this.archive.at(i) as LoggedSignal;
      if (!visibleTo(entry, reader)) continue;
      if (found.length === limit) {
        more = true;
        break;
      }
      found.push(entry);
    }
    const signals = found.reverse().map((entry) => {
      const frame = replayed(entry, true).frame as FromFrame;
      return new Delivery({ ...frame, page: id });
    });
    return { signals, more };
  }

  private remember(entry: LoggedSignal): void {
    this.log.push(entry);
    const cutoff = entry.time - this.limits.logRetentionMs;
    for (let oldest = this.log.peek(); oldest; oldest = this.log.peek()) {
      if (oldest.time >= cutoff && this.log.length <= this.limits.logMaxEntries) break;
      // Remember the loss only for those it concerns, so a quiet peer is not
      // told of a gap because others talked privately.
      if (oldest.to === undefined) this.droppedBroadcastSeq = oldest.seq;
      else
        for (const id of oldest.to) {
          const member = this.members.get(id);
          if (member) member.droppedSeq = oldest.seq;
        }
      this.log.shift();
    }
  }

  /** Remove a member and tell the others. */
  remove(id: string, reason: LeaveReason): void {
    const member = this.members.get(id);
    if (!member) return;
    clearTimeout(member.graceTimer);
    this.members.delete(id);
    this.listed.delete(id);
    this.announce(new Delivery({ type: 'peer_left', peer: id, reason }), id);
  }
}
