import { html, type TemplateResult } from 'lit';
import { renderBadge } from './render-participants.js';
import type { SignalChatStrings } from './strings.js';

export interface Tab {
  /** Thread key. */
  key: string;
  label: string;
  private: boolean;
  /** Unread messages (absent: none yet). */
  unread?: number | undefined;
  /** Of those, the ones that mention this user. */
  mentionCount?: number | undefined;
}

const lock = html`<svg width="12" height="12" viewBox="0 0 16 16" aria-hidden="true"><path fill="currentColor" d="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7zm2 0h4V5a2 2 0 1 0-4 0z"/></svg>`;

/**
 * One tab per channel, then one per open private thread; arrow keys move between them.
 * `select` shows a thread (and focuses its tab when asked to: the arrow keys do).
 */
export function renderTabs(tabs: Tab[], active: string, s: SignalChatStrings, select: (key: string, focus: boolean) => void): TemplateResult {
  const keydown = (e: KeyboardEvent) => {
    const n = tabs.length;
    const i = tabs.findIndex((t) => t.key === active);
    // The right arrow goes forward, unless the tabs run right to left; both wrap around.
    const forward = getComputedStyle(e.currentTarget as Element).direction === 'rtl' ? -1 : 1;
    const next = ({ ArrowRight: i + forward, ArrowLeft: i - forward, Home: 0, End: n - 1 } as Record<string, number>)[e.key];
    const tab = next === undefined ? undefined : tabs[(next + n) % n];
    if (!tab) return;
    e.preventDefault();
    select(tab.key, true);
  };
  return html`<div role="tablist" part="tabs" aria-label=${s.channels} @keydown=${keydown}>
    ${tabs.map((t) => {
      const selected = t.key === active;
      return html`<button role="tab" type="button" id=${'tab-' + t.key} part=${selected ? 'tab tab-active' : 'tab'}
        aria-selected=${selected} aria-controls="log" tabindex=${selected ? 0 : -1}
        @click=${() => select(t.key, false)}>
        ${t.private ? html`${lock}<span class="sr-only">${s.privateLabel}</span>` : '#'}${t.label}${renderBadge(t.unread, s)}${renderBadge(t.mentionCount, s, true)}
      </button>`;
    })}
  </div>`;
}
