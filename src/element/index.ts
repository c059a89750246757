/**
 * `<signal-chat>` as a module without side effects: the class and its types. Import
 * `./define.js` (or call `define()`) to register the tag.
 */
export { SignalChat, type ConnectionState, type Recipients, type SendOptions } from './signal-chat.js';
export { SignalChatError } from './errors.js';
export { DEFAULT_STRINGS, type SignalChatStrings } from './strings.js';
export type { Participant } from './participant.js';
export type {
  ChatMessage,
  ConnectedDetail,
  DisconnectedDetail,
  EmptyDetail,
  ErrorDetail,
  ParticipantDetail,
  ReadDetail,
  SendDetail,
  SignalChatEventDetails,
  SignalChatEventMap,
  SignalChatEventName,
  TypingDetail,
} from './events.js';
export type { SessionLike, ConnectionLike, SignalEventLike, SignalOptionsLike } from './session-like.js';
