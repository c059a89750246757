import { ERROR_CODES, isErrorCode, type ErrorCode } from '../protocol/errors.js';

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

/** OpenTok's and OpenVidu's numeric codes, for sessions that give no snake_case name. */
const BY_NUMBER: Record<number, ErrorCode> = {
  400: 'invalid_message',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'unknown_peer',
  408: 'timeout',
  413: 'data_too_large',
  429: 'rate_limited',
  499: 'cancelled',
  503: 'not_connected',
};

/**
 * Any rejection from a session as a SignalChatError. Our client's SignalError has the
 * snake_case code in `name` and the number in `code`; others may carry either.
 */
export function toChatError(error: unknown): SignalChatError {
  if (error instanceof SignalChatError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; code?: unknown; message?: unknown };
  const message = typeof e.message === 'string' && e.message ? e.message : String(error);
  let code: string = 'internal_error';
  if (isErrorCode(e.name)) code = e.name;
  else if (typeof e.code === 'string' && e.code) code = e.code;
  else if (typeof e.code === 'number') code = BY_NUMBER[e.code] ?? 'internal_error';
  return new SignalChatError(code, message);
}

export { ERROR_CODES };
