import { html, nothing, type TemplateResult } from 'lit';
import { format, type SignalChatStrings } from './strings.js';

export interface StatusView {
  /** What the connection is doing ("Connecting…"); empty when there is nothing to say. */
  text: string;
  /** Whole seconds until the next attempt, 0 when none is awaited. */
  retryIn: number;
  strings: SignalChatStrings;
  retry: () => void;
}

/**
 * The connection banner: hard to miss (a warning colour, full width, above the log),
 * a polite status for screen readers that never takes the focus. The countdown is
 * hidden from them, or they would hear it every second; the "Retry now" button is not.
 */
export function renderStatus(v: StatusView): TemplateResult | typeof nothing {
  if (!v.text) return nothing;
  const s = v.strings;
  return html`<div class="warn" part="status" role="status">
    <span>${v.text}</span>
    ${v.retryIn
      ? html`<span aria-hidden="true">${format(s.retryingIn, { seconds: v.retryIn })}</span>
          <button class="retry" part="retry-button" type="button" @click=${v.retry}>${s.retryNow}</button>`
      : nothing}
  </div>`;
}
