/**
 * The demo page as a visitor meets it: the real relay serving demo/ and the
 * element bundle (built from the sources), opened in Chromium (playwright-core
 * driving /usr/bin/chromium) at a laptop's and a phone's size.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { roomName } from '../support/rooms.js';
import { startRelay, type TestRelay } from '../server/harness.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 700 };

/** The element's state and what its shadow root shows, read in the page. */
interface ChatView {
  state: string;
  name: string | null;
  participants: string[];
}

async function chatView(page: Page): Promise<ChatView> {
  return page.evaluate(() => {
    const chat = document.querySelector('signal-chat') as HTMLElement & { state: string; participants: Array<{ name: string }> };
    return { state: chat.state, name: chat.getAttribute('name'), participants: chat.participants.map((p) => p.name).sort() };
  });
}

async function connected(page: Page): Promise<ChatView> {
  // A page just opened by a link may not have its element yet.
  await page.waitForFunction(() => (document.querySelector('signal-chat') as unknown as { state: string } | null)?.state === 'connected');
  return chatView(page);
}

/** A part of the element, located through its open shadow root. */
const part = (page: Page, name: string) => page.locator(`signal-chat >> [part~="${name}"]`).first();

describe('the demo page', () => {
  let relay: TestRelay;
  let browser: Browser;
  let distDir: string;

  before(async () => {
    distDir = mkdtempSync(join(tmpdir(), 'signal-chat-demo-'));
    const pages = (await import(join(root, 'scripts/wtr-element-pages.mjs'))) as { buildClassicBundle(configFile: string): Promise<string> };
    writeFileSync(join(distDir, 'signal-chat.js'), await pages.buildClassicBundle(join(root, 'rollup.config.mjs')));
    relay = await startRelay({ distDir });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  });
  after(async () => {
    await browser?.close();
    await relay?.close();
    rmSync(distDir, { recursive: true, force: true });
  });

  /** A fresh visitor (own storage) with the demo open in a room of its own. */
  async function visit(size: { width: number; height: number }, room = roomName('demo')): Promise<{ context: BrowserContext; page: Page; room: string; problems: string[] }> {
    const context = await browser.newContext({ viewport: size });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    await page.goto(`${relay.http}/?room=${room}`);
    return { context, page, room, problems };
  }

  it('joins at once under a made-up name, loads without a failed request or a console error, favicon included', async () => {
    const { context, page, problems } = await visit(LAPTOP);
    try {
      const view = await connected(page);
      assert.match(view.name ?? '', /^[A-Z][a-z]+ [A-Z][a-z]+$/, 'two words, two initials on the avatar');
      assert.equal(await page.getByLabel('Your name').inputValue(), view.name, 'shown in the name field, ready to change');
      assert.deepEqual(view.participants, [view.name], 'one person: the visitor, not three made-up ones');
      await page.waitForLoadState('networkidle');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('uses the name the visitor picks, shows it to the others at once, and keeps it for the next visit', async () => {
    const { context, page, room } = await visit(LAPTOP);
    try {
      await connected(page);
      await page.getByLabel('Your name').fill('Zoë');
      await page.getByRole('button', { name: 'Save name' }).click();
      await page.waitForFunction(() => (document.querySelector('signal-chat') as unknown as { participants: Array<{ self: boolean; name: string }> }).participants.some((p) => p.self && p.name === 'Zoë'));
      assert.match((await page.locator('#snippet').textContent()) ?? '', /name="Zoë"/, 'the snippet carries it');

      await page.reload();
      const again = await connected(page);
      assert.equal(again.name, 'Zoë');
      assert.equal(await page.getByLabel('Your name').inputValue(), 'Zoë');

      // "Open a second person in a new tab": another person, with a name of its own.
      const [second] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: 'Open a second person in a new tab' }).click()]);
      const secondView = await connected(second!);
      assert.notEqual(secondView.name, 'Zoë');
      assert.match(second!.url(), new RegExp(`room=${room}`));
      await page.waitForFunction(() => (document.querySelector('signal-chat') as unknown as { participants: unknown[] }).participants.length === 2);
      assert.deepEqual((await chatView(page)).participants, [secondView.name, 'Zoë'].sort(), 'two tabs, two people');
      assert.equal(await page.evaluate(() => localStorage.getItem('signal-chat-demo:name')), 'Zoë', 'the second tab did not take over the stored name');
    } finally {
      await context.close();
    }
  });

  it('at 1280 px keeps the participant list beside the messages', async () => {
    const { context, page } = await visit(LAPTOP);
    try {
      await connected(page);
      const chat = await page.locator('signal-chat').boundingBox();
      assert.ok(chat && chat.width >= 560, `the element is ${chat?.width} px wide`);
      const people = await part(page, 'participants').boundingBox();
      const log = await part(page, 'log').boundingBox();
      assert.ok(people && people.width > 0 && (await part(page, 'participants').isVisible()), 'the participant list is shown');
      assert.ok(log && people.x + people.width <= log.x + 1, 'beside the messages, not over them');
    } finally {
      await context.close();
    }
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`passes axe-core's checks in the ${colorScheme} theme, the chat included`, async () => {
      const { context, page } = await visit(LAPTOP);
      try {
        await page.emulateMedia({ colorScheme });
        await connected(page);
        await page.evaluate(() => (document.querySelector('signal-chat') as unknown as { send(text: string): Promise<unknown> }).send('hello https://example.com'));
        await page.addScriptTag({ path: join(root, 'node_modules/axe-core/axe.min.js') });
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> }> } }).axe;
          return (await axe.run()).violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
        });
        assert.deepEqual(violations, []);
      } finally {
        await context.close();
      }
    });
  }

  it('at 375 × 700 shows the composer whole on the first screen, with nothing wider than the screen', async () => {
    const { context, page } = await visit(PHONE);
    try {
      await connected(page);
      for (const name of ['input', 'send-button']) {
        const box = await part(page, name).boundingBox();
        assert.ok(box, `${name} is rendered`);
        assert.ok(box.y >= 0 && box.y + box.height <= PHONE.height && box.x >= 0 && box.x + box.width <= PHONE.width, `${name} is on screen: ${JSON.stringify(box)}`);
      }
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), PHONE.width, 'no sideways scrolling');
    } finally {
      await context.close();
    }
  });
});
