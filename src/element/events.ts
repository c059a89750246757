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
}

export interface SignalChatEventDetails {
  'signal-chat-connected': { id: string };
  'signal-chat-disconnected': { reason: string };
  'signal-chat-reconnecting': Record<string, never>;
  'signal-chat-reconnected': Record<string, never>;
  'signal-chat-send': { text: string; channel: string; to: Participant[] | null };
  'signal-chat-message': ChatMessage;
  'signal-chat-participant-joined': { participant: Participant };
  'signal-chat-participant-left': { participant: Participant };
  'signal-chat-participant-status': { participant: Participant };
  'signal-chat-error': { code: string; message: string };
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

declare global {
  interface HTMLElementEventMap {
    'signal-chat-connected': CustomEvent<SignalChatEventDetails['signal-chat-connected']>;
    'signal-chat-disconnected': CustomEvent<SignalChatEventDetails['signal-chat-disconnected']>;
    'signal-chat-reconnecting': CustomEvent<SignalChatEventDetails['signal-chat-reconnecting']>;
    'signal-chat-reconnected': CustomEvent<SignalChatEventDetails['signal-chat-reconnected']>;
    'signal-chat-send': CustomEvent<SignalChatEventDetails['signal-chat-send']>;
    'signal-chat-message': CustomEvent<SignalChatEventDetails['signal-chat-message']>;
    'signal-chat-participant-joined': CustomEvent<SignalChatEventDetails['signal-chat-participant-joined']>;
    'signal-chat-participant-left': CustomEvent<SignalChatEventDetails['signal-chat-participant-left']>;
    'signal-chat-participant-status': CustomEvent<SignalChatEventDetails['signal-chat-participant-status']>;
    'signal-chat-error': CustomEvent<SignalChatEventDetails['signal-chat-error']>;
  }
}
