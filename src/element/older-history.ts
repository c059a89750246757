/**
 * Older history on demand: when the reader comes near the top of the log (or presses
 * "Load older messages" there, for a thread too short to scroll), the next page of the
 * room's older signals comes from `session.history()` and goes to the top of its
 * threads, while log-controller.ts keeps in view what was in view. The relay keeps one
 * log per room, so one cursor (the oldest seq seen) serves every thread and the end of
 * it is the end for all. Sessions without `history()` (OpenVidu's, OpenTok's) show
 * nothing of this.
 */
import { html, nothing, type ReactiveController } from 'lit';
import type { ChatContext } from './chat-context.js';
import type { MessageRow } from './chat-store.js';
import { focusSoon } from './log-controller.js';
import type { Messenger } from './messenger.js';
import type { SessionLike, SignalEventLike } from './session-like.js';
import type { SignalChatStrings } from './strings.js';

/** Signals per page: the relay's cap, so that 5,000 messages take 25 round trips. */
const PAGE_SIZE = 200;
/**
 * Pages fetched in a row on their own (the reader staying near the top) that bring no
 * message of the thread shown: after these, the button asks before going on, so a
 * quiet thread in a busy room does not walk the whole log by itself.
 */
const EMPTY_PAGES = 3;

type HistoryPager = (options: { before?: number; limit?: number }) => Promise<{ signals: SignalEventLike[]; more: boolean }>;

/** What the older-history pager needs of the element's connection. */
export interface PagerLink {
  readonly session: SessionLike | undefined;
  readonly state: string;
  readonly messenger: Messenger;
  /** The lowest seq of any signal received so far (Infinity before the first). */
  oldestSeq: number;
}

export class OlderHistory implements ReactiveController {
  /** `idle` (older pages may exist), `loading`, or `done` (the relay keeps nothing older). */
  phase: 'idle' | 'loading' | 'done' = 'idle';
  /** Pages in a row that brought nothing to the thread shown, and that thread's key. */
  #empty = 0;
  #shown = '';

  readonly #ctx: ChatContext;
  readonly #link: PagerLink;

  constructor(ctx: ChatContext, link: PagerLink) {
    this.#ctx = ctx;
    this.#link = link;
    ctx.host.addController(this);
  }

  /** The session has `history()` (ours does; OpenVidu's and OpenTok's do not). */
  get #pages(): boolean {
    return typeof (this.#link.session as { history?: unknown } | undefined)?.history === 'function';
  }

  /** Another room: its history is unknown. */
  reset(): void {
    this.phase = 'idle';
    this.#empty = 0;
    this.#link.oldestSeq = Infinity;
  }

  /** Near the top after an update (a scroll, a page that did not fill the view): fetch on. */
  hostUpdated(): void {
    const shown = this.#ctx.activeKey();
    if (shown !== this.#shown) {
      this.#shown = shown;
      this.#empty = 0;
    }
    if (this.#ctx.log.nearTop && this.#empty < EMPTY_PAGES) void this.load();
  }

  /** The button: the reader asks, however many pages brought nothing. */
  #ask = (): void => {
    this.#empty = 0;
    void this.load();
  };

  async load(): Promise<void> {
    const session = this.#link.session as { history: HistoryPager } | undefined;
    const before = this.#link.oldestSeq;
    if (!this.#pages || this.phase !== 'idle' || this.#link.state !== 'connected' || !(before > 1 && before < Infinity)) return;
    const { host, store, log } = this.#ctx;
    this.phase = 'loading';
    host.requestUpdate();
    let page;
    try {
      page = await session!.history({ before, limit: PAGE_SIZE });
    } catch {
      // Rate limited, timed out, or the connection dropped: the next scroll tries again.
      if (this.phase === 'loading') this.phase = 'idle';
      return host.requestUpdate();
    }
    if (session !== this.#link.session || this.phase !== 'loading') return;
    const shown = store.thread(this.#ctx.activeKey());
    const height = shown.total;
    const rows: Array<[string, MessageRow]> = [];
    for (const e of page.signals) {
      if (typeof e.seq === 'number' && e.seq < this.#link.oldestSeq) this.#link.oldestSeq = e.seq;
      this.#link.messenger.receive(e, (thread, row) => rows.push([thread, row]));
    }
    store.prependOlder(rows);
    const added = shown.total - height;
    this.#empty = added > 0 ? 0 : this.#empty + 1;
    this.phase = page.more && page.signals.length > 0 ? 'idle' : 'done';
    // The button had the focus and goes: the log takes it, not the page's body.
    if (this.phase === 'done' && host.shadowRoot?.activeElement?.closest('.older')) {
      focusSoon(host, '.log');
    }
    log.grew(added);
  }

  /**
   * The line at the top of the log: nothing for a session that cannot page, nor before
   * the first signal (a room with none has nothing older either); the end at once when
   * that signal was the room's first (seq 1).
   */
  olderLine(s: SignalChatStrings): unknown {
    const oldest = this.#link.oldestSeq;
    if (!this.#pages || oldest === Infinity) return nothing;
    const phase = oldest > 1 ? this.phase : 'done';
    return html`<div class="older" part="older">${phase === 'done'
      ? s.noOlder
      : html`<button type="button" aria-disabled=${phase === 'loading'} @click=${this.#ask}>${phase === 'loading' ? s.loadingOlder : s.loadOlder}</button>`}</div>`;
  }
}
