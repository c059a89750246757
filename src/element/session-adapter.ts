/**
 * Reading a session of any supported shape: which events to listen to, where the
 * other participants are, and how `signal()` reports its outcome.
 */
import type { ConnectionLike, SessionLike, SignalEventLike, SignalOptionsLike } from './session-like.js';

/**
 * What the element does with a session's events, by event name. OpenTok names the
 * reconnection events `sessionReconnecting`/`sessionReconnected`; OpenVidu and our client
 * `reconnecting`/`reconnected`: a caller handles both. A handler gets the event as the
 * session raised it, which may be anything: it reads it with care.
 */
export type SessionHandlers = Record<string, (event: any) => void>;

/** Subscribes `handlers` to `session`; returns the function that unsubscribes them. */
export function listen(session: SessionLike, handlers: SessionHandlers): () => void {
  const table = Object.entries(handlers);
  for (const [name, fn] of table) session.on(name, fn);
  return () => {
    for (const [name, fn] of table) session.off(name, fn);
  };
}

/** The other participants a session already knows (our `connections`, OpenVidu's `remoteConnections`). */
export function roster(session: SessionLike): ConnectionLike[] {
  const list: ConnectionLike[] = [];
  const source = session.connections ?? session.remoteConnections;
  source?.forEach((c) => {
    if (c && typeof c.connectionId === 'string') list.push(c);
  });
  return list;
}

/**
 * `session.signal()` as a Promise whichever way the session reports: our client and
 * OpenVidu return a Promise, OpenTok calls a completion handler with an error or nothing.
 * OpenTok also takes one connection in `to`, not a list: a session whose `signal`
 * declares the completion handler (OpenTok's signature, two parameters) gets one signal
 * per recipient, each with a single `to`.
 */
export function sendSignal(session: SessionLike, signal: SignalOptionsLike): Promise<void> {
  const to = signal.to;
  if (Array.isArray(to) && session.signal.length >= 2) {
    return Promise.all(to.map((connection) => signalOnce(session, { ...signal, to: connection }))).then(() => undefined);
  }
  return signalOnce(session, signal);
}

function signalOnce(session: SessionLike, signal: SignalOptionsLike): Promise<void> {
  // Whichever answers first wins (a settled Promise ignores the rest), and a throw from
  // `signal()` rejects it as the executor's own would.
  return new Promise<void>((resolve, reject) => {
    const result = session.signal(signal, (error?: unknown) => (error ? reject(error) : resolve()));
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).then(() => resolve(), (e: unknown) => reject(e ?? new Error('signal failed')));
    }
  });
}
