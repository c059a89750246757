/**
 * session.forceDisconnect(): OpenVidu's moderator call, over the relay's
 * `kick` frame, against a real relay that requires tokens.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { Session, SignalError, type WebSocketConstructor } from '../../src/client/index.js';
import { createRelayServer, createToken, type RelayServer } from '../../src/server/index.js';

const SECRET = 'moderation-secret';

describe('session.forceDisconnect', () => {
  let server: RelayServer;
  let base: string;
  before(async () => {
    server = createRelayServer({ port: 0, host: '127.0.0.1', secret: SECRET });
    const { port } = await server.listen();
    base = `ws://127.0.0.1:${port}/rooms`;
  });
  after(() => server.close());

  async function join(room: string, name: string, role: 'subscriber' | 'publisher' | 'moderator'): Promise<Session> {
    const token = createToken({ secret: SECRET, room, name, role });
    const session = new Session(`${base}/${room}`, { token, WebSocket: WebSocket as unknown as WebSocketConstructor });
    await session.connect();
    return session;
  }

  it('lets a moderator remove a participant: it resolves once the participant is gone, and the removed one is told why', async () => {
    const mod = await join('kick', 'Mod', 'moderator');
    const bob = await join('kick', 'Bob', 'publisher');
    const ended = new Promise<string>((resolve) => bob.on('sessionDisconnected', (e) => resolve(e.reason)));
    await new Promise<void>((resolve) => (mod.connections.has(bob.connection!.connectionId) ? resolve() : mod.once('connectionCreated', () => resolve())));
    const destroyed = new Promise<string>((resolve) => mod.on('connectionDestroyed', (e) => resolve(e.reason)));
    await mod.forceDisconnect(mod.connections.get(bob.connection!.connectionId)!);
    assert.equal(await destroyed, 'kicked');
    assert.equal(await ended, 'forbidden');
    assert.equal(mod.connections.size, 0);
    mod.disconnect();
  });

  it('refuses a publisher with forbidden and an unknown participant with unknown_peer', async () => {
    const pub = await join('kick-refused', 'Pub', 'publisher');
    const mod = await join('kick-refused', 'Mod', 'moderator');
    const refused = await pub.forceDisconnect(mod.connection!.connectionId).catch((error: unknown) => error);
    assert.ok(refused instanceof SignalError);
    assert.deepEqual([refused.name, refused.code], ['forbidden', 403]);
    const unknown = await mod.forceDisconnect('nobody-here').catch((error: unknown) => error);
    assert.ok(unknown instanceof SignalError);
    assert.equal(unknown.name, 'unknown_peer');
    assert.equal(mod.connections.size, 1, 'nobody was removed');
    pub.disconnect();
    mod.disconnect();
  });

  it('rejects with not_connected before connect()', async () => {
    const session = new Session(`${base}/kick-early`, { WebSocket: WebSocket as unknown as WebSocketConstructor });
    const error = await session.forceDisconnect('x').catch((e: unknown) => e);
    assert.ok(error instanceof SignalError);
    assert.equal(error.name, 'not_connected');
  });
});
