import { CODE_BY_NUMBER, isErrorCode, type ErrorCode } from '../protocol/errors.js';

/**
 * How `send()` rejects and what `signal-chat-error` carries: a real Error whose
 * `code` is a snake_case code from the protocol's list (`data_too_large`,
 * `cancelled`, …).
 */
export class SignalChatError extends Error {
  readonly code: ErrorCode | (string & {});

  constructor(code: ErrorCode | (string & {}), message: string) {
    super(message);
    this.name = 'SignalChatError';
    this.code = code;
  }
}

/**
 * Any rejection from a session as a SignalChatError. Our client's SignalError has the
 * snake_case code in `name` and the number in `code`; others may carry either.
 */
export function toChatError(error: unknown): SignalChatError {
  if (error instanceof SignalChatError) return error;
  // Object() of null or a primitive has none of these fields.
  const e = Object(error) as { name?: unknown; code?: unknown; message?: unknown };
  const message = typeof e.message === 'string' && e.message ? e.message : String(error);
  const code = isErrorCode(e.name) ? e.name : typeof e.code === 'string' && e.code ? e.code : (typeof e.code === 'number' && CODE_BY_NUMBER[e.code]) || 'internal_error';
  return new SignalChatError(code, message);
}
