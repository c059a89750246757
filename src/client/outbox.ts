/**
 * Everything waiting for the server's answer, by id, in the order it was made: signals (sent
 * ones waiting for their `ack`, and ones queued while (re)connecting) and requests (a kick
 * waiting for its peer's `peer_left`, a history page gathering its signals until its
 * `history` frame). One id space, one place that settles them, whatever the answer: an
 * ack, an error frame, a timeout or the end of the session.
 * After a reconnection the signals are sent again in their order, each with its first id,
 * so the server delivers none twice; a request is not (the server forgot it with the old
 * socket: it runs on to its timeout).
 */
import type { ClientFrame } from '../protocol/frames.js';
import { defer, type Deferred } from './deferred.js';
import type { SignalEvent } from './events.js';
import { SignalError } from './signal-error.js';
import type { SignalOptions } from './signal-options.js';

export interface Pending extends Deferred<never> {
  readonly id: string;
  /** The frame that goes on the wire, with this id. */
  readonly frame: ClientFrame;
  /** A signal's: the options given to `signal()`. A request has none. */
  readonly options?: SignalOptions | undefined;
  /** A kick's: the peer whose `peer_left` answers it. */
  readonly peer?: string | undefined;
  /** A history request's: the page's signals, as they come. */
  readonly signals?: SignalEvent[] | undefined;
  /** The answer's deadline, while on the wire (a signal has none while it waits to be sent). */
  timer?: ReturnType<typeof setTimeout> | undefined;
}

type Fields = Omit<Pending, keyof Deferred<never> | 'id' | 'frame' | 'timer'>;

export class Outbox extends Map<string, Pending> {
  // Ids only need to be unique per connection; the random part keeps two
  // sessions of one page (or a reloaded one) from looking alike in logs.
  readonly #prefix = Math.random().toString(36).slice(2, 8);
  #count = 0;

  /** A new signal or request: its `frame` gets an id; its `promise` settles with the answer. */
  add(frame: Omit<ClientFrame, 'id'>, fields: Fields): Pending {
    const id = `${this.#prefix}-${++this.#count}`;
    const entry: Pending = defer({ ...fields, id, frame: { ...frame, id } as ClientFrame });
    this.set(id, entry);
    return entry;
  }

  /**
   * Settle and forget what waits under `id`: rejected when `outcome` is a SignalError,
   * else resolved with it. Returns it; undefined when nothing waits under that id.
   */
  answer(id: string, outcome?: unknown): Pending | undefined {
    const entry = this.get(id);
    if (entry) {
      clearTimeout(entry.timer);
      this.delete(id);
      if (outcome instanceof SignalError) entry.reject(outcome);
      else entry.resolve(outcome as never);
    }
    return entry;
  }

  /** The socket is gone: no signal is on the wire any more, so no ack can time out. */
  pause(): void {
    for (const entry of this.values()) if (entry.options) clearTimeout(entry.timer);
  }

  /** Reject everything with `cause`'s code and message (and each signal's options). */
  rejectAll(cause: SignalError): void {
    for (const entry of this.values()) this.answer(entry.id, new SignalError(cause.name, cause.message, entry.options));
  }
}
