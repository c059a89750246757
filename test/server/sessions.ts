/**
 * Our client's Session in the server suites, over `ws`, for the tests that need what the
 * client itself does against real relays: its queue and retries through an outage, its
 * view of the room, the role it is told.
 */
import WebSocket from 'ws';
import { Session, type SessionOptions, type WebSocketConstructor } from '../../src/client/index.js';

/** Quick retries that never give up: a test through an outage spends its time on what it checks. */
export const FAST_RETRY = { initialDelayMs: 50, maxDelayMs: 400, factor: 2, jitter: 0.5, maxAttempts: Infinity };

/** A Session to `url` (not connected yet) that talks through `ws`. */
export const nodeSession = (url: string, options: SessionOptions = {}): Session =>
  new Session(url, { WebSocket: WebSocket as unknown as WebSocketConstructor, ...options });

/** Named sessions on any relay of a suite, quick to retry, all disconnected by the suite's after(). */
export class NamedSessions {
  readonly #open: Session[] = [];

  /** `name` in `room` of `relay`, connected. */
  async connect(relay: { ws(room: string): string }, room: string, name: string): Promise<Session> {
    const session = nodeSession(relay.ws(room), { status: { name }, reconnect: FAST_RETRY });
    this.#open.push(session);
    await session.connect();
    return session;
  }

  /** Disconnects every session connected so far. */
  disconnectAll(): void {
    for (const session of this.#open.splice(0)) session.disconnect();
  }
}
