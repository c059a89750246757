/** Waiting for and recording session events, with deadlines instead of sleeps. */
import type { Session, SessionEventMap } from '../../../src/client/index.js';

type Name = keyof SessionEventMap & string;
export type Payload<K extends Name> = SessionEventMap[K][0];

// The emitter's generic listener type does not narrow for a generic K; the
// payload type is still checked at every call site through Payload<K>.
interface Emitter {
  on(name: string, listener: (event: unknown) => void): unknown;
  off(name: string, listener: (event: unknown) => void): unknown;
}

/** The next `name` event of `session`. */
export function next<K extends Name>(session: Session, name: K, timeoutMs = 5000): Promise<Payload<K>> {
  const emitter = session as unknown as Emitter;
  return new Promise((resolve, reject) => {
    const listener = (event: unknown): void => {
      clearTimeout(timer);
      emitter.off(name, listener);
      resolve(event as Payload<K>);
    };
    const timer = setTimeout(() => {
      emitter.off(name, listener);
      reject(new Error(`no '${name}' event within ${timeoutMs} ms`));
    }, timeoutMs);
    emitter.on(name, listener);
  });
}

/** Every `name` event of `session` from now on, as it comes; `map` may note more (e.g. the state then). */
export function record<K extends Name, T = Payload<K>>(session: Session, name: K, map?: (event: Payload<K>) => T): T[] {
  const seen: T[] = [];
  (session as unknown as Emitter).on(name, (event) => {
    seen.push(map ? map(event as Payload<K>) : (event as T));
  });
  return seen;
}

/**
 * Errors the session reports from listeners that threw, caught by standing in
 * for `reportError` (the browser's, or the one Node lacks) until `restore()`.
 */
export function captureReportedErrors(): { errors: unknown[]; restore(): void } {
  const scope = globalThis as { reportError?: (error: unknown) => void };
  const had = Object.prototype.hasOwnProperty.call(scope, 'reportError');
  const previous = scope.reportError;
  const errors: unknown[] = [];
  scope.reportError = (error) => errors.push(error);
  return {
    errors,
    restore() {
      if (had) scope.reportError = previous;
      else delete scope.reportError;
    },
  };
}
