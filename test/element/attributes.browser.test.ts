/// <reference types="mocha" />
// Every attribute (and the `strings` property) changes what the element does.
import { SignalChat } from '../../src/element/index.js';
import { relayUrls } from '../support/relay-urls.js';
import { $, $$, assert, chat, cleanup, deepEqual, equal, joined, logTexts, roomName, roomUrl, systemLines, tabLabels, until } from './harness.js';

/** Records the URL of every WebSocket the page opens while `fn` runs. */
async function socketsOpenedBy(fn: () => Promise<void>): Promise<string[]> {
  const Original = window.WebSocket;
  const urls: string[] = [];
  window.WebSocket = class extends Original {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      urls.push(String(url));
    }
  };
  try {
    await fn();
  } finally {
    window.WebSocket = Original;
  }
  return urls;
}

describe('<signal-chat> attributes', () => {
  afterEach(cleanup);

  it('renders with an open shadow root, a log, tabs and a composer, and upgrades as signal-chat', async () => {
    const el = await chat({});
    assert(el instanceof SignalChat, 'is a SignalChat');
    assert(customElements.get('signal-chat') === SignalChat, 'registered under signal-chat');
    assert(el.shadowRoot, 'open shadow root');
    assert($(el, '[role=log]'), 'a log');
    deepEqual(tabLabels(el), ['#chat'], 'the default channel is chat');
    assert($(el, 'textarea'), 'a composer');
    equal(el.state, 'idle');
    assert($<HTMLTextAreaElement>(el, 'textarea')!.disabled, 'cannot write without a server');
    assert($(el, '[part=reason]')?.textContent?.includes('No chat server'), 'and says why');
  });

  it('url: connects to that room; another url moves it; removing it disconnects', async () => {
    const url = await roomUrl('url');
    const other = await joined(url, 'Other');
    const el = await joined(url, 'Mover');
    await until(() => other.participants.length === 2, 'Other sees Mover');
    await other.send('in the first room');
    await until(() => logTexts(el).length === 1, 'Mover got it');
    el.setAttribute('url', await roomUrl('elsewhere'));
    await until(() => el.state === 'connected' && el.participants.length === 1, 'alone in the new room');
    deepEqual(logTexts(el), [], 'the log of the first room is gone');
    await until(() => other.participants.length === 1, 'gone from the first room');
    el.removeAttribute('url');
    await until(() => el.state === 'offline', 'offline without a url');
    el.setAttribute('url', url);
    await until(() => el.state === 'connected' && el.participants.length === 2, 'back in the first room with a url again');
    el.disconnect();
    el.setAttribute('url', await roomUrl('after-disconnect'));
    await until(() => el.state === 'connected', 'a new url connects even after disconnect()');
  });

  it('url: accepts http(s):// and turns it into ws(s)://', async () => {
    const { http } = await relayUrls();
    const room = roomName('http');
    const opened = await socketsOpenedBy(async () => {
      const el = await chat({ url: `${http}/rooms/${room}`, name: 'Http' });
      await until(() => el.state === 'connected', 'connected over the http url');
    });
    assert(opened.some((u) => u.startsWith('ws://') && u.includes(`/rooms/${room}`)), `opened ${opened.join(', ')}`);
  });

  it('name: is shown and sent as status.name; changing it updates the others', async () => {
    const url = await roomUrl('name');
    const ann = await joined(url, 'Ann');
    const bob = await joined(url, 'Bob');
    await until(() => ann.participants.some((p) => p.name === 'Bob' && p.status['name'] === 'Bob'), 'Ann sees Bob by name');
    bob.name = 'Robert';
    await until(() => ann.participants.some((p) => p.name === 'Robert'), 'Ann sees the new name');
    await until(() => $$(ann, '[part=participant] .who').some((n) => n.textContent === 'Robert'), 'shown in the list');
    await bob.send('it is Robert now');
    await until(() => ann.messages.some((m) => m.from?.name === 'Robert'), 'messages carry the new name');
  });

  it('channels: one tab per valid type, space- or comma-separated; others ignored', async () => {
    const el = await chat({ channels: 'chat, support  news,bad!,chat,' + 'x'.repeat(129) });
    deepEqual(tabLabels(el), ['#chat', '#support', '#news']);
    el.channels = '';
    await el.updateComplete;
    deepEqual(tabLabels(el), ['#chat'], 'empty means the default');
  });

  it('channels: only signals of listed types are shown', async () => {
    const url = await roomUrl('types');
    const ann = await joined(url, 'Ann', { channels: 'chat other' });
    const bob = await joined(url, 'Bob', { channels: 'chat' });
    await ann.send('on other', { channel: 'other' });
    await ann.send('on chat');
    await until(() => logTexts(bob).includes('on chat'), 'chat arrived');
    deepEqual(bob.messages.map((m) => m.text), ['on chat']);
  });

  it('channel: selects the active tab, is reflected, and falls back to the first channel', async () => {
    const el = await chat({ channels: 'a b c', channel: 'b' });
    equal($(el, '[role=tab][aria-selected=true]')?.textContent?.trim(), '#b');
    el.setAttribute('channel', 'c');
    await el.updateComplete;
    equal($(el, '[role=tab][aria-selected=true]')?.textContent?.trim(), '#c');
    el.channel = 'nope';
    await el.updateComplete;
    await el.updateComplete;
    equal(el.channel, 'a');
    equal(el.getAttribute('channel'), 'a', 'reflected');
  });

  it('channel: is where typed messages go', async () => {
    const url = await roomUrl('channel');
    const ann = await joined(url, 'Ann', { channels: 'x y', channel: 'y' });
    const sent = await ann.send('to the active one');
    equal(sent.channel, 'y');
  });

  it('token: is sent to the server as ?token=', async () => {
    const url = await roomUrl('token');
    const opened = await socketsOpenedBy(async () => {
      const el = await chat({ url, name: 'Tok', token: 'abc.def.ghi' });
      await until(() => el.state === 'connected', 'connected (the test relay needs no token)');
    });
    assert(opened.some((u) => new URL(u).searchParams.get('token') === 'abc.def.ghi'), `opened ${opened.join(', ')}`);
  });

  it('theme: light and dark set the colours; auto follows prefers-color-scheme', async () => {
    const el = await chat({ theme: 'light' });
    const bg = () => getComputedStyle(el).backgroundColor;
    equal(bg(), 'rgb(255, 255, 255)');
    el.theme = 'dark';
    await el.updateComplete;
    equal(el.getAttribute('theme'), 'dark', 'reflected');
    equal(bg(), 'rgb(13, 17, 23)');
    el.theme = 'auto';
    await el.updateComplete;
    const dark = matchMedia('(prefers-color-scheme: dark)').matches;
    equal(bg(), dark ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)');
  });

  it('theme: custom properties override the colours', async () => {
    const el = await chat({ theme: 'dark' });
    el.style.setProperty('--signal-chat-background', 'rgb(1, 2, 3)');
    equal(getComputedStyle(el).backgroundColor, 'rgb(1, 2, 3)');
  });

  it('strings: replaces UI text', async () => {
    const url = await roomUrl('strings');
    const ann = await chat({ url, name: 'Ann' });
    ann.strings = { send: 'Senden', joined: '{name} ist da' };
    await until(() => ann.state === 'connected', 'connected');
    equal($(ann, '[part=send-button]')?.textContent, 'Senden');
    await joined(url, 'Bob');
    await until(() => systemLines(ann).includes('Bob ist da'), 'system line in German');
  });

  it('connect() and disconnect() open and close the connection', async () => {
    const url = await roomUrl('methods');
    const el = await joined(url, 'Ann');
    el.disconnect();
    equal(el.state, 'offline');
    await el.updateComplete;
    assert($(el, '[part=status]')?.textContent?.includes('Offline'), 'offline shown');
    assert($<HTMLTextAreaElement>(el, 'textarea')!.disabled, 'composer disabled when offline');
    assert($(el, '[part=reason]')?.textContent?.includes('Offline'), 'with the reason');
    let code = '';
    await el.send('nobody hears').catch((e: { code: string }) => (code = e.code));
    equal(code, 'not_connected');
    await el.connect();
    equal(el.state, 'connected');
    await el.updateComplete;
    assert(!$(el, '[part=status]'), 'no banner when connected');
  });
});
