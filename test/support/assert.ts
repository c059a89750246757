/**
 * Assertions that run in Node and in the browser alike (the browser has no
 * node:assert), so a scenario is written once. One behaviour per name, as in
 * node:assert: `equal` is `Object.is`, `deepEqual` compares plain data.
 */
import { SignalError } from '../../src/client/index.js';

function show(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

const label = (what: string): string => (what ? `${what}: ` : '');

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

export function ok(value: unknown, what: string): asserts value {
  if (!value) throw new Error(`${label(what)}expected a truthy value, got ${show(value)}`);
}

/** The same value (`Object.is`): for primitives, and for objects that must be the very same one. */
export function equal<T>(actual: T, expected: T, what = ''): void {
  if (!Object.is(actual, expected)) throw new Error(`${label(what)}expected ${show(expected)}, got ${show(actual)}`);
}

export function notEqual<T>(actual: T, unexpected: T, what = ''): void {
  if (Object.is(actual, unexpected)) throw new Error(`${label(what)}expected anything but ${show(unexpected)}`);
}

/** Equal plain data (what JSON can hold), key order included. */
export function deepEqual(actual: unknown, expected: unknown, what = ''): void {
  if (show(actual) !== show(expected)) throw new Error(`${label(what)}expected ${show(expected)}, got ${show(actual)}`);
}

/** Awaits a promise that must reject with a SignalError named `name`; returns the error. */
export async function rejectsWith(promise: Promise<unknown>, name: string, what: string): Promise<SignalError> {
  let outcome: unknown;
  try {
    outcome = await promise;
  } catch (error) {
    if (!(error instanceof SignalError)) throw new Error(`${what}: expected a SignalError, got ${String(error)}`);
    if (error.name !== name) throw new Error(`${what}: expected ${name}, got ${error.name} (${error.message})`);
    return error;
  }
  throw new Error(`${what}: expected a rejection with ${name}, but it resolved with ${show(outcome)}`);
}

/** Strictly increasing numbers. */
export function increasing(values: ReadonlyArray<number | undefined>, what: string): void {
  for (let i = 1; i < values.length; i++) {
    const before = values[i - 1];
    const after = values[i];
    if (before === undefined || after === undefined || after <= before) {
      throw new Error(`${what}: expected strictly increasing numbers, got ${show(values)}`);
    }
  }
}
