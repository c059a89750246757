/**
 * What a client scenario needs from the place it runs in: a real relay (the
 * Node tests start one in-process; the browser tests reach the one
 * web-test-runner started, through its test-only control endpoint), and a
 * pool of sessions closed after each test.
 */
import { Session, type SessionOptions } from '../../../src/client/index.js';

export interface ClientTestEnv {
  /** The WebSocket URL of `room`. */
  url(room: string): string;
  /** The relay's HTTP origin, e.g. `http://127.0.0.1:40123`. */
  readonly http: string;
  /** Options every session gets (Node passes `WebSocket` from `ws`). */
  readonly options: SessionOptions;
  /** Cut a peer's socket on the server, as a network failure would. */
  dropPeer(room: string, id: string): Promise<boolean>;
  /** Stop the relay (closing every socket with 1001) and start a new one on the same port. */
  restart(): Promise<void>;
  /** `POST /api/signal`; resolves with the HTTP status. */
  restSignal(body: unknown): Promise<number>;
}

/** Quick retries, so a test spends its time on what it checks. */
export const FAST_RECONNECT = { initialDelayMs: 50, maxDelayMs: 400, jitter: 0 } as const;

let rooms = 0;

export class TestKit {
  private readonly sessions: Session[] = [];

  constructor(readonly env: ClientTestEnv) {}

  /** A room no other test uses. */
  room(): string {
    return `client-${Date.now().toString(36)}-${++rooms}`;
  }

  /** A session that is not connected yet. */
  session(room: string, options: SessionOptions = {}, url = this.env.url(room)): Session {
    const session = new Session(url, {
      ...this.env.options,
      ...options,
      reconnect: options.reconnect === false ? false : { ...FAST_RECONNECT, ...options.reconnect },
    });
    this.sessions.push(session);
    return session;
  }

  /** A connected session. */
  async open(room: string, options: SessionOptions = {}): Promise<Session & { connection: NonNullable<Session['connection']> }> {
    const session = this.session(room, options);
    await session.connect();
    return session as Session & { connection: NonNullable<Session['connection']> };
  }

  close(): void {
    for (const session of this.sessions) {
      session.removeAllListeners();
      session.disconnect();
    }
  }
}

export interface Scenario {
  /** Reads as a sentence after the group's name. */
  title: string;
  run(kit: TestKit): Promise<void>;
}
