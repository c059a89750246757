/// <reference types="mocha" />
// Mentions (issue 13): the `@` list in the composer, and what a mention does to its receiver.
import { sendKeys } from '@web/test-runner-commands';
import type { SignalChat } from '../../src/element/index.js';
import { violations } from '../support/axe.js';
import { baseMessageId } from '../../src/protocol/message-id.js';
import { $, $$, badge, cleanup, deepEqual, equal, joined, logTexts, roomUrl, tab, until } from './harness.js';

/** People in one fresh room, everyone seeing everyone. */
async function room(names: string[], extra: Record<string, string> = {}, width?: number, url?: string): Promise<SignalChat[]> {
  url ??= await roomUrl('mentions');
  const els: SignalChat[] = [];
  for (const name of names) els.push(await joined(url, name, extra, width));
  for (const el of els) await until(() => el.participants.length === names.length, 'everyone sees everyone');
  return els;
}

const area = (el: SignalChat): HTMLTextAreaElement => $<HTMLTextAreaElement>(el, 'textarea')!;
const options = (el: SignalChat): string[] => $$(el, '[role=listbox] [role=option]').map((o) => o.textContent?.trim() ?? '');
const activeOption = (el: SignalChat): string => {
  const id = area(el).getAttribute('aria-activedescendant');
  return id ? $(el, `#${id}`)?.textContent?.trim() ?? `(no #${id})` : '';
};

/** Focuses the composer and types as the keyboard does (real key events). */
async function typeKeys(el: SignalChat, text: string): Promise<void> {
  area(el).focus();
  await sendKeys({ type: text });
  await el.updateComplete;
}

async function press(el: SignalChat, key: string): Promise<void> {
  await sendKeys({ press: key });
  await el.updateComplete;
}

describe('<signal-chat> mentions: the @ list in the composer', () => {
  afterEach(cleanup);

  it('offers the other participants after @, filtered as one types, as a listbox the text area points to', async () => {
    const [ann] = await room(['Ann', 'Bob', 'Bea', 'Cleo']);
    await typeKeys(ann!, 'hi @');
    deepEqual(options(ann!), ['Bob', 'Bea', 'Cleo'], 'everyone but Ann herself');
    const ta = area(ann!);
    equal(ta.getAttribute('aria-autocomplete'), 'list');
    equal(ta.getAttribute('aria-controls'), 'mentions');
    equal($(ann!, '#mentions')!.getAttribute('role'), 'listbox');
    equal(activeOption(ann!), 'Bob', 'the first is active');
    await typeKeys(ann!, 'b');
    deepEqual(options(ann!), ['Bob', 'Bea']);
    await typeKeys(ann!, 'e');
    deepEqual(options(ann!), ['Bea']);
    await typeKeys(ann!, 'x');
    deepEqual(options(ann!), [], 'nobody matches: closed');
    equal(ta.hasAttribute('aria-activedescendant'), false);
    equal(ta.hasAttribute('aria-controls'), false);
  });

  it('moves with ArrowDown and ArrowUp (wrapping), inserts "@Name " with Enter or Tab, and keeps the text readable', async () => {
    const [ann] = await room(['Ann', 'Bob', 'Cleo']);
    await typeKeys(ann!, '@');
    await press(ann!, 'ArrowDown');
    equal(activeOption(ann!), 'Cleo');
    await press(ann!, 'ArrowDown');
    equal(activeOption(ann!), 'Bob', 'wraps to the first');
    await press(ann!, 'ArrowUp');
    equal(activeOption(ann!), 'Cleo', 'wraps to the last');
    await press(ann!, 'Enter');
    equal(area(ann!).value, '@Cleo ', 'Enter inserts, and does not send');
    deepEqual(options(ann!), [], 'closed after the pick');
    await typeKeys(ann!, 'and @b');
    await press(ann!, 'Tab');
    equal(area(ann!).value, '@Cleo and @Bob ');
    equal(area(ann!).selectionStart, area(ann!).value.length, 'the caret after the inserted name');
    equal(ann!.shadowRoot!.activeElement, area(ann!), 'the focus stays in the text area');
  });

  it('closes with Escape without clearing the draft or closing anything else, and Enter then sends', async () => {
    const [ann, bob] = await room(['Ann', 'Bob']);
    await typeKeys(ann!, 'mail to me@');
    deepEqual(options(ann!), [], 'an @ inside a word is no mention');
    await typeKeys(ann!, ' @');
    deepEqual(options(ann!), ['Bob']);
    await press(ann!, 'Escape');
    deepEqual(options(ann!), []);
    equal(area(ann!).value, 'mail to me@ @');
    await typeKeys(ann!, 'x');
    deepEqual(options(ann!), [], 'stays closed for that @');
    await press(ann!, 'Enter');
    await until(() => bob!.messages.some((m) => m.text === 'mail to me@ @x'), 'Bob got it');
  });

  it('inserts the name where the caret is, in the middle of the text too', async () => {
    const [ann] = await room(['Ann', 'Bob']);
    await typeKeys(ann!, 'see  and more');
    area(ann!).setSelectionRange(4, 4);
    await typeKeys(ann!, '@bo');
    deepEqual(options(ann!), ['Bob']);
    await press(ann!, 'Enter');
    equal(area(ann!).value, 'see @Bob  and more');
    equal(area(ann!).selectionStart, 9, 'the caret after the inserted name');
    await press(ann!, 'Enter');
    await until(() => ann!.messages.some((m) => m.text === 'see @Bob  and more'), 'the draft sent as shown');
  });

  it('picks with a click (a touch) as well, keeping the focus in the text area', async () => {
    const [ann] = await room(['Ann', 'Bob', 'Cleo']);
    await typeKeys(ann!, 'ping @c');
    $$(ann!, '[role=option]')[0]!.click();
    await ann!.updateComplete;
    equal(area(ann!).value, 'ping @Cleo ');
  });

  for (const [theme, dir, width] of [['light', 'ltr', 720], ['dark', 'rtl', 280]] as const) {
    it(`has no axe-core violations with the list open, and the list fits the element (${theme}, ${dir}, ${width} px)`, async () => {
      const [ann] = await room(['Ann', 'Bob', 'Cleo', 'A person with a really quite long name'], { theme, dir }, width);
      await typeKeys(ann!, '@');
      equal(options(ann!).length, 3);
      deepEqual(await violations(ann!), []);
      const list = $(ann!, '#mentions')!.getBoundingClientRect();
      const box = ann!.getBoundingClientRect();
      equal(list.left >= box.left && list.right <= box.right + 0.5 && list.top >= box.top, true, `the list (${JSON.stringify(list)}) inside the element (${JSON.stringify(box)})`);
    });
  }
});

/** The unread-mentions badge of a tab: its count, 0 without one. */
const mentionBadge = (node: Element): number => Number(node.querySelector('[part=mention-badge] [aria-hidden]')?.textContent?.replace('@', '') ?? 0);
/** Texts of the rows highlighted as mentioning the user. */
const mentioned = (el: SignalChat): string[] => $$(el, '.log [part~=mention] .text').map((n) => n.textContent ?? '');
const idOf = (el: SignalChat): string => el.participants.find((p) => p.self)!.id;

describe('<signal-chat> mentions: what the mentioned person sees', () => {
  afterEach(cleanup);

  it('highlights a message that mentions Bob for Bob alone, and counts it on its tab with a badge of its own', async () => {
    const [ann, bob, cleo] = await room(['Ann', 'Bob', 'Cleo'], { channels: 'chat random' });
    tab(bob!, 'random').click();
    await typeKeys(ann!, '@bo');
    await press(ann!, 'Enter');
    await typeKeys(ann!, 'see above');
    await press(ann!, 'Enter');
    await until(() => mentionBadge(tab(bob!, 'chat')) === 1, 'Bob has one unread mention on #chat');
    equal(badge(tab(bob!, 'chat')), 1, 'and one unread message');
    await ann!.send('no mention here');
    await until(() => badge(tab(bob!, 'chat')) === 2, 'two unread');
    equal(mentionBadge(tab(bob!, 'chat')), 1, 'still one mention');
    equal(tab(bob!, 'chat').querySelector('[part=mention-badge] .sr-only')?.textContent, '1 mentioning you');
    deepEqual(await violations(bob!), [], 'axe-core, badges on screen');
    await until(() => badge(tab(cleo!, 'chat')) === 0 && logTexts(cleo!).length === 2, 'Cleo got both');
    equal(mentionBadge(tab(cleo!, 'chat')), 0, 'Cleo is not mentioned');
    deepEqual(mentioned(cleo!), []);
    tab(bob!, 'chat').click();
    await bob!.updateComplete;
    equal(mentionBadge(tab(bob!, 'chat')), 0, 'opening the thread clears it');
    deepEqual(mentioned(bob!), ['@Bob see above'], 'the text stays readable; only that message is highlighted');
    equal(ann!.messages.at(-2)?.text, '@Bob see above');
    deepEqual(await violations(bob!), [], 'axe-core, a highlighted message on screen');
  });

  it('takes the people a text names with send() too, and tells two people of one name apart by the pick', async () => {
    const url = await roomUrl('mentions-same-name');
    const [ann, bob1, bob2] = await room(['Ann', 'Bob', 'Bob'], {}, undefined, url);
    await ann!.send('@Bob both of you');
    await until(() => mentioned(bob1!).length === 1 && mentioned(bob2!).length === 1, 'both Bobs are mentioned');
    await typeKeys(ann!, '@bo');
    const second = options(ann!).findIndex((o) => o.includes(idOf(bob2!).slice(0, 4)));
    for (let i = 0; i < second; i++) await press(ann!, 'ArrowDown');
    await press(ann!, 'Enter');
    await typeKeys(ann!, 'only you');
    await press(ann!, 'Enter');
    await until(() => mentioned(bob2!).includes('@Bob only you'), 'the Bob picked');
    await until(() => logTexts(bob1!).includes('@Bob only you'), 'the other Bob got the message');
    deepEqual(mentioned(bob1!), ['@Bob both of you'], 'but is not mentioned by it');
  });

  it('ignores a meta that someone else than the sender sends about a message', async () => {
    const [ann, bob, cleo] = await room(['Ann', 'Bob', 'Cleo']);
    await ann!.send('hello all');
    await until(() => logTexts(bob!).includes('hello all'), 'Bob got it');
    const forged = { id: baseMessageId(idOf(ann!), 'hello all'), mentions: [idOf(bob!)] };
    await cleo!.session!.signal({ type: 'chat~meta', data: JSON.stringify(forged) });
    await ann!.send('@Cleo after the forgery');
    await until(() => logTexts(bob!).includes('@Cleo after the forgery'), 'Bob got the next message');
    await until(() => mentioned(cleo!).length === 1, 'Cleo is mentioned by the real one');
    deepEqual(mentioned(bob!), [], 'Cleo cannot make Ann mention Bob');
  });

  it('still highlights the mentions of the user after a reload, when the history names an earlier connection', async () => {
    const url = await roomUrl('mentions-reload');
    const [ann, bob] = await room(['Ann', 'Bob'], {}, undefined, url);
    const before = idOf(bob!);
    await ann!.send('@Bob are you there?');
    await ann!.send('@Ann talking to myself');
    await until(() => mentioned(bob!).length === 1, 'Bob is mentioned');
    bob!.remove();
    // The earlier connection is gone from the room (its leave may lag behind on a loaded machine).
    await until(() => !ann!.participants.some((p) => p.id === before), 'Ann saw Bob leave');
    const again = await joined(url, 'Bob');
    await until(() => logTexts(again!).length === 2, 'the history is back');
    equal(idOf(again!) === before, false, 'a new connection id');
    deepEqual(mentioned(again!), ['@Bob are you there?']);
  });
});
