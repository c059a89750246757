/**
 * Fires `signal-chat-message` events in order without blocking the page. A history
 * arrives in bulk: its events fire after it is on screen, a few milliseconds' worth per
 * task, so a 10,000-message history neither delays its own first paint nor holds up
 * the page; a live message fires at once unless others are still waiting, and then
 * waits its turn behind them.
 */

/** How long one task may spend firing queued events, ms. */
const SLICE_MS = 8;

export class EventPump<T> {
  #queue: T[] = [];
  #next = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  readonly #emit: (item: T) => void;

  constructor(emit: (item: T) => void) {
    this.#emit = emit;
  }

  /** Fires `item` now when `now` allows it and nothing waits, else after what waits. */
  push(item: T, now: boolean): void {
    if (now && this.#next === this.#queue.length) {
      this.#emit(item);
      return;
    }
    this.#queue.push(item);
    this.#timer ??= setTimeout(() => this.#drain(), 0);
  }

  #drain(): void {
    this.#timer = undefined;
    const until = performance.now() + SLICE_MS;
    while (this.#next < this.#queue.length && performance.now() < until) this.#emit(this.#queue[this.#next++]!);
    if (this.#next < this.#queue.length) this.#timer = setTimeout(() => this.#drain(), 0);
    else {
      this.#queue = [];
      this.#next = 0;
    }
  }
}
