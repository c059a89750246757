import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, type BodyResult } from '../../src/server/http-util.js';

/** A real HTTP server that reads each request's body with readBody (limit 64 bytes) and hands over what it got. */
describe('readBody', () => {
  let server: Server;
  let port: number;
  let results: Array<(result: BodyResult) => void> = [];
  const nextResult = (): Promise<BodyResult> => new Promise((resolve) => results.push(resolve));

  before(async () => {
    server = createServer((req, res) => {
      void readBody(req, 64).then((result) => {
        results.shift()?.(result);
        if (!res.destroyed) res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    results = [];
    await new Promise((resolve) => server.close(resolve));
  });

  /** Sends `chunks` as a POST body of the declared length, then ends the request or cuts its socket. */
  function post(chunks: string[], { declared, cut = false }: { declared?: number; cut?: boolean } = {}): void {
    const req = request({ port, host: '127.0.0.1', method: 'POST', headers: declared === undefined ? {} : { 'content-length': declared } });
    req.on('error', () => {}); // a cut request errors on our side too
    req.on('response', (res) => res.resume());
    for (const chunk of chunks) req.write(chunk);
    if (cut) setImmediate(() => req.destroy());
    else req.end();
  }

  it('reads a body whole', async () => {
    const result = nextResult();
    post(['{"a":', '1}'], { declared: 7 });
    assert.deepEqual(await result, { ok: true, text: '{"a":1}' });
  });

  it('refuses a body over the limit as too large, whether its length is declared or streamed', async () => {
    const declared = nextResult();
    post(['x'.repeat(65)], { declared: 65 });
    assert.deepEqual(await declared, { ok: false, reason: 'too_large' });
    const streamed = nextResult();
    post(['x'.repeat(40), 'x'.repeat(40)]);
    assert.deepEqual(await streamed, { ok: false, reason: 'too_large' });
  });

  it('reports a body the client cut off as aborted, not as too large', async () => {
    const result = nextResult();
    post(['{"session":'], { declared: 40, cut: true });
    assert.deepEqual(await result, { ok: false, reason: 'aborted' });
  });
});
