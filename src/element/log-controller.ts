/**
 * The log's scrolling: which rows of the shown thread to render (windowing.ts), their
 * heights measured after each update (`hostUpdated`), following the end while the
 * reader is there, holding the row in view still while they read further up (older
 * history arriving above it), and counting what arrives meanwhile.
 */
import type { ReactiveController } from 'lit';
import type { ChatHost } from './chat-context.js';
import type { Thread } from './chat-store.js';
import { coversViewport, rowHeight, rowWindow, spacing, type RowWindow } from './windowing.js';

/** Within this distance from the end, px, the log counts as scrolled to the bottom. */
const PIN_SLACK_PX = 32;

/** Focuses what `selector` finds in `host` once the update under way is rendered. */
export function focusSoon(host: Pick<ChatHost, 'renderRoot' | 'updateComplete'>, selector: string): void {
  void host.updateComplete.then(() => host.renderRoot.querySelector<HTMLElement>(selector)?.focus());
}

export class LogController implements ReactiveController {
  /** The log is scrolled to its end and follows new messages. */
  pinned = true;
  /** Messages that arrived in the shown thread while scrolled up. */
  fresh = 0;
  #scrollTop = 0;
  #viewport = 0;
  /**
   * While scrolled up: the row at the top of the view before an update and its distance
   * below the view's top, px. Put back after the update, so that rows added or measured
   * above it (older history, estimates corrected) do not move what is being read.
   */
  #anchor: [HTMLElement, number] | undefined;

  readonly #host: ChatHost;
  /** The thread shown now. */
  readonly #shown: () => Thread;

  constructor(host: ChatHost, shown: () => Thread) {
    this.#host = host;
    this.#shown = shown;
    host.addController(this);
  }

  /** The rows of the shown thread to render, for the scroll position known now. */
  window(): RowWindow {
    const thread = this.#shown();
    return rowWindow(thread.items, thread.total, this.#scrollTop, this.#viewport, this.pinned);
  }

  /** Scrolled up, within a view's height of the top: time to fetch older history. */
  get nearTop(): boolean {
    return !this.pinned && this.#scrollTop < this.#viewport;
  }

  /** Rows of `px` in all went in above the view (older history): the window follows them. */
  grew(px: number): void {
    if (!this.pinned) this.#scrollTop += px;
    this.#host.requestUpdate();
  }

  /** Before each update, while scrolled up: which row is at the top of the view (a message rather than a line). */
  hostUpdate(): void {
    this.#anchor = undefined;
    const log = this.#host.renderRoot.querySelector<HTMLElement>('.log');
    if (this.pinned || !log) return;
    const top = log.scrollTop;
    const bottom = top + log.clientHeight;
    for (const row of log.querySelectorAll<HTMLElement>('.rows > .row')) {
      const y = row.offsetTop;
      if (y >= bottom) break;
      if (y + row.offsetHeight <= top) continue;
      this.#anchor ??= [row, y - top];
      if (row.classList.contains('m')) {
        this.#anchor = [row, y - top];
        break;
      }
    }
  }

  /** After each update: measure the rows shown, keep the log pinned to its end. */
  hostUpdated(): void {
    const log = this.#host.renderRoot.querySelector<HTMLElement>('.log');
    const rows = log?.querySelector<HTMLElement>('.rows');
    if (!log || !rows) return;
    const thread = this.#shown();
    const items = thread.items;
    // The window render() used: nothing it depends on has changed since.
    const shown = this.window();
    let shiftAbove = 0;
    for (const row of rows.children as HTMLCollectionOf<HTMLElement>) {
      const item = items[Number(row.dataset['i'])];
      if (!item) continue;
      const h = row.offsetHeight + 2; // + its 1px block margins
      if (item.h === h) continue;
      // A row above the viewport that turned out taller or shorter moves what is in view.
      if (row.offsetTop + row.offsetHeight <= log.scrollTop) shiftAbove += h - (item.h ?? h);
      thread.total += h - rowHeight(item);
      item.h = h;
    }
    const { before, after } = spacing(items, thread.total, shown.start, shown.end);
    // Top and bottom: the log scrolls vertically, whatever the direction of its text.
    rows.style.padding = `${before}px 0 ${after}px`;
    this.#viewport = log.clientHeight;
    const anchor = this.#anchor;
    if (this.pinned) log.scrollTop = log.scrollHeight;
    else if (anchor?.[0].isConnected) {
      const want = anchor[0].offsetTop - anchor[1];
      // Only a real change: writing scrollTop would stop a scroll the reader has going.
      if (Math.abs(want - log.scrollTop) >= 1) log.scrollTop = want;
    } else if (shiftAbove) log.scrollTop += shiftAbove;
    this.#scrollTop = log.scrollTop;
    // Measuring changes the estimates, and so the window; render again only when rows in
    // view are missing. The overscan catches up with the next update (a message, a
    // scroll), which saves the burst of re-renders a large history would cause.
    if (!coversViewport(shown, items, thread.total, this.#scrollTop, this.#viewport, this.pinned)) this.#host.requestUpdate();
  }

  onScroll = (e: Event): void => {
    const log = e.currentTarget as HTMLElement;
    const scrollTop = log.scrollTop;
    const viewport = log.clientHeight;
    const pinned = log.scrollHeight - scrollTop - viewport <= PIN_SLACK_PX;
    const fresh = pinned ? 0 : this.fresh;
    // The scroll hostUpdated made itself (to follow the end) changes nothing: no update.
    if (scrollTop === this.#scrollTop && viewport === this.#viewport && pinned === this.pinned && fresh === this.fresh) return;
    this.#scrollTop = scrollTop;
    this.#viewport = viewport;
    this.fresh = fresh;
    this.pinned = pinned;
    this.#host.requestUpdate();
  };

  /** Follow the end again (after sending, switching threads, or the "new messages" button). */
  scrollToEnd(focusLog: boolean): void {
    this.pinned = true;
    this.fresh = 0;
    this.#host.requestUpdate();
    if (focusLog) focusSoon(this.#host, '.log');
  }

  /** Scrolls so that row `index` of the shown thread is at the top (a quote's original). */
  scrollToRow(index: number): void {
    // Called from a click in the log: it is there.
    const log = this.#host.renderRoot.querySelector<HTMLElement>('.log')!;
    const thread = this.#shown();
    this.pinned = false;
    log.scrollTop = spacing(thread.items, thread.total, index, index).before;
    // The scroll event brings the window there; this render puts the rows in.
    this.#scrollTop = log.scrollTop;
    this.#host.requestUpdate();
  }

  /** Something was added; in the shown thread, while scrolled up, a message counts for the button. */
  noteNew(shown: boolean, counts: boolean): void {
    if (shown && !this.pinned && counts) this.fresh += 1;
    this.#host.requestUpdate();
  }
}
