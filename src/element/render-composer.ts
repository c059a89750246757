import { html, nothing, type TemplateResult } from 'lit';
import { MAX_DATA_BYTES } from '../protocol/limits.js';
import { format, type SignalChatStrings } from './strings.js';

/** The counter appears once a message uses this share of the limit. */
const COUNTER_FROM = 0.9;

export interface ComposerView {
  strings: SignalChatStrings;
  draft: string;
  bytes: number;
  placeholder: string;
  /** Why the composer is disabled; empty when it is enabled. */
  reason: string;
  error: string;
  input: (e: InputEvent) => void;
  keydown: (e: KeyboardEvent) => void;
  submit: (e: SubmitEvent) => void;
  /** The caret may have moved (keyup, click). */
  caret: (e: Event) => void;
  /** What goes above the text area: the @ list while open (mention-picker.ts), the reply or edit bar. */
  above: unknown;
  /** The id of its active option, '' when it is closed. */
  active: string;
}

/** Text area, send button, the byte counter near the limit, the last send error. */
export function renderComposer(v: ComposerView): TemplateResult {
  const s = v.strings;
  const left = MAX_DATA_BYTES - v.bytes;
  const counter = v.bytes >= MAX_DATA_BYTES * COUNTER_FROM;
  const disabled = v.reason !== '';
  return html`<form part="composer" @submit=${v.submit}>
    ${v.above}
    <div class="row2">
      <textarea part="input" rows="1" aria-label=${v.placeholder} placeholder=${v.placeholder}
        aria-describedby="hint error" aria-invalid=${left < 0}
        aria-autocomplete="list" aria-controls=${v.active ? 'mentions' : nothing} aria-activedescendant=${v.active || nothing}
        .value=${v.draft} ?disabled=${disabled} @input=${v.input} @keydown=${v.keydown} @keyup=${v.caret} @click=${v.caret}></textarea>
      <button class="send" part="send-button" type="submit" ?disabled=${disabled || left < 0 || !v.draft.trim()}>${s.send}</button>
    </div>
    ${disabled || counter
      ? html`<div class="hint" id="hint">
          ${disabled ? html`<span part="reason">${v.reason}</span>` : nothing}
          ${counter
            ? html`<span class="counter ${left < 0 ? 'over' : ''}" part="counter">${left < 0 ? format(s.tooLong, { count: -left }) : format(s.bytesLeft, { count: left })}</span>`
            : nothing}
        </div>`
      : nothing}
    ${v.error ? html`<p class="error" id="error" part="error" role="alert">${v.error}</p>` : nothing}
  </form>`;
}
