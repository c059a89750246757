/**
 * What `signal()` takes, and turning it into the fields of a `signal` frame
 * after the same checks the server makes, so a signal the client lets through
 * is never refused for its shape and one it refuses carries the server's code.
 */
import type { ErrorCode } from '../protocol/errors.js';
import { MAX_DATA_BYTES, MAX_RECIPIENTS, TYPE_RULE, isId, isSignalType, serialisedBytes, tooLargeMessage } from '../protocol/limits.js';
import type { Connection } from './connection.js';
import { SignalError } from './signal-error.js';

export interface SignalOptions {
  /** The signal type; listeners of `signal:<type>` get it. Letters, digits, `-`, `_`, `~`; at most 128. */
  type?: string;
  /** Any string (at most 8 KiB of UTF-8); anything else is sent as its JSON text. */
  data?: unknown;
  /** Recipients: a Connection, a connection id, or an array of either. Absent or empty: everyone. */
  to?: Connection | string | ReadonlyArray<Connection | string>;
  /**
   * While the session is reconnecting, queue the signal and send it once
   * reconnected (true, the default), or reject it with `not_connected` (false).
   */
  retryAfterReconnect?: boolean;
  /**
   * Deliver it now, but never keep it: not in the room's history, not replayed
   * on resume (typing indicators, read receipts). Receivers see `ephemeral: true`.
   */
  ephemeral?: boolean;
}

/** What the server said when it accepted a signal. */
export interface SignalResult {
  /** The signal's place in the room's order. */
  seq: number;
  /** Server time in ms since the epoch. */
  time: number;
}

/** The wire fields of a signal, checked. */
export interface PreparedSignal {
  event?: string;
  data?: string;
  to?: string[];
  ephemeral?: true;
}

/**
 * The wire fields, or the SignalError `signal()` rejects with (carrying `options`).
 * Checks in the server's order (`to`, `event`, `data`, then the size), so a signal with two
 * faults is refused for the one the server names; test/client/signal-options.test.ts holds it
 * to the server's zod schema.
 */
export function prepareSignal(options: SignalOptions): PreparedSignal | SignalError {
  const refuse = (code: ErrorCode, message: string): SignalError => new SignalError(code, message, options);
  const signal: PreparedSignal = {};
  const { type, data, to, ephemeral } = options;
  if (to !== undefined) {
    const ids = [to].flat().map((recipient: unknown) => (typeof recipient === 'string' ? recipient : (recipient as Partial<Connection> | null)?.connectionId));
    if (ids.length > MAX_RECIPIENTS) return refuse('invalid_message', `a signal may name at most ${MAX_RECIPIENTS} recipients`);
    if (!ids.every(isId)) return refuse('invalid_message', "'to' takes Connections or connection ids");
    // OpenVidu: an empty list means everyone.
    if (ids.length > 0) signal.to = ids;
  }
  // An empty type means "no type", as an absent one does.
  if (type !== undefined && type !== '') {
    if (typeof type !== 'string' || !isSignalType(type)) {
      return refuse('invalid_type', TYPE_RULE);
    }
    signal.event = type;
  }
  // Only `true` asks for it (as only `false` changes retryAfterReconnect); nothing else is sent.
  if (ephemeral === true) signal.ephemeral = true;
  if (data !== undefined) {
    let text: string | undefined;
    try {
      text = typeof data === 'string' ? data : JSON.stringify(data);
    } catch {
      return refuse('invalid_message', 'data cannot be encoded as JSON');
    }
    const bytes = serialisedBytes(text);
    if (bytes > MAX_DATA_BYTES) return refuse('data_too_large', tooLargeMessage('data', bytes, MAX_DATA_BYTES));
    if (text !== undefined) signal.data = text;
  }
  return signal;
}
