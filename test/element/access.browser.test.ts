/// <reference types="mocha" />
// Accessibility (axe-core, light and dark), keyboard-only use, the 280 px layout, RTL.
import { sendKeys } from '@web/test-runner-commands';
import { Session } from '../../src/client/index.js';
import type { SignalChat } from '../../src/element/index.js';
import { violations } from '../support/axe.js';
import { control, relayUrls } from '../support/relay-urls.js';
import { $, $$, assert, badge, chat, cleanup, deepEqual, equal, joined, logTexts, roomName, roomUrl, tab, until } from './harness.js';

/** A room with Ann and Bob, some public and private messages, a join line and a history divider. */
async function busyRoom(theme: string, width = 720): Promise<[SignalChat, SignalChat]> {
  const url = await roomUrl('a11y');
  const early = await joined(url, 'Early', { theme });
  await early.send('history line with https://example.com');
  const ann = await joined(url, 'Ann', { theme, channels: 'chat random' }, width);
  const bob = await joined(url, 'Bob', { theme, channels: 'chat random' }, width);
  await until(() => ann.participants.length === 3, 'three in the room');
  await bob.send('hello Ann');
  await bob.send('a second line from Bob');
  await bob.send('on random', { channel: 'random' });
  await bob.send('private hello', { to: ann.participants.find((p) => p.name === 'Ann')! });
  await ann.send('my own message');
  await until(() => badge(tab(ann, 'random')) === 1 && badge(tab(ann, 'Bob')) === 1, 'unread badges shown');
  return [ann, bob];
}

describe('<signal-chat> accessibility', () => {
  afterEach(cleanup);

  for (const theme of ['light', 'dark']) {
    it(`has no axe-core violations in the ${theme} theme`, async () => {
      const [ann] = await busyRoom(theme);
      deepEqual(await violations(ann), []);
      // A private thread, the offline state and an error message too.
      tab(ann, 'Bob').click();
      await ann.updateComplete;
      deepEqual(await violations(ann), [], 'private thread');
      ann.disconnect();
      await ann.updateComplete;
      deepEqual(await violations(ann), [], 'offline');
    });

    it(`has no axe-core violations while it cannot reach the relay, and while reconnecting (${theme})`, async () => {
      const { port } = (await control('/spare')) as { port: number };
      const waiting = await chat({ url: `ws://127.0.0.1:${port}/rooms/${roomName('a11y-down')}`, name: 'Early', theme });
      await until(() => $(waiting, '[part=retry-button]'), 'the retry banner');
      deepEqual(await violations(waiting), [], 'retrying the first connection');

      const { ws } = await relayUrls();
      const room = roomName('a11y-reconnecting');
      const bob = await joined(`${ws}/rooms/${room}`, 'Bob', { theme });
      await bob.send('hello');
      const session = new Session(`${ws}/rooms/${room}`, { status: { name: 'Ann' }, reconnect: { initialDelayMs: 3000, maxDelayMs: 3000, jitter: 0 } });
      const ann = await chat({ theme });
      ann.session = session as unknown as NonNullable<SignalChat['session']>;
      await session.connect();
      await until(() => ann.state === 'connected' && logTexts(ann).includes('hello'), 'Ann is in, with the history');
      await control(`/drop?room=${room}&id=${session.connection!.connectionId}`);
      await until(() => ann.state === 'reconnecting' && $(ann, '[part=retry-button]'), 'reconnecting, with the countdown');
      deepEqual(await violations(ann), [], 'reconnecting, presence unknown');
      session.disconnect();
    });

    it(`has no axe-core violations at 280 px with the drawer open (${theme})`, async () => {
      const [ann] = await busyRoom(theme, 280);
      $(ann, '.toggle')!.click();
      await ann.updateComplete;
      deepEqual(await violations(ann), []);
    });
  }

  it('announces only new messages: the log is quiet, a polite live region gets each new one', async () => {
    const [ann, bob] = await busyRoom('light');
    const log = $(ann, '[role=log]')!;
    equal(log.getAttribute('aria-live'), 'off', 'scrolling the windowed log does not announce rows');
    const region = $(ann, '#announce')!;
    equal(region.getAttribute('aria-live'), 'polite');
    await bob.send('fresh news');
    await until(() => region.textContent === 'Bob: fresh news', 'announced with the sender');
    await ann.send('mine');
    await until(() => logTexts(ann).includes('mine'), 'own message shown');
    equal(region.textContent, 'Bob: fresh news', 'own messages are not announced');
  });

  it('can be used with the keyboard alone', async () => {
    const url = await roomUrl('keys');
    const before = document.createElement('button');
    before.textContent = 'before';
    document.body.append(before);
    try {
      const ann = await joined(url, 'Ann', { channels: 'chat random' });
      const bob = await joined(url, 'Bob', { channels: 'chat random' });
      await until(() => ann.participants.length === 2, 'Ann sees Bob');
      const focused = () => ann.shadowRoot!.activeElement as HTMLElement | null;
      before.focus();
      await sendKeys({ press: 'Tab' });
      assert(focused()?.textContent?.includes('Bob'), `first stop is Bob in the participant list, got ${focused()?.outerHTML}`);
      await sendKeys({ press: 'Tab' });
      equal(focused()?.getAttribute('role'), 'tab', 'then the selected tab');
      await sendKeys({ press: 'ArrowRight' });
      equal(ann.channel, 'random', 'arrow keys switch channels');
      equal(focused()?.getAttribute('aria-selected'), 'true', 'and focus follows');
      await sendKeys({ press: 'ArrowLeft' });
      equal(ann.channel, 'chat');
      await sendKeys({ press: 'Tab' });
      equal(focused()?.getAttribute('role'), 'log', 'then the log, which scrolls with the keys');
      await sendKeys({ press: 'Tab' });
      equal(focused()?.tagName, 'TEXTAREA', 'then the composer');
      await sendKeys({ type: 'typed only' });
      await sendKeys({ down: 'Shift' });
      await sendKeys({ press: 'Enter' });
      await sendKeys({ up: 'Shift' });
      await sendKeys({ type: 'second line' });
      await sendKeys({ press: 'Enter' });
      await until(() => logTexts(bob).includes('typed only\nsecond line'), 'Bob got the typed message');
      // Back to the participant list, open the private thread with Bob, write there: past
      // the actions button of each message on screen (the one just sent has one now), the
      // log and the tab.
      await sendKeys({ down: 'Shift' });
      await sendKeys({ press: 'Tab' });
      equal(focused()?.getAttribute('part'), 'actions-button', "the message's actions button comes before the composer");
      for (let i = 0; i < 3; i++) await sendKeys({ press: 'Tab' });
      await sendKeys({ up: 'Shift' });
      assert(focused()?.textContent?.includes('Bob'), `back on Bob, got ${focused()?.outerHTML}`);
      await sendKeys({ press: 'Enter' });
      await ann.updateComplete;
      await until(() => focused()?.tagName === 'TEXTAREA', 'focus moves to the composer of the private thread');
      await sendKeys({ type: 'just us' });
      await sendKeys({ press: 'Enter' });
      await until(() => bob.messages.some((m) => m.text === 'just us' && m.private), 'Bob got it privately');
    } finally {
      before.remove();
    }
  });
});

describe('<signal-chat> layout', () => {
  afterEach(cleanup);

  it('fits 280 px: participants collapse into a drawer that opens, closes with Escape and returns focus', async () => {
    const url = await roomUrl('narrow');
    const ann = await joined(url, 'Ann', { channels: 'chat random news' }, 280);
    await joined(url, 'Bob');
    await until(() => ann.participants.length === 2, 'two');
    equal(ann.getBoundingClientRect().width, 280);
    const side = $(ann, '[part=participants]')!;
    const toggle = $(ann, '.toggle')!;
    equal(getComputedStyle(side).display, 'none', 'the list is hidden');
    assert(getComputedStyle(toggle).display !== 'none', 'a toggle is shown');
    assert(toggle.textContent?.includes('(2)'), 'with the count');
    for (const part of ['composer', 'log']) {
      const box = $(ann, `[part=${part}]`)!.getBoundingClientRect();
      assert(box.width <= 280 && box.width > 200, `${part} fits: ${box.width}`);
    }
    const send = $(ann, '[part=send-button]')!.getBoundingClientRect();
    assert(send.right <= ann.getBoundingClientRect().right, 'the send button is inside');
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await ann.updateComplete;
    equal(getComputedStyle(side).display, 'flex', 'open');
    equal(toggle.getAttribute('aria-expanded'), 'true');
    $$(ann, '[part=participant] button')[0]!.focus();
    await sendKeys({ press: 'Escape' });
    await ann.updateComplete;
    await until(() => ann.shadowRoot!.activeElement === toggle, 'focus back on the toggle');
    equal(getComputedStyle(side).display, 'none', 'closed');
    // Choosing someone in the drawer opens the thread and closes the drawer.
    toggle.click();
    await ann.updateComplete;
    $$(ann, '[part=participant] button')[0]!.click();
    await ann.updateComplete;
    equal(getComputedStyle(side).display, 'none');
    assert($(ann, '[part=private-banner]')?.textContent?.includes('Bob'), 'private thread open');
  });

  it('shows the participant list beside the log when wide', async () => {
    const el = await joined(await roomUrl('wide'), 'Ann', {}, 900);
    const side = $(el, '[part=participants]')!;
    equal(getComputedStyle(side).display, 'flex');
    equal(getComputedStyle($(el, '.toggle')!).display, 'none');
    assert(side.getBoundingClientRect().right <= $(el, '[part=log]')!.getBoundingClientRect().left + 1, 'list on the left of the log');
  });

  it('mirrors in right-to-left pages (logical properties)', async () => {
    const el = await joined(await roomUrl('rtl'), 'Ann', {}, 900);
    el.setAttribute('dir', 'rtl');
    await el.updateComplete;
    const side = $(el, '[part=participants]')!.getBoundingClientRect();
    const log = $(el, '[part=log]')!.getBoundingClientRect();
    assert(side.left >= log.right - 1, `list on the right of the log in RTL (${side.left} vs ${log.right})`);
  });
});
