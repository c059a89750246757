/// <reference types="mocha" />
// A message's action menu on a touch screen: a finger held on the message opens it.
// Touches are PointerEvents of pointerType 'touch', as Chromium sends them.
import type { SignalChat } from '../../src/element/index.js';
import { $, $$, assert, cleanup, equal, joined, logTexts, roomUrl, until } from './harness.js';

/** The text of Ann's message "hello all" in `el`'s log: where the finger goes. */
const textOf = (el: SignalChat): HTMLElement => {
  const text = $$(el, '.log .row.m .text').find((t) => t.textContent?.includes('hello all'));
  if (!text) throw new Error(`no 'hello all' in ${JSON.stringify(logTexts(el))}`);
  return text;
};

/** A pointer event of `type` from `pointerType` on the middle of `target`, as a finger (or mouse) makes it. */
function pointer(target: HTMLElement, type: string, pointerType = 'touch'): void {
  const box = target.getBoundingClientRect();
  const at = { clientX: box.left + box.width / 2, clientY: box.top + box.height / 2 };
  target.dispatchEvent(new PointerEvent(type, { bubbles: true, composed: true, cancelable: true, pointerId: 7, isPrimary: true, pointerType, ...at }));
}

/** Longer than any press the element waits for (half a second), on a busy machine too. */
const wellPast = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1500));

/** Bob, with Ann's "hello all" in his log. */
async function bobWithAMessage(label: string): Promise<SignalChat> {
  const url = await roomUrl(label);
  const ann = await joined(url, 'Ann');
  const bob = await joined(url, 'Bob');
  await ann.send('hello all');
  await until(() => logTexts(bob).includes('hello all'), 'Bob has the message');
  return bob;
}

describe('<signal-chat> long-press on a touch screen', () => {
  afterEach(cleanup);

  it('opens a message\'s action menu when a finger rests on the message, with the focus on its first item, as its button does', async () => {
    const bob = await bobWithAMessage('long-press');
    pointer(textOf(bob), 'pointerdown');
    await until(() => $(bob, '[part=menu]') !== null, 'the menu opened');
    equal($(bob, '[part=actions-button]')!.getAttribute('aria-expanded'), 'true', 'its button says it is open');
    await until(() => bob.shadowRoot!.activeElement === $(bob, '[part=menu] button'), 'the first item has the focus');
    equal(bob.shadowRoot!.activeElement?.textContent, '👍');
    pointer(textOf(bob), 'pointerup');
    await wellPast();
    assert($(bob, '[part=menu]') !== null, 'lifting the finger afterwards leaves it open');
  });

  it('opens nothing for a tap, a finger that moved on to scroll (the browser cancels its pointer), or a mouse held down', async () => {
    const bob = await bobWithAMessage('long-press-not');
    pointer(textOf(bob), 'pointerdown');
    pointer(textOf(bob), 'pointerup');
    pointer(textOf(bob), 'pointerdown');
    pointer(textOf(bob), 'pointercancel');
    pointer(textOf(bob), 'pointerdown', 'mouse');
    await wellPast();
    equal($(bob, '[part=menu]'), null, 'no menu');
    pointer(textOf(bob), 'pointerup', 'mouse');
  });
});
