/**
 * Tokens, roles, rate limits and caps hold for OpenVidu clients exactly as
 * for native ones; and the OpenVidu REST path for signals.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createToken } from '../../src/server/index.js';
import { Peer, postJson, sendBulk, startRelay, stillConnectedAfterWaiting, stopReading, type TestRelay } from './harness.js';
import { openViduToken } from '../support/openvidu.js';
import { RpcPeer, openViduSocketUrl } from './openvidu-harness.js';

const SECRET = 'openvidu-test-secret';
const basic = (secret: string) => `Basic ${Buffer.from(`OPENVIDUAPP:${secret}`).toString('base64')}`;
const authorized = (secret: string) => ({ authorization: basic(secret) });

describe('OpenVidu dialect with a secret', () => {
  let relay: TestRelay;
  const token = (room: string, name: string, role?: 'subscriber' | 'publisher' | 'moderator') =>
    createToken({ secret: SECRET, room, name, ...(role ? { role } : {}) });
  const nativeUrl = (room: string, name: string, role?: 'subscriber' | 'publisher' | 'moderator') =>
    `${relay.ws(room)}?token=${token(room, name, role)}`;

  before(async () => {
    // The default heartbeat: a short one drops peers of this loaded process that did nothing wrong.
    relay = await startRelay({ secret: SECRET, graceMs: 300 });
  });
  after(() => relay.close());

  it('admits a signal-chat token for the room inside the OpenVidu token URL', async () => {
    const ov = await RpcPeer.join(relay, 'ovs-ok', '{"clientData":"Whoever"}', openViduToken(relay, 'ovs-ok', token('ovs-ok', 'Ann')));
    assert.equal(ov.joinResult['role'], 'PUBLISHER');
    assert.equal(ov.joinResult['metadata'], '{"clientData":"Ann"}', "the token's name wins over the app's");
    const nat = await Peer.join(nativeUrl('ovs-ok', 'Nat'));
    const value = await Peer.open(nativeUrl('ovs-ok', 'Late'));
    value.send({ type: 'join' });
    const joined = await value.next('joined');
    assert.deepEqual((joined['peers'] as Record<string, unknown>)[ov.id], { name: 'Ann', metadata: '{"clientData":"Ann"}' });
    assert.ok(nat.id);
  });

  it('refuses a missing, forged or other-room token with 401 and keeps the socket for the app', async () => {
    for (const bad of ['tok', `${token('ovs-bad', 'Ann')}x`, token('ovs-other', 'Ann')]) {
      const ov = await RpcPeer.open(openViduSocketUrl(relay, 'ovs-bad'));
      const error = await ov.callError('joinRoom', { token: openViduToken(relay, 'ovs-bad', bad), session: 'ovs-bad', metadata: 'Ann' });
      assert.equal(error.code, 401);
      assert.ok(['unauthorized', 'forbidden'].includes(String(error.data?.code)));
      assert.deepEqual(await ov.call('ping'), { value: 'pong' });
    }
    const none = await RpcPeer.open(openViduSocketUrl(relay, 'ovs-bad'));
    assert.equal((await none.callError('joinRoom', { session: 'ovs-bad', metadata: 'Ann' })).code, 401);
  });

  it('lets a subscriber read but not send', async () => {
    const nat = await Peer.join(nativeUrl('ovs-sub', 'Nat'));
    const sub = await RpcPeer.join(relay, 'ovs-sub', 'Sub', openViduToken(relay, 'ovs-sub', token('ovs-sub', 'Sub', 'subscriber')));
    assert.equal(sub.joinResult['role'], 'SUBSCRIBER');
    const error = await sub.callError('sendMessage', { message: JSON.stringify({ to: [], data: 'x', type: 'signal:chat' }) });
    assert.deepEqual([error.code, error.data?.code], [401, 'forbidden']);
    nat.send({ type: 'signal', id: 'r', event: 'chat', data: 'readable' });
    assert.equal((await sub.next('sendMessage'))['data'], 'readable');
  });

  it('lets a moderator force-disconnect; an evicted OpenVidu client is told before its socket closes', async () => {
    const mod = await RpcPeer.join(relay, 'ovs-mod', 'Mod', openViduToken(relay, 'ovs-mod', token('ovs-mod', 'Mod', 'moderator')));
    assert.equal(mod.joinResult['role'], 'MODERATOR');
    const pub = await RpcPeer.join(relay, 'ovs-mod', 'Pub', openViduToken(relay, 'ovs-mod', token('ovs-mod', 'Pub')));
    const nat = await Peer.join(nativeUrl('ovs-mod', 'Nat'));
    assert.equal((await pub.callError('forceDisconnect', { connectionId: nat.id })).code, 401);
    assert.deepEqual(await mod.call('forceDisconnect', { connectionId: pub.id }), {});
    assert.deepEqual(await pub.next('participantEvicted'), { connectionId: pub.id, reason: 'forceDisconnectByServer' });
    assert.equal(await pub.closed, 4403);
    assert.deepEqual(await mod.next('participantLeft'), { connectionId: pub.id, reason: 'forceDisconnectByServer' });
    await mod.call('forceDisconnect', { connectionId: nat.id });
    assert.equal(await nat.closed, 4403);
    assert.equal((await mod.callError('forceDisconnect', { connectionId: 'nobody' })).data?.code, 'unknown_peer');
    // An evicted participant cannot come back through `connect`.
    const again = await RpcPeer.open(openViduSocketUrl(relay, 'ovs-mod', true));
    assert.equal((await again.callError('connect', { sessionId: pub.rpcSessionId, reconnect: true })).code, 40007);
  });

  describe('POST /openvidu/api/signal', () => {
    it("takes OpenVidu's body with Basic OPENVIDUAPP:<secret> and strips the type prefix", async () => {
      const ov = await RpcPeer.join(relay, 'ovs-rest', 'Ann', openViduToken(relay, 'ovs-rest', token('ovs-rest', 'Ann')));
      const nat = await Peer.join(nativeUrl('ovs-rest', 'Nat'));
      const url = `${relay.http}/openvidu/api/signal`;
      const ok = await postJson(url, { session: 'ovs-rest', type: 'signal:notice', data: 'from the app server' }, authorized(SECRET));
      assert.equal(ok.status, 200);
      assert.deepEqual(await ov.next('sendMessage'), { data: 'from the app server', type: 'signal:notice' });
      const from = await nat.next('from');
      assert.deepEqual([from['peer'], from['event'], from['data']], [null, 'notice', 'from the app server']);
      const plain = await postJson(url, { session: 'ovs-rest', type: 'plain', data: 'no prefix', to: [ov.id] }, authorized(SECRET));
      assert.equal(plain.status, 200);
      assert.deepEqual(await ov.next('sendMessage'), { data: 'no prefix', type: 'signal:plain' });
    });

    it('answers 401 without the secret, 404 for an unknown session, 406 for an unknown connection, 400 for a bad type', async () => {
      await RpcPeer.join(relay, 'ovs-rest-err', 'Ann', openViduToken(relay, 'ovs-rest-err', token('ovs-rest-err', 'Ann')));
      const url = `${relay.http}/openvidu/api/signal`;
      assert.equal((await postJson(url, { session: 'ovs-rest-err', data: 'x' })).status, 401);
      assert.equal((await postJson(url, { session: 'ovs-rest-err', data: 'x' }, authorized('wrong'))).status, 401);
      assert.equal((await postJson(url, { session: 'nobody-here', data: 'x' }, authorized(SECRET))).status, 404);
      assert.equal((await postJson(url, { session: 'ovs-rest-err', to: ['nobody'], data: 'x' }, authorized(SECRET))).status, 406);
      assert.equal((await postJson(url, { session: 'ovs-rest-err', type: 'signal:bad type', data: 'x' }, authorized(SECRET))).status, 400);
      const get = await fetch(url, { headers: { authorization: basic(SECRET) } });
      assert.equal(get.status, 405);
    });

    it('leaves /api/signal as it was: there the prefix is not a valid type', async () => {
      await RpcPeer.join(relay, 'ovs-rest-native', 'Ann', openViduToken(relay, 'ovs-rest-native', token('ovs-rest-native', 'Ann')));
      const response = await postJson(`${relay.http}/api/signal`, { session: 'ovs-rest-native', type: 'signal:chat', data: 'x' }, authorized(SECRET));
      assert.equal(response.status, 400);
    });
  });
});

describe('OpenVidu dialect under the limits', () => {
  it('rate-limits sendMessage per participant, across reconnections', async () => {
    const relay = await startRelay({ rateLimit: { perSecond: 0.001, burst: 3 }, graceMs: 5000 });
    try {
      const ov = await RpcPeer.join(relay, 'ovl-rate', 'Ann');
      for (let i = 0; i < 2; i++) await ov.signal('chat', `ok ${i}`);
      relay.server.dropPeer('ovl-rate', ov.id);
      await ov.closed;
      const again = await RpcPeer.open(openViduSocketUrl(relay, 'ovl-rate', true));
      await again.call('connect', { sessionId: ov.rpcSessionId, reconnect: true });
      await again.signal('chat', 'ok 2');
      const error = await again.callError('sendMessage', { message: JSON.stringify({ to: [], data: 'too many', type: 'signal:chat' }) });
      assert.equal(error.data?.code, 'rate_limited');
      assert.deepEqual(await again.call('ping'), { value: 'pong' }, 'the connection stays up');
    } finally {
      await relay.close();
    }
  });

  it('refuses a join past the room cap', async () => {
    const relay = await startRelay({ maxPeersPerRoom: 1 });
    try {
      await Peer.join(relay.ws('ovl-full'));
      const ov = await RpcPeer.open(openViduSocketUrl(relay, 'ovl-full'));
      const error = await ov.callError('joinRoom', { session: 'ovl-full', metadata: 'Ann' });
      assert.deepEqual([error.code, error.data?.code], [204, 'room_full']);
    } finally {
      await relay.close();
    }
  });

  it('does not take an OpenVidu client for a slow consumer because what it missed while away is larger than the limit', async () => {
    const limit = 64 * 1024;
    const relay = await startRelay({ maxBufferedBytes: limit, rateLimit: false, graceMs: 10_000 });
    try {
      const ann = await RpcPeer.join(relay, 'ovl-burst', 'Ann');
      const nat = await Peer.join(relay.ws('ovl-burst'));
      assert.equal(relay.server.dropPeer('ovl-burst', ann.id), true);
      await ann.closed;
      // 8 MB missed, 125 times the limit, more than the kernel takes at once.
      await sendBulk(nat, 1000, 'm');
      const again = await RpcPeer.open(openViduSocketUrl(relay, 'ovl-burst', true));
      assert.deepEqual(await again.call('connect', { sessionId: ann.rpcSessionId, reconnect: true }), {});
      for (let i = 0; i < 1000; i++) assert.equal(((await again.next('sendMessage', 5000))['data'] as string).length, 8000);
      assert.deepEqual(await again.call('ping'), { value: 'pong' }, 'still connected');
    } finally {
      await relay.close();
    }
  });

  it('drops an OpenVidu client that stops reading, as a slow consumer', async () => {
    const relay = await startRelay({ maxBufferedBytes: 256 * 1024, rateLimit: false });
    try {
      const slow = await RpcPeer.join(relay, 'ovl-slow', 'Slow');
      stopReading(slow);
      const nat = await Peer.join(relay.ws('ovl-slow'));
      await sendBulk(nat, 2000, 's');
      assert.equal(await stillConnectedAfterWaiting(relay, 'ovl-slow', slow.id), false, 'the slow consumer was cut off');
    } finally {
      await relay.close();
    }
  });
});
