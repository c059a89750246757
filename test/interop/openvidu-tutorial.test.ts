/**
 * OpenVidu's basic tutorial, unchanged, on the relay, as two users run it: an
 * app server that knows only openvidu-node-client, OPENVIDU_URL and
 * OPENVIDU_SECRET (test/support/openvidu-tutorial-server.ts), and its page
 * (tutorial-page.html: the unmodified openvidu-browser bundle and the app
 * server, nothing else) open in two browser contexts of Chromium, one per
 * user, as two people's browsers would be. Not one line of either refers to
 * signal-chat; the relay is only the URL and secret the app server is given.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { startRelay, type TestRelay } from '../server/harness.js';
import { launchChromium } from '../support/chromium.js';
import { startTutorialServer, type TutorialServer } from '../support/openvidu-tutorial-server.js';
import { roomName } from '../support/rooms.js';
import { serveStatic, type StaticServer } from '../support/static-server.js';

const SECRET = 'MY_SECRET';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe("OpenVidu's basic tutorial: two users in two browsers, an app server pointed at the relay", () => {
  let relay: TestRelay;
  let app: TutorialServer;
  let pages: StaticServer;
  let browser: Browser;

  before(async () => {
    relay = await startRelay({ secret: SECRET });
    app = await startTutorialServer({ OPENVIDU_URL: relay.http, OPENVIDU_SECRET: SECRET });
    // The page and the openvidu-browser bundle it loads from /node_modules, as a static site serves them.
    pages = await serveStatic({ dir: ROOT, routes: { '/favicon.ico': '' } });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await pages?.close();
    await app?.close();
    await relay?.close();
  });

  /** One user: a browser context of their own, the tutorial's page, joined through its form. */
  async function userJoins(sessionId: string, userName: string): Promise<Page> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${pages.origin}/test/interop/tutorial-page.html?app=${encodeURIComponent(app.url)}`);
    await page.fill('#sessionId', sessionId);
    await page.fill('#userName', userName);
    await page.click('#join button');
    await page.locator('#state', { hasText: /^connected$/ }).waitFor();
    return page;
  }

  async function say(page: Page, text: string): Promise<void> {
    await page.fill('#message', text);
    await page.click('#chat button');
  }

  /** Wait until the list shows `count` lines, then give them. */
  async function lines(page: Page, list: string, count: number): Promise<string[]> {
    await page.locator(`#${list} li`).nth(count - 1).waitFor();
    return page.locator(`#${list} li`).allTextContents();
  }

  it('each user gets a token from the app server, sees the other join, and they chat', async () => {
    const sessionId = roomName('tutorial');
    const ann = await userJoins(sessionId, 'Ann');
    const bob = await userJoins(sessionId, 'Bob');
    assert.deepEqual(await lines(ann, 'participants', 1), ['Bob'], "Ann's page lists Bob");
    assert.deepEqual(await lines(bob, 'participants', 1), ['Ann'], "Bob's page lists Ann, who was there first");
    await say(ann, 'hello Bob');
    assert.deepEqual(await lines(bob, 'messages', 1), ['Ann: hello Bob']);
    await say(bob, 'hi Ann');
    // OpenVidu delivers a broadcast to its sender too: each page shows both messages, in one order.
    assert.deepEqual(await lines(ann, 'messages', 2), ['Ann: hello Bob', 'Bob: hi Ann']);
    assert.deepEqual(await lines(bob, 'messages', 2), ['Ann: hello Bob', 'Bob: hi Ann']);
    await Promise.all([ann.context().close(), bob.context().close()]);
  });

  it("the app server closing the session ends it on every user's page", async () => {
    const sessionId = roomName('tutorial-end');
    const ann = await userJoins(sessionId, 'Ann');
    const bob = await userJoins(sessionId, 'Bob');
    const closed = await fetch(`${app.url}/api/sessions/${sessionId}`, { method: 'DELETE' });
    assert.equal(closed.status, 204);
    for (const page of [ann, bob]) await page.locator('#state', { hasText: 'disconnected: sessionClosedByServer' }).waitFor();
    await Promise.all([ann.context().close(), bob.context().close()]);
  });
});
