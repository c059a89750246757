/**
 * A small harness for driving <signal-chat> in the browser tests: put elements on the
 * page, wait for conditions, read the shadow DOM, assert without a library.
 */
import '../../src/element/define.js';
import type { SignalChat } from '../../src/element/index.js';
import { relayUrls } from '../support/relay-urls.js';
import { roomName } from '../support/rooms.js';
import { until } from '../support/wait.js';
export { assert, deepEqual, equal } from '../support/assert.js';
export { roomName } from '../support/rooms.js';
export { until } from '../support/wait.js';

const placed: Element[] = [];

/** The WebSocket URL of a fresh room on the test relay. */
export async function roomUrl(label: string): Promise<string> {
  const { ws } = await relayUrls();
  return `${ws}/rooms/${roomName(label)}`;
}

/** Creates `<signal-chat>` with these attributes in a container of `width` px, and waits for its first render. */
export async function chat(attributes: Record<string, string>, width = 720): Promise<SignalChat> {
  const box = document.createElement('div');
  box.style.inlineSize = `${width}px`;
  const el = document.createElement('signal-chat');
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
  box.append(el);
  document.body.append(box);
  placed.push(box);
  await el.updateComplete;
  return el;
}

/** Creates an element in a room and waits until it is connected. */
export async function joined(url: string, name: string, extra: Record<string, string> = {}, width?: number): Promise<SignalChat> {
  const el = await chat({ url, name, ...extra }, width);
  await until(() => el.state === 'connected', `${name} connected`);
  return el;
}

/** Removes every element the tests placed (they disconnect as they leave). */
export function cleanup(): void {
  for (const el of placed.splice(0)) el.remove();
}


/** The next `name` event on `target`. */
export function nextEvent<K extends keyof HTMLElementEventMap>(target: EventTarget, name: K, ms = 5000): Promise<HTMLElementEventMap[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${name} event within ${ms} ms`)), ms);
    target.addEventListener(
      name,
      (e) => {
        clearTimeout(timer);
        resolve(e as HTMLElementEventMap[K]);
      },
      { once: true },
    );
  });
}

/** Records every DOM event of the given names on `target` (the session-event twin is `record` in test/client/support/events.ts). */
export function recordDomEvents(target: EventTarget, names: string[]): Array<{ type: string; detail: any; event: CustomEvent }> {
  const log: Array<{ type: string; detail: any; event: CustomEvent }> = [];
  for (const n of names) target.addEventListener(n, (e) => log.push({ type: n, detail: (e as CustomEvent).detail, event: e as CustomEvent }));
  return log;
}

export const $ = <T extends Element = HTMLElement>(el: SignalChat, selector: string): T | null =>
  el.shadowRoot!.querySelector<T>(selector);
export const $$ = <T extends Element = HTMLElement>(el: SignalChat, selector: string): T[] =>
  [...el.shadowRoot!.querySelectorAll<T>(selector)];

/** Texts of the message rows currently in the log. */
export const logTexts = (el: SignalChat): string[] => $$(el, '.log .row .text').map((n) => n.textContent ?? '');
/** Texts of the system lines currently in the log. */
export const systemLines = (el: SignalChat): string[] => $$(el, '.log .row.sys').map((n) => n.textContent ?? '');
/** Labels of the tabs, badge text left out. */
export const tabLabels = (el: SignalChat): string[] => $$(el, '[role=tab]').map((t) => [...t.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim());
export const tab = (el: SignalChat, label: string): HTMLElement => {
  const found = $$(el, '[role=tab]').find((t) => t.textContent?.includes(label));
  if (!found) throw new Error(`no tab '${label}' in ${JSON.stringify(tabLabels(el))}`);
  return found;
};
/** What one's latest message shows under it ('' when nothing): its text but what only screen readers get. */
export function receipt(el: SignalChat): string {
  const line = $(el, '[part=receipt]');
  return line ? line.textContent!.replace(line.querySelector('.sr-only')!.textContent!, '') : '';
}
/** The unread count a tab's badge shows, 0 without a badge. */
export const badge = (node: Element): number => Number(node.querySelector('.badge [aria-hidden]')?.textContent ?? 0);

/** Types `text` into the composer and presses Enter, as a user would. */
export async function typeAndEnter(el: SignalChat, text: string): Promise<void> {
  const area = $<HTMLTextAreaElement>(el, 'textarea')!;
  area.focus();
  area.value = text;
  area.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  area.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true }));
  await el.updateComplete;
}


