/**
 * The session's side of the wire, against a server whose every answer the
 * test writes: what it sends, how it treats silence, repeats, garbage and
 * refusals.
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { Session, SignalError, type SessionOptions, type SignalEvent, type WebSocketConstructor } from '../../src/client/index.js';
import { next, record } from './support/events.js';
import { until } from '../support/wait.js';
import { ScriptedServer } from './support/scripted-server.js';

let server: ScriptedServer;
const sessions: Session[] = [];

function session(options: SessionOptions = {}, url = server.url()): Session {
  const created = new Session(url, {
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    timeoutMs: 2000,
    ...options,
    reconnect: options.reconnect === false ? false : { initialDelayMs: 20, jitter: 0, ...options.reconnect },
  });
  sessions.push(created);
  return created;
}

/** A session connected to the scripted server, and the server's side of its socket. */
async function connected(options: SessionOptions = {}, answer: Record<string, unknown> = {}) {
  const client = session(options);
  const connecting = client.connect();
  const socket = await server.socket(server.sockets.length);
  await socket.joined(answer);
  await connecting;
  return { client, socket };
}

beforeEach(async () => {
  server = await ScriptedServer.start();
});
afterEach(async () => {
  for (const s of sessions.splice(0)) {
    s.removeAllListeners();
    s.disconnect();
  }
  await server.close();
});

describe('Session on the wire', () => {
  it('sends join with its status and token, and puts the token in the URL', async () => {
    const client = session({ token: 't0k', status: { name: 'Ann' } }, `http://127.0.0.1:${server.port}/rooms/r`);
    assert.equal(client.url, `ws://127.0.0.1:${server.port}/rooms/r?token=t0k`);
    const connecting = client.connect();
    const socket = await server.socket(0);
    const join = await socket.joined({ role: 'moderator' });
    await connecting;
    assert.equal(socket.path, '/rooms/r?token=t0k');
    assert.deepEqual(join, { type: 'join', status: { name: 'Ann' }, token: 't0k', history: true, batchPresence: true });
    assert.equal(client.role, 'moderator');
  });

  it('rejects connect() with timeout when the server never answers the join, and says goodbye', async () => {
    // The file's 2 s timeout, not a short one: a socket given up on before it opened can only be
    // aborted (the server sees 1006), and on a loaded machine opening alone can take 150 ms.
    const client = session();
    // Watched from the start: on a busy machine the timeout can pass before the socket is seen.
    const refused = assert.rejects(client.connect(), (error: unknown) => error instanceof SignalError && error.name === 'timeout' && error.code === 408);
    const socket = await server.socket(0);
    await socket.frame('join');
    await refused;
    assert.equal(await socket.closed(), 1000);
    assert.equal(client.state, 'disconnected');
  });

  it('rejects a signal with timeout when no ack comes, and stays connected', async () => {
    // The file's 2 s timeout: it also bounds the join, which a loaded machine may not answer in 150 ms.
    const { client, socket } = await connected();
    const options = { type: 'chat', data: 'anyone?' };
    await assert.rejects(client.signal(options), (error: unknown) => error instanceof SignalError && error.name === 'timeout' && error.signal === options);
    const sent = await socket.frame('signal');
    assert.deepEqual({ ...sent, id: undefined }, { type: 'signal', id: undefined, event: 'chat', data: 'anyone?' });
    assert.equal(client.state, 'connected');
  });

  it('resolves a signal with the seq and time of its ack', async () => {
    const { client, socket } = await connected();
    const sending = client.signal({ data: 'x', to: 'someone' });
    const sent = await socket.frame('signal');
    assert.deepEqual(sent['to'], ['someone']);
    socket.send({ type: 'ack', id: String(sent['id']), seq: 9, time: 1234 });
    assert.deepEqual(await sending, { seq: 9, time: 1234 });
  });

  it('pings, and takes a server that answers nothing for a dead one and resumes elsewhere', async () => {
    const { client, socket } = await connected({ pingIntervalMs: 100 }, { seq: 4, resume: 'secret' });
    const reconnecting = next(client, 'reconnecting');
    await socket.frame('ping');
    await reconnecting;
    assert.equal(await socket.closed(), 4408, 'closed with heartbeat_timeout, which keeps the identity on the server');
    const again = await server.socket(1);
    const join = await again.frame('join');
    assert.deepEqual(join['resume'], { id: 'me', key: 'secret', seq: 4 });
  });

  it('raises a replayed signal it has already seen only once, and reconnected only after the replay', async () => {
    const { client, socket } = await connected({}, { seq: 5 });
    const got = record(client, 'signal', (e: SignalEvent) => `${e.data}@${e.seq}:${client.state}`);
    socket.send({ type: 'from', peer: 'bo', event: 'chat', data: 'x', seq: 6, time: 1 });
    await until(() => got.length === 1, 'x arrived');
    const reconnected = next(client, 'reconnected');
    socket.socket.terminate();
    const again = await server.socket(1);
    const join = await again.frame('join');
    assert.deepEqual(join['resume'], { id: 'me', key: 'key-1', seq: 6 });
    await again.frame('ping', (f) => f['id'] !== undefined);
    again.send({ type: 'joined', id: 'me', peers: {}, resume: 'key-1', resumed: true, seq: 7 });
    again.send({ type: 'from', peer: 'bo', event: 'chat', data: 'x', seq: 6, time: 1 });
    again.send({ type: 'from', peer: 'bo', event: 'chat', data: 'y', seq: 7, time: 2 });
    const ping = await again.frame('ping', (f) => f['id'] !== undefined);
    assert.equal(client.state, 'reconnecting', 'not reconnected before the pong behind the replay');
    again.send({ type: 'pong', id: ping['id'] as string });
    assert.deepEqual(await reconnected, { resumed: true, restarted: false });
    assert.deepEqual(got, ['x@6:connected', 'y@7:reconnecting']);
  });

  it('sends an unacknowledged signal again with its first id after a resume', async () => {
    const { client, socket } = await connected();
    const sending = client.signal({ type: 'chat', data: 'once' });
    const first = await socket.frame('signal');
    socket.socket.terminate();
    const again = await server.socket(1);
    await again.frame('ping', (f) => f['id'] !== undefined);
    again.send({ type: 'joined', id: 'me', peers: {}, resume: 'key-1', resumed: true, seq: 0 });
    const ping = await again.frame('ping', (f) => f['id'] !== undefined);
    again.send({ type: 'pong', id: ping['id'] as string });
    const resent = await again.frame('signal');
    assert.equal(resent['id'], first['id']);
    again.send({ type: 'ack', id: String(resent['id']), seq: 1, time: 5 });
    assert.deepEqual(await sending, { seq: 1, time: 5 });
  });

  it('reports a frame it cannot read, and an error for no signal, as exception', async () => {
    const { client, socket } = await connected();
    const exceptions = record(client, 'exception');
    socket.send('not json');
    socket.send({ type: 'from', peer: 42 });
    socket.send({ type: 'error', code: 'rate_limited', message: 'slow down' });
    await until(() => exceptions.length === 3, 'three exceptions');
    assert.deepEqual(exceptions.map((e) => [e.name, e.code]), [['invalid_message', 400], ['invalid_message', 400], ['rate_limited', 429]]);
    assert.equal(client.state, 'connected');
  });

  it('ends without retrying when the server closes with forbidden (4403)', async () => {
    const { client, socket } = await connected();
    const reconnecting = record(client, 'reconnecting');
    const disconnected = next(client, 'sessionDisconnected');
    const queued = client.signal({ data: 'x' });
    socket.socket.close(4403, 'removed');
    assert.deepEqual(await disconnected, { reason: 'forbidden' });
    await assert.rejects(queued, (error: unknown) => error instanceof SignalError && error.name === 'not_connected');
    assert.equal(reconnecting.length, 0);
    assert.equal(client.state, 'disconnected');
    assert.equal(server.sockets.length, 1, 'no second socket was opened');
  });

  it('gives up after maxAttempts with sessionDisconnected { reason: network }', async () => {
    const { client } = await connected({ reconnect: { maxAttempts: 2 } });
    const disconnected = next(client, 'sessionDisconnected');
    await server.close();
    const queued = client.signal({ data: 'x' });
    assert.deepEqual(await disconnected, { reason: 'network' });
    await assert.rejects(queued, (error: unknown) => error instanceof SignalError && error.name === 'not_connected');
    // Restarted for afterEach to close.
    server = await ScriptedServer.start();
  });

  it('does not reconnect at all when reconnect is false', async () => {
    const { client, socket } = await connected({ reconnect: false });
    const disconnected = next(client, 'sessionDisconnected');
    socket.socket.terminate();
    assert.deepEqual(await disconnected, { reason: 'network' });
    assert.equal(server.sockets.length, 1);
  });
  it('keeps a signal the relay refused with unavailable, sends it again with its first id after a backoff, and sends later ones behind it', async () => {
    const { client, socket } = await connected();
    const first = client.signal({ type: 'chat', data: 'one' });
    const sent = await socket.frame('signal');
    socket.send({ type: 'error', code: 'unavailable', message: 'no Redis', id: sent['id'] });
    // A signal right behind the refusal shows when the client has read it.
    const marker = next(client, 'signal');
    socket.send({ type: 'from', peer: 'p2', event: 'chat', data: 'marker', seq: 1, time: 1 });
    await marker;
    const second = client.signal({ type: 'chat', data: 'two' });
    // Sent again after the backoff, the first before the second, which waited.
    await until(() => socket.frames.filter((f) => f.type === 'signal').length === 3, 'both went (again)');
    const signals = socket.frames.filter((f) => f.type === 'signal');
    assert.deepEqual(signals.map((f) => [f['id'], f['data']]), [[sent['id'], 'one'], [sent['id'], 'one'], [signals[2]?.['id'], 'two']]);
    socket.send({ type: 'ack', id: sent['id'], seq: 1, time: 1 });
    socket.send({ type: 'ack', id: signals[2]?.['id'], seq: 2, time: 2 });
    assert.deepEqual([await first, await second], [{ seq: 1, time: 1 }, { seq: 2, time: 2 }]);
  });

  it('rejects a signal refused with unavailable when it may not wait (retryAfterReconnect: false, or no reconnection)', async () => {
    for (const [options, signal] of [[{}, { retryAfterReconnect: false }], [{ reconnect: false as const }, {}]] as const) {
      const { client, socket } = await connected(options);
      const refused = client.signal({ type: 'chat', data: 'now or never', ...signal });
      const sent = await socket.frame('signal');
      socket.send({ type: 'error', code: 'unavailable', message: 'no Redis', id: sent['id'] });
      await assert.rejects(refused, (error: unknown) => error instanceof SignalError && error.name === 'unavailable');
    }
  });
});
