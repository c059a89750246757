/// <reference types="mocha" />
// Tooling smoke test: the runner starts a relay, serves /__relay, Chromium reaches it over
// WebSocket, and the client's own event emitter (which replaced eventemitter3 and its ESM
// alias) loads in the browser and reports a throwing listener to the page. Delete once real
// browser tests cover this.
import { relayUrls } from './support/relay-urls.js';
import { GuardedEmitter } from '../src/client/guarded-emitter.js';

describe('browser test tooling', () => {
  it('serves the relay URLs at /__relay', async () => {
    const { ws, http } = await relayUrls();
    if (!/^ws:\/\/127\.0\.0\.1:\d+$/.test(ws)) throw new Error(`bad ws url ${ws}`);
    if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(http)) throw new Error(`bad http url ${http}`);
  });

  it('opens a WebSocket to the relay and gets joined', async () => {
    const { ws } = await relayUrls();
    const socket = new WebSocket(`${ws}/rooms/tooling-smoke`);
    const frame = await new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no joined frame within 5 s')), 5000);
      socket.onerror = () => reject(new Error('websocket error'));
      socket.onopen = () => socket.send(JSON.stringify({ type: 'join', status: { name: 'smoke' } }));
      socket.onmessage = (e) => {
        clearTimeout(timer);
        resolve(JSON.parse(String(e.data)));
      };
    });
    socket.close();
    if ((frame as { type?: unknown }).type !== 'joined') throw new Error(`expected joined, got ${JSON.stringify(frame)}`);
  });

  it("runs the client's emitter in the page: a throwing listener goes to the page's reportError, the next one still runs", () => {
    const e = new GuardedEmitter<{ x: [n: number] }>();
    let got = 0;
    const reported: unknown[] = [];
    const pageReportError = window.reportError;
    window.reportError = (error) => reported.push(error);
    try {
      e.on('x', () => {
        throw new Error('listener bug');
      }).on('x', (n) => (got = n));
      e.emit('x', 3);
    } finally {
      window.reportError = pageReportError;
    }
    if (got !== 3) throw new Error('the second listener did not run');
    if (reported.length !== 1 || (reported[0] as Error).message !== 'listener bug') throw new Error(`reported: ${String(reported)}`);
  });
});
