/**
 * The session's event emitter, with eventemitter3's API (`on`/`addListener`,
 * `once`, `off`/`removeListener` with its optional `context` and `once`
 * filters, `removeAllListeners`, `emit`, `listeners`, `listenerCount`,
 * `eventNames`; the adders and removers return `this`), typed by an event map
 * of argument tuples. Ours rather than a dependency: the whole of it is a
 * fraction of the library's size in the classic script's budget.
 *
 * Its listeners cannot break one another: a listener that throws does not
 * stop the listeners after it, nor the session's own handling of the frame
 * that raised the event (the `signal:<type>` event after `signal`, the peers
 * announced after `sessionConnected`). This is how DOM events behave, and
 * what an embed needs: one page script's faulty handler must not make
 * `<signal-chat>`, listening on the same session, miss a message.
 *
 * The error is not swallowed: it is reported as an uncaught error would be,
 * through `reportError` where there is one (the page's `error` event and
 * console), and otherwise thrown from a fresh task (Node's
 * `uncaughtException`, as a throwing listener of a Node emitter would).
 *
 * As in eventemitter3, an `emit` runs the listeners there were when it began
 * (one added meanwhile waits for the next), each with `this` set to its
 * `context` (default: the emitter).
 */

/** An event map: each event's name to the arguments its listeners get. */
type Names<Events> = keyof Events & (string | symbol);
type Args<Events, K extends keyof Events> = Events[K] extends unknown[] ? Events[K] : never;
export type EventListener<Events, K extends keyof Events> = (...args: Args<Events, K>) => void;

type Listener = (...args: never[]) => unknown;
/** One registration: the function as given (so `off(fn)` finds it), its `this`, and whether it runs once. */
type Entry = [fn: Listener, context: unknown, once: boolean];

function report(error: unknown): void {
  const reportError = (globalThis as { reportError?: (error: unknown) => void }).reportError;
  if (typeof reportError === 'function') reportError(error);
  else
    setTimeout(() => {
      throw error;
    });
}

export class GuardedEmitter<Events extends object> {
  /** Each event's registrations, in order; replaced (never changed in place) so a running `emit` keeps its list. */
  #events = new Map<PropertyKey, Entry[]>();

  /** The registrations of `event`, none when it has none. */
  #list(event: PropertyKey): Entry[] {
    return this.#events.get(event) ?? [];
  }

  #add(event: PropertyKey, fn: Listener, context: unknown, once: boolean): this {
    this.#events.set(event, [...this.#list(event), [fn, context, once]]);
    return this;
  }

  on<K extends Names<Events>>(event: K, fn: EventListener<Events, K>, context?: unknown): this {
    return this.#add(event, fn, context, false);
  }

  addListener<K extends Names<Events>>(event: K, fn: EventListener<Events, K>, context?: unknown): this {
    return this.#add(event, fn, context, false);
  }

  once<K extends Names<Events>>(event: K, fn: EventListener<Events, K>, context?: unknown): this {
    return this.#add(event, fn, context, true);
  }

  /**
   * Remove every registration of `fn` for `event` (only those with this `context`
   * when one is given, only `once` ones when `once` is true); without `fn`, all of them.
   */
  off<K extends Names<Events>>(event: K, fn?: EventListener<Events, K>, context?: unknown, once?: boolean): this {
    this.#keep(event, ([f, c, o]) => fn && (f !== fn || (once && !o) || (context !== undefined && c !== context)));
    return this;
  }

  removeListener<K extends Names<Events>>(event: K, fn?: EventListener<Events, K>, context?: unknown, once?: boolean): this {
    return this.off(event, fn, context, once);
  }

  /** Remove the listeners of `event`, or of every event. */
  removeAllListeners(event?: Names<Events>): this {
    if (event === undefined) this.#events.clear();
    else this.#events.delete(event);
    return this;
  }

  /** Run the listeners of `event` with `args`; true when it had any. */
  emit<K extends Names<Events>>(event: K, ...args: Args<Events, K>): boolean {
    const entries = this.#list(event);
    for (const entry of entries) {
      const [fn, context, once] = entry;
      if (once) this.#keep(event, (e) => e !== entry);
      try {
        fn.apply(context ?? this, args as never[]);
      } catch (error) {
        report(error);
      }
    }
    return entries.length > 0;
  }

  /** Keep the registrations of `event` that `keep` accepts; an event left with none is forgotten. */
  #keep(event: PropertyKey, keep: (entry: Entry) => unknown): void {
    const kept = this.#list(event).filter(keep);
    if (kept.length) this.#events.set(event, kept);
    else this.#events.delete(event);
  }

  /** The listener functions of `event`, as they were added, in order. */
  listeners<K extends Names<Events>>(event: K): Array<EventListener<Events, K>> {
    return this.#list(event).map(([fn]) => fn as EventListener<Events, K>);
  }

  listenerCount(event: Names<Events>): number {
    return this.#list(event).length;
  }

  /** The events that have listeners. */
  eventNames(): Array<Names<Events>> {
    return [...this.#events.keys()] as Array<Names<Events>>;
  }
}
