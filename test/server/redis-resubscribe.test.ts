/**
 * A relay whose connections to Redis drop and come back. A connection is
 * ready before the room channels' SSUBSCRIBEs sent on it have taken effect;
 * a signal published in that moment goes by unheard on this relay, which
 * then finds a gap in the room's events and sends every local peer off to
 * resume. So the relay takes no signal (`unavailable`) and answers /healthz
 * 503 until Redis has confirmed its subscriptions, and asks again should
 * Redis refuse them. Real redis-server (its ACL refusing the channels for
 * a while), two relays on port 0, one behind a gate that holds its
 * SSUBSCRIBEs back; raw WebSocket peers.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Peer, annAndBobAcross, getJson, healthIs, startRelay, type TestRelay } from './harness.js';
import { startRedisGate, type RedisGate } from './redis-gate.js';
import { redisCli, startRedis, startRelaysOnRedis, type TestRedis } from './redis-harness.js';
import { roomName } from '../support/rooms.js';
import { until } from '../support/wait.js';

describe('a relay that reconnects to Redis', () => {
  let redis: TestRedis;
  let gate: RedisGate;
  let one: TestRelay;
  let two: TestRelay;
  const peers: Peer[] = [];
  before(async () => {
    redis = await startRedis();
    gate = await startRedisGate(redis.port);
    one = await startRelay({ redis: gate.url, graceMs: 5000 });
    two = await startRelay({ redis: redis.url, graceMs: 5000 });
  });
  after(async () => {
    for (const peer of peers) peer.socket.terminate();
    await one.close();
    await two.close();
    await gate.close();
    await redis.close();
  });

  it('takes no signal until it hears its rooms again, and then keeps its peers', async () => {
    const [ann, bob] = await annAndBobAcross(one, two, 'resubscribe', peers);

    gate.holdFrom(/ssubscribe/i);
    gate.cut();
    // Ann's relay is connected again and has asked for the room's channel; Redis has not seen the request.
    await until(() => gate.held > 0, 'the relay subscribes again', 10_000);
    const health = await getJson(`${one.http}/healthz`);
    assert.equal(health.status, 503, 'a load balancer keeps new users away meanwhile');
    assert.match(String((health.body as { reason: string }).reason), /subscribing/);
    ann.send({ type: 'signal', id: 'first', event: 'chat', data: 'first' });
    const refused = await ann.next('error', 5000);
    assert.deepEqual([refused['code'], refused['id']], ['unavailable', 'first'], 'refused, for the client to send again');

    gate.open();
    await healthIs(one, 200);
    ann.send({ type: 'signal', id: 'first', event: 'chat', data: 'first' });
    assert.equal((await ann.next('ack', 5000))['id'], 'first');
    assert.equal((await bob.next('from', 5000))['data'], 'first');
    bob.send({ type: 'signal', id: 'reply', event: 'chat', data: 'reply' });
    assert.equal((await ann.next('from', 5000))['data'], 'reply', 'Ann hears Bob on the same socket: her relay missed nothing');
    assert.equal(ann.closeCode, undefined);
  });
});

describe('a relay whose subscriptions Redis refuses for a while', () => {
  let redis: TestRedis;
  let one: TestRelay;
  let closeRedisAndRelay: () => Promise<void>;
  const peers: Peer[] = [];
  before(async () => {
    ({ redis, relays: [one], close: closeRedisAndRelay } = await startRelaysOnRedis([{ graceMs: 5000 }]));
  });
  after(async () => {
    for (const peer of peers) peer.socket.terminate();
    await closeRedisAndRelay();
  });

  it('keeps asking, and takes signals again once Redis lets it subscribe', async () => {
    const room = roomName('resubscribe-refused');
    const ann = await Peer.join(one.ws(room), { name: 'Ann' });
    peers.push(ann);
    // Redis drops the subscriber (its channels are no longer allowed) and refuses its SSUBSCRIBEs.
    await redisCli(redis.port, 'acl', 'setuser', 'default', 'resetchannels');
    // Connected again, its SSUBSCRIBE refused (NOPERM).
    await healthIs(one, 503, /subscribing/);
    await redisCli(redis.port, 'acl', 'setuser', 'default', 'allchannels');
    await healthIs(one, 200);
    const bob = await Peer.join(one.ws(room), { name: 'Bob' });
    peers.push(bob);
    bob.send({ type: 'signal', id: 'hi', event: 'chat', data: 'hi' });
    assert.equal((await ann.next('from', 5000))['data'], 'hi');
  });
});
