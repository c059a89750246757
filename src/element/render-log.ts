import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { LogItem } from './chat-store.js';
import { linkify } from './linkify.js';
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

/** One of the 8 avatar hues (styles.ts), the same for a name wherever it appears. */
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

function renderRow(item: LogItem, index: number, s: SignalChatStrings, r: Receipt | undefined): TemplateResult {
  switch (item.kind) {
    case 'system':
      return html`<div class="row sys" part="system" data-i=${index}>${item.text}</div>`;
    case 'gap':
      return html`<div class="row sys gap" part="gap" data-i=${index}>${item.text}</div>`;
    case 'history':
      return html`<div class="row div" part="history-divider" data-i=${index}>${s.history}</div>`;
    case 'since':
      return html`<div class="row div since" part="unread-divider" data-i=${index}>${s.sinceYouLeft}</div>`;
    case 'day':
      return html`<div class="row div" part="day-divider" data-i=${index}>${dayOf(item.time, s)}</div>`;
  }
  const m = item.message;
  const cls = `row m${item.own ? ' own' : ''}${item.continued ? ' cont' : ''}${m.history ? ' hist' : ''}${item.pending ? ' pend' : ''}${m.private ? ' priv' : ''}`;
  return html`<div class=${cls} part=${item.own ? 'message own-message' : 'message'} data-i=${index}>
    ${item.continued
      ? nothing
      : html`<span class="av h${hue(m.from?.name ?? item.name)}" aria-hidden="true">${initials(item.name).toUpperCase()}</span><div class="meta"><span class="who">${item.name}</span>${m.private ? html`<span class="private">${s.privateLabel}</span>` : nothing}<time datetime=${new Date(m.time).toISOString()}>${timeOf(m.time)}</time></div>`}
    <div class="text">${renderText(m.text)}</div>
    ${item.pending ? html`<div class="pending">${s.pending}</div>` : nothing}
    ${r ? html`<div class="receipt" part="receipt" title=${r.names}>${r.text}<span class="sr-only">${r.names && ': ' + r.names}</span></div>` : nothing}
  </div>`;
}

/** A row's template as last built, with everything it was built from that can change. */
interface Built {
  template: TemplateResult;
  index: number;
  pending: boolean | undefined;
  continued: boolean | undefined;
  time: number | undefined;
  strings: SignalChatStrings;
  /** Its receipt line (a new object each render: a row with one is built again each time). */
  r: Receipt | undefined;
}

function fresh(b: Built | undefined, item: LogItem, index: number, s: SignalChatStrings, r: Receipt | undefined): b is Built {
  const message = item.kind === 'message' ? item : undefined;
  return (
    b !== undefined &&
    b.index === index &&
    b.r === r &&
    b.pending === message?.pending &&
    b.continued === message?.continued &&
    b.time === message?.message.time &&
    // The strings a row shows (`s` is a new object each render).
    b.strings.history === s.history &&
    b.strings.sinceYouLeft === s.sinceYouLeft &&
    b.strings.privateLabel === s.privateLabel &&
    b.strings.pending === s.pending &&
    b.strings.today === s.today &&
    b.strings.yesterday === s.yesterday
  );
}

/**
 * The windowed part of the log, rows `start`…`end` of a thread. A row stays in the
 * window for many renders (every new message renders the log again), so its template
 * is kept from one render to the next and built again only when what it shows changed:
 * no linkifying and time formatting of every row in view per message. Only the rows
 * of the last render are kept.
 */
export class LogRows {
  #built = new Map<LogItem, Built>();

  render(items: readonly LogItem[], start: number, end: number, s: SignalChatStrings, receipt?: Receipt): unknown {
    const previous = this.#built;
    const built = new Map<LogItem, Built>();
    const rows = items.slice(start, end);
    const templates = rows.map((item, i) => {
      const index = start + i;
      let b = previous.get(item);
      const r = receipt?.item === item ? receipt : undefined;
      if (!fresh(b, item, index, s, r)) {
        const message = item.kind === 'message' ? item : undefined;
        b = { template: renderRow(item, index, s, r), index, pending: message?.pending, continued: message?.continued, time: message?.message.time, strings: s, r };
      }
      built.set(item, b);
      return b.template;
    });
    this.#built = built;
    return repeat(rows, (item) => item.key, (_item, i) => templates[i]);
  }
}
