import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { LogItem } from './chat-store.js';
import { linkify } from './linkify.js';
import type { SignalChatStrings } from './strings.js';

let clock: Intl.DateTimeFormat | undefined;
const timeOf = (t: number): string => (clock ??= new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })).format(t);

/**
 * Builds the time formatter ahead of the first message: building one costs several
 * milliseconds the first time on a page (locale data), better spent while a session
 * connects than while its history is being shown.
 */
export function warmClock(): void {
  timeOf(0);
}

/** The message text with web links; every run is a text binding, never HTML. */
function renderText(text: string): unknown[] {
  return linkify(text).map((run) =>
    typeof run === 'string' ? run : html`<a href=${run.href} target="_blank" rel="noopener noreferrer">${run.text}</a>`,
  );
}

function renderRow(item: LogItem, index: number, s: SignalChatStrings): TemplateResult {
  if (item.kind === 'system') return html`<div class="row sys" part="system" data-i=${index}>${item.text}</div>`;
  if (item.kind === 'divider') return html`<div class="row div" part="history-divider" data-i=${index}>${s.history}</div>`;
  const m = item.message!;
  const cls = `row${item.own ? ' own' : ''}${item.continued ? ' cont' : ''}${m.history ? ' hist' : ''}${item.pending ? ' pend' : ''}${m.private ? ' priv' : ''}`;
  return html`<div class=${cls} part=${item.own ? 'message own-message' : 'message'} data-i=${index}>
    ${item.continued
      ? nothing
      : html`<div class="meta"><span class="who">${item.name}</span>${m.private ? html`<span class="private">${s.privateLabel}</span>` : nothing}<time datetime=${new Date(m.time).toISOString()}>${timeOf(m.time)}</time></div>`}
    <div class="text">${renderText(m.text)}</div>
    ${item.pending ? html`<div class="pending">${s.pending}</div>` : nothing}
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
}

/**
 * Row templates by row. A row stays in the window for many renders (every new message
 * renders the log again); building its template once, not per render, saves linkifying
 * its text and formatting its time each time.
 */
const built = new WeakMap<LogItem, Built>();

function row(item: LogItem, index: number, s: SignalChatStrings): TemplateResult {
  const b = built.get(item);
  if (
    b &&
    b.index === index &&
    b.pending === item.pending &&
    b.continued === item.continued &&
    b.time === item.message?.time &&
    // The strings a row shows (a new `strings` object each render need not rebuild it).
    b.strings.history === s.history &&
    b.strings.privateLabel === s.privateLabel &&
    b.strings.pending === s.pending
  ) {
    return b.template;
  }
  const template = renderRow(item, index, s);
  built.set(item, { template, index, pending: item.pending, continued: item.continued, time: item.message?.time, strings: s });
  return template;
}

/** The rows `start`…`end` of a thread (the windowed part of the log). */
export function renderRows(items: readonly LogItem[], start: number, end: number, s: SignalChatStrings): unknown {
  return repeat(
    items.slice(start, end),
    (item) => item.key,
    (item, i) => row(item, start + i, s),
  );
}
