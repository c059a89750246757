/**
 * Signals the server has not acknowledged yet, in the order they were made:
 * sent ones waiting for their `ack`, and ones queued while (re)connecting.
 * After a reconnection the whole outbox is sent again in that order, each
 * signal with its first id, so the server delivers none twice.
 */
import type { PreparedSignal, SignalOptions, SignalResult } from './signal-options.js';
import { defer, type Deferred } from './deferred.js';
import type { SignalError } from './signal-error.js';

export interface Pending extends Deferred<SignalResult> {
  readonly id: string;
  readonly signal: PreparedSignal;
  readonly options: SignalOptions;
  /** The ack timeout, while the signal is on the wire (none while it waits to be sent). */
  timer?: ReturnType<typeof setTimeout> | undefined;
}

export class Outbox {
  readonly #pending = new Map<string, Pending>();
  // Ids only need to be unique per connection; the random part keeps two
  // sessions of one page (or a reloaded one) from looking alike in logs.
  readonly #prefix = Math.random().toString(36).slice(2, 8);
  #count = 0;

  /** A new signal, queued; its `promise` settles with the server's answer. */
  add(signal: PreparedSignal, options: SignalOptions): Pending {
    const id = `${this.#prefix}-${++this.#count}`;
    const entry: Pending = defer({ id, signal, options });
    this.#pending.set(id, entry);
    return entry;
  }

  get(id: string): Pending | undefined {
    return this.#pending.get(id);
  }

  /** Remove and return the signal with this id (its ack or error came). */
  take(id: string): Pending | undefined {
    const entry = this.#pending.get(id);
    if (entry) {
      clearTimeout(entry.timer);
      this.#pending.delete(id);
    }
    return entry;
  }

  /** The socket is gone: nothing is on the wire any more, so no ack can time out. */
  pause(): void {
    for (const entry of this.#pending.values()) clearTimeout(entry.timer);
  }

  /** Every signal, oldest first. */
  values(): Pending[] {
    return [...this.#pending.values()];
  }

  /** Reject every signal with the error `makeError` builds for it, and forget them. */
  rejectAll(makeError: (entry: Pending) => SignalError): void {
    const entries = this.values();
    this.pause();
    this.#pending.clear();
    for (const entry of entries) entry.reject(makeError(entry));
  }
}
