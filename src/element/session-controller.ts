/**
 * The element's connection: opening its own session from `url` or using one the app
 * gave, following it through reconnections, and keeping the roster and the join and
 * leave lines in step with it. Messages themselves go through the `Messenger`.
 * Longer than 300 lines because it follows three kinds of session (ours, OpenVidu's and
 * OpenTok's, whose reconnection events differ in name and detail), counts the joins and
 * leaves it sums up as one line, and reads each live signal once for its followers
 * (typing, receipts, the conversation): each a few methods on the same session state.
 */
import type { ReactiveController } from 'lit';
import { isSignalType } from '../protocol/limits.js';
import { conventionType } from '../protocol/read-convention.js';
import { TYPING_KIND } from '../protocol/typing.js';
import { signalType } from './channels.js';
import type { ChatContext } from './chat-context.js';
import { channelThread, nextKey, privateThread } from './chat-store.js';
import { QUIET_MS, churnLines } from './churn.js';
import { createSession } from './create-session.js';
import { SignalChatError, toChatError } from './errors.js';
import { fire } from './events.js';
import { Messenger } from './messenger.js';
import { warmClock } from './render-log.js';
import { Roster } from './roster.js';
import { loadShared } from './shared/load-shared.js';
import { listen, roster, sendSignal } from './session-adapter.js';
import type { ConnectionLike, SessionLike, SignalEventLike } from './session-like.js';
import { format } from './strings.js';

/** The kinds of the ephemeral conventions the followers read: typing, and read markers. */
export const TYPING_SUFFIX = conventionType('', TYPING_KIND);
export const READ_SUFFIX = conventionType('', 'read');

/** A live signal from someone else in the room, read once for every follower. */
export interface Heard {
  /** Its channel: the type without the kind (and without OpenVidu's `signal:`). */
  channel: string;
  /** TYPING_SUFFIX, READ_SUFFIX, or '' (a message, or any other signal). */
  kind: string;
  /** The sender's connection id. */
  person: string;
  /** The thread it is in: the private thread with the sender when it went to chosen people. */
  thread: string;
  private: boolean;
}

/** Besides the messenger, what follows the session's signals and who leaves (typing indicators, read receipts). */
export interface SessionFollower {
  signal(e: SignalEventLike, heard: Heard): void;
  /** `id` left, or their socket was given up; called while they are still in the roster. */
  left?(id: string): void;
  /** The connection dropped or is gone. */
  reset(): void;
}

/** Where the element's connection stands. */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline';

export class SessionController implements ReactiveController {
  #state: ConnectionState = 'idle';
  session: SessionLike | undefined;
  /** The session was given through `.session`: the app owns its connection. */
  external = false;
  /** The user called `disconnect()`: do not connect again on our own. */
  stopped = false;
  /** Counts connect() calls: one that waited for the shared code may have been superseded. */
  #attempts = 0;
  /** When the next connection attempt starts (ms since the epoch), while one is awaited. */
  retryAt = 0;
  readonly roster = new Roster();
  /** The lowest seq of any signal received (a page of older history starts below it). */
  oldestSeq = Infinity;
  readonly messenger: Messenger;
  readonly followers: SessionFollower[] = [];
  #detach: (() => void) | undefined;
  #ticker: ReturnType<typeof setTimeout> | undefined;
  /**
   * Joins and leaves around one's own reconnection, by display name (churn.ts's summary),
   * from the moment the own connection drops until the summary is written; undefined
   * while not counting.
   */
  #churn: Map<string, [left: number, joined: number]> | undefined;
  /** The quiet time after the own reconnection, before the summary. */
  #quiet: ReturnType<typeof setTimeout> | undefined;
  /** Where each thread's log stood when the own connection dropped: a gap line goes there. */
  readonly #gapAt = new Map<string, number>();

  constructor(
    /** What the element shares with its controllers (for the others it adds). */
    readonly chatContext: ChatContext,
  ) {
    const ctx = chatContext;
    ctx.host.addController(this);
    this.messenger = new Messenger(ctx, this);
  }

  /** A message may be sent now (connected, or reconnecting: it is queued). */
  get open(): boolean {
    return this.state === 'connected' || this.state === 'reconnecting';
  }

  /** This side's identity is verified by a token (see the messenger's `isOwnHistory`). */
  get verified(): boolean {
    // (test() reads anything as a string: no url, "undefined", has no token.)
    return /[?&]token=./.test((this.session as { url?: string } | undefined)?.url as string);
  }

  get state(): ConnectionState {
    return this.#state;
  }

  set state(state: ConnectionState) {
    this.#state = state;
    this.chatContext.host.requestUpdate();
  }

  /** Whole seconds until the next connection attempt; 0 when none is awaited. */
  get retryIn(): number {
    return Math.max(0, Math.ceil((this.retryAt - Date.now()) / 1000));
  }

  /**
   * Sends an ephemeral convention signal (typing, a read marker) of `type` with `body` as
   * its data, to `peer` in a private thread. Stale is worse than none: sent only while
   * connected, never queued through a reconnection, a failure not reported.
   */
  sendEphemeral(type: string, body: object, peer?: string): void {
    const session = this.session;
    if (!session || this.state !== 'connected' || !isSignalType(type)) return;
    sendSignal(session, { type, data: JSON.stringify(body), ephemeral: true, retryAfterReconnect: false, ...this.roster.signalTo(peer ? [peer] : undefined) }).catch(() => undefined);
  }

  /** Tries at once instead of waiting for the next attempt ("Retry now"). */
  retryNow(): void {
    this.#wait(0);
    this.session?.retryNow?.();
  }

  /** The countdown to the next attempt: the banner shows it, one update per second. */
  #wait(delayMs: number): void {
    clearTimeout(this.#ticker);
    this.retryAt = delayMs && Date.now() + delayMs;
    const tick = (): void => {
      this.chatContext.host.requestUpdate();
      const left = this.retryAt - Date.now();
      if (left > 0) this.#ticker = setTimeout(tick, left % 1000 || 1000);
    };
    tick();
  }

  hostConnected(): void {
    // Put back in the page after being taken out: pick the connection up again.
    const host = this.chatContext.host;
    if (host.hasUpdated && !this.session && host.url && !this.stopped) this.autoConnect();
  }

  hostDisconnected(): void {
    if (this.external) return;
    // Moving the element (a framework reordering its children, `append` elsewhere) takes it
    // out and puts it back in the same task: keep the connection and the log through that,
    // and leave the room only if it is still out of the page once the task is done.
    queueMicrotask(() => {
      if (!this.chatContext.host.isConnected && !this.external) this.teardown();
    });
  }

  /** Uses a session the app gave (`.session`). */
  use(session: SessionLike | undefined): void {
    if (session === this.session) return;
    this.teardown();
    if (!session) return;
    this.external = true;
    this.#attach(session);
    // Already connected (OpenVidu resolves connect() before we see it): take it as is.
    if (session.connection?.connectionId) this.#onConnected();
    else this.state = 'connecting';
  }

  async connect(): Promise<void> {
    this.stopped = false;
    if (this.external) return;
    this.teardown();
    const host = this.chatContext.host;
    if (!host.url) throw new SignalChatError('not_connected', this.chatContext.strings().noUrl);
    const token = host.token || undefined;
    const attempt = ++this.#attempts;
    // `shared`: the shared session's code comes with the worker script, loaded once.
    const [make, workerUrl] = host.shared ? await loadShared(host.sharedWorkerUrl) : [];
    if (attempt !== this.#attempts || this.stopped || this.external) return;
    const session = make ? make(host.url, host.name, token, workerUrl!) : createSession(host.url, host.name, token);
    this.#attach(session);
    this.state = 'connecting';
    try {
      await session.connect();
      if (this.session === session) this.#onConnected();
    } catch (error) {
      if (this.session !== session) return;
      // (Offline: a session was attached.)
      this.teardown();
      throw this.messenger.report(toChatError(error));
    }
  }

  autoConnect(): void {
    this.connect().catch(() => undefined); // reported through signal-chat-error already
  }

  /**
   * Leaves the room (or, for a session the app gave, stops using it), or takes note that the
   * session left it for `reason`.
   */
  leave(reason?: unknown): void {
    const had = this.session;
    // Offline now, when a session was attached (it is never idle then).
    this.teardown();
    if (had) fire(this.chatContext.host, 'signal-chat-disconnected', { reason: String(reason ?? 'disconnect') });
  }

  /** The name changed: tell the room (our own session only). */
  rename(name: string): void {
    const session = this.session;
    if (this.external || this.state !== 'connected' || !session?.setStatus) return;
    void Promise.resolve(session.setStatus({ name }))
      .then(() => session.connection && session === this.session && this.#remember(session.connection))
      .catch(() => undefined);
  }

  #attach(session: SessionLike): void {
    this.session = session;
    // After the caller has started connecting: the formatter is built while the network works.
    queueMicrotask(warmClock);
    const host = this.chatContext.host;
    const reconnecting = (): void => {
      if (this.state !== 'connected') return;
      this.state = 'reconnecting';
      // Typing known before the drop is stale now: ours is dropped quietly (receivers let
      // it run out), and the others' is shown again only when they send it again.
      for (const f of this.followers) f.reset();
      clearTimeout(this.#quiet);
      this.#quiet = undefined;
      this.#churn ??= new Map();
      this.#gapAt.clear();
      for (const [key, thread] of this.chatContext.store.threads) this.#gapAt.set(key, thread.items.length);
      fire(host, 'signal-chat-reconnecting', {});
    };
    // Our client says whether it resumed and whether the server had restarted; OpenVidu's
    // event and OpenTok's sessionReconnected say neither.
    const reconnected = (e?: { resumed?: unknown; restarted?: unknown }): void => {
      if (this.state !== 'reconnecting') return;
      this.#wait(0);
      this.#syncSelf();
      // Not picked up where it was: what was sent meanwhile may be missing; say where.
      if (e?.resumed === false) this.#gap(e.restarted === true);
      this.#settle();
      this.state = 'connected';
      fire(host, 'signal-chat-reconnected', {});
    };
    // By the session's event names; both OpenTok's names and OpenVidu's (and ours).
    this.#detach = listen(session, {
      sessionConnected: () => this.#onConnected(),
      connectionCreated: (e) => this.#onCreated(e?.connection),
      connectionDestroyed: (e) => this.#onDestroyed(e?.connection),
      connectionStatusChanged: (e) => this.#onStatus(e?.connection),
      signal: (e?: SignalEventLike) => {
        if (!e) return;
        if (typeof e.seq === 'number' && e.seq < this.oldestSeq) this.oldestSeq = e.seq;
        this.messenger.receive(e);
        // The followers hear only what others send live (typing and markers are never history).
        const person = e.from?.connectionId;
        if (!person || person === this.roster.selfId || e.history) return;
        const type = signalType(e.type);
        const kind = [TYPING_SUFFIX, READ_SUFFIX].find((k) => type.endsWith(k)) ?? '';
        const channel = type.slice(0, type.length - kind.length);
        const targeted = !!e.to?.length;
        const heard: Heard = { channel, kind, person, thread: targeted ? privateThread(person) : channelThread(channel), private: targeted };
        for (const f of this.followers) f.signal(e, heard);
      },
      reconnecting,
      sessionReconnecting: reconnecting,
      // Our client: an attempt failed, the next follows in `delayMs`.
      retrying: (e) => this.#wait(Number(e?.delayMs) || 0),
      reconnected,
      sessionReconnected: () => reconnected(),
      // (While a session is attached the state is never offline: this is news.)
      sessionDisconnected: (e) => this.leave(e?.reason),
      exception: (e) => this.messenger.report(toChatError(e)),
    });
  }

  /** Stops listening to the session; closes it when the element opened it. */
  teardown(): void {
    const session = this.session;
    this.#detach?.();
    this.#detach = undefined;
    this.session = undefined;
    if (session && !this.external) session.disconnect?.();
    this.external = false;
    this.#stopChurn();
    this.messenger.drop();
    for (const f of this.followers) f.reset();
    this.roster.clear();
    if (this.state !== 'idle') this.state = 'offline';
    // The countdown ends, and the element renders what is left.
    this.#wait(0);
  }

  #onConnected(): void {
    if (this.state === 'connected') return;
    const session = this.session;
    const self = session?.connection;
    if (!session || !self) return;
    this.roster.clear();
    this.#self(self);
    // The roster is read silently: only joins after this point are news.
    for (const c of roster(session)) this.#remember(c);
    this.#wait(0);
    this.state = 'connected';
    fire(this.chatContext.host, 'signal-chat-connected', { id: this.roster.selfId });
  }

  /** After a reconnection that could not pick up the old connection, the own id is new. */
  #syncSelf(): void {
    const self = this.session?.connection;
    if (self && self.connectionId !== this.roster.selfId) this.#self(self);
  }

  /** `self` is the own connection now (in place of the one before, if any). */
  #self(self: ConnectionLike): void {
    this.roster.forget(this.roster.selfId);
    this.roster.selfId = self.connectionId;
    this.#remember(self);
  }

  #remember(c: ConnectionLike) {
    const p = this.roster.remember(c);
    this.chatContext.host.requestUpdate();
    return p;
  }

  #onCreated(c?: ConnectionLike): void {
    if (!c || this.roster.people.has(c.connectionId)) return;
    const p = this.#remember(c);
    // Before we are in (OpenVidu announces the others while connecting) it is the roster.
    if (!this.open) return;
    const s = this.chatContext.strings();
    if (!this.#count(p.name, 1)) this.#systemLine(format(s.joined, { name: this.roster.label(p) }), null);
    fire(this.chatContext.host, 'signal-chat-participant-joined', { participant: p });
  }

  #onDestroyed(c?: ConnectionLike): void {
    const p = c && this.roster.people.get(c.connectionId);
    if (!p || p.self) return;
    const label = this.roster.label(p);
    for (const f of this.followers) f.left?.(p.id);
    this.roster.forget(p.id);
    const s = this.chatContext.strings();
    if (!this.#count(p.name, 0)) this.#systemLine(format(s.left, { name: label }), p.id);
    fire(this.chatContext.host, 'signal-chat-participant-left', { participant: p });
  }

  #onStatus(c?: ConnectionLike): void {
    if (!c || !this.roster.people.has(c.connectionId)) return;
    const p = this.#remember(c);
    fire(this.chatContext.host, 'signal-chat-participant-status', { participant: p });
  }

  /** Counts a join (`joined` 1) or a leave (0) while the churn is counted; false when not (write it as usual). */
  #count(name: string, joined: 0 | 1): boolean {
    const counts = this.#churn;
    if (!counts) return false;
    const c = counts.get(name) ?? [0, 0];
    c[joined]++;
    counts.set(name, c);
    // Once back, every change restarts the quiet time.
    if (this.#quiet) this.#settle();
    return true;
  }

  /** The own connection is back: write the churn's summary once the room is quiet. */
  #settle(): void {
    clearTimeout(this.#quiet);
    this.#quiet = setTimeout(() => {
      const lines = churnLines(this.chatContext.strings(), this.#churn!);
      this.#stopChurn();
      for (const line of lines) this.#systemLine(line, null);
    }, QUIET_MS);
  }

  #stopChurn(): void {
    clearTimeout(this.#quiet);
    this.#quiet = this.#churn = undefined;
  }

  /** A gap line in every thread, where it stood when the connection dropped. */
  #gap(restarted: boolean): void {
    const s = this.chatContext.strings();
    this.#line('gap', restarted ? s.gapRestart : s.gap, [...this.chatContext.store.threads.keys()], this.#gapAt);
  }

  /** A quiet line in every channel, and in the private thread with `peerId` if there is one. */
  #systemLine(text: string, peerId: string | null): void {
    const key = peerId && privateThread(peerId);
    this.#line('system', text, key && this.chatContext.store.threads.has(key) ? [key] : []);
  }

  /** A line of `kind` in every channel and in the threads `keys`: where each stood in `at`, else at its end. */
  #line(kind: 'gap' | 'system', text: string, keys: string[], at?: Map<string, number>): void {
    const store = this.chatContext.store;
    const all = new Set([...this.chatContext.channels().map(channelThread), ...keys]);
    for (const key of all) store.insert(key, at?.get(key) ?? store.thread(key).items.length, { key: nextKey(), kind, text });
    // Lines never count as news (noteNew's `counts`): only a render.
    this.chatContext.host.requestUpdate();
  }
}
