/**
 * The element's DOM events: names, detail types, and the one helper that fires them
 * (bubbling and composed, so they cross shadow roots like native UI events).
 */
import type { Participant } from './participant.js';

/** A chat message as `messages` lists it and `signal-chat-message` reports it. */
export interface ChatMessage {
  /** Unique within this element. */
  id: string;
  /** The channel (signal type) it was sent on. */
  channel: string;
  text: string;
  /** The sender; `null` for a message the server sent. */
  from: Participant | null;
  /** The recipients of a private message; `null` for one sent to the whole channel. */
  to: Participant[] | null;
  /** True when sent to chosen participants only. */
  private: boolean;
  /** Server time (ms since the epoch) when known, else the local time it was sent or received. */
  time: number;
  /** True when replayed from the room's history (sent before this element joined). */
  history: boolean;
  /** Its sender replaced the text (`text` is the latest version). */
  edited?: boolean;
  /** Taken back by its sender or a moderator (`text` is then empty). */
  deleted?: boolean;
  /** The message it answers: `id` when that one is shown here, else only its excerpt. */
  replyTo?: { id?: string | undefined; excerpt: string; name?: string | undefined } | undefined;
}

/** `signal-chat-connected`: joined the room. */
export interface ConnectedDetail {
  /** The own connection id. */
  id: string;
}

/** `signal-chat-disconnected`: left the room, or lost it for good. */
export interface DisconnectedDetail {
  /** `disconnect`, `network`, `unauthorized`, `forbidden`, `invalid_room`, `replaced`, `session_closed`, or what another session reports. */
  reason: string;
}

/** `signal-chat-reconnecting` and `signal-chat-reconnected` carry nothing. */
export type EmptyDetail = Record<string, never>;

/** `signal-chat-send`: a message is about to leave (cancelable). */
export interface SendDetail {
  text: string;
  channel: string;
  /** The recipients of a private message; `null` for the whole channel. */
  to: Participant[] | null;
}

/** `signal-chat-participant-joined`, `-left`, `-status`. */
export interface ParticipantDetail {
  participant: Participant;
}

/** `signal-chat-typing`: someone else started or stopped typing in a thread. */
export interface TypingDetail {
  participant: Participant;
  /** True when they started; false when they stopped, sent, left, or their indicator ran out. */
  typing: boolean;
  /** The channel the thread is on. */
  channel: string;
  /** True for the private thread with `participant`. */
  private: boolean;
}

/** `signal-chat-read`: someone has had the messages of a thread on screen up to one. */
export interface ReadDetail {
  /** Who read. */
  from: Participant;
  channel: string;
  /** True for the private thread with `from`. */
  private: boolean;
  /** The id (every receiver's, see the conventions) of the latest message they had on screen. */
  id: string;
}

/** `signal-chat-reaction`: someone's reactions to a message changed. */
export interface ReactionDetail {
  message: ChatMessage;
  /** Who reacted. */
  from: Participant | null;
  /** Their whole reaction set on the message now (empty: they took all back). */
  keys: string[];
}

/** `signal-chat-edit`: a message's sender replaced its text. */
export interface EditDetail {
  message: ChatMessage;
  from: Participant | null;
  text: string;
}

/** `signal-chat-delete`: a message was taken back, by its sender or a moderator (`from`). */
export interface DeleteDetail {
  message: ChatMessage;
  from: Participant | null;
}

/** `signal-chat-error`. */
export interface ErrorDetail {
  /** One of the error codes (`data_too_large`, `not_connected`, …). */
  code: string;
  message: string;
}

/**
 * Each event's detail type, written once: `HTMLElementEventMap` below is derived from it,
 * the `@fires` tags of the element name these types, and test/element/docs.test.ts
 * holds the README's Events table and custom-elements.json to it.
 */
export interface SignalChatEventDetails {
  'signal-chat-connected': ConnectedDetail;
  'signal-chat-disconnected': DisconnectedDetail;
  'signal-chat-reconnecting': EmptyDetail;
  'signal-chat-reconnected': EmptyDetail;
  'signal-chat-send': SendDetail;
  'signal-chat-message': ChatMessage;
  'signal-chat-reaction': ReactionDetail;
  'signal-chat-edit': EditDetail;
  'signal-chat-delete': DeleteDetail;
  'signal-chat-participant-joined': ParticipantDetail;
  'signal-chat-participant-left': ParticipantDetail;
  'signal-chat-participant-status': ParticipantDetail;
  'signal-chat-read': ReadDetail;
  'signal-chat-error': ErrorDetail;
  'signal-chat-typing': TypingDetail;
}

export type SignalChatEventName = keyof SignalChatEventDetails;

/** Fires `name` on `target`; returns false when a listener called `preventDefault()`. */
export function fire<K extends SignalChatEventName>(
  target: EventTarget,
  name: K,
  detail: SignalChatEventDetails[K],
  cancelable = false,
): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }));
}

/** The element's events as `addEventListener` sees them. */
export type SignalChatEventMap = { [K in SignalChatEventName]: CustomEvent<SignalChatEventDetails[K]> };

declare global {
  interface HTMLElementEventMap extends SignalChatEventMap {}
}
