/**
 * The conversation parts of a message row: the quote of the message it answers, the
 * "edited" mark, the tombstone, reaction chips and the actions menu. A pure template;
 * their buttons carry `data-act` (and `data-key`), and the element handles clicks on
 * the log in one place (signal-chat.ts), so a row's template can be kept from one
 * render to the next (render-log.ts). And the long-press that opens the menu on a touch
 * screen (`hold`, on the log's rows too), beside the actions button it clicks.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { MessageRow } from './chat-store.js';
import type { Conversation } from './conversation-controller.js';
import { format, type SignalChatStrings } from './strings.js';

/** What rows need beyond their own data to show conversation parts. */
export interface ConvoView {
  /** The element id of the message whose menu is open, or '' (undefined). */
  open: string | undefined;
  /** The quick reactions of the menu. */
  quick: readonly string[];
  /** The `features` attribute: the actions switched on. */
  features: string;
  c: Conversation;
  /** This side's connection id. */
  self: string;
}

/**
 * A message's text and what the conventions add to it: the quote of the message it answers
 * (a button to the original, disabled while the original is not shown here), "(edited)"
 * after the text, reaction chips; then the actions button (a disclosure) and its menu of
 * buttons while open (quick reactions, then the actions). A deleted message is only its
 * tombstone.
 */
export function renderConvo(row: MessageRow, v: ConvoView, s: SignalChatStrings, text: unknown): TemplateResult {
  const c = row.c;
  const r = c?.replyTo;
  const f = v.features;
  const mine = v.c.mine(row);
  const open = v.open === row.message.id;
  const actions: Array<[string, string | false, string?]> = [...v.quick.map((key): [string, string, string] => ['react', key, key]), ['reply', s.reply], ['edit', mine && s.edit], ['delete', (mine || v.c.moderates) && s.delete], ['copy', s.copy]];
  const items = actions.filter(([act, label]) => label && f.includes(act));
  return c?.deleted
    ? html`<div class="text del" part="tombstone">${s.deleted}</div>`
    : html`${r && html`<button class="quote" part="quote" data-act="quote" ?disabled=${!v.c.original(row)}>${r.name && html`<b>${r.name}</b> `}${r.excerpt}</button>`}<div class="text">${text}${c?.edited && html` <span class="ed" part="edited">(${s.edited})</span>`}</div>${c?.reactions?.size && f.includes('react')
        ? html`<div>${[...c.reactions].map(
            ([key, people]) =>
              html`<button class="chip" part="reaction" data-act="react" data-key=${key} aria-pressed=${people.includes(v.self)}
                aria-label=${format(s.reactedBy, { key, count: people.length, names: people.map((id) => v.c.label(id)).join(', ') })}>${key} ${people.length}</button>`,
          )}</div>`
        : nothing}${c && items.length
        ? html`<button class="act" part="actions-button" data-act="menu" aria-expanded=${open} aria-label=${s.actions}>⋯</button>${open
            ? html`<div class="menu" part="menu" role="group" aria-label=${s.actions}>${items.map(([act, label, key]) => html`<button class="mi" data-act=${act} data-key=${key}>${label}</button>`)}</div>`
            : nothing}`
        : nothing}`;
}

/**
 * Long-press on a touch screen: a finger resting on a message for HOLD_MS opens its action
 * menu by clicking the message's actions button, so the menu opens (and takes the focus)
 * exactly as a tap on that button does. Lifting the finger first opens nothing, nor does
 * moving it: once it has moved far enough to scroll the log, the browser takes the touch
 * for the scroll and cancels the pointer (`pointercancel`), which ends the press. A mouse
 * or a pen held down opens nothing either.
 */

/** How long the finger rests before the menu opens, ms (Android's long-press time). */
const HOLD_MS = 500;

let press: ReturnType<typeof setTimeout> | undefined;

/** For `pointerdown`, `pointerup` and `pointercancel` on the log's rows: a touch going down on a message starts a press, anything else ends it. */
export function hold(e: PointerEvent): void {
  clearTimeout(press);
  const button = e.type === 'pointerdown' && e.pointerType === 'touch' && (e.target as Element).closest('.m')?.querySelector<HTMLElement>('.act');
  if (button) press = setTimeout(() => button.click(), HOLD_MS);
}
