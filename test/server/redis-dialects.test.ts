/**
 * Across two relays of one Redis, with tokens: OpenVidu's JSON-RPC clients
 * and native peers share rooms, OpenVidu's REST alias answers on any relay,
 * and a moderator on one relay removes a peer on the other.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRedisHub, createToken } from '../../src/server/index.js';
import { Peer, startRelay, type TestRelay } from './harness.js';
import { RpcPeer } from './openvidu-harness.js';
import { startRedis, startRelaysOnRedis } from './redis-harness.js';
import { openViduToken } from '../support/openvidu.js';
import { roomName } from '../support/rooms.js';

const SECRET = 'redis-dialects-secret';
const token = (room: string, name: string, role?: 'publisher' | 'moderator') => createToken({ secret: SECRET, room, name, role });

describe('dialects and tokens across relays on one Redis', () => {
  let one: TestRelay;
  let two: TestRelay;
  let closeRedisAndRelays: () => Promise<void>;
  const open: Array<{ socket: { terminate(): void } }> = [];
  before(async () => {
    ({ relays: [one, two], close: closeRedisAndRelays } = await startRelaysOnRedis([{ secret: SECRET }, { secret: SECRET }]));
  });
  after(async () => {
    for (const peer of open) peer.socket.terminate();
    await closeRedisAndRelays();
  });
  const native = async (relay: TestRelay, room: string, name: string, role?: 'publisher' | 'moderator'): Promise<Peer & { id: string }> => {
    const peer = await Peer.join(`${relay.ws(room)}?token=${token(room, name, role)}`);
    open.push(peer);
    return peer;
  };

  it('lets an OpenVidu client on one relay and a native peer on the other chat in one room', async () => {
    const room = roomName('x-openvidu');
    const nat = await native(two, room, 'Nat');
    const ov = await RpcPeer.join(one, room, '{"clientData":"Ova"}', openViduToken(one, room, token(room, 'Ova')));
    open.push(ov);
    const joined = await nat.next('peer_joined');
    assert.equal(joined['peer'], ov.id);
    await ov.signal('chat', 'hello from OpenVidu');
    const from = await nat.next('from');
    assert.deepEqual([from['peer'], from['event'], from['data']], [ov.id, 'chat', 'hello from OpenVidu']);
    assert.equal((await ov.next('sendMessage'))['data'], 'hello from OpenVidu', 'its own echo first, as OpenVidu sends it');
    nat.send({ type: 'signal', id: 'n1', event: 'chat', data: 'hello from native' });
    const message = await ov.next('sendMessage');
    assert.equal(message['data'], 'hello from native');
    assert.equal(message['from'], nat.id);
  });

  it('answers OpenVidu’s REST signal on either relay for a room whose peers are on the other', async () => {
    const room = roomName('x-ov-rest');
    const nat = await native(one, room, 'Nat');
    const sent = await fetch(`${two.http}/openvidu/api/signal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`OPENVIDUAPP:${SECRET}`).toString('base64')}` },
      body: JSON.stringify({ session: room, type: 'signal:notice', data: 'from the app server' }),
    });
    assert.equal(sent.status, 200);
    const from = await nat.next('from');
    assert.deepEqual([from['event'], from['data'], from['peer']], ['notice', 'from the app server', null]);
  });

  it('lets a moderator on one relay remove a peer on the other', async () => {
    const room = roomName('x-kick');
    const mod = await native(one, room, 'Mod', 'moderator');
    const bob = await native(two, room, 'Bob');
    const cid = await native(one, room, 'Cid');
    mod.send({ type: 'kick', id: 'k1', peer: bob.id });
    assert.equal(await bob.closed, 4403);
    const left = await cid.next('peer_left');
    assert.deepEqual([left['peer'], left['reason']], [bob.id, 'kicked']);
    mod.send({ type: 'kick', id: 'k2', peer: bob.id });
    assert.equal((await mod.next('error'))['code'], 'unknown_peer', 'gone from the room for every relay');
  });
});

describe('createRedisHub, as an app embeds it', () => {
  it('gives two embedded relays one room through hub: createRedisHub({ url })', async () => {
    const redis = await startRedis();
    const one = await startRelay({ hub: createRedisHub({ url: redis.url, graceMs: 5000 }) });
    const two = await startRelay({ hub: createRedisHub({ url: redis.url, graceMs: 5000 }) });
    try {
      const room = roomName('x-embedded');
      const ann = await Peer.join(one.ws(room));
      const bob = await Peer.join(two.ws(room));
      assert.equal((await ann.next('peer_joined'))['peer'], bob.id);
      ann.send({ type: 'signal', id: 'e1', event: 'chat', data: 'embedded' });
      assert.equal((await bob.next('from'))['data'], 'embedded');
      assert.equal(one.server.hub.kind, 'redis');
      ann.socket.terminate();
      bob.socket.terminate();
    } finally {
      await one.close();
      await two.close();
      await redis.close();
    }
  });

  it('needs a url or cluster nodes', () => {
    assert.throws(() => createRedisHub({}), /needs a url or cluster nodes/);
  });
});
