/**
 * Everything waiting for the server's answer, by id, in the order it was made: signals (sent
 * ones waiting for their `ack`, and ones queued while (re)connecting) and requests (a kick
 * waiting for its peer's `peer_left`, a history page gathering its signals until its
 * `history` frame). One id space; the session settles each in one place (`#answer`),
 * whatever the answer: an ack, an error frame, a timeout or the end of the session.
 * After a reconnection the signals are sent again in their order, each with its first id,
 * so the server delivers none twice; a request is not (the server forgot it with the old
 * socket: it runs on to its timeout).
 */
import type { ClientFrame } from '../protocol/frames.js';
import { defer, type Deferred } from './deferred.js';
import type { SignalEvent } from './events.js';
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
}
