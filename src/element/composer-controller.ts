/**
 * The composer, the form at the bottom: the draft and its text area, the byte counter
 * near the limit, the last error, reply and edit modes, the @ list (mention-picker.ts),
 * Enter to send and ArrowUp in an empty composer to edit one's last message. The element
 * renders it and starts a reply or an edit from a message's menu.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { MAX_DATA_BYTES, utf8Length } from '../protocol/limits.js';
import type { ChatContext, ChatHost } from './chat-context.js';
import type { MessageRow, Thread } from './chat-store.js';
import { focusSoon } from './log-controller.js';
import { toChatError } from './errors.js';
import { MentionPicker } from './mention-picker.js';
import type { Participant } from './participant.js';
import type { SessionController } from './session-controller.js';
import { format } from './strings.js';
import type { TypingController } from './typing-controller.js';

/** The counter appears once a message uses this share of the limit. */
const COUNTER_FROM = 0.9;

export class ComposerController {
  draft = '';
  // (`_error` and `_mode`: the build shortens these names, as it may not `error` and `mode`, which lit and the DOM use.)
  _error = '';
  /** The composer answers this message (`reply`) or replaces its text (`edit`). */
  _mode: { kind: 'reply' | 'edit'; row: MessageRow } | undefined;
  readonly #mentions = new MentionPicker();
  readonly #conn: SessionController;
  readonly #typing: TypingController;
  readonly #host: ChatHost;

  constructor(host: ChatHost, conn: SessionController, typing: TypingController) {
    this.#host = host;
    this.#conn = conn;
    this.#typing = typing;
  }

  get #ctx(): ChatContext {
    return this.#conn.chatContext;
  }

  /** The thread shown (a private one has its `peer`). */
  get #thread(): Thread {
    return this.#ctx.store.thread(this.#ctx.activeKey());
  }

  /**
   * The form, for the thread shown; `peer` is its other side in a private thread, `banner`
   * what the connection's banner says (the composer is disabled while it is not open).
   */
  render(peer: Participant | undefined, peerName: string, banner: string): TemplateResult {
    const s = this.#ctx.strings();
    const draft = this.draft;
    const mode = this._mode;
    const edit = mode?.kind === 'edit';
    const placeholder = peer ? format(s.privatePlaceholder, { name: peerName }) : format(s.placeholder, { channel: this.#host.channel });
    // Why it is disabled: the connection (idle with a session given, that is connecting), or the peer gone.
    const reason = !this.#conn.open ? banner || s.connecting : peer && !this.#conn.roster.people.has(peer.id) ? format(s.participantGone, { name: peer.name }) : '';
    const active = this.#mentions.activeId;
    const bytes = utf8Length(draft);
    const left = MAX_DATA_BYTES - bytes;
    const counter = bytes >= MAX_DATA_BYTES * COUNTER_FROM;
    return html`<form part="composer" @submit=${(e: SubmitEvent) => {
      e.preventDefault();
      void this.#submit();
    }}>
    ${this.#mentions.render(s, this.#conn.roster, () => this.#area()!)}
    ${mode &&
    // The reply or edit bar.
    html`<div class="mode" part="composer-mode"><span><b>${edit ? s.editing : format(s.replyingTo, { name: mode.row.name })}</b> ${edit ? '' : mode.row.message.text}</span><button type="button" aria-label=${s.cancel} title=${s.cancel} @click=${() => this.end()}>✕</button></div>`}
    <div class="row2">
      <textarea part="input" rows="1" aria-label=${placeholder} placeholder=${placeholder}
        aria-describedby="hint error" aria-invalid=${left < 0}
        aria-autocomplete="list" aria-controls=${active ? 'mentions' : nothing} aria-activedescendant=${active || nothing}
        .value=${draft} ?disabled=${!!reason} @input=${this.#onInput} @keydown=${this.#onKeydown} @keyup=${this.#onCaret} @click=${this.#onCaret}></textarea>
      <button class="send" part="send-button" type="submit" ?disabled=${!!reason || left < 0 || !draft.trim()}>${s.send}</button>
    </div>
    ${reason || counter
      ? html`<div class="hint" id="hint">
          ${reason ? html`<span part="reason">${reason}</span>` : nothing}
          ${counter
            ? html`<span class="counter ${left < 0 ? 'over' : ''}" part="counter">${left < 0 ? format(s.tooLong, { count: -left }) : format(s.bytesLeft, { count: left })}</span>`
            : nothing}
        </div>`
      : nothing}
    ${this._error ? html`<p class="error" id="error" part="error" role="alert">${this._error}</p>` : nothing}
  </form>`;
  }

  /** Shows why an action of the composer or a menu failed. */
  fail = (error: unknown): void => {
    const s = this.#ctx.strings();
    this._error = format(s.sendFailed, { message: toChatError(error).message });
    this.#host.requestUpdate();
  };

  /** Puts the composer in reply or edit mode for the message of `row` (an edit starts from its text). */
  compose(kind: 'reply' | 'edit', row: MessageRow): void {
    this._mode = { kind, row };
    if (kind === 'edit') this.#draft(row.message.text);
    this.#host.requestUpdate();
    focusSoon(this.#host, 'textarea');
  }

  /** Leaves reply or edit mode (an edit's text leaves the composer). */
  end(): void {
    if (this._mode?.kind === 'edit') this.#draft('');
    this._mode = undefined;
    this.#host.requestUpdate();
  }

  #area(): HTMLTextAreaElement | null {
    return this.#host.renderRoot.querySelector('textarea');
  }

  #onInput = (e: InputEvent): void => {
    this.draft = (e.target as HTMLTextAreaElement).value;
    this._error = '';
    this.#onCaret(e);
    this.#typing.input(this.draft, { key: this.#ctx.activeKey(), channel: this.#host.channel, peer: this.#thread.peer ?? '' });
  };

  /** The text or the caret changed (input, a key, a click): the @ list follows it. */
  #onCaret = (e: Event): void => {
    const area = e.target as HTMLTextAreaElement;
    this.#mentions.follow(area.value, area.selectionStart, this.#conn.roster.participants);
    this.#host.requestUpdate();
  };

  #onKeydown = (e: KeyboardEvent): void => {
    // While the @ list is open, it takes the arrows, Enter, Tab and Escape.
    if (this.#mentions.keydown(e)) {
      this.#host.requestUpdate();
      return;
    }
    if (e.key === 'Escape' && this._mode) {
      e.stopPropagation();
      this.end();
      return;
    }
    // ArrowUp in an empty composer edits the last own message of the thread (as Slack does).
    if (e.key === 'ArrowUp' && !this.draft && !this._mode && this.#host.features.includes('edit')) {
      const last = this.#thread.items.findLast((i): i is MessageRow => this.#conn.messenger.conversation.mine(i));
      if (last) {
        e.preventDefault();
        this.compose('edit', last);
      }
      return;
    }
    // Enter sends; Shift+Enter is a new line; Enter while an IME is composing is the IME's.
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing) return;
    e.preventDefault();
    void this.#submit();
  };

  /**
   * Sets the draft and the text area together. The text area's value is bound without
   * lit's `live()`: the user's input updates the draft as it comes, and what the composer
   * changes itself is written here, so the two never differ behind lit's back.
   */
  #draft(text: string): void {
    this.draft = text;
    const area = this.#area();
    if (area) area.value = text;
  }

  async #submit(): Promise<void> {
    const text = this.draft;
    if (!text.trim() || !this.#conn.open) return;
    const mode = this._mode;
    const picker = this.#mentions;
    const picked = picker.picked;
    const channel = this.#host.channel;
    picker.picked = new Map();
    picker.dismiss();
    this.#typing.stop(true);
    this._error = '';
    this.#host.requestUpdate();
    try {
      if (mode?.kind === 'edit') {
        // Refused (too large, gone): the draft stays for another try.
        await this.#host.edit(mode.row.message, text);
        this.end();
      } else {
        this._mode = undefined;
        this.#draft('');
        await this.#conn.messenger.send(text, { channel, to: this.#thread.peer, replyTo: mode?.row.message }, channel, picked);
      }
    } catch (error) {
      this._mode ??= mode;
      // Give the text back, unless the user has started a new one meanwhile.
      if (!this.draft) this.#draft(text);
      if (toChatError(error).code !== 'cancelled') this.fail(error);
      this.#host.requestUpdate();
    }
  }
}
