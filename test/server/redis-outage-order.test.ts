/**
 * One sender's order when Redis comes back between two of its signals. The
 * relay refused the first with `unavailable` (Redis was down); the second
 * was already on its way and arrives once Redis is back. Delivered at once,
 * it would reach the others before the first, which the client sends again
 * only after its backoff. So the relay refuses it too until the first comes
 * again: receivers on another relay see the messages in the order they were
 * sent. Real redis-server killed and started again, two relays on port 0,
 * raw WebSocket peers (which play the client's retries frame by frame).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { annAndBobAcross, healthIs, type Peer, type TestRelay } from './harness.js';
import { startRelaysOnRedis, type TestRedis } from './redis-harness.js';
import { SendOrder } from '../../src/server/send-order.js';


describe('one sender’s order across a Redis that comes back mid-burst', () => {
  let redis: TestRedis;
  let one: TestRelay;
  let two: TestRelay;
  let closeRedisAndRelays: () => Promise<void>;
  const peers: Peer[] = [];
  before(async () => {
    ({ redis, relays: [one, two], close: closeRedisAndRelays } = await startRelaysOnRedis([{ graceMs: 5000 }, { graceMs: 5000 }], { persistent: true }));
  });
  after(async () => {
    for (const peer of peers) peer.socket.terminate();
    await closeRedisAndRelays();
  });

  it('refuses a later signal until the one refused before it comes again, so the others see them in the order sent', async () => {
    const [ann, bob] = await annAndBobAcross(one, two, 'outage-order', peers);

    await redis.stop();
    await healthIs(one, 503);
    ann.send({ type: 'signal', id: 'first', event: 'chat', data: 'first' });
    assert.deepEqual([(await ann.next('error', 5000))['code'], ann.frames.at(-1)?.['id']], ['unavailable', 'first']);
    await redis.start();
    await healthIs(one, 200);
    await healthIs(two, 200);

    // The second was on its way: Redis is back, but the first has not come again yet.
    ann.send({ type: 'signal', id: 'second', event: 'chat', data: 'second' });
    const held = await ann.next('error', 5000);
    assert.deepEqual([held['code'], held['id']], ['unavailable', 'second'], 'refused, to be sent again behind the first');
    // The client's retry: everything not acknowledged, oldest first.
    ann.send({ type: 'signal', id: 'first', event: 'chat', data: 'first' });
    ann.send({ type: 'signal', id: 'second', event: 'chat', data: 'second' });
    const acks = [await ann.next('ack', 5000), await ann.next('ack', 5000)];
    assert.deepEqual(acks.map((ack) => ack['id']), ['first', 'second']);
    const got = [await bob.next('from', 5000), await bob.next('from', 5000)];
    assert.deepEqual(got.map((frame) => frame['data']), ['first', 'second'], 'Bob sees them in the order Ann sent them');
    assert.ok(Number(got[0]?.['seq']) < Number(got[1]?.['seq']));

    // With nothing refused any more, signals go at once again.
    ann.send({ type: 'signal', id: 'third', event: 'chat', data: 'third' });
    assert.equal((await ann.next('ack', 5000))['id'], 'third');
    assert.equal((await bob.next('from', 5000))['data'], 'third');
  });

  it('lets a refused signal whose sender gave up hold the later ones back for a bounded time only', () => {
    const order = new SendOrder(30_000);
    order.answered('gone', true, 0);
    assert.equal(order.mayGo('next', 1000), false, 'held behind the refused one');
    assert.equal(order.mayGo('next', 31_000), true, 'the refused one was given up: the next goes');
  });
});
