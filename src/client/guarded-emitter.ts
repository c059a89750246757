/**
 * An EventEmitter whose listeners cannot break one another: a listener that
 * throws does not stop the listeners after it, nor the session's own handling
 * of the frame that raised the event (the `signal:<type>` event after
 * `signal`, the peers announced after `sessionConnected`). This is how DOM
 * events behave, and what an embed needs: one page script's faulty handler
 * must not make `<signal-chat>`, listening on the same session, miss a
 * message.
 *
 * The error is not swallowed: it is reported as an uncaught error would be,
 * through `reportError` where there is one (the page's `error` event and
 * console), and otherwise thrown from a fresh task (Node's
 * `uncaughtException`, as a throwing listener of a Node emitter would).
 */
import { EventEmitter } from 'eventemitter3';

type Listener = (...args: never[]) => unknown;

function report(error: unknown): void {
  const reportError = (globalThis as { reportError?: (error: unknown) => void }).reportError;
  if (typeof reportError === 'function') reportError(error);
  else
    setTimeout(() => {
      throw error;
    });
}

/** One guard per listener function, so `off(event, fn)` finds what `on(event, fn)` added. */
const guards = new WeakMap<Listener, Listener>();

function guarded<F extends Listener>(fn: F): F {
  let guard = guards.get(fn);
  if (!guard) {
    guard = function (this: unknown, ...args: never[]): unknown {
      try {
        return fn.apply(this, args);
      } catch (error) {
        report(error);
        return undefined;
      }
    };
    guards.set(fn, guard);
  }
  return guard as F;
}

const guardOf = <F extends Listener>(fn: F | undefined): F | undefined => (fn && (guards.get(fn) as F | undefined)) ?? fn;

export class GuardedEmitter<Events extends EventEmitter.ValidEventTypes> extends EventEmitter<Events> {
  override on<T extends EventEmitter.EventNames<Events>>(event: T, fn: EventEmitter.EventListener<Events, T>, context?: unknown): this {
    return super.on(event, guarded(fn), context);
  }

  override addListener<T extends EventEmitter.EventNames<Events>>(event: T, fn: EventEmitter.EventListener<Events, T>, context?: unknown): this {
    return super.addListener(event, guarded(fn), context);
  }

  override once<T extends EventEmitter.EventNames<Events>>(event: T, fn: EventEmitter.EventListener<Events, T>, context?: unknown): this {
    return super.once(event, guarded(fn), context);
  }

  override off<T extends EventEmitter.EventNames<Events>>(event: T, fn?: EventEmitter.EventListener<Events, T>, context?: unknown, once?: boolean): this {
    return super.off(event, guardOf(fn), context, once);
  }

  override removeListener<T extends EventEmitter.EventNames<Events>>(
    event: T,
    fn?: EventEmitter.EventListener<Events, T>,
    context?: unknown,
    once?: boolean,
  ): this {
    return super.removeListener(event, guardOf(fn), context, once);
  }
}
