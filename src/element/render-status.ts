import { html, nothing, type TemplateResult } from 'lit';
import { format, type SignalChatStrings } from './strings.js';

/**
 * The connection banner: hard to miss (a warning colour, full width, above the log),
 * a polite status for screen readers that never takes the focus. The countdown is
 * hidden from them, or they would hear it every second; the "Retry now" button is not.
 * `text` says what the connection is doing ("Connecting…"; empty: no banner), `retryIn`
 * the whole seconds until the next attempt (0: none awaited), `retry` tries at once.
 */
export function renderStatus(text: string, retryIn: number, s: SignalChatStrings, retry: () => void): TemplateResult | typeof nothing {
  if (!text) return nothing;
  return html`<div class="warn" part="status" role="status">
    <span>${text}</span>
    ${retryIn
      ? html`<span aria-hidden="true">${format(s.retryingIn, { seconds: retryIn })}</span>
          <button class="retry" part="retry-button" type="button" @click=${retry}>${s.retryNow}</button>`
      : nothing}
  </div>`;
}
