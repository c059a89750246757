/**
 * `<signal-chat shared>`: five tabs of one user in one Chromium profile share one socket,
 * through the SharedWorker (dist/signal-chat-worker.js) or, where there is none, through
 * a leader tab elected with Web Locks, which hands the connection to the next tab when
 * it closes. The pages load the classic bundle under a strict CSP; the relay is real and
 * the other participant, Bo, is our client in Node.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type { BrowserContext, Page } from 'playwright-core';
import { Session, type SignalEvent } from '../../src/client/index.js';
import { openStage, type Stage } from '../support/stage.js';
import { roomName } from '../support/rooms.js';
import { until } from '../support/wait.js';

const root = join(fileURLToPath(import.meta.url), '..', '..', '..');

/** As the README asks of a page that embeds the element: scripts from itself only. */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src ws://127.0.0.1:*; base-uri 'none'";

/**
 * Before the bundle: `?leader` hides SharedWorker (a browser without one), `?alone` hides
 * BroadcastChannel too (neither mechanism), `?missing` points the element at a worker
 * script that is not there; then the element gets the room's URL.
 */
const PAGE_SCRIPT = `var q = new URLSearchParams(location.search);
if (q.has('leader') || q.has('alone')) delete window.SharedWorker;
if (q.has('alone')) delete window.BroadcastChannel;
window.violations = [];
document.addEventListener('securitypolicyviolation', function (e) { window.violations.push(e.violatedDirective + ' ' + e.blockedURI); });
document.addEventListener('DOMContentLoaded', function () {
  var el = document.querySelector('signal-chat');
  if (q.has('missing')) el.setAttribute('shared-worker-url', '/not-there.js');
  el.addEventListener('signal-chat-error', function (e) { window.violations.push('signal-chat-error ' + e.detail.code); });
  el.setAttribute('url', q.get('url'));
});
`;

const PAGE = `<!doctype html><meta charset="utf-8"><title>tab</title>
<script src="/page.js"></script><script src="/signal-chat.js"></script>
<body><signal-chat shared name="Ann" channels="chat support"></signal-chat></body>`;

type ChatElement = HTMLElementTagNameMap['signal-chat'];

describe('<signal-chat shared> in five tabs', () => {
  let stage: Stage;
  let context: BrowserContext | undefined;
  const others: Session[] = [];
  /** Errors thrown in any tab, closing included. */
  const pageErrors: string[] = [];

  before(async () => {
    const pages = (await import(join(root, 'scripts/wtr-element-pages.mjs'))) as { buildClassicBundle(configFile: string, file?: string): Promise<string> };
    const config = join(root, 'rollup.config.mjs');
    const [bundle, worker] = await Promise.all([pages.buildClassicBundle(config), pages.buildClassicBundle(config, 'signal-chat-worker.js')]);
    stage = await openStage({
      routes: { '/tab.html': PAGE, '/page.js': PAGE_SCRIPT, '/signal-chat.js': bundle, '/signal-chat-worker.js': worker },
      headers: { 'content-security-policy': CSP },
    });
  });
  after(() => stage?.close());
  afterEach(async () => {
    await context?.close();
    context = undefined;
    for (const s of others.splice(0)) s.disconnect();
    assert.deepEqual(pageErrors.splice(0), [], 'no tab threw, not even while closing');
  });

  /** Bo, in the room from Node; the chat messages he receives from the others are recorded (not their read markers, `chat~read`). */
  async function bo(room: string): Promise<{ session: Session; got: SignalEvent[] }> {
    const session = new Session(stage.relay.ws(room), { status: { name: 'Bo' }, WebSocket: WebSocket as never });
    others.push(session);
    const got: SignalEvent[] = [];
    session.on('signal', (e) => e.from !== session.connection && e.type === 'chat' && got.push(e));
    await session.connect();
    return { session, got };
  }

  /** `count` tabs of one browser profile, each connected; the first one opened first. */
  async function tabs(room: string, count: number, mode = ''): Promise<Page[]> {
    context = await stage.browser.newContext();
    const list: Page[] = [];
    for (let i = 0; i < count; i++) {
      const page = await context.newPage();
      page.on('pageerror', (e) => pageErrors.push(`tab ${i}: ${e.message}`));
      await page.goto(`${stage.server.origin}/tab.html?url=${encodeURIComponent(stage.relay.ws(room))}${mode}`);
      await page.waitForFunction(() => document.querySelector('signal-chat')?.state === 'connected');
      list.push(page);
    }
    return list;
  }

  const shown = (page: Page) => page.$eval('signal-chat', (el) => (el as ChatElement).messages.map((m) => m.text));
  const selfId = (page: Page) => page.$eval('signal-chat', (el) => (el as ChatElement).participants.find((p) => p.self)?.id);
  const send = (page: Page, text: string) => page.$eval('signal-chat', (el, t) => (el as ChatElement).send(t).then(() => undefined), text);
  const locks = (page: Page) => page.evaluate(async () => {
    const { held = [], pending = [] } = await navigator.locks.query();
    return { held: held.length, pending: pending.length };
  });

  /** Which channel tabs have an unread badge. */
  const badges = (page: Page) =>
    page.$eval('signal-chat', (el) =>
      Object.fromEntries([...el.shadowRoot!.querySelectorAll('[part~="tab"]')].map((t) => [t.textContent!.trim().replace(/^#([a-z]+).*$/s, '$1'), t.querySelector('[part~="badge"]') !== null])),
    );

  /** Every tab shows `texts`, each once, in that order. */
  async function everyTabShows(pages: Page[], texts: string[]): Promise<void> {
    for (const [i, page] of pages.entries()) {
      await page.waitForFunction((n) => (document.querySelector('signal-chat') as ChatElement).messages.length >= n, texts.length);
      assert.deepEqual(await shown(page), texts, `tab ${i} shows every message once`);
    }
  }

  async function oneSocketForAll(pages: Page[], room: string, boId: string): Promise<void> {
    const ids = new Set(await Promise.all(pages.map(selfId)));
    assert.equal(ids.size, 1, 'every tab is the same participant');
    const participants = await stage.participantsOf(room);
    assert.deepEqual(participants.map((p) => p.id).sort(), [...ids, boId].sort(), 'the relay has Ann once, and Bo');
    for (const page of pages) assert.equal((await page.$eval('signal-chat', (el) => (el as ChatElement).participants.length)), 2);
  }

  it('shares one socket through the SharedWorker: one participant, every message once in every tab, sending from any tab', async () => {
    const room = roomName('shared-worker');
    const other = await bo(room);
    const pages = await tabs(room, 5);
    await oneSocketForAll(pages, room, other.session.connection!.connectionId);
    assert.deepEqual(await locks(pages[0]!), { held: 0, pending: 0 }, 'no tab leads: the worker holds the socket');
    await other.session.signal({ type: 'chat', data: 'hello, all of you' });
    await send(pages[3]!, 'from the fourth tab');
    await everyTabShows(pages, ['hello, all of you', 'from the fourth tab']);
    await until(() => other.got.length === 1, 'Bo got it');
    assert.deepEqual(other.got.map((e) => e.data), ['from the fourth tab']);
    for (const page of pages) assert.deepEqual(await page.evaluate(() => (window as unknown as { violations: string[] }).violations), []);
  });

  it('shows a tab opened later what was said before, as history', async () => {
    const room = roomName('shared-later');
    const other = await bo(room);
    const [first] = await tabs(room, 1);
    await other.session.signal({ type: 'chat', data: 'before the second tab' });
    await first!.waitForFunction(() => (document.querySelector('signal-chat') as ChatElement).messages.length === 1);
    const page = await context!.newPage();
    await page.goto(`${stage.server.origin}/tab.html?url=${encodeURIComponent(stage.relay.ws(room))}`);
    await page.waitForFunction(() => (document.querySelector('signal-chat') as ChatElement).messages.length === 1);
    assert.deepEqual(await page.$eval('signal-chat', (el) => (el as ChatElement).messages.map((m) => [m.text, m.history])), [['before the second tab', true]]);
    assert.equal((await stage.participantsOf(room)).length, 2);
  });

  it('keeps unread counts the same in every tab: reading a channel in one clears its badge in the others', async () => {
    const room = roomName('shared-unread');
    const other = await bo(room);
    const pages = await tabs(room, 3);
    await other.session.signal({ type: 'support', data: 'over here' });
    await everyTabShows(pages, ['over here']);
    for (const page of pages) assert.deepEqual(await badges(page), { chat: false, support: true }, 'a badge on #support in every tab');
    // Read where the user looks: the tab in front (the others are hidden, as in a browser).
    await pages[1]!.bringToFront();
    await pages[1]!.$eval('signal-chat', (el) => ((el as ChatElement).channel = 'support'));
    for (const page of pages) await page.waitForFunction(() => !document.querySelector('signal-chat')!.shadowRoot!.querySelector('[part~="badge"]'));
    for (const page of pages) assert.deepEqual(await badges(page), { chat: false, support: false });
  });

  it('elects a leader tab without SharedWorker: one socket, every message once, sending from a follower', async () => {
    const room = roomName('shared-leader');
    const other = await bo(room);
    const pages = await tabs(room, 5, '&leader');
    await oneSocketForAll(pages, room, other.session.connection!.connectionId);
    assert.deepEqual(await locks(pages[0]!), { held: 1, pending: 4 }, 'one tab leads, four wait in line');
    await other.session.signal({ type: 'chat', data: 'hello, leader and followers' });
    await send(pages[2]!, 'from a follower');
    await everyTabShows(pages, ['hello, leader and followers', 'from a follower']);
    await until(() => other.got.length === 1, 'Bo got it');
  });

  it('hands the connection to another tab when the leader closes, losing and repeating nothing', async () => {
    const room = roomName('shared-handoff');
    const other = await bo(room);
    const pages = await tabs(room, 5, '&leader');
    const ann = await selfId(pages[0]!);
    await other.session.signal({ type: 'chat', data: 'one' });
    await everyTabShows(pages, ['one']);
    const left: string[] = [];
    other.session.on('connectionDestroyed', (e) => left.push(e.connection.connectionId));
    // The first tab took the lock first: it leads. Bo goes on talking while it closes.
    const closing = pages[0]!.close();
    await other.session.signal({ type: 'chat', data: 'two' });
    await closing;
    await other.session.signal({ type: 'chat', data: 'three' });
    const rest = pages.slice(1);
    await everyTabShows(rest, ['one', 'two', 'three']);
    await until(async () => (await locks(rest[0]!)).held === 1, 'a new leader');
    assert.deepEqual(await locks(rest[0]!), { held: 1, pending: 3 });
    await send(rest[3]!, 'after the handoff');
    await everyTabShows(rest, ['one', 'two', 'three', 'after the handoff']);
    await until(() => other.got.length === 1, 'Bo got it');
    for (const page of rest) assert.equal(await selfId(page), ann, 'still the same participant');
    assert.deepEqual((await stage.participantsOf(room)).map((p) => p.id).sort(), [ann, other.session.connection!.connectionId].sort());
    assert.deepEqual(left, [], 'Bo never saw Ann leave');
  });

  it('opens one socket per tab, without an error, when the worker script is missing', async () => {
    const room = roomName('shared-missing');
    const pages = await tabs(room, 2, '&missing');
    assert.equal(new Set(await Promise.all(pages.map(selfId))).size, 2);
    assert.equal((await stage.participantsOf(room)).length, 2);
    await send(pages[1]!, 'still a chat');
    await everyTabShows(pages, ['still a chat']);
    for (const page of pages) assert.deepEqual(await page.evaluate(() => (window as unknown as { violations: string[] }).violations), []);
  });

  it('opens one socket per tab where the browser has neither SharedWorker nor BroadcastChannel', async () => {
    const room = roomName('shared-alone');
    const pages = await tabs(room, 2, '&alone');
    assert.equal(new Set(await Promise.all(pages.map(selfId))).size, 2);
    assert.equal((await stage.participantsOf(room)).length, 2);
  });
});
