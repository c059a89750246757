/// <reference types="mocha" />
// The element while its own connection is not up: a relay that is down when the page
// opens (issue 11, item 2), and how the room looks while reconnecting (item 3).
import { Session } from '../../src/client/index.js';
import { control, relayUrls } from '../support/relay-urls.js';
import { $, $$, assert, chat, cleanup, deepEqual, equal, joined, roomName, until } from './harness.js';
import type { SignalChat } from '../../src/element/index.js';

const GREEN = 'rgb(26, 127, 55)';
const squash = (text: string | null | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();
const entry = (el: SignalChat, name: string): HTMLElement => {
  const found = $$(el, '[part=participant]').find((li) => li.textContent?.includes(name));
  if (!found) throw new Error(`no participant ${name}`);
  return found;
};
const dotColour = (li: HTMLElement): string => getComputedStyle(li.querySelector('.dot')!).backgroundColor;

describe('<signal-chat> when the relay is down at load', () => {
  afterEach(cleanup);

  it('retries with a countdown and a "Retry now" button, and comes online by itself once the relay is back', async () => {
    const { port } = (await control('/spare')) as { port: number };
    const el = await chat({ url: `ws://127.0.0.1:${port}/rooms/${roomName('late')}`, name: 'Early' });
    await until(() => $(el, '[part=retry-button]'), 'a "Retry now" button');
    equal(el.state, 'connecting');
    const banner = $(el, '[part=status]')!;
    assert(/^Connecting… retrying in \d+s Retry now$/.test(squash(banner.textContent)), `banner: ${squash(banner.textContent)}`);
    equal(banner.getAttribute('role'), 'status');
    assert($<HTMLTextAreaElement>(el, 'textarea')!.disabled, 'nothing to send to yet');
    await control(`/spare/start?port=${port}`);
    await until(() => el.state === 'connected', 'online by itself', 15_000);
    await el.updateComplete;
    assert(!$(el, '[part=status]'), 'the banner is gone');
    assert(!$<HTMLTextAreaElement>(el, 'textarea')!.disabled, 'one can write');
    deepEqual(el.participants.map((p) => p.name), ['Early']);
  });

  it('"Retry now" tries at once instead of waiting out the delay', async () => {
    const { port } = (await control('/spare')) as { port: number };
    // A minute between attempts: only the button can bring it online within the test.
    const session = new Session(`ws://127.0.0.1:${port}/rooms/${roomName('now')}`, {
      status: { name: 'Impatient' },
      retryConnect: true,
      reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000, jitter: 0 },
    });
    const el = await chat({});
    el.session = session as unknown as NonNullable<SignalChat['session']>;
    const connecting = session.connect();
    await until(() => $(el, '[part=retry-button]'), 'a "Retry now" button');
    assert(squash($(el, '[part=status]')!.textContent).includes('retrying in 60s'), 'a minute to wait');
    await control(`/spare/start?port=${port}`);
    $(el, '[part=retry-button]')!.click();
    await connecting;
    await until(() => el.state === 'connected', 'online');
    session.disconnect();
  });
});

describe('<signal-chat> while its own connection is down', () => {
  afterEach(cleanup);

  it('shows the others\' presence as unknown and a banner one cannot miss, without taking the focus', async () => {
    const { ws } = await relayUrls();
    const room = roomName('down');
    const url = `${ws}/rooms/${room}`;
    await joined(url, 'Bob');
    // Our own session, slow to retry: long enough a time without a connection to look at it.
    const session = new Session(url, { status: { name: 'Ann' }, reconnect: { initialDelayMs: 3000, maxDelayMs: 3000, jitter: 0 } });
    const ann = await chat({});
    ann.session = session as unknown as NonNullable<SignalChat['session']>;
    await session.connect();
    await until(() => ann.state === 'connected' && ann.participants.length === 2, 'Ann sees Bob');
    await ann.updateComplete;
    equal(dotColour(entry(ann, 'Bob')), GREEN, 'Bob is online');
    const input = $<HTMLTextAreaElement>(ann, 'textarea')!;
    input.focus();

    await control(`/drop?room=${room}&id=${session.connection!.connectionId}`);
    await until(() => ann.state === 'reconnecting', 'reconnecting');
    await ann.updateComplete;
    const bob = entry(ann, 'Bob');
    assert(dotColour(bob) !== GREEN, 'no green dot while we cannot know');
    assert(bob.textContent?.includes('status unknown'), `said in words too: ${squash(bob.textContent)}`);
    assert(getComputedStyle(bob.querySelector('.who')!).color !== getComputedStyle(ann).color, 'greyed');

    const banner = $(ann, '[part=status]')!;
    equal(banner.getAttribute('role'), 'status');
    assert(squash(banner.textContent).startsWith('Reconnecting…'), squash(banner.textContent));
    const style = getComputedStyle(banner);
    assert(Number(style.fontWeight) >= 600, `bold: ${style.fontWeight}`);
    assert(parseFloat(style.fontSize) >= parseFloat(getComputedStyle(ann).fontSize), `not small: ${style.fontSize}`);
    assert(style.backgroundColor !== getComputedStyle($(ann, '.side')!).backgroundColor, `a colour of its own: ${style.backgroundColor}`);
    equal(ann.shadowRoot!.activeElement, input, 'the focus stays where the user put it');

    await until(() => ann.state === 'connected', 'back', 10_000);
    await ann.updateComplete;
    equal(dotColour(entry(ann, 'Bob')), GREEN, 'Bob is online again');
    assert(!entry(ann, 'Bob').textContent?.includes('status unknown'), 'known again');
    session.disconnect();
  });
});
