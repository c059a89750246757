// The element in Chromium (playwright-core driving Debian's /usr/bin/chromium):
// time to render a 10,000-message history, DOM nodes used, then frame rate and
// long tasks while 100 messages/s arrive on top of it; and the same for a thread
// of 100,000 messages. The page and the built classic script are served from
// 127.0.0.1 (Chromium's Local Network Access checks refuse fake origins).
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function clientRender(root, { history = 10_000, streamPerSecond = 100, streamSeconds = 5, settleMs = 0 } = {}) {
  return inPage(root, 'runBench', { history, streamPerSecond, streamSeconds, settleMs });
}

/** 100,000 messages in one thread: taken in, shown, streamed on, jumped into (render-page.js's runBigThread). */
export function clientBigThread(root, { messages = 100_000, streamPerSecond = 100, streamSeconds = 5, settleMs = 500 } = {}) {
  return inPage(root, 'runBigThread', { messages, streamPerSecond, streamSeconds, settleMs });
}

/** Runs `window[run](options)` of render-page.js in a fresh Chromium page with the built classic script. */
async function inPage(root, run, options) {
  const files = {
    '/': ['text/html', '<!doctype html><meta charset="utf-8"><title>bench</title><script src="/signal-chat.js"></script><script src="/render-page.js"></script><body style="margin:0"></body>'],
    '/signal-chat.js': ['text/javascript', readFileSync(join(root, 'dist', 'signal-chat.js'))],
    '/render-page.js': ['text/javascript', readFileSync(join(root, 'bench', 'render-page.js'))],
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
    return await page.evaluate(([name, args]) => window[name](args), [run, options]);
  } finally {
    await browser.close();
    server.close();
  }
}
