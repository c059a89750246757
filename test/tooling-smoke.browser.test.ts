/// <reference types="mocha" />
// Tooling smoke test: the runner starts a relay, serves /__relay, Chromium reaches it over
// WebSocket, and the eventemitter3 alias works. Delete once real browser tests cover this.
import { relayUrls } from './support/relay-urls.js';
import { EventEmitter } from 'eventemitter3';

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

  it('resolves eventemitter3 to its ESM build', () => {
    const e = new EventEmitter();
    let got = 0;
    e.on('x', (n: number) => (got = n));
    e.emit('x', 3);
    if (got !== 3) throw new Error('eventemitter3 did not work');
  });
});
