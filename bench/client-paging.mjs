// Older history in Chromium: the built relay in this process with a room of 5,000
// messages (published through the hub by a member, past the socket's rate limit), and
// the element (the built classic script) paging back through them on scrolling up.
// Reports the time for all of it and each page's round trip and render.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { WebSocket } from 'ws';

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ROOM = 'bench-paging';

/** Joins `url` as a member over a raw socket; resolves with its peer id and the socket. */
function joinAs(url, name) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'join', status: { name } })));
    socket.once('message', (data) => resolve({ id: JSON.parse(String(data)).id, socket }));
  });
}

export async function clientPaging(root, { messages = 5000, historySize = 100 } = {}) {
  const { createRelayServer } = await import(pathToFileURL(join(root, 'dist', 'server', 'index.js')).href);
  const relay = createRelayServer({ port: 0, host: '127.0.0.1', historySize, rateLimit: false });
  const { port } = await relay.listen();
  const url = `ws://127.0.0.1:${port}/rooms/${ROOM}`;
  const ann = await joinAs(url, 'Ann');
  for (let i = 0; i < messages; i++) {
    const result = await relay.hub.publish(ROOM, ann.id, { id: `m${i}`, event: 'chat', data: `message ${i}` });
    if (!result.ok) throw new Error(`publishing message ${i}: ${result.message}`);
  }
  const files = {
    '/': ['text/html', '<!doctype html><meta charset="utf-8"><title>bench</title><script src="/signal-chat.js"></script><script src="/paging-page.js"></script><body style="margin:0"></body>'],
    '/signal-chat.js': ['text/javascript', readFileSync(join(root, 'dist', 'signal-chat.js'))],
    '/paging-page.js': ['text/javascript', readFileSync(join(root, 'bench', 'paging-page.js'))],
  };
  const server = createServer((req, res) => {
    const file = files[req.url ?? '/'];
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file[0] }).end(file[1]);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1024, height: 800 } });
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => customElements.get('signal-chat') !== undefined);
    return await page.evaluate((options) => window.runPaging(options), { url, expected: messages, joinHistory: historySize });
  } finally {
    await browser.close();
    server.close();
    ann.socket.close();
    await relay.close();
  }
}
