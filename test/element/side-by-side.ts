/// <reference types="mocha" />
/**
 * The page of the browser suites where several elements talk to each other and what each
 * one has on screen counts (read receipts, unread, notifications).
 */
import type { SignalChat } from '../../src/element/index.js';
import { cleanup, joined, roomUrl, until } from './harness.js';

/** Headless Chromium cannot hide its page: the page's visibility is faked, as a user's switching tabs would set it. */
export function setHidden(hidden: boolean): void {
  if (hidden) Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
  else delete (document as { visibilityState?: unknown }).visibilityState;
  document.dispatchEvent(new Event('visibilitychange'));
}

/**
 * Ann and Bob in a fresh room (`label`), their elements `width` px wide with the
 * attributes `extra` (Bob's with `bobExtra` on top), once each one sees the other.
 */
export async function annAndBob(
  label: string,
  width: number,
  extra: Record<string, string> = {},
  bobExtra: Record<string, string> = {},
): Promise<{ url: string; ann: SignalChat; bob: SignalChat }> {
  const url = await roomUrl(label);
  const ann = await joined(url, 'Ann', extra, width);
  const bob = await joined(url, 'Bob', { ...extra, ...bobExtra }, width);
  await until(() => ann.participants.length === 2 && bob.participants.length === 2, 'Ann and Bob see each other');
  return { url, ann, bob };
}

/**
 * For the describe() it is called in: the elements side by side, so that every element's
 * log is in the page's viewport (seen, not merely received) and within reach of a real
 * click; after each test, the page visible again and the elements gone.
 */
export function sideBySide(): void {
  let layout = '';
  before(() => {
    layout = document.body.style.display;
    document.body.style.display = 'flex';
  });
  after(() => {
    document.body.style.display = layout;
  });
  afterEach(() => {
    setHidden(false);
    cleanup();
  });
}
