import { html, nothing, type TemplateResult } from 'lit';
import { renderBadge } from './render-participants.js';
import type { SignalChatStrings } from './strings.js';

export interface Tab {
  /** Thread key. */
  key: string;
  label: string;
  private: boolean;
  unread: number;
}

export interface TabsView {
  tabs: Tab[];
  active: string;
  strings: SignalChatStrings;
  select: (key: string, focus: boolean) => void;
}

const lock = html`<svg width="12" height="12" viewBox="0 0 16 16" aria-hidden="true"><path fill="currentColor" d="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7zm2 0h4V5a2 2 0 1 0-4 0z"/></svg>`;

/** One tab per channel, then one per open private thread; arrow keys move between them. */
export function renderTabs(v: TabsView): TemplateResult {
  const keydown = (e: KeyboardEvent) => {
    const i = v.tabs.findIndex((t) => t.key === v.active);
    const rtl = getComputedStyle(e.currentTarget as Element).direction === 'rtl';
    const step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[e.key];
    let next: number | undefined;
    if (step) next = (i + step + v.tabs.length) % v.tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = v.tabs.length - 1;
    const tab = next === undefined ? undefined : v.tabs[next];
    if (!tab) return;
    e.preventDefault();
    v.select(tab.key, true);
  };
  return html`<div role="tablist" part="tabs" aria-label=${v.strings.channels} @keydown=${keydown}>
    ${v.tabs.map((t) => {
      const selected = t.key === v.active;
      return html`<button role="tab" type="button" id=${'tab-' + t.key} part=${selected ? 'tab tab-active' : 'tab'}
        aria-selected=${selected ? 'true' : 'false'} aria-controls="log" tabindex=${selected ? 0 : -1}
        @click=${() => v.select(t.key, false)}>
        ${t.private ? html`${lock}<span class="sr-only">${v.strings.privateLabel}</span>` : '#'}${t.label}${t.unread ? renderBadge(t.unread, v.strings) : nothing}
      </button>`;
    })}
  </div>`;
}
