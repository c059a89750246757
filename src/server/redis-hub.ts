/**
 * The `RoomHub` for many relays: room state lives in Redis (or Redis
 * Cluster), every change is one Lua script (redis-scripts.ts), and each relay
 * hears its rooms' changes on their shard channels (SSUBSCRIBE) and hands
 * them to the peers whose sockets it holds (redis-delivery.ts).
 *
 * While Redis is unreachable the relay keeps running and keeps its sockets:
 * joins and signals are refused with `unavailable` (nothing is half
 * delivered: a signal is in Redis, with its seq, or nowhere), `/healthz` says
 * why, and ioredis reconnects with backoff. When Redis comes back having lost
 * the rooms (a restart without persistence), each relay puts its peers back.
 *
 * It also keeps OpenVidu's REST sessions (SessionHub) in Redis, next to the
 * room: a session made through one relay, its reserved connections, a
 * force-disconnect, a role change or its closing reach the peers of all.
 *
 * Longer than 300 lines: each method is one script call and the bookkeeping
 * of its answer, all over the same clients, rooms and outage state; what is
 * not a Redis call lives apart (redis-delivery.ts, redis-roster.ts,
 * redis-records.ts, redis-publish-batch.ts, the scripts in redis-scripts.ts).
 */
import { Cluster, Redis, ReplyError } from 'ioredis';
import { encodeServerFrame, markAsHistory, withSenderName, type Status } from '../protocol/index.js';
import {
  HubUnavailableError,
  type ConnectionReservation,
  type HubHealth,
  type JoinOutcome,
  type JoinRequest,
  type LeaveReason,
  type PageRequest,
  type PageResult,
  type PeerSink,
  type PublishResult,
  type RoomHub,
  type RoomSnapshot,
  type SessionConnection,
  type SessionHub,
  type SessionInfo,
  type SessionOutcome,
  type SignalRequest,
  pendingConnection,
  statsOf,
} from './hub.js';
import { peerId, secretKey } from './ids.js';
import { silentLogger, type Logger } from './logger.js';
import type { MemoryHubOptions } from './memory-hub.js';
import { DEFAULTS, hubLimits, type HubLimitOptions } from './options.js';
import { ListingEntries, PeerListing, joinedWith } from './peer-listing.js';
import { inOneWrite } from './socket-writer.js';
import { LocalRoom, deliveryOf, parseRoomEvent } from './redis-delivery.js';
import { PublishBatches, type PublishReply } from './redis-publish-batch.js';
import { activeConnection, memberRecord, pairs, recordStatus, recordWithStatus, reservationJson, reservationOf, sessionInfoOf } from './redis-records.js';
import { ROOM_KEY_PARTS, SCRIPTS, roomChannel, roomKeys, type ScriptName } from './redis-scripts.js';
import type { Role } from './tokens.js';

/** The memory hub's limits (a dropped peer, or one whose relay died, stays resumable `graceMs`), and where Redis is. */
export interface RedisHubOptions extends Omit<MemoryHubOptions, 'maxRooms'> {
  /** One Redis: `redis://[user:password@]host:port[/db]`. */
  url?: string | undefined;
  /** Redis Cluster: one URL per seed node (takes precedence over `url`). */
  cluster?: string[] | undefined;
  /** Most rooms this relay holds peers of at once. Default: no limit. */
  maxRooms?: number | undefined;
  /** How often a relay renews its peers' leases, ms. Default: 5000 (at most a third of the grace period). */
  leaseRefreshMs?: number | undefined;
  /** How long a room's first signal waits for others to go to Redis with it in one call, ms (0: those read in the same turn of the event loop). Default: 1. */
  publishBatchMs?: number | undefined;
  /**
   * How long the first channel message a relay hears waits for others before
   * the relay hands them to its peers, ms (0: those read at once). The
   * relays of a room publish their signals apart: held this long, those of
   * every relay reach each local socket in one write rather than one write a
   * relay. Default: 2.
   */
  deliveryBatchMs?: number | undefined;
  /** Prefix of every key and channel. Default: 'signal-chat:'. */
  keyPrefix?: string | undefined;
  logger?: Logger | undefined;
}

type Client = Redis | Cluster;
type ScriptCall = (...args: Array<string | number>) => Promise<unknown>;
/** Every script but the signals' (which go in batches). */
type RoomScript = Exclude<ScriptName, 'scPublish'>;

const UNAVAILABLE = { ok: false, code: 'unavailable', message: 'the relay cannot reach its Redis right now; try again' } as const;
const SEQ_MARK = '"seq":-1';
const TIME_MARK = '"time":-2';

/** A Redis error reply is a bug (or a misconfigured Redis) unless it says Redis is not ready; anything else is an outage. */
function isOutage(error: unknown): boolean {
  if (!(error instanceof ReplyError)) return true;
  return /^(LOADING|CLUSTERDOWN|TRYAGAIN|MASTERDOWN|READONLY)/.test((error as Error).message);
}

function nameOf(status: Status): string | undefined {
  const name = status['name'];
  return typeof name === 'string' ? name : undefined;
}

/**
 * A frame cut around its `"role":"<role>"` value, for a script that knows the
 * role only when it runs (a REST reservation's). The role is the frame's last
 * field, after the status (which may hold any text), hence the last occurrence.
 */
function aroundRole(frame: string, role: Role): [head: string, tail: string] {
  const at = frame.lastIndexOf(`"role":"${role}"`) + '"role":"'.length;
  return [frame.slice(0, at), frame.slice(at + role.length)];
}

function nodesOf(urls: string[]): Array<{ host: string; port: number }> {
  return urls.map((text) => {
    const url = new URL(text);
    return { host: url.hostname, port: Number(url.port || 6379) };
  });
}

/** The join script's list (id, status JSON, role, …): the statuses' text as it is, parsed only for a dialect that reads it. */
function entriesOf(list: readonly string[]): ListingEntries {
  const entries = new ListingEntries();
  for (let i = 0; i < list.length; i += 3) entries.add(list[i] as string, list[i + 1] as string, list[i + 2] as string);
  return entries;
}

export class RedisHub implements RoomHub, SessionHub {
  readonly kind: 'redis' | 'redis-cluster';
  /** Where it connects, without credentials, for logs and /healthz. */
  readonly target: string;
  private readonly commands: Client;
  private readonly subscriber: Client;
  private readonly rooms = new Map<string, LocalRoom>();
  private readonly byChannel = new Map<string, string>();
  private readonly relayId = secretKey().slice(0, 12);
  private epoch = 0;
  private readonly prefix: string;
  private readonly refreshMs: number;
  private readonly connectedLeaseMs: number;
  private readonly ttlMs: number;
  private readonly touchTimer: ReturnType<typeof setInterval>;
  private readonly publishes: PublishBatches;
  /** The publish script's arguments that are the same for every signal. */
  private readonly publishShared: Array<string | number>;
  /** The keys of the rooms this relay holds peers of (made once, not per call). */
  private readonly keysOf = new Map<string, string[]>();
  private readonly log: Logger;
  private lastError = '';
  private closed = false;
  /** Shutting down: the sockets the relay closes now keep their peers for the grace period. */
  private draining = false;

  constructor(private readonly options: RedisHubOptions) {
    this.log = options.logger ?? silentLogger;
    this.prefix = options.keyPrefix ?? 'signal-chat:';
    this.refreshMs = options.leaseRefreshMs ?? Math.max(100, Math.min(5000, Math.floor(options.graceMs / 3)));
    // A relay that dies leaves its peers resumable for the grace period after
    // its last renewal (plus the renewals it might have been late with).
    this.connectedLeaseMs = options.graceMs + 2 * this.refreshMs;
    this.ttlMs = options.emptyRoomTtlMs + this.connectedLeaseMs;
    const retryStrategy = (attempt: number): number => Math.min(50 * 2 ** Math.min(attempt, 6), 2000);
    const redisOptions = { enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 2000, retryStrategy };
    if (options.cluster && options.cluster.length > 0) {
      this.kind = 'redis-cluster';
      const nodes = nodesOf(options.cluster);
      this.target = nodes.map((n) => `${n.host}:${n.port}`).join(',');
      const first = new URL(options.cluster[0] as string);
      const auth = { username: decodeURIComponent(first.username) || undefined, password: decodeURIComponent(first.password) || undefined };
      const clusterOptions = {
        enableOfflineQueue: false,
        clusterRetryStrategy: retryStrategy,
        redisOptions: { ...auth, maxRetriesPerRequest: 0, connectTimeout: 2000 },
      };
      this.commands = new Cluster(nodes, clusterOptions);
      this.subscriber = new Cluster(nodes, { ...clusterOptions, shardedSubscribers: true });
    } else {
      this.kind = 'redis';
      const url = new URL(options.url ?? 'redis://127.0.0.1:6379');
      this.target = `${url.hostname}:${url.port || 6379}${url.pathname.length > 1 ? url.pathname : ''}`;
      this.commands = new Redis(options.url ?? 'redis://127.0.0.1:6379', redisOptions);
      // It subscribes again itself (listenAgain): ioredis's own re-SSUBSCRIBE leaves a refusal unhandled, which would end the process.
      this.subscriber = new Redis(options.url ?? 'redis://127.0.0.1:6379', { ...redisOptions, autoResubscribe: false });
    }
    for (const [name, lua] of Object.entries(SCRIPTS)) this.commands.defineCommand(name, { numberOfKeys: ROOM_KEY_PARTS.length, lua });
    for (const client of [this.commands, this.subscriber]) {
      client.on('error', (error: Error) => this.noteError(error));
    }
    this.commands.on('ready', () => {
      if (this.lastError) this.log.info(`redis hub: connected again to ${this.target}`);
      this.lastError = '';
      // Redis may have lost the rooms (a restart without persistence): put our peers back at once.
      void this.touchAll();
    });
    this.subscriber.on('ready', () => void (this.relistening = this.listenAgain()));
    this.subscriber.on('smessage', (channel: string, message: string) => this.hear(channel, message));
    const o = options;
    this.publishShared = [o.historySize, o.logMaxEntries, o.logRetentionMs, o.ackMemory, this.ttlMs, o.logSize ?? DEFAULTS.logSize];
    this.publishes = new PublishBatches((room, args) => this.call('scPublish', room, [...this.publishShared, ...args]), options.publishBatchMs ?? 1);
    this.touchTimer = setInterval(() => void this.touchAll(), this.refreshMs);
    this.touchTimer.unref?.();
  }

  private noteError(error: Error): void {
    const text = error.message || String(error);
    if (text !== this.lastError && !this.closed) this.log.error(`redis hub: ${this.target}: ${text}`);
    this.lastError = text;
  }

  /** A failed Redis call: a bug is thrown on; an outage is noted and answered `unavailable`. */
  private outage(error: unknown): typeof UNAVAILABLE {
    if (!isOutage(error)) throw error;
    this.noteError(error as Error);
    return UNAVAILABLE;
  }

  /** The subscriber's connections so far, and the one whose subscriptions Redis has confirmed (see `listenAgain`). */
  private subscriberUps = 0;
  private listeningOn = -1;
  private relistening: Promise<void> = Promise.resolve();

  /**
   * The subscriber is connected and subscribed to every room's channel. A
   * new connection is 'ready' before its SSUBSCRIBEs have taken effect: a
   * signal published in between (by this relay, or by another) would go by
   * unheard here, and every local peer of its room be sent off to resume.
   * So until Redis has confirmed them, this relay takes no signal or join
   * and /healthz says why; one Redis refuses (say an ACL without the
   * channel), it asks again.
   */
  private get listening(): boolean {
    return this.subscriber.status === 'ready' && this.listeningOn === this.subscriberUps;
  }

  private async listenAgain(up = ++this.subscriberUps): Promise<void> {
    try {
      await Promise.all(Array.from(this.rooms, ([name, room]) => (room.subscribed ? this.subscriber.ssubscribe(roomChannel(this.prefix, name)) : undefined)));
    } catch (error) {
      this.noteError(error as Error);
      // Still on the same connection (a cluster shard's subscriber not back yet, say): ask again
      // shortly rather than stay deaf; a new connection asks by itself.
      const again = (): void => {
        if (up === this.subscriberUps && !this.closed && this.subscriber.status === 'ready') this.relistening = this.listenAgain(up);
      };
      setTimeout(again, 250).unref();
      return;
    }
    if (up !== this.subscriberUps) return;
    this.listeningOn = up;
    void this.touchAll();
  }

  /** Resolves once both connections are up and subscribed, or after `timeoutMs` (the relay then starts unhealthy). */
  async ready(timeoutMs = 3000): Promise<void> {
    const up = (client: Client): Promise<void> =>
      client.status === 'ready' ? Promise.resolve() : new Promise((resolve) => client.once('ready', () => resolve()));
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    const listening = async (): Promise<void> => {
      await Promise.all([up(this.commands), up(this.subscriber)]);
      await this.relistening;
    };
    await Promise.race([listening(), timeout]);
  }

  health(): HubHealth {
    if (this.commands.status === 'ready' && this.listening) return { ok: true };
    if (this.commands.status === 'ready' && this.subscriber.status === 'ready') {
      return { ok: false, reason: `redis ${this.target}: subscribing to the rooms' channels again` };
    }
    return { ok: false, reason: `redis ${this.target} unreachable${this.lastError ? `: ${this.lastError}` : ''}` };
  }

  /** Run one script about a room, after the room's queued signals (which it must not overtake). */
  private script(name: RoomScript, room: string, args: Array<string | number>): Promise<unknown> {
    this.publishes.flush(room);
    return this.call(name, room, args);
  }

  private call(name: ScriptName, room: string, args: Array<string | number>): Promise<unknown> {
    const call = (this.commands as unknown as Record<ScriptName, ScriptCall>)[name];
    return call.call(this.commands, ...this.keys(room), ...args);
  }

  private keys(room: string): string[] {
    return this.keysOf.get(room) ?? roomKeys(this.prefix, room);
  }

  // ---- the rooms this relay holds peers of ----

  private localRoom(name: string): LocalRoom {
    let room = this.rooms.get(name);
    if (!room) {
      room = new LocalRoom(this.options.presenceBatchMs);
      this.rooms.set(name, room);
      this.keysOf.set(name, roomKeys(this.prefix, name));
    }
    return room;
  }

  private subscribe(name: string, room: LocalRoom): Promise<void> {
    if (!room.subscribed) {
      const channel = roomChannel(this.prefix, name);
      this.byChannel.set(channel, name);
      room.subscribed = this.subscriber.ssubscribe(channel).then(
        () => undefined,
        (error: unknown) => {
          room.subscribed = undefined;
          throw error;
        },
      );
    }
    return room.subscribed;
  }

  /** Forget a room nobody on this relay is in any more. */
  private release(name: string): void {
    const room = this.rooms.get(name);
    if (!room || !room.empty) return;
    this.rooms.delete(name);
    this.keysOf.delete(name);
    room.presence.close();
    const channel = roomChannel(this.prefix, name);
    this.byChannel.delete(channel);
    if (room.subscribed) this.subscriber.sunsubscribe(channel).catch(() => {});
  }

  /**
   * A channel message. Those heard within `deliveryBatchMs` of the first (a
   * batch of signals from each relay, say) are applied together: each peer's
   * frames of them then leave in one write.
   */
  private hear(channel: string, message: string): void {
    if (this.closed || this.heard.push(channel, message) !== 2) return;
    const ms = this.options.deliveryBatchMs ?? 2;
    if (ms <= 0) process.nextTick(this.applyHeard);
    // One timer, armed again for each batch (a busy relay hears hundreds a second).
    else if (this.heardTimer) this.heardTimer.refresh();
    else this.heardTimer = setTimeout(this.applyHeard, ms);
  }

  /** Channel messages heard and not yet applied: channel, message, channel, … */
  private readonly heard: string[] = [];
  private heardTimer: ReturnType<typeof setTimeout> | undefined;

  private readonly applyHeard = (): void => {
    const heard = this.heard.splice(0);
    if (heard.length === 2) this.apply(heard[0] as string, heard[1] as string);
    else {
      inOneWrite(() => {
        for (let i = 0; i < heard.length; i += 2) this.apply(heard[i] as string, heard[i + 1] as string);
      });
    }
  };

  private apply(channel: string, message: string): void {
    const name = this.byChannel.get(channel);
    const room = name === undefined ? undefined : this.rooms.get(name);
    const event = room ? parseRoomEvent(message) : undefined;
    if (!room || !event) return;
    if (event.seq > room.maxSeq) room.maxSeq = event.seq;
    room.apply(event);
    if (name !== undefined && room.empty) this.release(name);
  }

  /** Renew the leases of this relay's peers, room by room. */
  private async touchAll(): Promise<void> {
    // Not while deaf to the channels: what it announces would go by unheard here.
    if (this.closed || this.commands.status !== 'ready' || !this.listening) return;
    await Promise.all(
      Array.from(this.rooms, async ([name, room]) => {
        const args: Array<string | number> = [this.connectedLeaseMs, this.ttlMs, room.maxSeq, room.born, `${this.relayId}:${++this.epoch}`];
        for (const [id, peer] of room.peers) args.push(id, peer.at, peer.record);
        if (room.peers.size === 0) return;
        try {
          const [born, ev] = (await this.script('scTouch', name, args)) as [string, number];
          if (born === 'closed') {
            // Closed for everyone while this relay's channel missed the word: its peers end as if it had heard.
            room.closeAll();
            this.release(name);
            return;
          }
          const sameLife = born === room.born;
          room.born = born;
          room.checkChannel(ev, sameLife);
          if (room.empty) this.release(name);
          for (const [id, peer] of room.peers) if (peer.unsentStatus) await this.setStatus(name, id, peer.unsentStatus);
        } catch (error) {
          this.noteError(error as Error);
        }
      }),
    );
  }

  // ---- RoomHub ----

  async join({ room: name, status, sink, resume, resumeOnly, history, batchPresence = false, verifiedName, role = 'publisher', connectionId }: JoinRequest): Promise<JoinOutcome> {
    if (!this.rooms.has(name) && this.rooms.size >= (this.options.maxRooms ?? Infinity)) {
      return { ok: false, code: 'server_full', message: 'this relay serves as many rooms as it allows' };
    }
    if (!this.listening) return UNAVAILABLE;
    const room = this.localRoom(name);
    const pending = room.beginJoin(sink);
    /** The ids whose list the roster takes, if it does (the resumed one, the fresh one). */
    let expected: string[] = [];
    try {
      await this.subscribe(name, room);
      // A REST connection's token makes the peer that connection (its id and, in Redis, its current role).
      const id = connectionId ?? peerId();
      const key = secretKey();
      const statusText = JSON.stringify(status);
      const at = `${this.relayId}:${++this.epoch}`;
      // A join in a room whose list this relay keeps takes that list, not Redis's: as it was
      // at the resumed peer's R, or at the fresh peer's peer_joined (a resume that finds
      // nothing to resume goes on as a fresh join).
      const rosterLife = room.roster.life;
      expected = rosterLife === '' ? [] : resume ? [resume.id, id] : [id];
      for (const peer of expected) room.roster.expect(peer);
      const [joinedHead, joinedTail] = aroundRole(encodeServerFrame({ type: 'peer_joined', peer: id, status, role }), role);
      const reply = (await this.script('scJoin', name, [
        at,
        this.connectedLeaseMs,
        this.ttlMs,
        this.options.maxPeersPerRoom,
        resume?.id ?? '',
        resume?.key ?? '',
        resume?.seq ?? 0,
        resumeOnly ? '1' : '0',
        statusText,
        id,
        key,
        joinedHead,
        resume ? encodeServerFrame({ type: 'peer_status', peer: resume.id, status }) : '',
        history ? '1' : '0',
        role,
        rosterLife,
        joinedTail,
        connectionId ?? '',
      ])) as [string, string, string, number, number, number, string[], string[], string, Role, number];
      const [outcome, joinedId, resumeKey, resumed, seq, ev, peerList, backlog, born, joinedRole, listed] = reply;
      // Redis listed the room (or refused the join): nothing to take from the roster.
      for (const peer of expected) if (outcome !== 'ok' || listed !== 0 || peer !== joinedId) room.roster.unexpect(peer);
      if (outcome !== 'ok') {
        room.abandonJoin(pending);
        this.release(name);
        if (outcome === 'unknown_peer') return { ok: false, code: 'unknown_peer', message: 'nothing to resume: the peer is gone' };
        if (outcome === 'unauthorized') return { ok: false, code: 'unauthorized', message: joinedId };
        return { ok: false, code: 'room_full', message: `the room has ${this.options.maxPeersPerRoom} peers, the most allowed` };
      }
      room.finishJoin(pending, joinedId, { at, record: memberRecord(resumeKey, joinedRole, statusText), verifiedName, name: nameOf(status), batchPresence }, ev);
      if (seq > room.maxSeq) room.maxSeq = seq;
      room.born = born;
      let listing: PeerListing | undefined;
      if (listed !== 0) {
        const entries = entriesOf(peerList);
        listing = entries.listingFor(joinedId);
        room.keepRoster(pending, born, entries, { id: joinedId, statusText, role: joinedRole }, ev);
      } else {
        listing = await room.roster.listingFor(joinedId);
        if (!listing) {
          // The channel lost events before this join's own came: its list cannot be told.
          room.resumeElsewhere(joinedId, sink);
          listing = new PeerListing('{}', '{}');
        }
      }
      return joinedWith(listing, {
        id: joinedId,
        role: joinedRole,
        resumeKey,
        resumed: resumed === 1,
        seq,
        backlog: backlog.map((text) => deliveryOf(resumed === 1 ? text : markAsHistory(text))),
      });
    } catch (error) {
      for (const peer of expected) room.roster.unexpect(peer);
      room.abandonJoin(pending);
      this.release(name);
      return this.outage(error);
    }
  }

  detach(name: string, id: string, sink: PeerSink): void {
    const room = this.rooms.get(name);
    const peer = room?.peers.get(id);
    if (!room || !peer || peer.sink !== sink) return;
    room.peers.delete(id);
    this.release(name);
    if (this.options.graceMs <= 0) {
      void this.removePeer(name, id, 'L', 'network');
      return;
    }
    // Should Redis be unreachable, the lease runs out on its own.
    this.script('scDetach', name, [id, peer.at, this.options.graceMs]).catch((error: unknown) => this.noteError(error as Error));
  }

  async leave(name: string, id: string, reason: LeaveReason): Promise<void> {
    const room = this.rooms.get(name);
    const peer = room?.peers.get(id);
    if (room?.peers.delete(id)) this.release(name);
    if (this.draining && reason === 'disconnect' && peer) {
      // Our own shutdown closed the socket, not the peer: it may resume elsewhere.
      await this.script('scDetach', name, [id, peer.at, this.options.graceMs]).catch((error: unknown) => this.noteError(error as Error));
      return;
    }
    await this.removePeer(name, id, 'L', reason);
  }

  drain(): void {
    this.draining = true;
  }

  private async removePeer(name: string, id: string, kind: 'L' | 'K', reason: LeaveReason): Promise<boolean> {
    const frame = encodeServerFrame({ type: 'peer_left', peer: id, reason });
    try {
      return (await this.script('scLeave', name, [id, kind, frame, this.ttlMs, this.options.emptyRoomTtlMs])) === 1;
    } catch (error) {
      this.outage(error);
      // A leave whose script is lost ends with the peer's lease; a kick must not look as if the peer were unknown.
      if (kind === 'K') throw new HubUnavailableError(UNAVAILABLE.message);
      return false;
    }
  }

  async kick(name: string, id: string): Promise<boolean> {
    return this.removePeer(name, id, 'K', 'kicked');
  }

  async setStatus(name: string, id: string, status: Status): Promise<void> {
    const statusText = JSON.stringify(status);
    const peer = this.rooms.get(name)?.peers.get(id);
    if (peer) {
      peer.record = recordWithStatus(peer.record, statusText);
      peer.name = nameOf(status);
      peer.unsentStatus = status;
    }
    try {
      await this.script('scSetStatus', name, [id, statusText, encodeServerFrame({ type: 'peer_status', peer: id, status })]);
      if (peer?.unsentStatus === status) peer.unsentStatus = undefined;
    } catch (error) {
      // Kept in unsentStatus: the first lease renewal once Redis is back announces it.
      this.outage(error);
    }
  }

  async publish(name: string, from: string | null, signal: SignalRequest): Promise<PublishResult> {
    if (!this.listening) return UNAVAILABLE;
    const to = signal.to === undefined ? undefined : Array.from(new Set(signal.to));
    // A signal without data goes out with data '' (as the memory hub sends it: seed clients drop a from without data).
    const data = signal.data === undefined ? '' : signal.data;
    const ephemeral = signal.ephemeral === true ? true : undefined;
    const probe = encodeServerFrame({ type: 'from', peer: from, event: signal.event, data, seq: -1, time: -2, to, ephemeral });
    const seqAt = probe.lastIndexOf(SEQ_MARK);
    const timeAt = probe.lastIndexOf(TIME_MARK);
    let reply: PublishReply;
    try {
      reply = await this.publishes.add(name, [
        from ?? '',
        from !== null && signal.id !== undefined ? signal.id : '',
        to === undefined ? '*' : to.join(','),
        probe.slice(0, seqAt + SEQ_MARK.length - 2),
        probe.slice(seqAt + SEQ_MARK.length, timeAt + TIME_MARK.length - 2),
        probe.slice(timeAt + TIME_MARK.length),
        from === null ? '' : this.nameSuffix(name, from),
        ephemeral ? '1' : '0',
      ]);
    } catch (error) {
      return this.outage(error);
    }
    const [outcome, seqOrId, time] = reply;
    switch (outcome) {
      case 'ok':
      case 'duplicate': {
        const seq = Number(seqOrId);
        const room = this.rooms.get(name);
        if (room && seq > room.maxSeq) room.maxSeq = seq;
        return { ok: true, seq, time, duplicate: outcome === 'duplicate' };
      }
      case 'not_joined':
        return { ok: false, code: 'not_joined', message: 'not in this room' };
      case 'unknown_peer':
        return { ok: false, code: 'unknown_peer', message: `no peer '${String(seqOrId).slice(0, 64)}' in this room` };
      default:
        return { ok: false, code: 'unknown_peer', message: `no room '${name}'` };
    }
  }

  async page(name: string, reader: string, { id, before, limit }: PageRequest): Promise<PageResult> {
    // After this relay's queued signals of the room, as a script would be.
    this.publishes.flush(name);
    const keys = this.keys(name);
    const key = keys[ROOM_KEY_PARTS.indexOf('archive')] as string;
    const found: string[] = [];
    let more = false;
    let end = before === Infinity ? '+' : `(${before}-0`;
    try {
      // As on the memory hub: only a member pages (one who left, or was kicked through
      // another relay, is refused even before this relay has heard of it).
      if (!(await this.commands.hexists(keys[ROOM_KEY_PARTS.indexOf('members')] as string, reader))) {
        return { ok: false, code: 'not_joined', message: 'not in this room' };
      }
      // Newest first, in batches, skipping what the reader may not see.
      while (!more) {
        const batch = (await this.commands.xrevrange(key, end, '-', 'COUNT', Math.max(limit + 1, 64))) as Array<[string, string[]]>;
        for (const [, fields] of batch) {
          const [, stored, , from, , to] = fields as [string, string, string, string, string, string];
          if (to !== '*' && from !== reader && !to.split(',').includes(reader)) continue;
          if (found.length === limit) {
            more = true;
            break;
          }
          found.push(stored);
        }
        if (batch.length === 0) break;
        end = `(${(batch[batch.length - 1] as [string, string[]])[0]}`;
      }
    } catch (error) {
      return this.outage(error);
    }
    const mark = `,"history":true,"page":${JSON.stringify(id)}}`;
    return { ok: true, signals: found.reverse().map((text) => deliveryOf(text.slice(0, -1) + mark)), more };
  }

  /** What history and resume add to a signal of `from`: its name then, and whether its token vouches for it. */
  private nameSuffix(room: string, from: string): string {
    const peer = this.rooms.get(room)?.peers.get(from);
    if (peer?.name === undefined) return '';
    return withSenderName('{}', peer.name, peer.name === peer.verifiedName).slice(1, -1);
  }

  async snapshot(name: string): Promise<RoomSnapshot | undefined> {
    let reply: [number, string[], string[]];
    try {
      reply = (await this.script('scSnapshot', name, [])) as [number, string[], string[]];
    } catch (error) {
      if (!isOutage(error)) throw error;
      throw new HubUnavailableError(this.health().ok ? UNAVAILABLE.message : (this.health() as { reason: string }).reason);
    }
    const [seq, members, at] = reply;
    if (members.length === 0) return undefined;
    // A peer's `at` is '' while it is detached (its grace period).
    const connected = pairs(at);
    const participants = Array.from(pairs(members), ([id, record]) => ({ id, status: recordStatus(record), connected: !!connected.get(id) }));
    return { room: name, seq, participants };
  }

  // ---- SessionHub: OpenVidu's REST sessions, shared by every relay on this Redis ----

  /** Redis unreachable: REST answers 503 `unavailable` (it has no frame to refuse with). */
  private unavailable(error: unknown): never {
    throw new HubUnavailableError(this.outage(error).message);
  }

  private restScript(name: RoomScript, room: string, args: Array<string | number>): Promise<unknown> {
    return this.script(name, room, args).catch((error: unknown) => this.unavailable(error));
  }

  async openSession(name: string): Promise<SessionOutcome> {
    // Kept as an empty room is; no relay holds it until someone joins, so it counts against no relay's maxRooms.
    const [created, createdAt] = (await this.restScript('scOpenSession', name, [this.options.emptyRoomTtlMs])) as [number, string];
    if (created === 0) {
      const info = await this.session(name);
      if (info) return { ok: true, created: false, info };
    }
    return { ok: true, created: created === 1, info: { room: name, createdAt: Number(createdAt), connections: [] } };
  }

  async session(name: string): Promise<SessionInfo | undefined> {
    const reply = (await this.restScript('scSession', name, [])) as [] | [string, string[], string[], string[]];
    return reply.length === 0 ? undefined : sessionInfoOf(name, reply);
  }

  async sessions(): Promise<SessionInfo[]> {
    const names = await this.sessionNames().catch((error: unknown) => this.unavailable(error));
    const found = await Promise.all(names.map((name) => this.session(name)));
    return found.filter((info): info is SessionInfo => info !== undefined).sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Every room with a session key, found by SCAN on each master (a cluster has no one place that lists them). */
  private async sessionNames(): Promise<string[]> {
    const head = `${this.prefix}{`;
    const tail = '}:session';
    const pattern = `${this.prefix.replace(/[*?[\]\\]/g, '\\$&')}{*${tail}`;
    const nodes: Redis[] = this.commands instanceof Cluster ? this.commands.nodes('master') : [this.commands];
    const names = new Set<string>();
    await Promise.all(
      nodes.map(async (node) => {
        let cursor = '0';
        do {
          const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
          cursor = next;
          for (const key of keys) if (key.startsWith(head) && key.endsWith(tail)) names.add(key.slice(head.length, -tail.length));
        } while (cursor !== '0');
      }),
    );
    return Array.from(names);
  }

  async closeSession(name: string): Promise<boolean> {
    return (await this.restScript('scCloseSession', name, [this.ttlMs])) === 1;
  }

  async reserve(name: string, reservation: ConnectionReservation): Promise<SessionOutcome> {
    const outcome = await this.restScript('scReserve', name, [reservation.id, reservationJson(reservation), this.options.maxPeersPerRoom]);
    if (outcome === 'unknown_room') return { ok: false, code: 'unknown_room', message: `no session '${name.slice(0, 64)}'` };
    if (outcome === 'room_full') {
      return { ok: false, code: 'room_full', message: `the room has ${this.options.maxPeersPerRoom} peers and connections, the most allowed` };
    }
    const info = await this.session(name);
    return info ? { ok: true, created: true, info } : { ok: false, code: 'unknown_room', message: `session '${name.slice(0, 64)}' was closed meanwhile` };
  }

  async dropConnection(name: string, id: string): Promise<boolean> {
    const frame = encodeServerFrame({ type: 'peer_left', peer: id, reason: 'kicked' });
    return (await this.restScript('scDropConnection', name, [id, 'K', frame, this.ttlMs, this.options.emptyRoomTtlMs])) === 1;
  }

  async setRole(name: string, id: string, role: Role): Promise<SessionConnection | undefined> {
    const frame = encodeServerFrame({ type: 'peer_role', peer: id, role });
    const reply = (await this.restScript('scSetRole', name, [id, role, frame])) as [string, string?, string?];
    if (reply[0] === 'pending') return pendingConnection(reservationOf(id, reply[1] as string));
    return reply[0] === 'active' ? activeConnection(id, reply[1] as string, reply[2]) : undefined;
  }

  async stats(): Promise<{ rooms: number; peers: number }> {
    return statsOf(Array.from(this.rooms.values(), (room) => room.peers.size));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.touchTimer);
    clearTimeout(this.heardTimer);
    this.publishes.close();
    for (const room of this.rooms.values()) room.presence.close();
    this.rooms.clear();
    this.byChannel.clear();
    // QUIT lets the scripts already sent (the last detaches) finish; a Redis that does not answer is not waited for.
    const quit = (client: Client): Promise<unknown> => (client.status === 'ready' ? client.quit().catch(() => undefined) : Promise.resolve());
    await Promise.race([Promise.all([quit(this.commands), quit(this.subscriber)]), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    this.commands.disconnect();
    this.subscriber.disconnect();
  }
}

export interface CreateRedisHubOptions extends Partial<Pick<RedisHubOptions, 'url' | 'cluster' | 'leaseRefreshMs' | 'keyPrefix' | 'logger' | 'maxRooms' | 'publishBatchMs' | 'deliveryBatchMs'>>, HubLimitOptions {}

/**
 * A Redis hub with the relay's defaults for what is not given; pass it the
 * same `historySize`, `graceMs`… as the relay (`createRelayServer({ redis })`
 * does that by itself).
 */
export function createRedisHub(options: CreateRedisHubOptions): RedisHub {
  if (!options.url && !(options.cluster && options.cluster.length > 0)) throw new TypeError('createRedisHub needs a url or cluster nodes');
  return new RedisHub({ ...options, ...hubLimits(options) });
}
