import { html, nothing, render, type RootPart, type TemplateResult } from 'lit';
import type { LogItem, MessageRow } from './chat-store.js';
import { linkify } from './linkify.js';
import { renderConvo, type ConvoView } from './render-conversation.js';
import type { SignalChatStrings } from './strings.js';

let clock: Intl.DateTimeFormat | undefined;
const timeOf = (t: number): string => (clock ??= new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })).format(t);

/** "Today", "Yesterday", else the full date in the page's language. */
function dayOf(t: number, s: SignalChatStrings): string {
  const midnight = (time: number): number => new Date(time).setHours(0, 0, 0, 0);
  const ago = Math.round((midnight(Date.now()) - midnight(t)) / 86_400_000);
  return ago === 0 ? s.today : ago === 1 ? s.yesterday : new Date(t).toLocaleDateString(undefined, { dateStyle: 'full' });
}

/**
 * Builds the time formatter ahead of the first message: building one costs several
 * milliseconds the first time on a page (locale data), better spent while a session
 * connects than while its history is being shown.
 */
export function warmClock(): void {
  timeOf(0);
}

/** Up to two initials: of the first and the last word ("Ann Lee" → "AL", "bob" → "B"). */
function initials(name: string): string {
  const words = name.trim().split(/\s+/);
  return ([...(words[0] ?? '')][0] ?? '') + (words.length > 1 ? [...words.at(-1)!][0] : '');
}

/**
 * One of the 8 avatar hues (styles.ts, `--i`), the same for a name wherever it appears. The
 * row sets `--i` through the CSSOM (`.style`), which a strict CSP allows; a `style`
 * attribute would need `'unsafe-inline'` (test/element/safety.browser.test.ts).
 */
function hue(name: string): number {
  let h = 0;
  for (const c of name) h = (h * 31 + c.codePointAt(0)!) >>> 0;
  return h % 8;
}

/** The message text with web links; every run is a text binding, never HTML. */
function renderText(text: string): unknown[] {
  return linkify(text).map((run) =>
    typeof run === 'string' ? run : html`<a href=${run.href} target="_blank" rel="noopener noreferrer">${run.text}</a>`,
  );
}

/** The line under one's latest message: its state, and who has seen it. */
export interface Receipt {
  item: LogItem;
  /** "Sent", "Seen", "Seen by 2". */
  text: string;
  /** Who has seen it, for the description ('' in a private thread). */
  names: string;
}

function renderRow(item: LogItem, index: number, s: SignalChatStrings, v: ConvoView, r: Receipt | undefined): TemplateResult {
  // A quiet row: one template for all five kinds.
  if (item.kind !== 'message') {
    const k = item.kind;
    const since = k === 'since';
    const day = k === 'day';
    const line = k === 'system' || k === 'gap';
    return html`<div class=${line ? `row sys ${k}` : since ? 'row div since' : 'row div'} part=${k === 'system' ? 'system' : k === 'gap' ? 'gap' : since ? 'unread-divider' : day ? 'day-divider' : 'history-divider'} data-i=${index}>${line ? item.text : since ? s.sinceYouLeft : day ? dayOf(item.time, s) : s.history}</div>`;
  }
  const m = item.message;
  const cls = `row m${item.own ? ' own' : ''}${item.continued ? ' cont' : ''}${m.history ? ' hist' : ''}${item.pending ? ' pend' : ''}${m.private ? ' priv' : ''}${item.mention ? ' at' : ''}`;
  return html`<div class=${cls} part=${item.own ? 'message own-message' : item.mention ? 'message mention' : 'message'} data-i=${index}>
    ${item.continued
      ? nothing
      : html`<span class="av" .style=${'--i:' + hue(m.from?.name ?? item.name)} aria-hidden="true">${initials(item.name).toUpperCase()}</span><div class="meta"><span class="who">${item.name}</span>${m.private ? html`<span class="private">${s.privateLabel}</span>` : nothing}<time datetime=${new Date(m.time).toISOString()}>${timeOf(m.time)}</time></div>`}
    ${renderConvo(item, v, s, renderText(m.text))}
    ${item.pending ? html`<div class="pending">${s.pending}</div>` : nothing}
    ${r ? html`<div class="receipt" part="receipt" title=${r.names}>${r.text}<span class="sr-only">${r.names && ': ' + r.names}</span></div>` : nothing}
  </div>`;
}

/**
 * A row as last rendered: lit's part for it (its nodes lie between the part's start marker
 * and `end`), and what it was rendered from that can change (`depsOf`).
 */
interface Built {
  part: RootPart;
  end: Comment;
  deps: unknown[];
}

/**
 * What a row shows besides its item's text: its index (`data-i`), its receipt line (a new
 * object each render: a row with one is built again each time), the UI text (merged anew
 * only when the element's `strings` changed), what a message row shows of its state, the
 * conversation state it showed (conversation.ts `rev`) and which menu was open (opening
 * or closing one renders the rows on screen again, a few dozen at most).
 */
function depsOf(item: LogItem, index: number, s: SignalChatStrings, r: Receipt | undefined, open: string | undefined): unknown[] {
  // A quiet row has none of a message row's fields: undefined each.
  const m = item as MessageRow;
  return [index, r, s, m.pending, m.continued, m.message?.time, m.c?.rev, open];
}

/**
 * The windowed part of the log, rows `start`…`end` of a thread, kept in the `.rows`
 * element by key (the row's `LogItem`), as lit's `repeat` would keep them, for less code:
 * each row is a lit part of its own between two markers in `.rows`. A row that stays in
 * the window keeps its nodes and is never moved (moving a node takes the focus from a
 * link or button in it), and rows come and go only at the window's edges or where a row
 * is put in, since a thread's rows never change order. A row stays in the window for many
 * renders (every new message renders the log again), so it is rendered again only when
 * what it shows changed: no linkifying and time formatting of every row in view per
 * message. Only the rows of the last render are kept.
 */
export class LogRows {
  #built = new Map<LogItem, Built>();

  render(box: HTMLElement, items: readonly LogItem[], start: number, end: number, s: SignalChatStrings, v: ConvoView, receipt?: Receipt): void {
    const previous = this.#built;
    const built = new Map<LogItem, Built>();
    for (let i = start; i < end; i++) {
      const b = previous.get(items[i]!);
      if (b) built.set(items[i]!, b);
      previous.delete(items[i]!);
    }
    // Rows that left the window go first, so that those that stay never have to move.
    for (const { part, end: marker } of previous.values()) {
      const range = new Range();
      range.setStartBefore(part.startNode!);
      range.setEndAfter(marker);
      range.deleteContents();
    }
    // From the last row up: a new row goes in above the row below it.
    let below: Node | null = null;
    for (let index = end - 1; index >= start; index--) {
      const item = items[index]!;
      let b = built.get(item);
      const r = receipt?.item === item ? receipt : undefined;
      const deps = depsOf(item, index, s, r, v.open);
      if (!b || b.deps.some((d, i) => d !== deps[i])) {
        const marker: Comment = b?.end ?? box.insertBefore(new Comment(), below);
        b = { part: render(renderRow(item, index, s, v, r), box, { renderBefore: marker }), end: marker, deps };
        built.set(item, b);
      }
      below = b.part.startNode;
    }
    this.#built = built;
  }
}
