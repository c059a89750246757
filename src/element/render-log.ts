import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { LogItem } from './chat-store.js';
import { linkify } from './linkify.js';
import { format, type SignalChatStrings } from './strings.js';

let clock: Intl.DateTimeFormat | undefined;
const timeOf = (t: number): string => (clock ??= new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })).format(t);

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

/** The rows `start`…`end` of a thread (the windowed part of the log). */
export function renderRows(items: readonly LogItem[], start: number, end: number, s: SignalChatStrings): unknown {
  return repeat(
    items.slice(start, end),
    (item) => item.key,
    (item, i) => renderRow(item, start + i, s),
  );
}
