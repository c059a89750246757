/**
 * What the reader has had on screen: the latest message of the shown thread that is in
 * the log's viewport, while the page is visible (Page Visibility) and the log is in the
 * page's viewport (IntersectionObserver). Merely receiving a message, in a hidden tab or
 * in an element scrolled out of the page, is not seeing it.
 *
 * Checked after each update (a message, a scroll, a thread switched: each renders), when
 * the page becomes visible and when the log comes into view. The rows checked are the
 * windowed ones in the DOM (windowing.ts), from the end: a few dozen at most.
 */
import type { ReactiveController } from 'lit';
import type { LogItem, MessageRow } from './chat-store.js';
import type { LogHost } from './log-controller.js';

export class SeenController implements ReactiveController {
  #observer: IntersectionObserver | undefined;
  #inView = false;

  readonly #host: LogHost;
  readonly #shown: () => { key: string; items: readonly LogItem[] };
  readonly #seen: (key: string, item: MessageRow) => void;
  /** The page goes away or is hidden: a chance to save. */
  readonly #leaving: () => void;

  constructor(host: LogHost, shown: () => { key: string; items: readonly LogItem[] }, seen: (key: string, item: MessageRow) => void, leaving: () => void) {
    this.#host = host;
    this.#shown = shown;
    this.#seen = seen;
    this.#leaving = leaving;
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.#onVisibility);
    addEventListener('pagehide', this.#leaving);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.#onVisibility);
    removeEventListener('pagehide', this.#leaving);
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#inView = false;
    this.#leaving();
  }

  hostUpdated(): void {
    if (!this.#observer) {
      const log = this.#host.renderRoot.querySelector('.log');
      if (!log || typeof IntersectionObserver !== 'function') return;
      this.#observer = new IntersectionObserver((entries) => {
        this.#inView = entries.at(-1)?.isIntersecting ?? false;
        this.check();
      });
      this.#observer.observe(log);
    }
    this.check();
  }

  #onVisibility = (): void => {
    if (document.visibilityState === 'visible') this.check();
    else this.#leaving();
  };

  /** Reports the latest message of the shown thread on screen now, if any. */
  check(): void {
    if (!this.#inView || document.visibilityState !== 'visible') return;
    const log = this.#host.renderRoot.querySelector<HTMLElement>('.log');
    const rows = log?.querySelector('.rows')?.children as HTMLCollectionOf<HTMLElement> | undefined;
    if (!log || !rows) return;
    const { key, items } = this.#shown();
    const top = log.scrollTop;
    const bottom = top + log.clientHeight;
    for (let i = rows.length - 1; i >= 0; i--) {
      const row = rows[i]!;
      // Offsets are within the log (it is the rows' positioned ancestor), as log-controller.ts measures them.
      if (row.offsetTop + row.offsetHeight <= top) return;
      const item = items[Number(row.dataset['i'])];
      if (item?.kind === 'message' && row.offsetTop < bottom) return this.#seen(key, item);
    }
  }
}
