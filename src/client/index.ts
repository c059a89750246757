/**
 * `signal-chat/client`: the session client, with the signal API of OpenVidu
 * and OpenTok.
 *
 * ```ts
 * const session = new Session('ws://localhost:8787/rooms/standup', { status: { name: 'Ann' } });
 * session.on('signal:chat', (event) => console.log(event.from?.data, event.data));
 * await session.connect();
 * await session.signal({ type: 'chat', data: 'hello' });
 * ```
 */
export { Session, type SessionState } from './session.js';
export { Connection } from './connection.js';
export { SignalError } from './signal-error.js';
export { backoff, BACKOFF_DEFAULTS, type BackoffOptions } from './backoff.js';
export { SESSION_DEFAULTS, type SessionOptions, type ReconnectOptions } from './options.js';
export type { SignalOptions, SignalResult } from './signal-options.js';
export type { WebSocketLike, WebSocketConstructor } from './web-socket.js';
export type {
  SessionEventMap,
  SessionConnectedEvent,
  ConnectionCreatedEvent,
  ConnectionDestroyedEvent,
  ConnectionStatusChangedEvent,
  SignalEvent,
  HistoryOptions,
  HistoryPage,
  ReconnectingEvent,
  RetryingEvent,
  ReconnectedEvent,
  SessionDisconnectedEvent,
  DisconnectReason,
  ExceptionEvent,
} from './events.js';
export type { Status } from '../protocol/frames.js';
export type { ErrorCode } from '../protocol/errors.js';
