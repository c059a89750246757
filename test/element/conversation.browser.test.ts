/// <reference types="mocha" />
// Reactions, replies, edits and deletes between real elements over the test relay.
import { sendKeys } from '@web/test-runner-commands';
import { baseMessageId } from '../../src/protocol/message-id.js';
import type { SignalChat } from '../../src/element/index.js';
import type { ChatMessage } from '../../src/element/events.js';
import { control } from '../support/relay-urls.js';
import { $, $$, assert, cleanup, deepEqual, equal, joined, logTexts, recordDomEvents, roomName, roomUrl, typeAndEnter, until } from './harness.js';
import { violations } from '../support/axe.js';
import { annAndBob } from './side-by-side.js';

/** Everything a person sees of the conversation in the log, one line per message. */
function view(el: SignalChat): string[] {
  return $$(el, '.log .row.m').map((row) => {
    const quote = row.querySelector('[part=quote]')?.textContent?.trim();
    const text = row.querySelector('.text')?.textContent?.trim();
    const chips = [...row.querySelectorAll('[part=reaction]')].map((c) => c.textContent?.trim()).join(' ');
    return [quote && `> ${quote}`, text, chips && `[${chips}]`].filter(Boolean).join(' ');
  });
}

const rowOf = (el: SignalChat, text: string): HTMLElement => {
  const row = $$(el, '.log .row.m').find((r) => r.querySelector('.text')?.textContent?.includes(text));
  if (!row) throw new Error(`no message '${text}' in ${JSON.stringify(logTexts(el))}`);
  return row;
};
const messageOf = (el: SignalChat, text: string): ChatMessage => {
  const m = el.messages.find((x) => x.text === text);
  if (!m) throw new Error(`no message '${text}'`);
  return m;
};

/** Opens a message's action menu with the mouse and picks `label` (a menu item's text or name). */
async function pick(el: SignalChat, text: string, label: string): Promise<void> {
  rowOf(el, text).querySelector<HTMLElement>('[part=actions-button]')!.click();
  await el.updateComplete;
  const item = $$(el, '[part=menu] button').find((i) => i.textContent?.trim() === label);
  if (!item) throw new Error(`no menu item '${label}' in ${JSON.stringify($$(el, '[part=menu] button').map((i) => i.textContent))}`);
  item.click();
  await el.updateComplete;
}

const menuItems = async (el: SignalChat, text: string): Promise<string[]> => {
  rowOf(el, text).querySelector<HTMLElement>('[part=actions-button]')!.click();
  await el.updateComplete;
  const items = $$(el, '[part=menu] button').map((i) => i.textContent!.trim());
  rowOf(el, text).querySelector<HTMLElement>('[part=actions-button]')!.click();
  await el.updateComplete;
  return items;
};

/** Three people in a fresh room, with Ann's first message seen by all. */
async function trio(label: string, extra: Record<string, string> = {}): Promise<[SignalChat, SignalChat, SignalChat, string]> {
  const url = await roomUrl(label);
  const ann = await joined(url, 'Ann', extra);
  const bob = await joined(url, 'Bob', extra);
  const cy = await joined(url, 'Cy', extra);
  await until(() => [ann, bob, cy].every((el) => el.participants.length === 3), 'three in the room');
  await ann.send('hello all');
  await until(() => [bob, cy].every((el) => logTexts(el).includes('hello all')), 'everyone has it');
  return [ann, bob, cy, url];
}

/** A message the sender sends after something, as a marker that what came before has arrived. */
async function settle(from: SignalChat, others: SignalChat[], text: string): Promise<void> {
  await from.send(text);
  await until(() => others.every((el) => logTexts(el).includes(text)), `everyone has '${text}'`);
}

describe('<signal-chat> conversation features', () => {
  afterEach(cleanup);

  it('shows a reaction as a chip with its count and who, pressed for one\'s own, on every element', async () => {
    const [ann, bob, cy] = await trio('react');
    const events = recordDomEvents(ann, ['signal-chat-reaction']);
    await pick(bob, 'hello all', '👍');
    await cy.react(messageOf(cy, 'hello all'), '👍');
    for (const el of [ann, bob, cy]) await until(() => view(el)[0] === 'hello all [👍 2]', 'the chip counts two');
    const chip = (el: SignalChat): HTMLElement => rowOf(el, 'hello all').querySelector<HTMLElement>('[part=reaction]')!;
    equal(chip(ann).getAttribute('aria-label'), '👍 2: Bob, Cy', 'its name says who');
    deepEqual([ann, bob, cy].map((el) => chip(el).getAttribute('aria-pressed')), ['false', 'true', 'true']);
    await until(() => events.length === 2, 'two reaction events');
    deepEqual(events.map((e) => [e.detail.from.name, e.detail.keys, e.detail.message.text]), [['Bob', ['👍'], 'hello all'], ['Cy', ['👍'], 'hello all']]);
    // Clicking one's own chip takes it back.
    chip(bob).click();
    for (const el of [ann, bob, cy]) await until(() => view(el)[0] === 'hello all [👍 1]', 'one left');
  });

  it('answers a message with a quote everyone sees, which scrolls to the original', async () => {
    const [ann, bob, cy] = await trio('reply');
    await pick(bob, 'hello all', 'Reply');
    equal($(bob, '[part=composer-mode]')?.textContent?.includes('Replying to Ann'), true, 'the composer says what it answers');
    await typeAndEnter(bob, 'hi Ann');
    equal($(bob, '[part=composer-mode]'), null, 'the reply preview goes once sent');
    for (const el of [ann, bob, cy]) await until(() => view(el)[1] === '> Ann hello all hi Ann', 'the quote shows above the answer');
    equal(cy.messages.find((m) => m.text === 'hi Ann')?.replyTo?.id, messageOf(cy, 'hello all').id, 'the message record names the original');
  });

  it('brings the original of a quote back into view when the quote is clicked', async () => {
    const [ann, bob] = await trio('reply-scroll');
    for (let i = 0; i < 40; i++) await bob.send(`filler ${i}`);
    await bob.send('about that first one', { replyTo: messageOf(bob, 'hello all') });
    await until(() => logTexts(ann).includes('about that first one'), 'Ann has the reply');
    equal(logTexts(ann).includes('hello all'), false, 'the original is far above, out of the window');
    rowOf(ann, 'about that first one').querySelector<HTMLElement>('[part=quote]')!.click();
    await until(() => logTexts(ann).includes('hello all'), 'the original is shown again');
    await until(() => ann.shadowRoot!.activeElement === rowOf(ann, 'hello all').querySelector('[part=actions-button]'), 'focus is on it, for the keyboard');
  });

  it('cancels a reply from its preview', async () => {
    const [, bob] = await trio('reply-cancel');
    await pick(bob, 'hello all', 'Reply');
    $<HTMLButtonElement>(bob, '[part=composer-mode] button')!.click();
    await bob.updateComplete;
    equal($(bob, '[part=composer-mode]'), null);
  });

  it('edits an own message in place: everyone sees the new text marked edited, from the menu or ArrowUp', async () => {
    const [ann, bob, cy] = await trio('edit');
    const events = recordDomEvents(cy, ['signal-chat-edit', 'signal-chat-message']);
    await pick(ann, 'hello all', 'Edit');
    equal($<HTMLTextAreaElement>(ann, 'textarea')!.value, 'hello all', 'the composer holds the text to edit');
    await typeAndEnter(ann, 'hello everyone');
    for (const el of [ann, bob, cy]) await until(() => view(el)[0] === 'hello everyone (edited)', 'the new text, marked');
    equal($<HTMLTextAreaElement>(ann, 'textarea')!.value, '', 'the composer is empty again');
    // ArrowUp in the empty composer edits the last own message; Escape leaves it as it was.
    $<HTMLTextAreaElement>(ann, 'textarea')!.focus();
    await sendKeys({ press: 'ArrowUp' });
    await ann.updateComplete;
    equal($<HTMLTextAreaElement>(ann, 'textarea')!.value, 'hello everyone');
    await sendKeys({ press: 'Escape' });
    await ann.updateComplete;
    equal($<HTMLTextAreaElement>(ann, 'textarea')!.value, '', 'Escape cancels the edit');
    await ann.edit(messageOf(ann, 'hello everyone'), 'hello, everyone');
    for (const el of [ann, bob, cy]) await until(() => view(el)[0] === 'hello, everyone (edited)', 'edit() does the same');
    await until(() => events.filter((e) => e.type === 'signal-chat-edit').length === 2, 'two edit events');
    equal(events.filter((e) => e.type === 'signal-chat-message').length, 0, 'an edit is no new message');
    equal(cy.messages.length, 1);
    assert(cy.messages[0]!.edited === true && cy.messages[0]!.text === 'hello, everyone', 'the message record has the new text');
  });

  it('refuses an edit over the size limit like a send, keeping the draft', async () => {
    const [ann] = await trio('edit-large');
    await pick(ann, 'hello all', 'Edit');
    const big = 'x'.repeat(8 * 1024 - 10);
    await typeAndEnter(ann, big);
    await until(() => ($(ann, '[part=error]')?.textContent ?? '').includes('8192'), 'the refusal is shown');
    equal($<HTMLTextAreaElement>(ann, 'textarea')!.value, big, 'the draft stays');
    await ann.edit(messageOf(ann, 'hello all'), big).then(
      () => assert(false, 'edit() resolved'),
      (e: { code: string }) => equal(e.code, 'data_too_large'),
    );
    equal(view(ann)[0], 'hello all');
  });

  it('deletes an own message: everyone sees a tombstone in its place', async () => {
    const [ann, bob, cy] = await trio('delete');
    await bob.react(messageOf(bob, 'hello all'), '🎉');
    const events = recordDomEvents(bob, ['signal-chat-delete']);
    await pick(ann, 'hello all', 'Delete');
    for (const el of [ann, bob, cy]) await until(() => view(el)[0] === 'Message deleted', 'a tombstone, no chips');
    await until(() => events.length === 1, 'one delete event');
    equal(events[0]!.detail.from.name, 'Ann');
    equal(rowOf(cy, 'Message deleted').querySelector('[part=actions-button]'), null, 'nothing more to do with it');
  });

  it('ignores an edit or delete forged by someone who did not send the message, on every element', async () => {
    const [ann, bob, cy] = await trio('forged');
    const id = baseMessageId(ann.session!.connection!.connectionId, 'hello all');
    // Bob's own session, bypassing his element's checks: the body names Ann's message.
    await bob.session!.signal({ type: 'chat~edit', data: JSON.stringify({ id, text: 'forged by Bob', from: ann.session!.connection!.connectionId }) });
    await bob.session!.signal({ type: 'chat~delete', data: JSON.stringify({ id }) });
    await settle(bob, [ann, cy], 'after the forgery');
    for (const el of [ann, bob, cy]) deepEqual(view(el), ['hello all', 'after the forgery']);
    assert(!(await menuItems(bob, 'hello all')).includes('Delete'), 'no Delete on a message of someone else');
    assert(!(await menuItems(bob, 'hello all')).includes('Edit'), 'no Edit either');
    await bob.delete(messageOf(bob, 'hello all')).then(
      () => assert(false, 'delete() resolved'),
      (e: { code: string }) => equal(e.code, 'forbidden'),
    );
  });

  it("lets a moderator delete anyone's message, and not a publisher", async () => {
    const secret = 'convo-secret';
    const { port } = (await control('/spare')) as { port: number };
    await control(`/spare/start?port=${port}&secret=${secret}`);
    const room = roomName('moderator');
    const url = `ws://127.0.0.1:${port}/rooms/${room}`;
    const token = async (name: string, role: string): Promise<string> => (await control(`/token?secret=${secret}&room=${room}&name=${name}&role=${role}`))['token'] as string;
    const ann = await joined(url, 'Ann', { token: await token('Ann', 'publisher') });
    const pub = await joined(url, 'Pub', { token: await token('Pub', 'publisher') });
    const mod = await joined(url, 'Mod', { token: await token('Mod', 'moderator') });
    await until(() => [ann, pub, mod].every((el) => el.participants.length === 3), 'three in the room');
    await ann.send('one');
    await ann.send('two');
    await until(() => logTexts(mod).includes('two') && logTexts(pub).includes('two'), 'both have them');
    const id = baseMessageId(ann.session!.connection!.connectionId, 'one');
    await pub.session!.signal({ type: 'chat~delete', data: JSON.stringify({ id }) });
    await settle(pub, [ann, mod], 'pub tried');
    for (const el of [ann, pub, mod]) deepEqual(view(el), ['one', 'two', 'pub tried'], "a publisher's delete is ignored");
    assert((await menuItems(mod, 'one')).includes('Delete'), 'a moderator is offered Delete on anyone\'s message');
    await pick(mod, 'one', 'Delete');
    await mod.delete(messageOf(mod, 'two'));
    for (const el of [ann, pub, mod]) await until(() => view(el).join('|') === 'Message deleted|Message deleted|pub tried', 'both gone for everyone');
  });

  it('shows a late joiner the same conversation as those who were there', async () => {
    const [ann, bob, cy, url] = await trio('late');
    await bob.react(messageOf(bob, 'hello all'), '👍');
    await cy.react(messageOf(cy, 'hello all'), '🎉');
    await bob.send('typo here', { replyTo: messageOf(bob, 'hello all') });
    await ann.send('take it back');
    await until(() => logTexts(bob).includes('take it back'), 'Bob has it');
    await bob.edit(messageOf(bob, 'typo here'), 'no typo here');
    await ann.delete(messageOf(ann, 'take it back'));
    await cy.react(messageOf(cy, 'hello all'), '🎉', false);
    await settle(cy, [ann, bob], 'done');
    const late = await joined(url, 'Dee');
    await until(() => logTexts(late).includes('done'), 'the history arrived');
    const expected = ['hello all [👍 1]', '> Ann hello all no typo here (edited)', 'Message deleted', 'done'];
    for (const el of [ann, bob, cy, late]) await until(() => view(el).join('|') === expected.join('|'), `${el.name} sees the final state`);
  });

  it('opens the menu from the keyboard, goes through it with Tab and closes it with Escape', async () => {
    const [ann] = await trio('keys');
    const button = rowOf(ann, 'hello all').querySelector<HTMLElement>('[part=actions-button]')!;
    button.focus();
    await sendKeys({ press: 'Enter' });
    await ann.updateComplete;
    await until(() => ann.shadowRoot!.activeElement?.textContent === '👍', 'the first quick reaction has focus');
    equal(button.getAttribute('aria-expanded'), 'true');
    await sendKeys({ press: 'Tab' });
    equal(ann.shadowRoot!.activeElement?.textContent, '❤️');
    await sendKeys({ press: 'Escape' });
    await until(() => $(ann, '[role=menu]') === null, 'the menu closed');
    await until(() => ann.shadowRoot!.activeElement?.getAttribute('part') === 'actions-button', 'focus is back on its button');
  });

  for (const [theme, width, dir] of [['light', 720, 'ltr'], ['dark', 280, 'rtl']] as const) {
    it(`has no axe-core violations with chips, a quote, an edit, a tombstone and a menu open (${theme}, ${width} px, ${dir})`, async () => {
      document.documentElement.dir = dir;
      try {
        const { ann, bob } = await annAndBob('convo-a11y', width, { theme });
        await ann.send('first');
        await ann.send('gone soon');
        await until(() => logTexts(bob).includes('gone soon'), 'Bob has them');
        await bob.react(messageOf(bob, 'first'), '👍');
        await bob.send('an answer', { replyTo: messageOf(bob, 'first') });
        await ann.edit(messageOf(ann, 'first'), 'first, edited');
        await ann.delete(messageOf(ann, 'gone soon'));
        await until(() => view(bob).join('|') === 'first, edited (edited) [👍 1]|Message deleted|> Ann first an answer', 'all of it on screen');
        await pick(bob, 'an answer', 'Reply');
        rowOf(bob, 'an answer').querySelector<HTMLElement>('[part=actions-button]')!.click();
        await bob.updateComplete;
        assert($(bob, '[part=menu]') !== null, 'the menu is open');
        deepEqual(await violations(bob), []);
        const log = $(bob, '.log')!;
        assert(log.scrollWidth <= log.clientWidth + 1, `nothing overflows the log sideways (${log.scrollWidth} > ${log.clientWidth})`);
        const menu = $(bob, '[part=menu]')!.getBoundingClientRect();
        const box = bob.getBoundingClientRect();
        assert(menu.left >= box.left - 1 && menu.right <= box.right + 1, 'the menu stays inside the element');
      } finally {
        document.documentElement.dir = 'ltr';
      }
    });
  }

  it('offers only the actions `features` leaves on, and the quick set of `reactions` (again when it changes)', async () => {
    const [ann] = await trio('features', { features: 'reply copy', reactions: '✅ 👀' });
    deepEqual(await menuItems(ann, 'hello all'), ['Reply', 'Copy text']);
    ann.features = 'react delete';
    await ann.updateComplete;
    deepEqual(await menuItems(ann, 'hello all'), ['✅', '👀', 'Delete']);
    // The attribute changed: the new set, spaces aside, a key over 16 UTF-8 bytes left out.
    ann.setAttribute('reactions', '  🚀   far-too-long-a-reaction 👀 ');
    await ann.updateComplete;
    deepEqual(await menuItems(ann, 'hello all'), ['🚀', '👀', 'Delete']);
  });
});
