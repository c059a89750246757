/**
 * The first connection with `retryConnect`: a relay that is down when the session
 * starts is tried again with the reconnection backoff, and the session joins by itself
 * once a relay listens on that port; without the option, connect() fails at once.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { afterEach, describe, it } from 'node:test';
import WebSocket from 'ws';
import { Session, SignalError, type RetryingEvent } from '../../src/client/index.js';
import { createRelayServer, type RelayServer } from '../../src/server/index.js';
import { until } from '../support/wait.js';

/** A port nothing listens on (taken from the system, then let go). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const fast = { initialDelayMs: 50, maxDelayMs: 200, jitter: 0 };

describe('Session connect() with retryConnect', () => {
  let relay: RelayServer | undefined;
  let session: Session | undefined;
  afterEach(async () => {
    session?.disconnect();
    session = undefined;
    await relay?.close();
    relay = undefined;
  });

  it('retries while the relay is down, announcing each wait, and joins once it is up', async () => {
    const port = await freePort();
    session = new Session(`ws://127.0.0.1:${port}/rooms/later`, { WebSocket: WebSocket as never, retryConnect: true, reconnect: fast });
    const waits: RetryingEvent[] = [];
    session.on('retrying', (e) => waits.push(e));
    let joined = false;
    const connecting = session.connect().then(() => (joined = true));
    await until(() => waits.length >= 2, 'two retries announced');
    assert.equal(session.state, 'connecting');
    assert.deepEqual(waits.slice(0, 2), [{ attempt: 1, delayMs: 50 }, { attempt: 2, delayMs: 100 }], 'the reconnection backoff');
    assert.equal(joined, false);
    relay = createRelayServer({ port, host: '127.0.0.1' });
    await relay.listen();
    await connecting;
    assert.equal(session.state, 'connected');
    assert.ok(session.connection?.connectionId, 'joined, with its own connection');
  });

  it('retryNow() tries at once instead of waiting out the delay', async () => {
    const port = await freePort();
    session = new Session(`ws://127.0.0.1:${port}/rooms/now`, { WebSocket: WebSocket as never, retryConnect: true, reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000, jitter: 0 } });
    let waits = 0;
    session.on('retrying', () => (waits += 1));
    const connecting = session.connect();
    await until(() => waits === 1, 'a minute to wait');
    relay = createRelayServer({ port, host: '127.0.0.1' });
    await relay.listen();
    session.retryNow();
    await connecting;
    assert.equal(session.state, 'connected');
  });

  it('gives up after maxAttempts, and disconnect() cancels the wait', async () => {
    const port = await freePort();
    session = new Session(`ws://127.0.0.1:${port}/rooms/never`, { WebSocket: WebSocket as never, retryConnect: true, reconnect: { ...fast, maxAttempts: 2 } });
    await assert.rejects(session.connect(), (e: unknown) => e instanceof SignalError && e.name === 'not_connected');
    const other = new Session(`ws://127.0.0.1:${port}/rooms/never`, { WebSocket: WebSocket as never, retryConnect: true, reconnect: fast });
    const pending = other.connect();
    other.disconnect();
    await assert.rejects(pending, (e: unknown) => e instanceof SignalError && e.name === 'cancelled');
  });

  it('refuses a room name the relay would refuse at once, instead of retrying it', async () => {
    const port = await freePort();
    session = new Session(`ws://127.0.0.1:${port}/rooms/bad%20room!`, { WebSocket: WebSocket as never, retryConnect: true, reconnect: fast });
    await assert.rejects(session.connect(), (e: unknown) => e instanceof SignalError && e.name === 'invalid_room');
  });

  it('without retryConnect, rejects at the first failure (the OpenVidu/OpenTok contract)', async () => {
    const port = await freePort();
    session = new Session(`ws://127.0.0.1:${port}/rooms/plain`, { WebSocket: WebSocket as never, reconnect: fast });
    let waits = 0;
    session.on('retrying', () => (waits += 1));
    await assert.rejects(session.connect(), (e: unknown) => e instanceof SignalError && e.name === 'not_connected');
    assert.equal(waits, 0);
  });
});
