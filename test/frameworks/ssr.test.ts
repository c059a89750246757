/**
 * Server rendering: <signal-chat> rendered in Node by lit's SSR (`@lit-labs/ssr`) into
 * declarative shadow DOM, shown by Chromium before any script runs, then hydrated by
 * the element (lit's hydrate support) into a live chat with one connection.
 * (Importing every entry of the package in Node without a DOM is in test/package/.)
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { render } from '@lit-labs/ssr';
import { collectResult } from '@lit-labs/ssr/lib/render-result.js';
import { html } from 'lit';
import '../../src/element/define.js';
import { openStage, type Stage } from '../support/stage.js';
import { roomName } from '../support/rooms.js';
import { bundle } from './bundle.js';

const room = roomName('ssr');

describe('<signal-chat> rendered on the server by lit SSR', () => {
  let stage: Stage;
  let markup = '';

  before(async () => {
    stage = await openStage({
      routes: async (relay) => {
        markup = await collectResult(render(html`<signal-chat url=${relay.ws(room)} name="Ann" channels="chat support"></signal-chat>`));
        // The client: lit's hydrate support first, then the element's define.
        const client = await bundle({ contents: `import '@lit-labs/ssr-client/lit-element-hydrate-support.js'; import 'signal-chat';` });
        // Before the (deferred) module runs: mark a node of the server-rendered shadow root,
        // to tell afterwards whether hydration kept it or rendered anew.
        const mark = `document.querySelector('signal-chat').shadowRoot.querySelector('[part~="composer"]').dataset.fromServer = 'yes';`;
        return {
          '/': `<!doctype html><meta charset="utf-8"><body>${markup}<script src="/mark.js"></script><script type="module" src="/client.js"></script></body>`,
          '/mark.js': mark,
          '/client.js': client,
        };
      },
    });
  });

  after(() => stage?.close());

  it('renders declarative shadow DOM in Node, without a DOM', () => {
    assert.match(markup, /^<!--lit-part[^>]*-->(<!--lit-node 0-->)?<signal-chat [^>]*name="Ann"[^>]*><template shadowroot="open" shadowrootmode="open"><style>/);
    for (const part of ['participants', 'tabs', 'log', 'composer', 'input', 'send-button']) assert.match(markup, new RegExp(`part="[^"]*\\b${part}\\b`));
  });

  it('shows the chat before any script runs: no empty box while the bundle loads', async () => {
    const context = await stage.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(stage.server.origin);
    const composer = await page.locator('signal-chat').locator('[part~="composer"]').boundingBox();
    assert.ok(composer && composer.height > 0, 'the composer is laid out');
    assert.equal((await page.locator('signal-chat').locator('[part~="tab"]').allTextContents()).map((t) => t.trim()).join(' '), '#chat #support');
    assert.equal((await page.locator('signal-chat').locator('[part~="status"]').textContent())?.trim(), 'Connecting…');
    await context.close();
  });

  it('hydrates the server-rendered shadow root into a live chat with one connection', async () => {
    const page = await stage.browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'warning' || m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(stage.server.origin);
    await page.waitForFunction(() => document.querySelector('signal-chat')?.state === 'connected');
    await page.evaluate(() => document.querySelector('signal-chat')!.send('hydrated'));
    await page.waitForFunction(() => document.querySelector('signal-chat')?.shadowRoot?.querySelector('[part~="log"]')?.textContent?.includes('hydrated'));
    assert.equal(await page.evaluate(() => (document.querySelector('signal-chat')!.shadowRoot!.querySelector('[part~="composer"]') as HTMLElement).dataset['fromServer']), 'yes', 'the server-rendered nodes were kept');
    assert.equal((await stage.participantsOf(room)).length, 1);
    assert.deepEqual(problems.filter((p) => !/Lit is in dev mode/.test(p)), []);
    await page.close();
  });
});
