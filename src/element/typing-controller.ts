/**
 * Typing indicators in the element (issue 14): sends the own typing as ephemeral
 * `<channel>~typing` signals (rules and constants in typing.ts), shows who else is
 * typing in the thread on screen, and fires `signal-chat-typing` when someone starts or
 * stops. An indicator ends at once when that person's message arrives, when they leave
 * or their socket is given up (`peer_left`), and by itself when its time runs out.
 */
import { html, type TemplateResult } from 'lit';
import { readTyping } from '../protocol/typing.js';
import { fire } from './events.js';
import { READ_SUFFIX, TYPING_SUFFIX, type Heard, type SessionController, type SessionFollower } from './session-controller.js';
import type { SignalEventLike } from './session-like.js';
import { format, type SignalChatStrings } from './strings.js';
import { IDLE_MS, TTL_MS, TypingBoard, TypingSender, type Typist } from './typing.js';

/** The thread the own typing is in: a channel, or a private thread with `peer`. */
export interface TypingTarget {
  key: string;
  channel: string;
  peer: string;
}

export class TypingController implements SessionFollower {
  readonly #conn: SessionController;
  readonly #board = new TypingBoard();
  readonly #sender = new TypingSender();
  #target: TypingTarget | undefined;
  #idle: ReturnType<typeof setTimeout> | undefined;
  #expiry: ReturnType<typeof setTimeout> | undefined;

  constructor(conn: SessionController) {
    this.#conn = conn;
    conn.followers.push(this);
  }

  // ---- the own typing ----

  /** The composer changed: typing in `target` while text is left, stopped when it is empty. */
  input(draft: string, target: TypingTarget): void {
    if (!draft.trim()) return this.stop();
    this.shown(target.key);
    this.#target = target;
    if (this.#sender.pressed(Date.now())) this.#send(TTL_MS);
    // Idle: no key for IDLE_MS.
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => this.stop(), IDLE_MS);
  }

  /** Thread `key` is shown: the own typing in another one, left behind, stops. */
  shown(key: string): void {
    if (this.#target && this.#target.key !== key) this.stop();
  }

  /**
   * Sent, emptied, idle or left for another thread. A sent message needs no "stopped":
   * receivers end the indicator when the message arrives (`quiet`).
   */
  stop(quiet = false): void {
    clearTimeout(this.#idle);
    if (this.#sender.stop() && !quiet) this.#send(0);
    this.#target = undefined;
  }

  #send(ttl: number): void {
    const target = this.#target;
    // Stale typing is worse than none: never queued while reconnecting, never reported.
    if (target) this.#conn.sendEphemeral(target.channel + TYPING_SUFFIX, { ttl }, target.peer);
  }

  // ---- who else is typing ----

  /** A signal of the session: a typing signal, or a message that ends its sender's typing. */
  signal(e: SignalEventLike, heard: Heard): void {
    if (heard.kind === READ_SUFFIX || !this.#conn.chatContext.channels().includes(heard.channel)) return;
    // A message (no kind) ends its sender's typing as a "stopped" does.
    const ttl = heard.kind ? readTyping(e.data)?.ttl : 0;
    if (ttl) {
      const t: Typist = { ...heard, until: Date.now() + ttl };
      if (this.#board.show(t)) this.#changed(t, true);
      this.#sweep(-Infinity);
    } else if (ttl === 0) this.#sweep(-Infinity, heard.person, heard.thread);
  }

  /** Someone left (or their socket was given up): their indicators end at once. */
  left(id: string): void {
    this.#sweep(-Infinity, id);
  }

  /** The connection dropped or is gone: nobody's typing is known any more, and ours stops. */
  reset(): void {
    this.stop(true);
    this.#sweep(Infinity);
  }

  /** The indicator line of thread `key`: polite, and changed only when the people change. */
  render(key: string, s: SignalChatStrings): TemplateResult {
    const convo = this.#conn.messenger.conversation;
    const names = [...this.#board.typists.values()].filter((t) => t.thread === key).map((t) => convo.label(t.person));
    const [one, two] = names;
    const text = !one ? '' : !two ? format(s.typingOne, { name: one }) : names.length > 2 ? s.typingMany : format(s.typingTwo, { name: one, other: two });
    return html`<div class="typing" part="typing" role="status">${text}</div>`;
  }

  /**
   * Takes out who ran out by `now` and who stopped (see TypingBoard.sweep), then sets the
   * one timer, for the next indicator to run out.
   */
  #sweep(now: number, person?: string, thread?: string): void {
    for (const t of this.#board.sweep(now, person, thread)) this.#changed(t, false);
    clearTimeout(this.#expiry);
    const next = Math.min(...[...this.#board.typists.values()].map((t) => t.until));
    if (next < Infinity) this.#expiry = setTimeout(() => this.#sweep(Date.now()), next - Date.now() + 1);
  }

  #changed(t: Typist, typing: boolean): void {
    const host = this.#conn.chatContext.host;
    host.requestUpdate();
    fire(host, 'signal-chat-typing', { participant: this.#conn.messenger.conversation.person(t.person), typing, channel: t.channel, private: t.private });
  }
}
