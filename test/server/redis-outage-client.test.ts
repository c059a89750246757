/**
 * The client through a Redis outage: while the relay cannot reach its Redis
 * it refuses signals with `unavailable`; the client keeps them in its queue
 * and sends them again with backoff, as after a reconnection, so once Redis
 * is back every one is delivered, once, in order, and later signals wait
 * their turn behind them. Real relays, a real redis-server killed and
 * started again, our Session.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { SignalEvent } from '../../src/client/index.js';
import { healthIs, type TestRelay } from './harness.js';
import { redisCli, startRelaysOnRedis, type TestRedis } from './redis-harness.js';
import { NamedSessions } from './sessions.js';
import { roomName } from '../support/rooms.js';
import { until } from '../support/wait.js';

describe('the client through a Redis outage', () => {
  let redis: TestRedis;
  let one: TestRelay;
  let two: TestRelay;
  let closeRedisAndRelays: () => Promise<void>;
  const sessions = new NamedSessions();
  before(async () => {
    ({ redis, relays: [one, two], close: closeRedisAndRelays } = await startRelaysOnRedis([{ graceMs: 5000 }, { graceMs: 5000 }]));
  });
  after(async () => {
    sessions.disconnectAll();
    await closeRedisAndRelays();
  });


  it('sends the signals refused with unavailable again once Redis is back: none lost, none twice, in order, later ones behind them', async () => {
    const room = roomName('outage-client');
    const ann = await sessions.connect(one, room, 'Ann');
    const bob = await sessions.connect(two, room, 'Bob');
    const got: SignalEvent[] = [];
    bob.on('signal:chat', (event) => got.push(event));
    await ann.signal({ type: 'chat', data: 'before' });
    await until(() => got.length === 1, 'Bob has the first');

    await redis.stop();
    await healthIs(one, 503);
    const settled: string[] = [];
    const during = ['during 1', 'during 2', 'during 3'].map((data) =>
      ann.signal({ type: 'chat', data }).then(
        (result) => (settled.push(`${data} ok`), result),
        (error: unknown) => (settled.push(`${data} refused: ${String((error as Error).name)}`), undefined),
      ),
    );
    // The relay answers each at once with unavailable; the client keeps them and tries again, several times here.
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.deepEqual(settled, [], 'none refused to the app');
    assert.equal(ann.state, 'connected', 'no reconnection: the socket stays up');

    await redis.start();
    const results = await Promise.all(during);
    assert.deepEqual(settled, ['during 1 ok', 'during 2 ok', 'during 3 ok']);
    const seqs = results.map((result) => result?.seq ?? 0);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'acknowledged in the order they were sent');
    await ann.signal({ type: 'chat', data: 'after' });
    await until(() => got.length >= 5, () => `Bob has all five: ${JSON.stringify(got.map((e) => e.data))}`, 10_000);
    await bob.signal({ type: 'sync', data: 'flush' });
    assert.deepEqual(got.map((event) => event.data), ['before', 'during 1', 'during 2', 'during 3', 'after']);
    const bobSeqs = got.map((event) => event.seq ?? 0);
    assert.deepEqual(bobSeqs, [...new Set(bobSeqs)].sort((a, b) => a - b), 'each once, in seq order');
  });
  it('announces a status set while Redis was down once it is back', async () => {
    // A Redis that keeps its data across the restart (append-only file), as most deployments
    // run it: the rooms are still there when it is back, so this is about the status alone.
    const kept = await startRelaysOnRedis([{ graceMs: 5000 }, { graceMs: 5000 }], { persistent: true });
    const [three, four] = kept.relays;
    try {
      const room = roomName('outage-status');
      const ann = await sessions.connect(three, room, 'Ann');
      const bob = await sessions.connect(four, room, 'Bob');
      await until(() => bob.connections.size === 1, 'Bob sees Ann');
      await kept.redis.stop();
      await healthIs(three, 503);
      await ann.setStatus({ name: 'Ann', away: true });
      await kept.redis.start();
      await until(() => [...bob.connections.values()][0]?.status['away'] === true, 'Bob sees Ann away', 20_000);
    } finally {
      sessions.disconnectAll();
      await kept.close();
    }
  });

  it('loses nothing when only the relays’ subscriber connections drop: a relay that missed events sends its peers off to resume', async () => {
    const room = roomName('outage-pubsub');
    const ann = await sessions.connect(one, room, 'Ann');
    const bob = await sessions.connect(two, room, 'Bob');
    const got: SignalEvent[] = [];
    bob.on('signal:chat', (event) => got.push(event));
    await ann.signal({ type: 'chat', data: 'm0' });
    await until(() => got.length === 1, 'Bob has the first');
    const sent = ['m0'];
    // Ann keeps talking while every subscriber connection is cut (the command connections stay).
    const talking = (async () => {
      for (let i = 1; i <= 15; i++) {
        await ann.signal({ type: 'chat', data: `m${i}` });
        sent.push(`m${i}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    await redisCli(redis.port, 'CLIENT', 'KILL', 'TYPE', 'pubsub');
    await talking;
    await until(() => got.length >= sent.length, () => `Bob has all ${sent.length}: ${JSON.stringify(got.map((e) => e.data))}`, 15_000);
    await bob.signal({ type: 'sync', data: 'flush' });
    assert.deepEqual(got.map((event) => event.data), sent, 'every one, once, in order');
    assert.equal(bob.state, 'connected');
  });
});
