/**
 * <signal-chat> in React 19, Vue 3, Svelte 5 and Angular 20 apps, built here with esbuild (nothing
 * checked in is a bundle), served from 127.0.0.1 and opened in Chromium, chatting through
 * one real relay. Built in development mode, as an app is while being written: React's
 * StrictMode runs every effect and ref twice, and lit reports wasted updates.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openStage, type Stage } from '../support/stage.js';
import { roomName } from '../support/rooms.js';
import { bundle } from './bundle.js';

const page = (scripts: string[]) =>
  `<!doctype html><meta charset="utf-8"><body><div id="root"></div>${scripts.map((s) => `<script type="module" src="${s}"></script>`).join('')}</body>`;

/** The element in a page, as the test reads it. */
type ChatElement = HTMLElementTagNameMap['signal-chat'];

describe('<signal-chat> in framework apps', () => {
  let stage: Stage;
  /** Every console warning and page error of every page, to check lit's dev-mode warnings. */
  const warnings: string[] = [];

  before(async () => {
    const [define, client, react, vue, svelteApp, angular] = await Promise.all([
      bundle({ contents: `import 'signal-chat';` }),
      bundle({ contents: `export * from 'signal-chat/client';` }),
      bundle({ file: 'react-app.tsx' }),
      bundle({ file: 'vue-app.ts' }),
      bundle({ contents: `import { mount } from 'svelte'; import App from './svelte-app.svelte'; mount(App, { target: document.getElementById('root') });` }),
      bundle({ file: 'angular-app.ts' }),
    ]);
    stage = await openStage({
      routes: {
        '/define.js': define,
        '/client.js': client,
        '/react.js': react,
        '/vue.js': vue,
        '/svelte.js': svelteApp,
        '/angular.js': angular,
        '/react.html': page(['/define.js', '/react.js']),
        '/vue.html': page(['/define.js', '/vue.js']),
        '/svelte.html': page(['/svelte.js']),
        '/angular.html': page(['/define.js', '/angular.js']).replace('<div id="root"></div>', '<app-chat></app-chat>'),
        // The element defined only later (a lazy chunk): the app renders it first.
        '/react-lazy.html': page(['/react.js']),
        '/vue-lazy.html': page(['/vue.js']),
      },
    });
  });

  after(() => stage?.close());

  /** A room of its own for each test. */
  const newRoom = () => roomName('frameworks');

  async function open(file: string, room: string): Promise<Page> {
    const p = await stage.browser.newPage();
    p.on('console', (m) => {
      if (m.type() === 'warning' || m.type() === 'error') warnings.push(`${file}: ${m.text()}`);
    });
    p.on('pageerror', (e) => warnings.push(`${file}: ${e.message}`));
    await p.goto(`${stage.server.origin}/${file}?url=${encodeURIComponent(stage.relay.ws(room))}`);
    return p;
  }

  const participantsOf = (room: string) => stage.participantsOf(room);

  /** What the app rendered from its `signal-chat-message` listener. */
  const appLog = (p: Page) => p.$$eval('#log li', (items) => items.map((li) => li.textContent));
  /** The connection ids the app saw in `signal-chat-connected` events. */
  const appConnections = (p: Page) => p.$eval('main', (main) => (main.dataset['connections'] ?? '').split(' ').filter(Boolean));
  const sendButton = (p: Page) => p.$eval('signal-chat', (el) => el.shadowRoot?.querySelector('[part~="send-button"]')?.textContent?.trim());

  it('lets React 19, Vue 3, Svelte 5 and Angular 20 apps chat with each other through one relay', async () => {
    const room = newRoom();
    const pages = {
      React: await open('react.html', room),
      Vue: await open('vue.html', room),
      Svelte: await open('svelte.html', room),
      Angular: await open('angular.html', room),
    };
    for (const p of Object.values(pages)) await p.waitForFunction(() => document.querySelector('signal-chat')?.participants.length === 4);
    for (const [name, p] of Object.entries(pages)) {
      await p.$eval('signal-chat', (el, text) => (el as ChatElement).send(text), `hello from ${name}`);
    }
    const expected = Object.keys(pages).map((name) => `${name}: hello from ${name}`);
    for (const [name, p] of Object.entries(pages)) {
      await p.waitForFunction((n) => document.querySelectorAll('#log li').length >= n, expected.length);
      assert.deepEqual((await appLog(p)).sort(), [...expected].sort(), `${name} rendered every message once from its listener`);
      assert.equal(await sendButton(p), 'Senden', `${name} passed strings as a property`);
      assert.equal((await appConnections(p)).length, 1, `${name} saw one signal-chat-connected`);
    }
    assert.equal((await participantsOf(room)).length, 4);
    for (const p of Object.values(pages)) await p.close();
  });

  it('keeps one connection and shows each message once under React 19 StrictMode', async () => {
    const room = newRoom();
    const react = await open('react.html', room);
    const other = await open('svelte.html', room);
    await react.waitForFunction(() => document.querySelector('signal-chat')?.participants.length === 2);
    await other.$eval('signal-chat', (el) => (el as ChatElement).send('one'));
    await other.$eval('signal-chat', (el) => (el as ChatElement).send('two'));
    await react.waitForFunction(() => document.querySelectorAll('#log li').length >= 2);
    assert.deepEqual(await appLog(react), ['Svelte: one', 'Svelte: two']);
    assert.deepEqual(await react.$eval('signal-chat', (el) => el.messages.map((m) => m.text)), ['one', 'two']);
    assert.equal((await appConnections(react)).length, 1);
    assert.equal((await participantsOf(room)).length, 2);
    await react.close();
    await other.close();
  });

  it('keeps its connection and its log when React moves it in the page or renders again', async () => {
    const room = newRoom();
    const react = await open('react.html', room);
    const other = await open('vue.html', room);
    await react.waitForFunction(() => document.querySelector('signal-chat')?.participants.length === 2);
    await other.$eval('signal-chat', (el) => (el as ChatElement).send('before the move'));
    await react.waitForFunction(() => document.querySelector('signal-chat')?.messages.length === 1);
    const selfBefore = await react.$eval('signal-chat', (el) => el.participants.find((p) => p.self)?.id);
    await react.click('#swap'); // React moves the element after the list (insertBefore)
    await react.waitForFunction(() => document.querySelector('main > :last-child')?.localName === 'signal-chat');
    await react.click('#rerender');
    await react.click('#swap');
    await react.click('#rerender');
    await other.$eval('signal-chat', (el) => (el as ChatElement).send('after the move'));
    await react.waitForFunction(() => document.querySelector('signal-chat')?.messages.length === 2);
    assert.equal(await react.$eval('signal-chat', (el) => el.participants.find((p) => p.self)?.id), selfBefore);
    assert.deepEqual(await react.$eval('signal-chat', (el) => el.messages.map((m) => m.text)), ['before the move', 'after the move']);
    assert.match(await react.$eval('signal-chat', (el) => el.shadowRoot?.querySelector('[part~="log"]')?.textContent ?? ''), /before the move/);
    assert.equal((await appConnections(react)).length, 1, 'one signal-chat-connected');
    assert.deepEqual((await participantsOf(room)).map((p) => p.id).sort(), [selfBefore, (await other.$eval('signal-chat', (el) => el.participants.find((p) => p.self)?.id))].sort());
    await react.close();
    await other.close();
  });

  it('picks up object properties Vue and a script set before the element was defined', async () => {
    const room = newRoom();
    const vue = await open('vue-lazy.html', room);
    await vue.waitForSelector('signal-chat', { state: 'attached' });
    assert.equal(await vue.evaluate(() => customElements.get('signal-chat')), undefined);
    // A plain script's `.session`, also set before the define.
    await vue.evaluate(async (url) => {
      const { Session } = (await import('/client.js' as string)) as typeof import('../../src/client/index.js');
      const session = new Session(url, { status: { name: 'Given' } });
      await session.connect();
      const el = document.createElement('signal-chat');
      el.id = 'given';
      (el as unknown as { session: unknown }).session = session;
      document.body.append(el);
    }, stage.relay.ws(room));
    await vue.addScriptTag({ url: '/define.js', type: 'module' });
    await vue.waitForFunction(() => customElements.get('signal-chat') !== undefined);
    assert.equal(await sendButton(vue), 'Senden', 'strings set by Vue (.prop) before the define');
    await vue.waitForFunction(() => (document.getElementById('given') as ChatElement | null)?.participants.some((p) => p.self && p.name === 'Given'));
    await vue.close();
  });

  it('takes strings from React once React renders again after a late define (the first render wrote an attribute)', async () => {
    const room = newRoom();
    const react = await open('react-lazy.html', room);
    await react.waitForSelector('signal-chat', { state: 'attached' });
    await react.addScriptTag({ url: '/define.js', type: 'module' });
    await react.waitForFunction(() => customElements.get('signal-chat') !== undefined);
    await react.click('#rerender');
    await react.waitForFunction(() => document.querySelector('signal-chat')?.shadowRoot?.querySelector('[part~="send-button"]')?.textContent?.trim() === 'Senden');
    await react.close();
  });

  it('gives no lit dev-mode warning and no page error in any of these pages', () => {
    const relevant = warnings.filter((w) => !/Lit is in dev mode/.test(w));
    assert.deepEqual(relevant, []);
  });
});
