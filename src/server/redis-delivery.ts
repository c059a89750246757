/**
 * The Redis hub's local side: which peers of a room have their socket on this
 * relay, and what each message of the room's shard channel means for them.
 * It knows the channel's message format (redis-scripts.ts) and `PeerSink`,
 * nothing of Redis commands.
 *
 * Longer than 300 lines: `LocalRoom` is one state machine over the order of
 * the channel's events (their counter, the room's life, joins under way, a
 * catch-up after a loss); each method reads and moves the same marks.
 */
import { CLOSE_CODES, type Status } from '../protocol/index.js';
import { Delivery } from './delivery.js';
import type { PeerSink } from './hub.js';
import type { ListingEntries } from './peer-listing.js';
import { PresenceBatch, presenceFrame } from './presence-batch.js';
import { recordWithRole } from './redis-records.js';
import { Roster } from './redis-roster.js';
import type { Role } from './tokens.js';

/** A frame as Redis keeps it (native text), as the hub delivers it: parsed at most once per relay, when something needs it. */
export function deliveryOf(text: string): Delivery {
  return new Delivery(text);
}

/** One channel message, split; `frame` is what peers get (empty for `R`). */
export interface RoomEvent {
  kind: string;
  ev: number;
  /** The room's life in Redis the event belongs to ('' from a relay of an older version). */
  life: string;
  /** F: the signal's seq; 0 for the others. */
  seq: number;
  /** F: the sender ('' for the server); P: the peer left out; L/K/R: the peer concerned. */
  peer: string;
  /** F: '*' or the recipients; R: the relay and epoch now holding the peer. */
  detail: string;
  /** What the peers get; undefined for R and C. */
  frame: Delivery | undefined;
}

/** `F<ev>/<life>|<from>|<to>|<seq>|<frame>`; `<kind><ev>/<life>|<peer>|<frame>` for P/L/K/O; `R<ev>/<life>|<id>|<at>`; `C<ev>/<life>||`. */
export function parseRoomEvent(message: string): RoomEvent | undefined {
  const kind = message[0] ?? '';
  const bar1 = message.indexOf('|');
  const bar2 = message.indexOf('|', bar1 + 1);
  if (bar1 < 0 || bar2 < 0) return undefined;
  const slash = message.lastIndexOf('/', bar1);
  const ev = Number(message.slice(1, slash < 0 ? bar1 : slash));
  const life = slash < 0 ? '' : message.slice(slash + 1, bar1);
  const peer = message.slice(bar1 + 1, bar2);
  if (kind === 'F') {
    const bar3 = message.indexOf('|', bar2 + 1);
    const bar4 = message.indexOf('|', bar3 + 1);
    if (bar3 < 0 || bar4 < 0) return undefined;
    const seq = Number(message.slice(bar3 + 1, bar4));
    return { kind, ev, life, seq, peer, detail: message.slice(bar2 + 1, bar3), frame: deliveryOf(message.slice(bar4 + 1)) };
  }
  if (kind === 'R' || kind === 'C') return { kind, ev, life, seq: 0, peer, detail: message.slice(bar2 + 1), frame: undefined };
  return { kind, ev, life, seq: 0, peer, detail: '', frame: deliveryOf(message.slice(bar2 + 1)) };
}

export interface LocalPeer {
  sink: PeerSink;
  /** `relay:epoch`: which socket of this peer Redis knows (a resume elsewhere changes it). */
  at: string;
  /** `resumeKey:role|status` as Redis keeps it, to put the peer back should Redis lose the room. */
  record: string;
  /** The name its token gives it, if any. */
  verifiedName: string | undefined;
  /** Its `status.name`, which history and resume show with its signals. */
  name: string | undefined;
  /**
   * The room's ev when its join ran: what came before is in its `joined` and
   * backlog. The channel and the join's reply reach this relay over two
   * connections, so an older event can still arrive after the join is done;
   * it must not reach this peer a second time (or, for its own old leave,
   * end the new socket).
   */
  sinceEv: number;
  /** Its join asked for presence changes in batches. */
  batchPresence: boolean;
  /** A status Redis has not announced yet (it was unreachable when the peer set it). */
  unsentStatus?: Status | undefined;
  /** The ev of the last presence change it has (from its join, or sent to it directly while it joined). */
  presenceSince: number;
}

/** How long an event Redis has may take to come on the channel, at most, when nothing is lost, ms. */
const CHANNEL_LAG_MS = 2000;

/** A join under way: what arrived before its `joined` is kept until the hub knows the id and the room's ev. */
interface PendingJoin {
  sink: PeerSink;
  events: RoomEvent[];
  /** The room's count of lost lists when the join began: its events are whole only if it did not move. */
  losses: number;
}

export class LocalRoom {
  readonly peers = new Map<string, LocalPeer>();
  readonly pending = new Set<PendingJoin>();
  /** Highest seq seen in this room, so a Redis that lost the room is told where to go on from. */
  maxSeq = 0;
  /** The life of the room in Redis this relay knows (a Redis that lost the room has a new one). */
  born = '';
  /** The room's shard channel subscription, once asked for. */
  subscribed: Promise<void> | undefined;
  /** Presence changes on their way to the local peers that take them in batches. */
  readonly presence: PresenceBatch;
  /** The room's member list, kept from the channel once a join's reply gave it. */
  readonly roster = new Roster();
  /** How often the channel lost events or the room began a new life (each time the roster is forgotten). */
  private losses = 0;

  constructor(presenceBatchMs?: number) {
    this.presence = new PresenceBatch(() => this.peers.entries(), presenceBatchMs);
  }

  get empty(): boolean {
    return this.peers.size === 0 && this.pending.size === 0;
  }

  beginJoin(sink: PeerSink): PendingJoin {
    const pending: PendingJoin = { sink, events: [], losses: this.losses };
    this.pending.add(pending);
    return pending;
  }

  /** The join succeeded: from now on the peer gets the room's events after `ev`. */
  finishJoin(pending: PendingJoin, id: string, joined: Omit<LocalPeer, 'sink' | 'sinceEv' | 'presenceSince'>, ev: number): void {
    this.pending.delete(pending);
    const earlier = this.peers.get(id);
    if (earlier && earlier.sink !== pending.sink) earlier.sink.close(CLOSE_CODES.replaced, 'replaced by a resumed connection');
    // Changes queued for a batch after its join ran are among the events kept for it, sent below one by one.
    this.peers.set(id, { sink: pending.sink, ...joined, sinceEv: ev, presenceSince: Math.max(ev, this.presence.lastMark) });
    if (ev > this.joinedEv) this.joinedEv = ev;
    // In a join storm a join waits on Redis while many others run: a peer that
    // takes batches gets the presence changes of that wait in one frame, not one each.
    const run: Delivery[] = [];
    const sendRun = (): void => {
      if (run.length > 0) pending.sink.send(presenceFrame(run.splice(0)));
    };
    for (const event of pending.events) {
      const frame = event.ev > ev ? this.applyTo(id, event) : undefined;
      if (!frame) continue;
      if (event.kind !== 'F' && joined.batchPresence) run.push(frame);
      else {
        sendRun();
        pending.sink.send(frame);
      }
    }
    if (this.peers.get(id)?.sink === pending.sink) sendRun();
  }

  abandonJoin(pending: PendingJoin): void {
    this.pending.delete(pending);
  }

  /**
   * A join's reply listed the room (at its `ev`, of life `born`): keep that
   * list from now on, unless one is kept already or the channel may have
   * lost events the list needs (a gap while the join ran, or the channel
   * still in another life).
   */
  keepRoster(pending: PendingJoin, born: string, others: ListingEntries, joiner: { id: string; statusText: string; role: string }, ev: number): void {
    if (this.roster.kept || pending.losses !== this.losses || (this.life !== '' && this.life !== born)) return;
    this.roster.seed(born, others, joiner, ev, pending.events);
  }

  /** A fresh joiner whose list was lost before it could be taken: sent off to resume, which lists the room from Redis. */
  resumeElsewhere(id: string, sink: PeerSink): void {
    if (this.peers.get(id)?.sink !== sink) return;
    this.peers.delete(id);
    sink.close(CLOSE_CODES.going_away, 'this relay missed part of the room; resume to catch up');
  }

  private forgetRoster(): void {
    this.losses++;
    this.roster.forget();
  }

  /** The ev of the last channel event applied, and the room's life it was of. */
  private lastEv = 0;
  private life = '';
  /** The highest ev a join through this relay ran at: the channel brings every event after it. */
  private joinedEv = 0;
  /** The room's ev in Redis at a lease renewal, and when: CHANNEL_LAG_MS later the channel has brought it, or lost it. */
  private expectedEv = 0;
  private expectedAt = -Infinity;
  /** Channel events heard so far. */
  private eventsHeard = 0;
  /** Since the last lease renewal, the channel began a life of the room (its first event heard, or an ev that went back). */
  private lifeHeard = false;
  /** A renewal found that Redis lost the room before this relay heard the new life: eventsHeard then. */
  private heardAtWipe: number | undefined;

  /** The last ev this relay knows it has (from the channel or a join's reply); 0 before it knows any. */
  private get knownEv(): number {
    return Math.max(this.lastEv, this.joinedEv);
  }

  /** Apply one channel event to the local peers. */
  apply(event: RoomEvent): void {
    // Every event of a room has the next ev, and the channel brings them in
    // order: an ev that skips some means this relay's subscription dropped a
    // while (Redis sends nothing again for that time).
    let missed = this.knownEv > 0 && event.ev > this.knownEv + 1;
    // A new life (Redis lost the room and counts again from 1): what a join
    // covered in the old life says nothing of the new one, and a new life
    // seen first past 1 began while this relay was not listening. Its mark
    // says so; an ev that goes back does too. (Its ev alone may not: having
    // missed its first events, the next one heard can number just past the
    // last one of the old life.)
    const newLife = event.ev <= this.lastEv || (event.life !== this.life && this.life !== '' && event.life !== '');
    this.life = event.life;
    if (newLife || (this.roster.kept && event.life !== '' && event.life !== this.roster.life)) this.forgetRoster();
    if (newLife) {
      this.presence.flush();
      this.presence.lastMark = 0;
      for (const peer of this.peers.values()) peer.sinceEv = peer.presenceSince = 0;
      this.joinedEv = this.expectedEv = 0;
      missed = event.ev > 1;
    }
    if (newLife || this.lastEv === 0) this.lifeHeard = true;
    this.eventsHeard++;
    this.lastEv = event.ev;
    if (missed) {
      this.catchUp();
      return;
    }
    for (const pending of this.pending) pending.events.push(event);
    if (event.kind === 'C') {
      this.closeAll();
      return;
    }
    this.roster.apply(event);
    const frame = event.frame;
    if (!frame) {
      this.replace(event);
      return;
    }
    switch (event.kind) {
      case 'F': {
        // Presence first: nobody gets a peer's signal before it hears the peer joined.
        this.presence.flush();
        if (event.detail === '*') {
          for (const [id, peer] of this.peers) if (id !== event.peer && event.ev > peer.sinceEv) peer.sink.send(frame);
        } else {
          for (const id of event.detail.split(',')) {
            const peer = id === event.peer ? undefined : this.peers.get(id);
            if (peer && event.ev > peer.sinceEv) peer.sink.send(frame);
          }
        }
        return;
      }
      case 'P':
        this.announce(event, frame);
        return;
      case 'K':
      case 'L':
        this.end(event);
        this.announce(event, frame);
        return;
      case 'O':
        // The peer hears of its own new role too, as on the memory hub.
        this.roleChanged(event, frame);
        this.announce(event, frame, null);
        return;
      default:
        return;
    }
  }

  /** A presence change for every local peer but the one it is about (null: for all): at once, or in the next batch for those that asked. */
  private announce(event: RoomEvent, frame: Delivery, about: string | null = event.peer): void {
    for (const [id, peer] of this.peers) {
      if (id !== about && event.ev > peer.sinceEv && !peer.batchPresence) peer.sink.send(frame);
    }
    this.presence.add(event.ev, about, frame);
  }

  /** K/L: the peer is gone; a socket of it here is closed. */
  private end(event: RoomEvent): void {
    const gone = this.peers.get(event.peer);
    if (!gone || event.ev <= gone.sinceEv) return;
    this.peers.delete(event.peer);
    // Kicked: a final close. Otherwise Redis ended a peer whose socket this
    // relay still holds (it was cut off from Redis for longer than the
    // grace period, or the resume log was too short): the client
    // reconnects and joins afresh rather than talk as a peer nobody knows.
    if (event.kind === 'K') gone.sink.close(CLOSE_CODES.forbidden, 'removed from the room');
    else gone.sink.close(CLOSE_CODES.going_away, 'the room no longer knows this peer; join again');
  }

  /** O: the REST API changed a peer's role; if its socket is here, what it may do changes now. */
  private roleChanged(event: RoomEvent, frame: Delivery): void {
    const peer = this.peers.get(event.peer);
    const role = (frame.frame as { role?: Role }).role;
    if (!peer || role === undefined || event.ev <= peer.sinceEv) return;
    peer.record = recordWithRole(peer.record, role);
    peer.sink.roleChanged?.(role);
  }

  /** C (or a lease renewal that found the session closed): the session was closed for everyone (REST DELETE). */
  closeAll(): void {
    this.closePeers(CLOSE_CODES.closed, 'the session was closed');
    // Should anyone join the session again, it starts afresh: nothing known of this one counts.
    this.lastEv = this.joinedEv = this.expectedEv = 0;
    this.life = '';
  }

  /**
   * At each lease renewal, the room's ev in Redis (`sameLife`: Redis did not
   * lose the room since the last one): an event Redis had at an earlier
   * renewal, at least CHANNEL_LAG_MS ago, that the channel has still not
   * brought was lost with it.
   */
  checkChannel(ev: number, sameLife: boolean, now = Date.now()): void {
    const lifeHeard = this.lifeHeard;
    this.lifeHeard = false;
    if (!sameLife) {
      // What this relay knew of the old life counts for nothing in the new one.
      this.joinedEv = 0;
      this.forgetRoster();
      if (!lifeHeard) this.heardAtWipe = this.eventsHeard;
    } else if (now - this.expectedAt < CHANNEL_LAG_MS) {
      // A busy relay may still have it in its socket's buffer: ask again later.
      return;
    } else if (this.heardAtWipe !== undefined && this.eventsHeard === this.heardAtWipe) {
      // Nothing heard since Redis lost the room: whatever the new life has had went by unheard.
      if (this.expectedEv > 0) return this.catchUp();
    } else {
      this.heardAtWipe = undefined;
      if (this.expectedEv > this.knownEv) return this.catchUp();
    }
    this.expectedEv = ev;
    this.expectedAt = now;
  }

  /**
   * The channel lost events of this room (the relay's subscription dropped):
   * which of them each peer missed can no longer be told, and anything sent
   * to it now would move its resume point past them. So each local peer is
   * sent off to resume, on this relay or another, which replays exactly what
   * it missed, in order (signals by seq; presence in a fresh `joined`).
   */
  private catchUp(): void {
    this.closePeers(CLOSE_CODES.going_away, 'this relay missed part of the room; resume to catch up');
  }

  /** Every local peer's socket is closed (`code`, `reason`), and what this relay kept of the room's members is forgotten. */
  private closePeers(code: number, reason: string): void {
    this.forgetRoster();
    this.presence.close();
    for (const [id, peer] of this.peers) {
      this.peers.delete(id);
      peer.sink.close(code, reason);
    }
  }

  /** R: the peer resumed elsewhere; a socket of it here is stale. */
  private replace(event: RoomEvent): void {
    const stale = this.peers.get(event.peer);
    if (stale && stale.at !== event.detail) {
      this.peers.delete(event.peer);
      stale.sink.close(CLOSE_CODES.replaced, 'replaced by a resumed connection');
    }
  }

  /**
   * What one event that came while `id`'s join was under way (after the ev
   * its join ran at) does to that peer alone; gives the frame it is to get.
   */
  private applyTo(id: string, event: RoomEvent): Delivery | undefined {
    const peer = this.peers.get(id);
    if (!peer) return undefined;
    if (event.kind === 'C') {
      this.peers.delete(id);
      peer.sink.close(CLOSE_CODES.closed, 'the session was closed');
      return undefined;
    }
    const frame = event.frame;
    if (!frame) {
      this.replace(event);
      return undefined;
    }
    if (event.peer === id) {
      // Its own leave or kick ends it; its own signal or presence is not sent back to it, its new role is.
      if (event.kind === 'K' || event.kind === 'L') this.end(event);
      if (event.kind !== 'O') return undefined;
      this.roleChanged(event, frame);
    }
    return event.kind !== 'F' || event.detail === '*' || event.detail.split(',').includes(id) ? frame : undefined;
  }
}
