/**
 * Every error code the product uses, with the HTTP-like number an
 * OpenTok-shaped `SignalError.code` carries. Codes are snake_case strings;
 * the README lists them from this table. Of codes that share a number, the
 * first listed is the one a bare number stands for (CODE_BY_NUMBER): the one
 * a sender most often meets.
 */
export const ERROR_CODES = {
  /** The frame is not JSON, not an object, has an unknown `type` or a bad field. */
  invalid_message: 400,
  /** The signal type (`event`) breaks the type rule. */
  invalid_type: 400,
  /** The room name in the URL breaks the room rule. */
  invalid_room: 400,
  /** `data` (or a `status`) is over its size limit. */
  data_too_large: 413,
  /** A peer named in `to` is not in the room; nothing was delivered. */
  unknown_peer: 404,
  /** REST: no room of that name has anyone in it. */
  unknown_room: 404,
  /** A frame other than `join` (or `ping`) came before `join`, or `join` came twice. */
  not_joined: 409,
  /** A token is missing, malformed or expired. */
  unauthorized: 401,
  /** The token does not allow this room or this action. */
  forbidden: 403,
  /** Too many signals too fast. */
  rate_limited: 429,
  /** Client side: the session is not connected and the signal was not queued. */
  not_connected: 503,
  /** The room has as many peers as the server allows. */
  room_full: 503,
  /** The server has as many rooms or connections as it allows. */
  server_full: 503,
  /** No answer from the server in time. */
  timeout: 408,
  /** Client side: the operation was called off (e.g. vetoed by a listener, or `disconnect()`). */
  cancelled: 499,
  /** REST: the request body is larger than the server reads. */
  body_too_large: 413,
  /** REST: no such endpoint, or the wrong method. */
  not_found: 404,
  /** The server failed while handling the frame; the connection stays up. */
  internal_error: 500,
  /** The relay cannot reach the Redis it shares rooms through: nothing was delivered; try again. */
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * The code a bare number stands for, for sessions (OpenTok, OpenVidu) that report
 * only a number: the first code of ERROR_CODES with that number, so where several
 * share it, the one a sender most often meets wins (404 is an unknown peer, 503 not
 * being connected).
 */
export const CODE_BY_NUMBER: Readonly<Record<number, ErrorCode>> = Object.fromEntries(
  // Reversed, as a later entry of fromEntries replaces an earlier one.
  Object.entries(ERROR_CODES)
    .reverse()
    .map(([code, number]) => [number, code as ErrorCode]),
);

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}

/**
 * WebSocket close codes of our own (4000–4999), and the standard ones the
 * server uses. The number mirrors the HTTP-like status where one fits.
 */
export const CLOSE_CODES = {
  /** Standard: normal closure, after `leave` or `disconnect()`. */
  normal: 1000,
  /** Standard: the server is shutting down. */
  going_away: 1001,
  /** Standard: a frame was over MAX_FRAME_BYTES. */
  too_big: 1009,
  /** The room name in the URL is invalid. */
  invalid_room: 4400,
  /** Refused by authentication. */
  unauthorized: 4401,
  /** Removed by a moderator or the REST API. */
  forbidden: 4403,
  /** No pong to the server's heartbeat in time. */
  heartbeat_timeout: 4408,
  /** The same peer resumed on another socket; this one is stale. */
  replaced: 4409,
  /** A client handing its connection over (a closing tab of a `shared` element): kept for a resume, like a drop. */
  handed_over: 4411,
  /** The session was closed for everyone (REST `DELETE /openvidu/api/sessions/<id>`). */
  closed: 4410,
  /** The socket's unsent buffer grew past the slow-consumer limit. */
  slow_consumer: 4429,
  /** The room or the server is full. */
  full: 4503,
} as const;

export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];
