/// <reference types="mocha" />
// Older history on demand: scrolling to the top of the log loads older messages from
// the real relay, page after page, with the view held where it was, a loading state
// and an end; private messages of others never come; sessions that cannot page show
// nothing of it.
import { Session } from '../../src/client/index.js';
import type { SignalChat } from '../../src/element/index.js';
import { control } from '../support/relay-urls.js';
import { OpenViduLikeSession } from './session-shapes.js';
import { $, $$, assert, chat, cleanup, deepEqual, equal, joined, logTexts, roomUrl, until } from './harness.js';

/** A client session in the room under `name`, connected. */
async function member(url: string, name: string): Promise<Session> {
  const session = new Session(url, { status: { name } });
  await session.connect();
  return session;
}

const logOf = (el: SignalChat): HTMLElement => $(el, '.log')!;
const olderLine = (el: SignalChat): string => $(el, '.older')?.textContent?.trim() ?? '';

/** The text of the first message in view and how far below the log's top edge it is, px. */
function topMessage(el: SignalChat): { text: string; offset: number } {
  const top = logOf(el).getBoundingClientRect().top;
  const row = $$(el, '.rows > .row.m').find((r) => r.getBoundingClientRect().bottom > top + 1);
  assert(row, 'a message is in view');
  return { text: row.querySelector('.text')!.textContent!, offset: row.getBoundingClientRect().top - top };
}

/** How far below the log's top edge the message with this text is, px. */
function offsetOf(el: SignalChat, text: string): number {
  const row = $$(el, '.rows > .row.m').find((r) => r.querySelector('.text')!.textContent === text);
  assert(row, `'${text}' is still rendered`);
  return row.getBoundingClientRect().top - logOf(el).getBoundingClientRect().top;
}

/** Until the element has no update pending (one update may ask for the next). */
async function settled(el: SignalChat): Promise<void> {
  while (!(await el.updateComplete));
}

/** Scrolls the log to its very top, as a reader dragging the scrollbar up would, once the element has seen it. */
async function scrollToTop(el: SignalChat): Promise<void> {
  const log = logOf(el);
  const scrolled = new Promise((resolve) => log.addEventListener('scroll', resolve, { once: true }));
  log.scrollTop = 0;
  await scrolled;
  await settled(el);
}

describe('<signal-chat> older history', () => {
  afterEach(cleanup);

  it('pages back through 5,000 messages on scrolling up: no gap, no duplicate, in seq order, the view held still, then the end', async function () {
    this.timeout(60_000);
    const url = await roomUrl('paging');
    const ann = await member(url, 'Ann');
    const carl = await member(url, 'Carl');
    const room = new URL(url).pathname.split('/').pop()!;
    // 5,000 messages to everyone, and after every tenth one a private one Bob must never see.
    const signals = [];
    for (let i = 1; i <= 5000; i++) {
      signals.push({ event: 'chat', data: `msg ${i}` });
      if (i % 10 === 0) signals.push({ event: 'chat', data: `secret ${i}`, to: [carl.connection!.connectionId] });
    }
    await control('/publish', { room, from: ann.connection!.connectionId, signals });
    const bob = await joined(url, 'Bob');
    await until(() => bob.messages.length === 100, 'the join history of 100');
    // Watch the pages the element asks for on its real session.
    const session = bob.session as Session;
    const pages: Array<{ before: number | undefined; seqs: number[] }> = [];
    const history = session.history.bind(session);
    session.history = async (options = {}) => {
      const page = await history(options);
      pages.push({ before: options.before, seqs: page.signals.map((s) => s.seq!) });
      return page;
    };

    let loads = 0;
    while (olderLine(bob) !== 'No older messages') {
      const count = bob.messages.length;
      await scrollToTop(bob);
      equal(olderLine(bob), 'Loading older messages…', 'the top of the log says it is loading');
      equal(logOf(bob).getAttribute('aria-busy'), 'true', 'the log is busy while loading');
      const reading = topMessage(bob);
      await until(() => bob.messages.length > count || olderLine(bob) === 'No older messages', 'a page loaded', 10_000);
      await settled(bob);
      const offset = offsetOf(bob, reading.text);
      assert(Math.abs(offset - reading.offset) < 1, `'${reading.text}' stayed where it was in the view: ${reading.offset} → ${offset} px`);
      if (olderLine(bob) !== 'No older messages') assert(topMessage(bob).text !== reading.text, 'older messages are above it now');
      assert($$(bob, '.rows > .row').length <= 40, 'the log stays windowed');
      assert(++loads <= 40, 'ends within 40 pages');
    }

    const texts = bob.messages.map((m) => m.text);
    deepEqual(texts, Array.from({ length: 5000 }, (_, i) => `msg ${i + 1}`), 'every message once, in order');
    // On the wire: each page asked below the oldest seq seen, and the pages join up.
    const seqs = [...pages].reverse().flatMap((p) => p.seqs);
    assert(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!), 'seqs strictly rising');
    for (const [i, page] of pages.entries()) if (i > 0) equal(page.before, pages[i - 1]!.seqs[0], 'each page asks below the previous one');
    equal(new Set(seqs).size, seqs.length, 'no seq twice');
    assert(!bob.messages.some((m) => m.text.startsWith('secret')), 'no private message of others');
    assert(bob.messages.every((m) => m.history && m.from?.name === 'Ann'), 'history, from Ann');
    // The top of the thread is the room's first message, under the history line.
    await scrollToTop(bob);
    equal($(bob, '.rows > .row')?.getAttribute('part'), 'history-divider');
    assert(bob.shadowRoot!.textContent!.includes('msg 1'), 'msg 1 is shown at the top');
    equal(logOf(bob).getAttribute('aria-busy'), 'false');
    ann.disconnect();
    carl.disconnect();
  });

  it('loads older messages with the button in a thread too short to scroll', async () => {
    const url = await roomUrl('paging-short');
    const ann = await member(url, 'Ann');
    const room = new URL(url).pathname.split('/').pop()!;
    // Three chat messages, 150 on a channel Bob does not show, then one more chat message:
    // the join history (the last 100) holds only the last chat message.
    const signals = ['one', 'two', 'three'].map((data) => ({ event: 'chat', data }));
    for (let i = 0; i < 150; i++) signals.push({ event: 'other', data: `other ${i}` });
    signals.push({ event: 'chat', data: 'four' });
    await control('/publish', { room, from: ann.connection!.connectionId, signals });
    const bob = await joined(url, 'Bob', { channels: 'chat' });
    await until(() => bob.messages.length === 1, 'the join history');
    await settled(bob);
    equal(olderLine(bob), 'Load older messages');
    $<HTMLButtonElement>(bob, '.older button')!.click();
    await until(() => olderLine(bob) === 'No older messages', 'the end of the history');
    deepEqual(bob.messages.map((m) => m.text), ['one', 'two', 'three', 'four'], 'the older ones above, nothing twice');
    await settled(bob);
    deepEqual(logTexts(bob), ['one', 'two', 'three', 'four']);
    ann.disconnect();
  });

  it('says there is nothing older above a room’s very first message, and shows no line in a room without messages', async () => {
    const url = await roomUrl('paging-first');
    const ann = await joined(url, 'Ann');
    const bob = await joined(url, 'Bob');
    await settled(bob);
    equal($(bob, '.older'), null, 'an empty room: no line');
    await ann.send('the first message');
    await until(() => bob.messages.length === 1, 'Bob has it');
    await settled(bob);
    equal(olderLine(bob), 'No older messages');
  });

  it('shows no paging line for a session that cannot page (OpenVidu’s)', async () => {
    const s = new OpenViduLikeSession();
    s.connection = { connectionId: 'con_me', data: '{"clientData":"Vera"}' };
    const el = await chat({});
    el.session = s;
    await el.updateComplete;
    equal($(el, '.older'), null);
    logOf(el).scrollTop = 0;
    await el.updateComplete;
    equal($(el, '.older'), null);
  });
});
