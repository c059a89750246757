/**
 * The session a `shared` element uses: the same shape as our `Session` (so the element's
 * controllers do not know the difference), but the socket is held elsewhere — by a
 * SharedWorker, or by the leader tab — for every tab of the same origin, room and user.
 * Without either mechanism the element opens its own session, as without `shared`.
 */
import { Connection } from '../../client/connection.js';
import { GuardedEmitter } from '../../client/guarded-emitter.js';
import { socketUrl } from '../../client/url.js';
import type { Resume } from '../../protocol/frames.js';
import { createSession, type OwnSession } from '../create-session.js';
import type { SignalOptionsLike } from '../session-like.js';
import { leaderLink, workerLink, type Link } from './links.js';
import { remap, type HubMessage, type HubMethod, type PlainConnection, type TabMessage } from './messages.js';


/** A tab's message before its `tab` is added. */
type Untabbed<M> = M extends unknown ? Omit<M, 'tab'> : never;

/** How long a tab waits for a SharedWorker to say it runs before it elects a leader instead. */
const WORKER_WAIT_MS = 4000;

type Call = { resolve(value: unknown): void; reject(error: unknown): void; m?: HubMethod; a?: unknown[] };

/** `workerUrl`: where this script is (a SharedWorker runs it). */
export function createSharedSession(url: string, name: string, token: string | undefined, workerUrl: string): OwnSession {
  const g = globalThis as { SharedWorker?: unknown; BroadcastChannel?: unknown; navigator?: { locks?: unknown } };
  const canShare = typeof g.SharedWorker === 'function' || (typeof g.BroadcastChannel === 'function' && !!g.navigator?.locks);
  return canShare ? new TabSession(url, name, token, workerUrl) : createSession(url, name, token);
}

export class TabSession extends GuardedEmitter<Record<string, [unknown]>> implements OwnSession {
  connection: Connection | undefined;
  readonly connections = new Map<string, Connection>();
  /** Absolute (the worker resolves nothing against the page), token appended. */
  readonly url: string;
  readonly #name: string;
  readonly #token: string | undefined;
  readonly #workerUrl: string;
  readonly #tab = Math.random().toString(36).slice(2);
  #link: Link | undefined;
  /** Calls waiting for the hub's answer, by number; 0 is `connect()`, answered by the first state. */
  readonly #calls = new Map<number, Call>();
  #count = 0;
  /** The connection's resume token, as the hub last said. */
  #resume: Resume | undefined;
  /** Highest seq shown, and the one up to which a new hub's signals were shown already. */
  #max = 0;
  #floor = 0;
  /** A new hub took over while this tab was in the room: its state ends the reconnection. */
  #handover = false;
  readonly #hide = () => this.disconnect();
  /** Waiting for the worker to say it runs. */
  #wait: ReturnType<typeof setTimeout> | undefined;

  constructor(url: string, name: string, token: string | undefined, workerUrl: string) {
    super();
    this.url = socketUrl(url, token).href;
    this.#name = name;
    this.#token = token;
    this.#workerUrl = workerUrl;
  }

  connect(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#calls.set(0, { resolve: () => resolve(), reject });
      const key = `signal-chat ${this.url} ${this.#name}`;
      let elected = false;
      const leader = () => {
        if (elected) return;
        elected = true;
        clearTimeout(this.#wait);
        this.#link?.close();
        this.#link = leaderLink(key, (m) => this.#receive(m));
        this.#hello();
      };
      try {
        // The worker says `lead` once it runs. Chrome may attach a tab to a worker whose
        // script failed to load without an error event: no word in time means no worker.
        this.#link = workerLink(this.#workerUrl, key, (m) => this.#receive(m), leader);
        this.#wait = setTimeout(leader, WORKER_WAIT_MS);
      } catch {
        leader();
      }
      addEventListener('pagehide', this.#hide);
    });
  }

  disconnect(): void {
    clearTimeout(this.#wait);
    removeEventListener('pagehide', this.#hide);
    this.#send({ t: 'bye' });
    this.#link?.close();
    this.#link = undefined;
    for (const call of this.#calls.values()) call.reject(failure('cancelled'));
    this.#calls.clear();
    this.connection = undefined;
    this.connections.clear();
  }

  signal(options: SignalOptionsLike & Record<string, unknown>): Promise<unknown> {
    // By id: connections do not cross to the hub.
    const to = options.to && [options.to].flat().map((c) => c.connectionId ?? c);
    return this.#call('signal', [{ ...options, to }]);
  }

  setStatus(status: Record<string, unknown>): Promise<void> {
    return this.#call('setStatus', [status]) as Promise<void>;
  }

  history(options?: unknown): Promise<unknown> {
    return this.#call('history', [options]);
  }

  retryNow(): void {
    this.#call('retryNow', []).catch(() => undefined);
  }

  #send(m: Untabbed<TabMessage>): void {
    this.#link?.send({ ...m, tab: this.#tab } as TabMessage);
  }

  #hello(): void {
    this.#send({ t: 'hello', url: this.url, name: this.#name, token: this.#token, resume: this.#resume && { ...this.#resume, seq: this.#max } });
  }

  #call(m: HubMethod, a: unknown[]): Promise<unknown> {
    if (!this.#link) return Promise.reject(failure('not_connected'));
    const n = ++this.#count;
    return new Promise((resolve, reject) => {
      this.#calls.set(n, { resolve, reject, m, a });
      this.#send({ t: 'call', n, m, a });
    });
  }

  #receive(m: HubMessage): void {
    const to = (m as { to?: string }).to;
    clearTimeout(this.#wait);
    if (to && to !== this.#tab) return;
    if (m.t === 'done') {
      const call = this.#calls.get(m.n);
      this.#calls.delete(m.n);
      if ('x' in m) call?.reject(this.#revive(m.x));
      else call?.resolve(this.#revive(m.v));
    } else if (m.t === 'state') this.#state(m);
    else if (m.t === 'lead') {
      // A new hub: attach to it, and ask again what the last one left unanswered.
      if (this.connection) {
        this.#handover = true;
        this.#floor = this.#max;
        this.emit('reconnecting', {});
      }
      this.#hello();
      for (const [n, { m, a }] of this.#calls) if (m) this.#send({ t: 'call', n, m, a: a ?? [] });
    } else if (this.connection || m.n === 'retrying') this.#event(m.n, this.#revive(m.e) as Record<string, unknown>);
  }

  #state(m: Extract<HubMessage, { t: 'state' }>): void {
    this.#resume = m.token;
    const before = this.connection;
    this.connection = this.#conn(m.me);
    const peers = new Set(m.peers.map((p) => this.#conn(p)));
    if (!before) {
      for (const p of peers) this.connections.set(p.connectionId, p);
      this.#calls.get(0)?.resolve(undefined);
      this.#calls.delete(0);
      this.emit('sessionConnected', { connection: this.connection });
      if (m.reconnecting) this.emit('reconnecting', {});
      for (const e of m.signals ?? []) this.#event('signal', this.#revive(e) as Record<string, unknown>);
      return;
    }
    // Who left or came while the socket changed hands (a hub's own session reports them as events).
    for (const c of this.connections.values()) if (!peers.has(c)) this.#event('connectionDestroyed', { connection: c, reason: 'unknown' });
    for (const p of peers) if (!this.connections.has(p.connectionId)) this.#event('connectionCreated', { connection: p });
    if (this.#handover) {
      this.#handover = false;
      this.emit('reconnected', { resumed: before.connectionId === this.connection.connectionId, restarted: false });
    }
  }

  #event(n: string, e: Record<string, unknown>): void {
    const c = e['connection'] as Connection;
    const seq = e['seq'];
    if (n === 'connectionCreated') this.connections.set(c.connectionId, c);
    else if (n === 'connectionDestroyed') this.connections.delete(c.connectionId);
    else if (n === 'sessionDisconnected') this.disconnect();
    else if (n === 'signal' && typeof seq === 'number') {
      // Shown already: replayed by a hub that took over.
      if (seq <= this.#floor) return;
      if (seq > this.#max) this.#max = seq;
    }
    this.emit(n, e);
    if (n === 'signal' && e['type']) this.emit(`signal:${e['type']}`, e);
  }

  /** The one Connection of each participant, its status brought up to date. */
  #conn(p: PlainConnection): Connection {
    const c = (p.connectionId === this.connection?.connectionId ? this.connection : this.connections.get(p.connectionId)) ?? new Connection(p.connectionId, p.status);
    c.status = p.status;
    if (p.role) c.role = p.role;
    return c;
  }

  /** Plain data back into connections and errors. */
  #revive(v: unknown): unknown {
    return remap(v, (c) => this.#conn(c), (e) => Object.assign(new Error(e.message), e));
  }
}

/** An error as our client's: the code in `name`. */
const failure = (name: string) => Object.assign(new Error(name), { name });
