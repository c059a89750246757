/**
 * System notifications, for a site that opts in with the `notify` attribute: while the
 * page is hidden, a private message or a mention of the own user raises a notification
 * (Notification API) and puts a count in front of the document title; clicking the
 * notification brings the page and that thread forward. Permission is asked for on the
 * first click or key press in the element after `notify` is set, never on load (browsers
 * ignore or penalise a prompt without a user gesture). Without `notify` nothing here
 * asks, shows or changes anything.
 */
import type { ReactiveController } from 'lit';
import { channelThread, privateThread } from './chat-store.js';
import type { ChatHost } from './chat-context.js';
import type { ChatMessage } from './events.js';
import { format, type SignalChatStrings } from './strings.js';

export class NotifyController implements ReactiveController {
  /** Messages notified about since the page was last visible. */
  #count = 0;
  /** The title as the page had it before the count went in front. */
  #title = '';

  readonly #host: ChatHost;
  readonly #strings: () => SignalChatStrings;
  /** Shows the thread `key`. */
  readonly #open: (key: string) => void;

  constructor(host: ChatHost, strings: () => SignalChatStrings, open: (key: string) => void) {
    this.#host = host;
    this.#strings = strings;
    this.#open = open;
    host.addController(this);
  }

  hostConnected(): void {
    this.#listen(addEventListener);
  }

  hostDisconnected(): void {
    this.#listen(removeEventListener);
    this.#reset();
  }

  /** Adds or removes (`on`, window's, called on the element and the document) what this listens to. */
  #listen(on: typeof addEventListener): void {
    const host = this.#host;
    on.call(host, 'signal-chat-message', this.#onMessage);
    on.call(host, 'pointerdown', this.#ask);
    on.call(host, 'keydown', this.#ask);
    on.call(document, 'visibilitychange', this.#onVisibility);
  }

  /** A user gesture in the element: the one moment a permission prompt may appear. */
  #ask = (): void => {
    if (this.#host.notify && globalThis.Notification?.permission === 'default') {
      void Notification.requestPermission();
    }
  };

  #onMessage = (e: Event): void => {
    const m = (e as CustomEvent<ChatMessage>).detail;
    if (m.private) this.mentioned(m);
  };

  /**
   * `m` is for this user: private to them, or a mention of them. The hook for mentions:
   * call it once a message's `meta.mentions` names the own id. Notifies when opted in and
   * the page is hidden; a message from history or from oneself never does.
   */
  mentioned(m: ChatMessage): void {
    if (!this.#host.notify || m.history || !m.from || m.from.self || document.visibilityState !== 'hidden') return;
    const s = this.#strings();
    if (!this.#count++) this.#title = document.title;
    document.title = format(s.notifyTitle, { count: this.#count, title: this.#title });
    if (globalThis.Notification?.permission !== 'granted') return;
    const key = m.private ? privateThread(m.from.id) : channelThread(m.channel);
    const n = new Notification(format(m.private ? s.notifyPrivate : s.notifyMention, { name: m.from.name, channel: m.channel }), { body: m.text, tag: key });
    n.onclick = () => {
      focus();
      this.#open(key);
      n.close();
    };
  }

  #onVisibility = (): void => {
    if (document.visibilityState === 'visible') this.#reset();
  };

  /** The page is seen again (or the element leaves): the title as it was. */
  #reset(): void {
    if (!this.#count) return;
    this.#count = 0;
    if (document.title.endsWith(this.#title)) document.title = this.#title;
  }
}
