/**
 * Two `<signal-chat>` elements in Chromium, each on its own relay process of
 * one Redis: they chat, and when the first one's relay is killed (SIGKILL)
 * the element reconnects through a tiny test balancer to the other relay and
 * keeps its place: every message once, in order, none missing.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startRedis, type TestRedis } from './redis-harness.js';
import { startRelayProcess, type RelayProcess } from './relay-process.js';
import { roomName } from '../support/rooms.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A TCP balancer: each connection goes to the first backend that accepts it,
 * and is cut when that backend goes away (as a load balancer's would be).
 */
function startBalancer(ports: number[]): Promise<{ port: number; close(): Promise<void> }> {
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => {});
    const tryBackend = (index: number): void => {
      if (index >= ports.length) {
        client.destroy();
        return;
      }
      const upstream = connect(ports[index] as number, '127.0.0.1');
      let connected = false;
      upstream.once('connect', () => {
        connected = true;
        open.add(upstream);
        upstream.on('close', () => {
          open.delete(upstream);
          client.destroy();
        });
        client.on('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
      });
      upstream.once('error', () => {
        // A backend that refuses is skipped; one that fails later cuts the client.
        if (!connected) tryBackend(index + 1);
        else client.destroy();
      });
    };
    tryBackend(0);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of open) socket.destroy();
            server.close(() => done());
          }),
      }),
    );
  });
}

/** The test page and the element bundle, from 127.0.0.1 (another port than the relays: a cross-origin embed). */
async function startPageServer(bundle: string, page: string): Promise<{ url: string; server: HttpServer }> {
  const server = createHttpServer((req, res) => {
    if (req.url === '/signal-chat.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(bundle);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

interface Shown {
  state: string;
  texts: string[];
}

describe('two elements on two relays of one Redis, in Chromium', () => {
  let redis: TestRedis;
  let doomed: RelayProcess;
  let survivor: RelayProcess;
  let balancer: { port: number; close(): Promise<void> };
  let pages: { url: string; server: HttpServer };
  let browser: Browser;
  const room = roomName('x-browser');

  before(async () => {
    const built = (await import(join(root, 'scripts/wtr-element-pages.mjs'))) as { buildClassicBundle(configFile: string): Promise<string> };
    const bundle = await built.buildClassicBundle(join(root, 'rollup.config.mjs'));
    redis = await startRedis();
    doomed = await startRelayProcess(['--redis', redis.url, '--grace', '10000']);
    survivor = await startRelayProcess(['--redis', redis.url, '--grace', '10000']);
    const portOf = (relay: RelayProcess): number => Number(new URL(relay.http).port);
    balancer = await startBalancer([portOf(doomed), portOf(survivor)]);
    pages = await startPageServer(
      bundle,
      `<!doctype html><meta charset="utf-8"><script src="/signal-chat.js"></script>
<signal-chat id="ann" name="Ann" url="ws://127.0.0.1:${balancer.port}/rooms/${room}"></signal-chat>
<signal-chat id="bob" name="Bob" url="${survivor.ws(room)}"></signal-chat>`,
    );
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  });
  after(async () => {
    await browser?.close();
    pages?.server.close();
    await balancer?.close();
    await doomed?.kill();
    await survivor?.kill();
    await redis?.close();
  });

  const shown = (page: Page, id: string): Promise<Shown> =>
    page.evaluate((which) => {
      const chat = document.getElementById(which) as HTMLElement & { state: string; messages: ReadonlyArray<{ text: string }> };
      return { state: chat.state, texts: chat.messages.map((m) => m.text) };
    }, id);
  const send = (page: Page, id: string, text: string): Promise<void> =>
    page.evaluate(
      async ([which, what]) => {
        await (document.getElementById(which as string) as HTMLElement & { send(text: string): Promise<unknown> }).send(what as string);
      },
      [id, text],
    );

  it('chat across the relays, and the one whose relay is killed reconnects through the balancer to the other without a gap or a duplicate', async () => {
    const page = await browser.newPage();
    await page.goto(pages.url);
    await page.waitForFunction(() =>
      ['ann', 'bob'].every((id) => (document.getElementById(id) as unknown as { state: string }).state === 'connected'),
    );
    await send(page, 'bob', 'one');
    // Bob's ack can come before Ann's relay has passed 'one' on; Ann answers what she has seen.
    await page.waitForFunction(() => (document.getElementById('ann') as unknown as { messages: unknown[] }).messages.length === 1);
    await send(page, 'ann', 'two');
    await page.waitForFunction(() => (document.getElementById('ann') as unknown as { messages: unknown[] }).messages.length === 2);

    await doomed.kill('SIGKILL');
    // Bob keeps talking while Ann's relay is gone and she reconnects.
    for (const text of ['three', 'four', 'five']) await send(page, 'bob', text);
    await page.waitForFunction(() => {
      const ann = document.getElementById('ann') as unknown as { state: string; messages: unknown[] };
      return ann.state === 'connected' && ann.messages.length >= 5;
    }, undefined, { timeout: 15_000 });
    await send(page, 'ann', 'six');
    await page.waitForFunction(() => (document.getElementById('bob') as unknown as { messages: unknown[] }).messages.length >= 6);

    const ann = await shown(page, 'ann');
    const bob = await shown(page, 'bob');
    assert.deepEqual(ann.texts, ['one', 'two', 'three', 'four', 'five', 'six'], 'Ann has every message once, in order');
    assert.deepEqual(bob.texts, ['one', 'two', 'three', 'four', 'five', 'six'], 'Bob too');
    await page.close();
  });
});
