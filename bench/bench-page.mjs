// One Chromium page for the client benches (playwright-core driving the Chromium the
// tests use, scripts/chromium.mjs): the built classic script, then one page script of
// bench/, served from 127.0.0.1 (Chromium's Local Network Access checks refuse fake
// origins). The bench runs inside the page, in the function the page script defines.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from '../scripts/chromium.mjs';

/** Loads `bench/<script>` after dist/signal-chat.js in a fresh Chromium page and returns what `window[run](options)` resolves with. */
export async function inBenchPage(root, script, run, options) {
  const files = {
    '/': ['text/html', `<!doctype html><meta charset="utf-8"><title>bench</title><script src="/signal-chat.js"></script><script src="/${script}"></script><body style="margin:0"></body>`],
    '/signal-chat.js': ['text/javascript', readFileSync(join(root, 'dist', 'signal-chat.js'))],
    [`/${script}`]: ['text/javascript', readFileSync(join(root, 'bench', script))],
  };
  const server = createServer((req, res) => {
    const file = files[req.url ?? '/'];
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file[0] }).end(file[1]);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
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
