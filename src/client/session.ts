/**
 * The session client: one WebSocket to one room, OpenVidu's and OpenTok's
 * signal API on top of it, and reconnection that loses nothing.
 *
 * Reconnection, in order:
 * 1. The socket closes without `disconnect()` (or the heartbeat or a join
 *    times out): `reconnecting` fires once, retries follow `backoff()`.
 * 2. Each retry sends `join` with `resume {id, key, seq}` — `seq` is the
 *    highest seq this client has seen, from signals and from its own acks —
 *    and right behind it a `ping` whose `pong` the server can only send after
 *    the `joined` answer and the replayed signals (it handles one frame at a
 *    time), so that pong marks the end of the replay.
 * 3. `joined`: the participant list is compared with the known one and the
 *    differences raised as events. `resumed: true` keeps the connection; the
 *    signals missed meanwhile follow, and any already seen are dropped by seq.
 *    `resumed: false` means the server no longer knew this client: a new
 *    `session.connection`, and the room's history follows.
 * 4. The pong: every unacknowledged signal is sent again with its first id
 *    (the server acknowledges a repeated id without delivering it twice),
 *    then the queued ones, oldest first; then `reconnected {resumed}`.
 *
 * Longer than 300 lines: it is one state machine (disconnected, connecting,
 * connected, reconnecting) whose every step reads and sets the same socket,
 * timers, outbox and seq; cut into files, each part would reach into the
 * others' private state. What stands alone is apart already: backoff.ts,
 * outbox.ts, peers.ts, signal-options.ts, url.ts, connection.ts.
 */
import { CLOSE_CODES } from '../protocol/errors.js';
import { encodeClientFrame } from '../protocol/encode.js';
import type { AckFrame, ClientFrame, ClientFrameOf, ErrorFrame, FromFrame, JoinedFrame, PresenceChange, Resume, ServerFrame, Status } from '../protocol/frames.js';
import { MAX_STATUS_BYTES, ROOM_RULE, isRoomName, serialisedBytes, tooLargeMessage } from '../protocol/limits.js';
import { parseServerFrame } from '../protocol/parse-server-frame.js';
import { isObject } from '../protocol/read-frame.js';
import { backoff } from './backoff.js';
import { Connection } from './connection.js';
import { defer, type Deferred } from './deferred.js';
import { GuardedEmitter } from './guarded-emitter.js';
import type { DisconnectReason, HistoryOptions, HistoryPage, ReconnectedEvent, SessionEventMap, SignalEvent } from './events.js';
import { SESSION_DEFAULTS, type ReconnectOptions, type SessionOptions } from './options.js';
import { Outbox, type Pending } from './outbox.js';
import { syncPeers, updatePeer } from './peers.js';
import { SignalError } from './signal-error.js';
import { prepareSignal, type SignalOptions, type SignalResult } from './signal-options.js';
import { socketUrl } from './url.js';
import { OPEN, type WebSocketConstructor, type WebSocketLike } from './web-socket.js';

/** `connecting` is the first connection only; a lost one is `reconnecting`. */
export type SessionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting';

/** Refusals that no retry can mend: they end the session. */
const FINAL_CLOSE: Record<number, DisconnectReason> = {
  [CLOSE_CODES.invalid_room]: 'invalid_room',
  [CLOSE_CODES.unauthorized]: 'unauthorized',
  [CLOSE_CODES.forbidden]: 'forbidden',
  [CLOSE_CODES.replaced]: 'replaced',
  [CLOSE_CODES.closed]: 'session_closed',
};

const notConnected = (signal?: SignalOptions): SignalError => new SignalError('not_connected', 'the session is not connected', signal);
const timedOut = (signal?: SignalOptions): SignalError => new SignalError('timeout', 'no answer from the server in time', signal);

/** Id of the ping sent right behind a reconnecting `join` (see step 2 above). */
const SYNC = 'resync';

type SignalFrame = ClientFrameOf<'signal'>;

export class Session extends GuardedEmitter<SessionEventMap> {
  /** This client's own connection: set before any event fires, replaced after a gap. */
  declare connection: Connection | undefined;
  /** The other participants, by connection id. */
  readonly connections = new Map<string, Connection>();
  /** The WebSocket URL (`http(s)` turned into `ws(s)`, token appended). */
  declare readonly url: string;

  readonly #token: string | undefined;
  readonly #WebSocket: WebSocketConstructor | undefined;
  readonly #reconnect: ReconnectOptions | false;
  readonly #retryConnect: boolean;
  readonly #timeoutMs: number;
  readonly #pingIntervalMs: number;
  readonly #outbox = new Outbox();
  #status: Status;
  #state: SessionState = 'disconnected';
  #socket: WebSocketLike | undefined;
  /** The status the current socket's `join` carried. */
  #joinedWith: Status | undefined;
  /**
   * Once the current socket has had its `joined` (undefined until then), what it says of
   * the reconnection under way: whether it picked up the same connection, and whether the
   * room was numbered below what this client had seen.
   */
  #joined: ReconnectedEvent | undefined;
  #resumeKey: string | undefined;
  /** `options.resume`: the connection the first join asks to pick up (until that join's answer). */
  #handed: Resume | undefined;
  /** Highest seq seen, from signals received and own signals acknowledged. */
  #seq = 0;
  #attempt = 0;
  /** A reconnection delay, a join deadline or (connected) the heartbeat: never two at once. */
  #timer: ReturnType<typeof setTimeout> | undefined;
  /**
   * The relay refused a signal with `unavailable` (it cannot reach its Redis):
   * until this retry, the refused signals and every later one wait in the
   * outbox, then go again in order with their ids, as after a reconnection.
   */
  #outage: ReturnType<typeof setTimeout> | undefined;
  #outageAttempt = 0;
  #heard = false;
  /** What connect() returns: settled by the first join's answer, or rejected by the end of a first connection. */
  #connecting: Deferred<void> | undefined;

  constructor(url: string, options: SessionOptions = {}) {
    super();
    const parsed = socketUrl(url, options.token);
    this.url = parsed.href;
    // (options.token is in the URL now, in place of any there.)
    this.#token = parsed.searchParams.get('token') ?? undefined;
    this.#status = options.status ?? {};
    this.#WebSocket = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    this.#reconnect = options.reconnect === false ? false : { ...SESSION_DEFAULTS.reconnect, ...options.reconnect };
    this.#retryConnect = options.retryConnect ?? SESSION_DEFAULTS.retryConnect;
    this.#timeoutMs = options.timeoutMs ?? SESSION_DEFAULTS.timeoutMs;
    this.#pingIntervalMs = options.pingIntervalMs ?? SESSION_DEFAULTS.pingIntervalMs;
    this.#handed = options.resume;
  }

  get state(): SessionState {
    return this.#state;
  }

  /** The role the server gave this client's token (`subscriber`, `publisher`, `moderator`), once joined. */
  get role(): string | undefined {
    return this.connection?.role;
  }

  /**
   * Join the room. Resolves once the server has answered `joined` (with
   * `session.connection` set); rejects with a `SignalError`: `timeout`,
   * `not_connected`, or the server's refusal (`invalid_room`, `unauthorized`…).
   */
  connect(): Promise<void> {
    // Connecting, the join's answer is awaited; connected or reconnecting, it came.
    if (this.#state !== 'disconnected') return this.#connecting!.promise;
    const refusal = this.#WebSocket
      ? checkRoom(this.url) ?? checkStatus(this.#status)
      : new SignalError('not_connected', 'no WebSocket implementation: pass options.WebSocket');
    if (refusal) return Promise.reject(refusal);
    const { promise } = (this.#connecting = defer({}));
    this.#state = 'connecting';
    this.#attempt = 0;
    this.#open();
    return promise;
  }

  /**
   * Send a signal. Resolves with its `{seq, time}` once the server accepted
   * it; rejects with a `SignalError` (`invalid_type`, `data_too_large`,
   * `unknown_peer`, `not_connected`, `timeout`, `cancelled`, …).
   */
  async signal(options: SignalOptions = {}): Promise<SignalResult> {
    const prepared = prepareSignal(options);
    if (prepared instanceof SignalError) throw prepared;
    const state = this.#state;
    if (state === 'disconnected' || (state !== 'connected' && options.retryAfterReconnect === false)) throw notConnected(options);
    const entry = this.#outbox.add({ type: 'signal', ...prepared }, { options });
    // During an outage it waits its turn behind the refused ones.
    if (state === 'connected' && !this.#outage) this.#transmit(entry);
    return entry.promise;
  }

  /** Change this client's status; the others get `connectionStatusChanged`. Kept across reconnections. */
  async setStatus(status: Status): Promise<void> {
    const refusal = checkStatus(status);
    if (refusal) throw refusal;
    this.#status = status;
    if (this.connection) this.connection.status = status;
    // Before `joined`, the join under way (or the next one) carries it.
    if (this.#joined) this.#send({ type: 'status', status });
  }

  /**
   * Remove another participant from the room (OpenVidu's `session.forceDisconnect`).
   * Needs a `moderator` token. Resolves once the server reports the participant gone;
   * rejects with a `SignalError`: `forbidden`, `unknown_peer`, `not_connected`, `timeout`.
   */
  forceDisconnect(connection: Connection | string): Promise<void> {
    const peer = typeof connection === 'string' ? connection : connection.connectionId;
    // A second call for the same peer waits for the same answer.
    const earlier = this.#state === 'connected' && [...this.#outbox.values()].find((request) => request.peer === peer);
    return earlier ? earlier.promise : this.#request('kick', { peer });
  }

  /**
   * Older signals than the room's join history: up to `limit` kept signals
   * older than seq `before`, oldest first (private ones only if this client
   * sent or received them; ephemeral ones never). They are not raised as
   * `signal` events. Rejects with a `SignalError`: `invalid_message`,
   * `rate_limited`, `not_connected`, `timeout`.
   */
  history({ before, limit }: HistoryOptions = {}): Promise<HistoryPage> {
    return this.#request('history', { before, limit }, []);
  }

  /** Send a `kick` or `history` request and wait for its answer (or `timeout`). */
  async #request(type: 'kick' | 'history', fields: { peer: string } | HistoryOptions, signals?: SignalEvent[]): Promise<never> {
    if (this.#state !== 'connected') throw notConnected();
    const request = this.#outbox.add({ type, ...fields } as ClientFrame, { signals, ...fields });
    this.#transmit(request);
    return request.promise;
  }

  /**
   * While waiting to retry a connection (`retrying`), try at once instead; a no-op
   * otherwise. For a "Retry now" button.
   */
  retryNow(): void {
    // No socket but not disconnected: a retry waits (connected always has a socket).
    if (this.#socket || this.#state === 'disconnected') return;
    clearTimeout(this.#timer);
    this.#open();
  }

  /**
   * What another Session needs to pick up this connection (`options.resume`): its id, the
   * relay's resume secret and the highest seq seen. Undefined until joined.
   */
  get resumeToken(): Resume | undefined {
    // (A resume key comes with a joined, which sets the connection.)
    return this.#resumeKey ? { id: this.connection!.connectionId, key: this.#resumeKey, seq: this.#seq } : undefined;
  }

  /**
   * Stop using the connection without leaving the room: the socket closes as a drop
   * (close code 4411), so the relay keeps the identity for its grace period and another
   * Session created with `{ resume: token }` picks it up. Returns that token. Signals not
   * yet accepted are rejected with `cancelled`; no `sessionDisconnected` fires.
   */
  handOff(): Resume | undefined {
    const token = this.resumeToken;
    this.#end(undefined, new SignalError('cancelled', 'the connection was handed over'), CLOSE_CODES.handed_over);
    return token;
  }

  /** Leave the room now. Signals not yet accepted are rejected with `cancelled`. */
  disconnect(): void {
    if (this.#state !== 'disconnected') this.#end('disconnect', new SignalError('cancelled', 'the session was disconnected'));
  }

  // ---- the socket ----

  #open(): void {
    this.#joined = undefined;
    this.#timer = setTimeout(() => this.#lost(timedOut()), this.#timeoutMs);
    let socket: WebSocketLike;
    try {
      socket = new this.#WebSocket!(this.url);
    } catch {
      this.#lost(undefined, 1006);
      return;
    }
    this.#socket = socket;
    // Every handler first checks that its socket is still the current one:
    // a socket given up on may still report late.
    socket.onopen = () => {
      if (socket !== this.#socket) return;
      this.#joinedWith = this.#status;
      this.#send({
        type: 'join',
        status: this.#status,
        token: this.#token,
        // (Reconnecting, the own connection; else the one handed over, if any.)
        resume: this.resumeToken ?? this.#handed,
        // This client shows history (marked as such); a seed client that does not ask gets none.
        history: true,
        batchPresence: true,
      });
      if (this.#state === 'reconnecting') this.#send({ type: 'ping', id: SYNC });
    };
    socket.onmessage = (event) => {
      if (socket === this.#socket) this.#receive(event.data);
    };
    socket.onclose = (event) => {
      if (socket === this.#socket) this.#lost(undefined, event.code);
    };
    // Every error is followed by a close, which is where it is handled.
    socket.onerror = () => {};
  }

  #send(frame: ClientFrame): void {
    const socket = this.#socket;
    if (socket?.readyState === OPEN) socket.send(encodeClientFrame(frame));
  }

  /**
   * Let go of the current socket (its late reports are ignored) and close it with `code`;
   * without one, it is one that closed itself (closing a closed socket does nothing).
   */
  #close(code?: number): void {
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.close(code);
  }

  /**
   * The current socket is gone: it closed with `closed`, or is given up on here (no answer,
   * or the join refused with `error`). Retry, or end the session.
   */
  #lost(error?: SignalError, closed?: number): void {
    // Given up on: only a first connection that failed says goodbye; any other keeps the
    // identity on the server for a resume.
    const code = closed ?? (this.#state === 'connecting' ? CLOSE_CODES.normal : CLOSE_CODES.heartbeat_timeout);
    this.#close(closed ? undefined : code);
    this.#stopTimers();
    // No signal is on the wire any more, so no ack can time out (a request's deadline runs on).
    for (const entry of this.#outbox.values()) if (entry.options) clearTimeout(entry.timer);
    const final = FINAL_CLOSE[code] ?? Object.values(FINAL_CLOSE).find((reason) => reason === error?.name);
    // A first connection retries only with retryConnect.
    const retry = !final && (this.#state !== 'connecting' || this.#retryConnect) && this.#reconnect;
    // (The attempts count from 0 already: connected, none was made.)
    if (retry && this.#state === 'connected') {
      this.#state = 'reconnecting';
      this.emit('reconnecting', {});
    }
    if (retry && this.#attempt < retry.maxAttempts) {
      const delayMs = backoff(this.#attempt++, retry);
      this.#timer = setTimeout(() => this.#open(), delayMs);
      this.emit('retrying', { attempt: this.#attempt, delayMs });
    } else if (this.#state === 'connecting') {
      this.#end(undefined, error ?? new SignalError(final ?? 'not_connected', `could not connect to ${this.url} (close code ${code})`));
    } else {
      // Out of attempts, the signals waiting are simply not sent: `not_connected`.
      this.#end(final ?? 'network', retry ? undefined : error);
    }
  }

  /**
   * The session is over: close the socket (1000, a goodbye: the server lets the others know
   * at once), reject what waits, and say so (a failed first connect only rejects `connect()`).
   */
  #end(reason: DisconnectReason | undefined, error?: SignalError, code: number = CLOSE_CODES.normal): void {
    const connecting = this.#state === 'connecting';
    this.#close(code);
    this.#state = 'disconnected';
    this.#resumeKey = undefined;
    this.#stopTimers();
    const cause = error ?? new SignalError('not_connected', `the session ended (${reason ?? 'not connected'})`);
    for (const entry of this.#outbox.values()) this.#answer(entry.id, new SignalError(cause.name, cause.message, entry.options));
    this.connections.clear();
    if (connecting) this.#connecting!.reject(cause);
    else if (reason) this.emit('sessionDisconnected', { reason });
  }

  /** Stop the join deadline, retry delay or heartbeat, and the outage retry. */
  #stopTimers(): void {
    // (clearTimeout clears an interval too: one list of timers, in browsers and in Node.)
    clearTimeout(this.#timer);
    this.#outage = void clearTimeout(this.#outage);
  }

  // ---- frames in ----

  #receive(data: unknown): void {
    this.#heard = true;
    const decoded = parseServerFrame(typeof data === 'string' ? data : '');
    if (!decoded.ok) {
      this.emit('exception', new SignalError(decoded.code, `unreadable frame from the server: ${decoded.message}`));
      return;
    }
    const frame: ServerFrame = decoded.frame;
    if (frame.type === 'joined') this.#onJoined(frame);
    else if (frame.type === 'error') this.#onError(frame);
    else if (!this.#joined) return;
    else if (frame.type === 'from') this.#onFrom(frame);
    else if (frame.type === 'ack') this.#onAck(frame);
    else if (frame.type === 'history') this.#answer(frame.id, { signals: this.#outbox.get(frame.id)?.signals, more: frame.more });
    else if (frame.type === 'pong') {
      if (frame.id === SYNC) {
        this.#connected();
        this.emit('reconnected', this.#joined);
      }
    } else {
      // A batch: the same events as its frames one by one, all in this one task (so a view renders once).
      for (const change of frame.type === 'presence' ? frame.changes : [frame]) this.#onPresence(change);
    }
  }

  #onPresence(frame: PresenceChange): void {
    if (frame.type === 'peer_role') {
      // (A peer this client does not know gets a stand-in, dropped at once.)
      this.#connectionFor(frame.peer).role = frame.role;
    } else if (frame.type === 'peer_left') {
      for (const request of this.#outbox.values()) if (request.peer === frame.peer) this.#answer(request.id);
      const connection = this.connections.get(frame.peer);
      if (this.connections.delete(frame.peer)) this.emit('connectionDestroyed', { connection: connection!, reason: frame.reason ?? 'leave' });
    } else {
      // peer_joined, peer_status: both bring a participant's current status (a peer_status has no role).
      const [name, event] = updatePeer(this.connections, frame.peer, frame.status, (frame as { role?: string }).role, true)!;
      this.emit(name, event as never);
    }
  }

  #onJoined(frame: JoinedFrame): void {
    if (this.#joined) return;
    this.#resumeKey = frame.resume;
    // A first join that picks up a handed-over connection (options.resume) goes on from its
    // seq; a later one asks for the own connection (a first one asks for none otherwise).
    const handed = this.#handed;
    const resumed = !!frame.resumed && frame.id === (handed ?? this.connection)?.id;
    this.#joined = { resumed, restarted: !resumed && (frame.seq ?? 0) < this.#seq };
    if (!resumed || handed) this.connection = new Connection(frame.id, this.#status, frame.role);
    // (A resumed one keeps its Connection, with the role the relay gives it now.)
    else this.connection!.role = frame.role;
    // Everything up to here is history (marked) or was never ours.
    if (!resumed) this.#seq = frame.seq ?? 0;
    else if (handed) this.#seq = handed.seq;
    this.#handed = undefined;
    if (this.#joinedWith !== this.#status) this.#send({ type: 'status', status: this.#status });
    const changes = syncPeers(this.connections, frame.peers, frame.roles);
    if (this.#state === 'connecting') {
      this.#connected();
      this.emit('sessionConnected', { connection: this.connection as Connection });
    }
    // Reconnecting: the replayed signals follow; `reconnected` comes with the SYNC pong behind them.
    for (const [name, event] of changes) this.emit(name, event as never);
  }

  #connected(): void {
    this.#stopTimers();
    // A first connection: settled before any listener runs (and might throw); whoever
    // awaits connect() still resumes only after the events that follow.
    this.#connecting!.resolve();
    this.#state = 'connected';
    this.#attempt = 0;
    // The heartbeat: a ping each interval; no frame at all since the last one means a dead socket.
    this.#heard = true;
    this.#timer = setInterval(() => {
      if (!this.#heard) this.#lost();
      else {
        this.#heard = false;
        this.#send({ type: 'ping' });
      }
    }, this.#pingIntervalMs);
    for (const entry of this.#outbox.values()) if (entry.options) this.#transmit(entry);
  }

  #onError(frame: ErrorFrame): void {
    // Ids are strings with a '-': an error without an id, or with a number, finds none.
    const id = frame.id as string;
    const entry = this.#outbox.get(id);
    const retry = this.#reconnect;
    // A signal refused with `unavailable` (see #outage) waits for a retry with backoff, unless
    // it may not wait or the retries are used up. A request refused is answered.
    if (entry?.options && frame.code === 'unavailable' && retry && entry.options.retryAfterReconnect !== false && this.#outageAttempt < retry.maxAttempts) {
      clearTimeout(entry.timer);
      entry.timer = undefined;
      this.#outage ??= setTimeout(() => {
        this.#outage = undefined;
        // Everything not answered yet goes again, oldest first; the relay acknowledges a signal it already has without delivering it twice.
        for (const waiting of this.#outbox.values()) if (!waiting.timer) this.#transmit(waiting);
      }, backoff(this.#outageAttempt++, retry));
      return;
    }
    const error = new SignalError(frame.code, frame.message, entry?.options);
    if (entry) this.#answer(id, error);
    // Before `joined`, an error is the answer to the join: it was refused.
    else if (!this.#joined) this.#lost(error);
    else this.emit('exception', error);
  }

  #onFrom(frame: FromFrame): void {
    const event = this.#eventOf(frame);
    if (frame.page !== undefined) {
      this.#outbox.get(frame.page)?.signals?.push(event);
      return;
    }
    if (!event.history && frame.seq !== undefined) {
      // Seen before the drop and replayed again: raise it once only.
      if (frame.seq <= this.#seq) return;
      this.#seq = frame.seq;
    }
    this.#raise(event);
  }

  #eventOf(frame: FromFrame): SignalEvent {
    const data = frame.data;
    const event: SignalEvent = {
      type: frame.event ?? '',
      // (No data is an empty string; JSON.stringify(undefined) is undefined.)
      data: typeof data === 'string' ? data : JSON.stringify(data) ?? '',
      from: frame.peer === null ? null : this.#connectionFor(frame.peer),
      to: frame.to?.map((id) => this.#connectionFor(id)),
      seq: frame.seq,
      time: frame.time,
      history: !!frame.history,
    };
    if (frame.ephemeral) event.ephemeral = true;
    // History and resume backlogs name the sender as it was when it sent.
    if (frame.name !== undefined) {
      event.name = frame.name;
      if (frame.verified) event.verified = true;
    }
    return event;
  }

  #onAck(frame: AckFrame): void {
    this.#seq = Math.max(this.#seq, frame.seq);
    this.#outageAttempt = 0;
    const entry = this.#answer(frame.id, { seq: frame.seq, time: frame.time });
    if (!entry) return;
    // The server never echoes a signal to its sender; as in OpenVidu and
    // OpenTok, the sender's own handlers still get its broadcasts (and the
    // targeted signals it addressed to itself).
    const me = (this.connection as Connection).connectionId;
    const signal = entry.frame as SignalFrame;
    if (!signal.to || signal.to.includes(me)) this.#raise(this.#eventOf({ ...signal, type: 'from', peer: me, seq: frame.seq, time: frame.time }));
  }

  #raise(event: SignalEvent): void {
    this.emit('signal', event);
    if (event.type) this.emit(`signal:${event.type}`, event);
  }

  /** The Connection for an id; one that left (or never was seen) gets a stand-in with an empty status. */
  #connectionFor(id: string): Connection {
    if (id === this.connection?.connectionId) return this.connection;
    return this.connections.get(id) ?? new Connection(id, {});
  }

  // ---- frames out ----

  /**
   * Settle and forget what waits under `id`: rejected when `outcome` is a SignalError,
   * else resolved with it. Returns it; undefined when nothing waits under that id.
   */
  #answer(id: string, outcome?: unknown): Pending | undefined {
    const entry = this.#outbox.get(id);
    if (entry) {
      clearTimeout(entry.timer);
      this.#outbox.delete(id);
      if (outcome instanceof SignalError) entry.reject(outcome);
      else entry.resolve(outcome as never);
    }
    return entry;
  }

  /** Send a signal or request, and give its answer `timeoutMs`. */
  #transmit(entry: Pending): void {
    this.#send(entry.frame);
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => this.#answer(entry.id, timedOut(entry.options)), this.#timeoutMs);
  }
}

/**
 * The relay refuses a bad room name at the handshake (HTTP 400), which a
 * WebSocket reports only as an anonymous failure: the rule is checked here so
 * `connect()` fails with `invalid_room` at once instead of as `not_connected`.
 */
function checkRoom(url: string): SignalError | undefined {
  const segment = /\/rooms\/([^/]*)\/?$/.exec(new URL(url).pathname)?.[1];
  try {
    if (segment === undefined || isRoomName(decodeURIComponent(segment))) return undefined;
  } catch {
    // Not valid percent-encoding: no name at all.
  }
  return new SignalError('invalid_room', ROOM_RULE);
}

function checkStatus(status: unknown): SignalError | undefined {
  if (!isObject(status)) return new SignalError('invalid_message', 'status must be an object');
  const bytes = serialisedBytes(status);
  return bytes > MAX_STATUS_BYTES ? new SignalError('data_too_large', tooLargeMessage('status', bytes, MAX_STATUS_BYTES)) : undefined;
}
