import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { getJson, Peer, startRelay, type TestRelay } from './harness.js';

/** Send raw bytes over TCP and collect whatever comes back until the server closes or 2 s pass. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', () => resolve(answer));
    socket.on('close', () => resolve(answer));
    socket.setTimeout(2000, () => socket.destroy());
    socket.write(text);
  });
}

const HANDSHAKE = (path: string, extra = '', key = 'dGhlIHNhbXBsZSBub25jZQ==') =>
  `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`;

describe('the process lives on', () => {
  let relay: TestRelay;
  let port: number;
  before(async () => {
    relay = await startRelay();
    port = Number(new URL(relay.http).port);
  });
  after(() => relay.close());

  async function stillServes(): Promise<void> {
    assert.equal((await getJson(`${relay.http}/healthz`)).status, 200);
    const peer = await Peer.join(relay.ws('alive'));
    peer.send({ type: 'ping', id: 1 });
    await peer.next('pong');
    await peer.close();
  }

  it('survives a handshake with 2,000 headers', async () => {
    const headers = Array.from({ length: 2000 }, (_, i) => `X-H${i}: ${i}\r\n`).join('');
    const answer = await rawRequest(port, HANDSHAKE('/rooms/x', headers));
    assert.match(answer, /^HTTP\/1\.1 (101|4\d\d)/);
    await stillServes();
  });

  it('survives headers larger than the parser accepts', async () => {
    const answer = await rawRequest(port, HANDSHAKE('/rooms/x', `X-Big: ${'a'.repeat(100_000)}\r\n`));
    assert.match(answer, /^HTTP\/1\.1 4\d\d/);
    await stillServes();
  });

  it('refuses a bad Sec-WebSocket-Key and an upgrade to an unknown path', async () => {
    assert.match(await rawRequest(port, HANDSHAKE('/rooms/x', '', 'short')), /^HTTP\/1\.1 400/);
    assert.match(await rawRequest(port, HANDSHAKE('/elsewhere')), /^HTTP\/1\.1 404/);
    await stillServes();
  });

  it('survives garbage instead of HTTP', async () => {
    const answer = await rawRequest(port, '\x00\x01\x02 not http at all\r\n\r\n');
    assert.match(answer, /^HTTP\/1\.1 400/);
    await stillServes();
  });

  it('survives a socket that sends random bytes after the handshake', async () => {
    const answer = await rawRequest(port, HANDSHAKE('/rooms/x') + '\xff\xfe\xfd garbage frame bytes');
    assert.match(answer, /^HTTP\/1\.1 101/);
    await stillServes();
  });

  it('keeps a connection up when the hub fails while handling its frame', async () => {
    const url = relay.ws('hub-fails');
    const ann = await Peer.join(url);
    const hub = relay.server.hub;
    const original = hub.publish.bind(hub);
    hub.publish = async () => {
      throw new Error('boom');
    };
    try {
      ann.send({ type: 'signal', id: 'f1', event: 'chat', data: 'x' });
      const error = await ann.next('error');
      assert.equal(error['code'], 'internal_error');
    } finally {
      hub.publish = original;
    }
    ann.send({ type: 'signal', id: 'f2', event: 'chat', data: 'x' });
    assert.equal((await ann.next('ack'))['id'], 'f2');
  });
});
