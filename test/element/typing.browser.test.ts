/// <reference types="mocha" />
// Typing indicators (issue 14) between elements in one room of the real relay.
import type { SignalChat } from '../../src/element/index.js';
import { RESEND_MS } from '../../src/element/typing.js';
import { violations } from '../support/axe.js';
import { control } from '../support/relay-urls.js';
import { $, cleanup, deepEqual, equal, joined, logTexts, recordDomEvents, roomUrl, typeAndEnter, until } from './harness.js';

/** People in one fresh room, everyone seeing everyone. */
async function room(names: string[], extra: Record<string, string> = {}): Promise<{ url: string; els: SignalChat[] }> {
  const url = await roomUrl('typing');
  const els: SignalChat[] = [];
  for (const name of names) els.push(await joined(url, name, extra));
  for (const el of els) await until(() => el.participants.length === names.length, 'everyone sees everyone');
  return { url, els };
}

/** Types `text` into the composer as a user does: the text area's value, then an input event. */
function type(el: SignalChat, text: string): void {
  const area = $<HTMLTextAreaElement>(el, 'textarea')!;
  area.value = text;
  area.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

const typing = (el: SignalChat): string => $(el, '[part=typing]')?.textContent?.trim() ?? '';
const idOf = (el: SignalChat): string => el.participants.find((p) => p.self)!.id;

describe('<signal-chat> typing indicators', () => {
  afterEach(cleanup);

  it('shows "Ann is typing…" to the others of the channel in a polite status line, never to Ann herself', async () => {
    const { els: [ann, bob, cleo] } = await room(['Ann', 'Bob', 'Cleo']);
    type(ann!, 'hel');
    await until(() => typing(bob!) === 'Ann is typing…' && typing(cleo!) === 'Ann is typing…', 'Bob and Cleo see Ann typing');
    equal($(bob!, '[part=typing]')!.getAttribute('role'), 'status', 'a polite live region');
    equal(typing(ann!), '', 'Ann is not told about herself');
  });

  for (const [theme, dir, width] of [['light', 'ltr', 720], ['dark', 'rtl', 280]] as const) {
    it(`has no axe-core violations with the indicator on screen (${theme}, ${dir}, ${width} px)`, async () => {
      const url = await roomUrl('typing-a11y');
      const ann = await joined(url, 'Ann', { theme, dir });
      const bob = await joined(url, 'Bob', { theme, dir }, width);
      await until(() => ann.participants.length === 2, 'Ann sees Bob');
      type(ann, 'a long message that is being written');
      await until(() => typing(bob) === 'Ann is typing…', 'Bob sees Ann typing');
      deepEqual(await violations(bob), []);
      const line = $(bob, '[part=typing]')!.getBoundingClientRect();
      const frame = bob.getBoundingClientRect();
      equal(line.left >= frame.left && line.right <= frame.right + 0.5, true, 'the line stays inside the element');
    });
  }

  it('names two typists, then says "Several people" from three on', async () => {
    const { els: [ann, bob, cleo, dan] } = await room(['Ann', 'Bob', 'Cleo', 'Dan']);
    type(ann!, 'a');
    type(cleo!, 'c');
    await until(() => typing(bob!) === 'Ann and Cleo are typing…', () => `Bob sees two typists, not '${typing(bob!)}'`);
    type(dan!, 'd');
    await until(() => typing(bob!) === 'Several people are typing…', 'Bob sees several');
    equal(typing(dan!), 'Ann and Cleo are typing…', 'Dan sees the two others only');
  });

  it('clears the indicator the moment the message arrives, and fires signal-chat-typing on start and stop', async () => {
    const { els: [ann, bob] } = await room(['Ann', 'Bob']);
    const events = recordDomEvents(bob!, ['signal-chat-typing']);
    type(ann!, 'hello');
    await until(() => typing(bob!) === 'Ann is typing…', 'Bob sees Ann typing');
    await typeAndEnter(ann!, 'hello');
    await until(() => logTexts(bob!).includes('hello'), 'Bob gets the message');
    await bob!.updateComplete;
    equal(typing(bob!), '', 'gone as soon as the message is on screen');
    deepEqual(events.map((e) => [e.detail.participant.name, e.detail.typing, e.detail.channel, e.detail.private]), [
      ['Ann', true, 'chat', false],
      ['Ann', false, 'chat', false],
    ]);
  });

  it('clears the indicator at once when the typist empties the composer or leaves', async () => {
    const { els: [ann, bob, cleo] } = await room(['Ann', 'Bob', 'Cleo']);
    type(ann!, 'on second thought');
    type(cleo!, 'hm');
    await until(() => typing(bob!) === 'Ann and Cleo are typing…', 'Bob sees both');
    type(ann!, '');
    await until(() => typing(bob!) === 'Cleo is typing…', 'Ann emptied her composer');
    cleo!.remove();
    await until(() => typing(bob!) === '', 'Cleo left');
  });

  it('shows typing in a private thread only in that thread of the peer, never in the channel or to others', async () => {
    const { els: [ann, bob, cleo] } = await room(['Ann', 'Bob', 'Cleo']);
    const events = recordDomEvents(bob!, ['signal-chat-typing']);
    // Ann opens her private thread with Bob and types there.
    [...ann!.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.person')].find((b) => b.textContent?.includes('Bob'))!.click();
    await ann!.updateComplete;
    type(ann!, 'psst');
    await until(() => events.length === 1, 'Bob is told');
    deepEqual([events[0]!.detail.typing, events[0]!.detail.private], [true, true]);
    equal(typing(bob!), '', 'not in the channel Bob is looking at');
    equal(typing(cleo!), '', 'Cleo sees nothing');
    await bob!.send('opening the thread', { to: idOf(ann!) });
    [...bob!.shadowRoot!.querySelectorAll<HTMLElement>('[role=tab]')].find((t) => t.textContent?.includes('Ann'))!.click();
    await until(() => typing(bob!) === 'Ann is typing…', 'in the private thread with Ann');
  });

  it('ends by itself when the typist\'s socket is cut mid-typing: no "stopped" and no leave needed', async function () {
    this.timeout(20_000);
    const { url, els: [ann, bob] } = await room(['Ann', 'Bob']);
    const events = recordDomEvents(bob!, ['signal-chat-typing', 'signal-chat-participant-left']);
    type(ann!, 'half a sent');
    await until(() => typing(bob!) === 'Ann is typing…', 'Bob sees Ann typing');
    const annId = idOf(ann!);
    await control(`/drop?room=${new URL(url).pathname.split('/').pop()}&id=${annId}`);
    // Ann's element picks the connection up again (same id: nobody sees her leave), but
    // what she typed before the cut is not re-sent, and she sends no "stopped" either.
    await until(() => ann!.state === 'reconnecting', 'Ann lost her socket');
    await until(() => ann!.state === 'connected', 'Ann is back', 5000);
    await until(() => typing(bob!) === '', 'the indicator ran out', 12_000);
    deepEqual(events.map((e) => [e.type, e.detail.typing]), [
      ['signal-chat-typing', true],
      ['signal-chat-typing', false],
    ]);
    equal(idOf(ann!), annId, 'Ann kept her connection');
    equal(bob!.participants.some((p) => p.id === annId), true, 'Bob still lists Ann');
  });

  it('does not flicker while someone types steadily for 20 s, and sends at most one signal per few seconds', async function () {
    this.timeout(60_000);
    const { els: [ann, bob] } = await room(['Ann', 'Bob']);
    const line = $(bob!, '[part=typing]')!;
    // Every text the live region ever had, in order: each change is one announcement.
    const texts: string[] = [];
    new MutationObserver(() => texts.push(line.textContent?.trim() ?? '')).observe(line, { subtree: true, childList: true, characterData: true });
    let signals = 0;
    bob!.session!.on('signal:chat~typing', () => (signals += 1));
    type(ann!, 'a');
    await until(() => typing(bob!) === 'Ann is typing…', 'Bob sees Ann typing');
    const start = Date.now();
    let draft = 'a';
    let samples = 0;
    // At least 20 s and 100 keys: on a loaded machine the 150 ms pauses stretch, and the
    // typing then takes longer rather than thinning out.
    while (Date.now() - start < 20_000 || samples < 100) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      draft = draft.length > 60 ? 'a' : draft + 'b';
      type(ann!, draft);
      equal(typing(bob!), 'Ann is typing…', `still shown after ${Date.now() - start} ms`);
      samples += 1;
    }
    const seconds = (Date.now() - start) / 1000;
    deepEqual(texts.filter(Boolean), ['Ann is typing…'], 'announced once, never cleared and shown again');
    equal(texts.includes(''), false, 'never emptied meanwhile');
    equal(signals <= Math.ceil((seconds * 1000) / RESEND_MS) + 1, true, `${signals} typing signals in ${seconds.toFixed(1)} s`);
  });
});
