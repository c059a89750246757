/**
 * The one session the tabs of a `shared` element use, and what it tells them. It lives
 * in the SharedWorker (worker.ts) or in the leader tab (leader-link.ts), and talks to
 * the tabs only through `post` and `handle`, so both places run this same code.
 *
 * Its members cross bundles (built into the worker script, called by a leader tab's
 * element bundle), so none may be among the names the bundles shorten
 * (scripts/internal-props.mjs; test/element/docs.test.ts checks).
 */
import type { Session } from '../../client/session.js';
import { createSession } from '../create-session.js';
import { HUB_EVENTS, plain, type HubMessage, type PlainConnection, type TabMessage } from './messages.js';

/** How many recent signals a tab that opens later is shown (the relay's default history). */
const RECENT = 100;

export class TabHub {
  #session: Session | undefined;
  readonly #tabs = new Set<string>();
  /** The latest signals, plain: a tab that attaches later shows them as history. */
  readonly #recent: Array<Record<string, unknown>> = [];

  constructor(readonly post: (message: HubMessage) => void) {}

  /** How many tabs are attached. */
  get attached(): number {
    return this.#tabs.size;
  }

  handle(m: TabMessage): void {
    if (m.t === 'hello') {
      this.#tabs.add(m.tab);
      const s = this.#session;
      if (!s) this.#open(m);
      else if (s.connection && s.state !== 'connecting') this.post(this.#state(m.tab));
    } else if (m.t === 'bye') {
      this.#tabs.delete(m.tab);
      if (!this.#tabs.size) this.close();
    } else this.#call(m);
  }

  /** Leaves the room. */
  close(): void {
    this.#session?.disconnect();
    this.#session = undefined;
  }

  /** Lets go of the socket but not of the connection: the next leader tab resumes it. */
  handOff(): void {
    this.#session?.handOff();
    this.#session = undefined;
  }

  #open(m: Extract<TabMessage, { t: 'hello' }>): void {
    // The element's own session (retrying a first connection), picking up a handed-over one.
    const s = createSession(m.url, m.name, m.token, m.resume) as unknown as Session;
    this.#session = s;
    this.#recent.length = 0;
    s.on('sessionConnected', () => this.post(this.#state()));
    for (const n of HUB_EVENTS) s.on(n, (e: unknown) => this.#event(s, n, e));
    s.connect().catch((x: unknown) => {
      if (this.#session !== s) return;
      this.#session = undefined;
      this.post({ t: 'done', n: 0, x: plain(x) });
    });
  }

  #event(s: Session, n: string, e: unknown): void {
    if (s !== this.#session) return;
    const event = plain(e) as Record<string, unknown>;
    if (n === 'signal' && !event['ephemeral']) {
      this.#recent.push(event);
      if (this.#recent.length > RECENT) this.#recent.shift();
    }
    // The own connection may be another one now: the tabs learn it before the event.
    if (n === 'reconnected') this.post(this.#state());
    if (n === 'sessionDisconnected') this.#session = undefined;
    this.post({ t: 'ev', n, e: event });
  }

  /** Where the session stands, for every tab or (with the recent signals) for one that attached now. */
  #state(to?: string): HubMessage {
    const s = this.#session as Session;
    const state: HubMessage = {
      t: 'state',
      me: plain(s.connection) as PlainConnection,
      peers: plain([...s.connections.values()]) as PlainConnection[],
      token: s.resumeToken,
      reconnecting: s.state === 'reconnecting',
    };
    return to ? { ...state, to, signals: this.#recent.map((e) => ({ ...e, history: true })) } : state;
  }

  #call(m: Extract<TabMessage, { t: 'call' }>): void {
    const s = this.#session;
    const reply = (outcome: { v?: unknown; x?: unknown }) => this.post({ t: 'done', to: m.tab, n: m.n, ...outcome });
    if (!s) {
      reply({ x: { name: 'not_connected', message: 'not connected' } });
      return;
    }
    const method = s[m.m] as (...args: unknown[]) => unknown;
    Promise.resolve()
      .then(() => method.apply(s, m.a))
      .then(
        (v) => {
          reply({ v: plain(v) });
          // Every tab shows the own name: tell them all.
          if (m.m === 'setStatus') this.post({ t: 'ev', n: 'connectionStatusChanged', e: { connection: plain(s.connection) } });
        },
        (x: unknown) => reply({ x: plain(x) }),
      );
  }
}
