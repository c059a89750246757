/**
 * What the element's controllers share, handed to them by the element: its store, its
 * log, its event pump and a few readings of its properties. Interfaces only.
 */
import type { ReactiveControllerHost } from 'lit';
import type { ChatStore } from './chat-store.js';
import type { MessageRef } from './conversation-controller.js';
import type { ChatMessage } from './events.js';
import type { EventPump } from './event-pump.js';
import type { LogController } from './log-controller.js';
import type { ReadMarks } from './read-marks.js';
import type { SignalChatStrings } from './strings.js';

/** The element as its controllers see it. */
export interface ChatHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: ParentNode;
  readonly hasUpdated: boolean;
  readonly url: string;
  readonly name: string;
  readonly token: string;
  readonly shared: boolean;
  readonly sharedWorkerUrl: string;
  readonly channel: string;
  readonly features: string;
  readonly notify: boolean;
  edit(message: MessageRef, text: string): Promise<ChatMessage>;
}

export interface ChatContext {
  readonly host: ChatHost;
  readonly store: ChatStore;
  readonly log: LogController;
  /** How far each channel was read, across reloads. */
  readonly reads: ReadMarks;
  /** Fires `signal-chat-message` (or runs a function that fires another event) in order (see event-pump.ts). */
  readonly pump: EventPump<ChatMessage | (() => void)>;
  strings(): SignalChatStrings;
  /** The channels shown (do not modify). */
  channels(): string[];
  /** The key of the thread shown. */
  activeKey(): string;
  /** A live message mentions this user (the opt-in notification). */
  mentioned(m: ChatMessage): void;
  /** Tells screen readers about a new message. */
  announce(text: string): void;
}
