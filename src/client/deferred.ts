/**
 * An object that also carries a promise and the functions that settle it: a join waiting
 * for `joined`, a request waiting for its answer, a signal waiting for its `ack`.
 */
import type { SignalError } from './signal-error.js';

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: SignalError): void;
}

/** `target`, given a `promise` and the `resolve` and `reject` that settle it. */
export function defer<T, O extends object>(target: O): O & Deferred<T> {
  const deferred = target as O & Deferred<T>;
  deferred.promise = new Promise<T>((resolve, reject) => Object.assign(deferred, { resolve, reject }));
  return deferred;
}
