/**
 * The element's own connection when no `.session` is given: our session client.
 * Kept in one file so the element class never names the client directly.
 */
import { Session } from '../client/index.js';
import type { Resume } from '../protocol/frames.js';
import type { SessionLike } from './session-like.js';

export interface OwnSession extends SessionLike {
  connect(): Promise<void>;
  disconnect(): void;
  setStatus(status: Record<string, unknown>): Promise<void>;
}

/** `resume`: the connection a closing tab handed over (a `shared` element's new leader tab). */
export function createSession(url: string, name: string, token: string | undefined, resume?: Resume): OwnSession {
  // Our Connection has a private field, so TypeScript treats it as nominal and will not
  // match it against the structural ConnectionLike in `signal({ to })`; at run time the
  // element passes back the very Connection objects the session gave it.
  // The element retries its first connection too: a page opened while the relay is down
  // comes online by itself once it is back. (An empty token is none: the URL's, if any.)
  return new Session(url, { status: { name }, retryConnect: true, token: token || undefined, resume }) as unknown as OwnSession;
}
