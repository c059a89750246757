/// <reference types="mocha" />
// The element with sessions of other shapes (OpenVidu's, OpenTok's, ours given by the
// app), reconnection through the real relay, server messages, foreign chat bodies, and
// the windowed log with a 10,000-message history.
import { Session } from '../../src/client/index.js';
import type { SignalChat } from '../../src/element/index.js';
import { control, relayUrls } from '../support/relay-urls.js';
import { captureReportedErrors } from '../client/support/events.js';
import { OpenTokLikeSession, OpenViduLikeSession } from './session-shapes.js';
import { $, $$, assert, chat, cleanup, deepEqual, equal, joined, logTexts, nextEvent, recordDomEvents, roomName, until } from './harness.js';

const selfId = (el: SignalChat): string => el.participants.find((p) => p.self)!.id;

describe('<signal-chat> with other sessions', () => {
  afterEach(cleanup);

  it('uses an OpenVidu-shaped session given as .session: roster, names from connection data, signal:-prefixed types', async () => {
    const s = new OpenViduLikeSession();
    s.connection = { connectionId: 'con_me', data: '{"clientData":"Vera"}' };
    s.remoteConnections.set('con_w', { connectionId: 'con_w', data: '{"clientData":"Walt"}%/%{"serverData":"x"}' });
    const el = await chat({});
    const connected = nextEvent(el, 'signal-chat-connected');
    el.session = s;
    deepEqual((await connected).detail, { id: 'con_me' });
    deepEqual(el.participants.map((p) => [p.name, p.self]), [['Vera', true], ['Walt', false]]);
    s.emit('signal', { type: 'signal:chat', data: JSON.stringify({ message: 'from the OpenVidu chat panel', nickname: 'Walt W.' }), from: s.remoteConnections.get('con_w') });
    s.emit('signal', { type: 'signal:other', data: 'not a channel of ours', from: s.remoteConnections.get('con_w') });
    s.emit('connectionCreated', { connection: { connectionId: 'con_x', data: '{"clientData":"Xena"}' } });
    await el.updateComplete;
    deepEqual(logTexts(el), ['from the OpenVidu chat panel']);
    deepEqual(el.participants.map((p) => p.name), ['Vera', 'Walt', 'Xena']);
    const walt = el.participants[1]!;
    await el.send('hi Walt', { to: walt });
    deepEqual(s.sent.at(-1), { type: 'chat', data: 'hi Walt', to: [s.remoteConnections.get('con_w')!] }, 'signal() gets the session\'s own Connection objects');
    await el.send('hi all');
    await until(() => !$(el, '.row.pend'), 'acknowledged');
    deepEqual(el.messages.map((m) => m.text), ['from the OpenVidu chat panel', 'hi Walt', 'hi all'], 'own echo not shown twice');
    // The app owns the session: disconnect() only lets go of it.
    el.disconnect();
    equal(s.listeners(), 0, 'every listener removed');
  });

  it('uses an OpenTok-shaped session: completion callbacks, numeric error codes, text-chat bodies, sessionReconnecting', async () => {
    const s = new OpenTokLikeSession();
    s.connection = { connectionId: 'me', data: 'name=Tess' };
    s.remoteConnections.set('u', { connectionId: 'u', data: '' });
    const el = await chat({});
    el.session = s;
    await el.updateComplete;
    equal(el.state, 'connected');
    s.emit('signal', { type: 'signal:chat', data: JSON.stringify({ text: 'from text-chat', sender: { id: 'u', alias: 'Uma' }, sentOn: 1 }), from: { connectionId: 'u', data: '' } });
    await el.updateComplete;
    deepEqual(logTexts(el), ['from text-chat']);
    assert($$(el, '.who').some((n) => n.textContent === 'Uma'), 'the sender alias names an anonymous connection');
    await el.send('short');
    let code = '';
    await el.send('far too long for it').catch((e: { code: string }) => (code = e.code));
    equal(code, 'data_too_large', 'OpenTok\'s 413 becomes data_too_large');
    const reconnecting = nextEvent(el, 'signal-chat-reconnecting');
    s.emit('sessionReconnecting', {});
    await reconnecting;
    equal(el.state, 'reconnecting');
    s.emit('sessionReconnected', {});
    equal(el.state, 'connected');
  });

  it('uses our own Session given as .session, connected by the app', async () => {
    const { ws } = await relayUrls();
    const url = `${ws}/rooms/${roomName('given')}`;
    const session = new Session(url, { status: { name: 'Given' } });
    const el = await chat({});
    el.session = session as unknown as NonNullable<SignalChat['session']>;
    equal(el.state, 'connecting');
    await session.connect();
    await until(() => el.state === 'connected', 'the element saw sessionConnected');
    const other = await joined(url, 'Other');
    await el.send('from a given session');
    await until(() => logTexts(other).includes('from a given session'), 'delivered');
    // The app sets a status on its session; the others show its `state`.
    await session.setStatus({ name: 'Given', state: 'away' });
    await until(() => $$(other, '[part=participant] .state').some((n) => n.textContent === 'away'), 'status shown in the list');
    el.remove();
    equal(session.state, 'connected', 'the app\'s session stays connected when the element goes');
    session.disconnect();
  });

  it("still shows every message when a page script's listener on the same session throws", async () => {
    const reported = captureReportedErrors();
    try {
      const { ws } = await relayUrls();
      const url = `${ws}/rooms/${roomName('faulty')}`;
      const session = new Session(url, { status: { name: 'Given' } });
      // Registered before the element's own listeners, so it runs first. It fails on chat
      // messages only: the element's own convention signals (read markers) pass it too.
      session.on('signal', (e: { type?: string }) => {
        if (e.type === 'chat') throw new Error('a page script bug');
      });
      const el = await chat({});
      el.session = session as unknown as NonNullable<SignalChat['session']>;
      await session.connect();
      const other = await joined(url, 'Other');
      await other.send('first');
      await other.send('second');
      await until(() => logTexts(el).includes('second'), 'the element shows the second message');
      assert(logTexts(el).includes('first'), 'and the first');
      equal(reported.errors.length, 2, 'the page script error was reported, once per message');
      session.disconnect();
    } finally {
      reported.restore();
    }
  });
});

describe('<signal-chat> connection', () => {
  afterEach(cleanup);

  it('shows reconnecting, keeps a message sent meanwhile pending, and delivers it after reconnecting', async () => {
    const { ws } = await relayUrls();
    const room = roomName('drop');
    const url = `${ws}/rooms/${room}`;
    const ann = await joined(url, 'Ann');
    const bob = await joined(url, 'Bob');
    const events = recordDomEvents(ann, ['signal-chat-reconnecting', 'signal-chat-reconnected']);
    const reconnecting = nextEvent(ann, 'signal-chat-reconnecting');
    deepEqual((await control(`/drop?room=${room}&id=${selfId(ann)}`))['dropped'], true);
    await reconnecting;
    await ann.updateComplete;
    assert($(ann, '[part=status]')?.textContent?.includes('Reconnecting'), 'reconnecting is shown');
    assert(!$<HTMLTextAreaElement>(ann, 'textarea')!.disabled, 'one can still write');
    const sent = ann.send('queued while away');
    await ann.updateComplete;
    assert($(ann, '.row.pend'), 'pending while reconnecting');
    await sent;
    await until(() => logTexts(bob).includes('queued while away'), 'delivered after reconnecting');
    await until(() => events.length === 2, 'reconnected fired');
    deepEqual(events.map((e) => e.type), ['signal-chat-reconnecting', 'signal-chat-reconnected']);
    await ann.updateComplete;
    assert(!$(ann, '[part=status]'), 'banner gone');
    assert(!$(ann, '.row.pend'), 'no longer pending');
  });

  it('rejoins when put back in the page, without showing the history it already has twice', async () => {
    const { ws } = await relayUrls();
    const url = `${ws}/rooms/${roomName('rejoin')}`;
    const ann = await joined(url, 'Ann');
    const bob = await joined(url, 'Bob');
    await ann.send('one');
    await until(() => logTexts(bob).includes('one'), 'Bob has it');
    const parent = bob.parentElement!;
    bob.remove();
    await until(() => ann.participants.length === 1, 'Bob left');
    await ann.send('two, while Bob was away');
    parent.append(bob);
    await until(() => bob.state === 'connected' && logTexts(bob).includes('two, while Bob was away'), 'back, with what he missed');
    deepEqual(logTexts(bob), ['one', 'two, while Bob was away']);
  });

  it('after a server restart, shows history it never saw, though the new room numbers its messages from 1 again', async () => {
    const { ws } = await relayUrls();
    const url = `${ws}/rooms/${roomName('restart')}`;
    const ann = await joined(url, 'Ann');
    const bob = await joined(url, 'Bob');
    for (const text of ['a', 'b', 'c']) await ann.send(text);
    await until(() => logTexts(bob).includes('c'), 'Bob has them');
    await control('/restart');
    await until(() => ann.state === 'connected' && bob.state === 'connected' && ann.participants.length === 2, 'both back on the new server', 15_000);
    const parent = bob.parentElement!;
    bob.remove();
    await until(() => ann.participants.length === 1, 'Bob left');
    await ann.send('after the restart');
    parent.append(bob);
    await until(() => bob.state === 'connected' && logTexts(bob).includes('after the restart'), 'Bob gets it from the history');
    deepEqual(logTexts(bob), ['a', 'b', 'c', 'after the restart']);
  });

  it('shows a server-sent signal (from null) as a message from the server, and reads foreign JSON bodies', async () => {
    const { ws } = await relayUrls();
    const room = roomName('server');
    const ann = await joined(`${ws}/rooms/${room}`, 'Ann');
    await control('/rest/signal', { session: room, type: 'chat', data: 'maintenance at five' });
    await control('/rest/signal', { session: room, type: 'chat', data: JSON.stringify({ message: 'hello from OpenVidu', nickname: 'Nick' }) });
    await control('/rest/signal', { session: room, type: 'chat', data: JSON.stringify({ text: 'hello from OpenTok', sender: { alias: 'Al' } }) });
    await until(() => logTexts(ann).length === 3, 'three server messages');
    deepEqual(logTexts(ann), ['maintenance at five', 'hello from OpenVidu', 'hello from OpenTok']);
    deepEqual($$(ann, '.who').map((n) => n.textContent), ['Ann', 'Server', 'Nick', 'Al']);
    deepEqual(ann.messages.map((m) => m.from), [null, null, null]);
  });
});

describe('<signal-chat> windowed log', () => {
  afterEach(cleanup);

  async function withHistory(count: number): Promise<[SignalChat, OpenViduLikeSession]> {
    const s = new OpenViduLikeSession();
    s.connection = { connectionId: 'me', data: '{"clientData":"Reader"}' };
    const el = await chat({}, 600);
    el.session = s;
    const from = { connectionId: 'old', data: '{"clientData":"Old"}' };
    for (let i = 0; i < count; i++) {
      s.emit('signal', { type: 'chat', data: `message ${i}${i % 7 === 0 ? '\nwith a second line' : ''}`, from: i % 3 ? from : s.connection, history: true, time: 1_700_000_000_000 + i * 1000 });
    }
    await el.updateComplete;
    await until(() => logTexts(el).some((t) => t === `message ${count - 1}`), 'the end is shown');
    return [el, s];
  }

  it('fires signal-chat-message for every history message, in order, and a live one after them', async () => {
    const s = new OpenViduLikeSession();
    s.connection = { connectionId: 'me', data: '{"clientData":"Reader"}' };
    const el = await chat({}, 600);
    const seen: Array<{ text: string; history: boolean }> = [];
    el.addEventListener('signal-chat-message', (e) => seen.push({ text: e.detail.text, history: e.detail.history }));
    el.session = s;
    const from = { connectionId: 'old', data: '{"clientData":"Old"}' };
    for (let i = 0; i < 3000; i++) s.emit('signal', { type: 'chat', data: `h${i}`, from, history: true, time: 1_700_000_000_000 + i });
    s.emit('signal', { type: 'chat', data: 'live', from });
    await until(() => seen.length === 3001, 'every message reported');
    deepEqual(seen.slice(0, 3).map((m) => m.text), ['h0', 'h1', 'h2']);
    assert(seen.slice(0, 3000).every((m, i) => m.text === `h${i}` && m.history), 'history events in order, marked');
    deepEqual(seen[3000], { text: 'live', history: false });
  });

  it('renders a 10,000-message history with at most 300 DOM nodes in the log, showing the end', async () => {
    const [el] = await withHistory(10_000);
    equal(el.messages.length, 10_000);
    const log = $(el, '[role=log]')!;
    const nodes = log.querySelectorAll('*').length;
    assert(nodes <= 300, `${nodes} nodes in the log`);
    assert(nodes >= 10, 'but some rows');
    const box = log.getBoundingClientRect();
    const last = $$(el, '.row').at(-1)!.getBoundingClientRect();
    assert(last.bottom <= box.bottom + 1 && last.bottom > box.top, 'the last message is in view');
  });

  it('keeps the focus on a link in a message while new messages move the window on', async () => {
    const [el, s] = await withHistory(60);
    const link = () => $$(el, '.row a').find((a) => a.textContent === 'https://example.com/page');
    s.emit('signal', { type: 'chat', data: 'read https://example.com/page please', from: s.connection, time: Date.now() });
    await until(() => link() !== undefined, 'the link is shown');
    const focused = link()!;
    focused.focus();
    equal(el.shadowRoot!.activeElement, focused, 'the link has the focus');
    const firstBefore = logTexts(el)[0];
    for (let i = 0; i < 5; i++) {
      s.emit('signal', { type: 'chat', data: `after ${i}`, from: { connectionId: 'old', data: '{"clientData":"Old"}' } });
      await el.updateComplete;
    }
    await until(() => logTexts(el).includes('after 4'), 'the new messages are shown');
    assert(logTexts(el)[0] !== firstBefore, 'the window moved on (its first rows left)');
    equal(el.shadowRoot!.activeElement, focused, 'the same link still has the focus');
    equal(focused.closest('.row')?.querySelector('.text')?.textContent, 'read https://example.com/page please', 'in the row of its own message');
  });

  it('keeps its place when scrolled up, offers a "new messages" button, and follows again from the bottom', async () => {
    const [el, s] = await withHistory(2_000);
    const log = $(el, '[role=log]')!;
    log.scrollTop = 0;
    log.dispatchEvent(new Event('scroll'));
    await until(() => logTexts(el)[0]?.startsWith('message 0\n'), 'the start is rendered after scrolling to the top');
    const nodes = log.querySelectorAll('*').length;
    assert(nodes <= 300, `${nodes} nodes at the top`);
    s.emit('signal', { type: 'chat', data: 'brand new', from: { connectionId: 'old', data: '{"clientData":"Old"}' } });
    await el.updateComplete;
    assert(log.scrollTop < 50, 'not pulled down by a new message');
    const pill = $(el, '[part=new-messages]');
    assert(pill?.textContent?.includes('1'), `pill with the count: ${pill?.textContent}`);
    pill!.click();
    await until(() => logTexts(el).includes('brand new'), 'back at the end');
    await until(() => !$(el, '[part=new-messages]'), 'pill gone');
    await until(() => Math.abs(log.scrollHeight - log.clientHeight - log.scrollTop) < 2, 'scrolled to the bottom');
  });
});
