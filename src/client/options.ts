/**
 * Session options. Every default is written next to its option and in
 * `SESSION_DEFAULTS`, which the code reads, so the two cannot disagree.
 */
import type { Resume, Status } from '../protocol/frames.js';
import { BACKOFF_DEFAULTS, type BackoffOptions } from './backoff.js';
import type { WebSocketConstructor } from './web-socket.js';

export interface ReconnectOptions extends BackoffOptions {
  /** Attempts before giving up with `sessionDisconnected` (`network`). Default: Infinity. */
  maxAttempts: number;
}

export interface SessionOptions {
  /** This client's status, seen by the others (the element puts `name` in it). Default: `{}`. */
  status?: Status;
  /** Auth token: appended to the URL as `?token=` and sent in `join`. */
  token?: string;
  /** A WebSocket implementation, e.g. `WebSocket` from `ws` in Node 20. Default: `globalThis.WebSocket`. */
  WebSocket?: WebSocketConstructor;
  /** Backoff of automatic reconnection, or `false` for none. Defaults: see `ReconnectOptions`. */
  reconnect?: Partial<ReconnectOptions> | false;
  /**
   * Retry a first connection that fails for a reason a retry can mend (the server
   * unreachable or silent) with the `reconnect` backoff, announcing each wait with
   * `retrying`. `connect()` then settles once joined, refused for good (`unauthorized`,
   * `invalid_room`, …), out of `maxAttempts`, or cancelled by `disconnect()`.
   * Default: false — `connect()` rejects at the first failure, as OpenVidu's and
   * OpenTok's do. The element turns it on.
   */
  retryConnect?: boolean;
  /**
   * Pick up a connection another Session held (`session.resumeToken` read there, before it
   * called `handOff()`; e.g. another tab): the first join asks to resume it, and the signals
   * after `seq` follow. If the relay no longer knows it, the join is a fresh one.
   */
  resume?: Resume;
  /** How long `connect()`, a reconnection attempt and each signal wait for the server, ms. Default: 10000. */
  timeoutMs?: number;
  /**
   * Interval of the client's `ping`, ms. A connection that brings no frame
   * at all for a whole interval after a ping is taken for dead and
   * reconnected (browsers cannot see the server's WebSocket pings). Default: 10000.
   */
  pingIntervalMs?: number;
}

export const SESSION_DEFAULTS = {
  timeoutMs: 10_000,
  pingIntervalMs: 10_000,
  retryConnect: false,
  reconnect: { ...BACKOFF_DEFAULTS, maxAttempts: Infinity } satisfies ReconnectOptions,
} as const;
