import { ERROR_CODES, isErrorCode, type ErrorCode } from '../protocol/errors.js';
import type { SignalOptions } from './signal-options.js';

/**
 * Why a signal (or `connect()`) failed, in OpenTok's shape: `code` is the
 * HTTP-like number, `name` the snake_case code from the protocol's list
 * (`data_too_large`, `not_connected`, …), `signal` the options given to
 * `signal()`.
 */
export class SignalError extends Error {
  /** The snake_case error code; the server may send codes newer than this client. */
  declare name: ErrorCode | (string & {});
  // (Set in the constructor; `declare` keeps the bundles from declaring them again.)
  /** The HTTP-like number of `name` (500 for a code this client does not know). */
  declare readonly code: number;
  /** The options passed to `signal()`, when the error is about a signal. */
  declare readonly signal: SignalOptions | undefined;

  constructor(name: string, message: string, signal?: SignalOptions) {
    super(message);
    this.name = name;
    this.code = isErrorCode(name) ? ERROR_CODES[name] : 500;
    this.signal = signal;
  }
}
