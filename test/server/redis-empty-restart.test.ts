/**
 * A Redis that restarts empty (no persistence: every room, member and log
 * gone) under two relays of one room. Each relay puts its own peers back
 * when it reaches Redis again, and they do not reach it at the same moment:
 * a peer that joins in between, and the relay that comes back later, must
 * still end with the whole room. Real redis-server killed and started
 * again, two relays on port 0 (one behind a gate that holds its traffic
 * back), our Session over real WebSockets.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Session } from '../../src/client/index.js';
import { getJson, healthIs, startRelay, type TestRelay } from './harness.js';
import { startRedisGate, type RedisGate } from './redis-gate.js';
import { startRedis, type TestRedis } from './redis-harness.js';
import { NamedSessions } from './sessions.js';
import { roomName } from '../support/rooms.js';
import { until } from '../support/wait.js';

describe('a Redis that restarts empty under two relays', () => {
  let redis: TestRedis;
  let gate: RedisGate;
  let one: TestRelay;
  let two: TestRelay;
  const sessions = new NamedSessions();
  before(async () => {
    redis = await startRedis();
    gate = await startRedisGate(redis.port);
    // A long grace period means lease renewals 5 s apart: the relays' slow check of their channel cannot hide a missed peer.
    one = await startRelay({ redis: redis.url, graceMs: 15_000 });
    two = await startRelay({ redis: gate.url, graceMs: 15_000 });
  });
  after(async () => {
    sessions.disconnectAll();
    await one.close();
    await two.close();
    await gate.close();
    await redis.close();
  });

  const names = (viewer: Session): string[] => [...viewer.connections.values()].map((c) => String(c.status['name'])).sort();
  const sees = async (viewer: Session, who: string, expected: string[]): Promise<void> =>
    until(() => names(viewer).join() === expected.join(), () => `${who} sees ${JSON.stringify(expected)}; sees ${JSON.stringify(names(viewer))}`, 15_000);

  it('gives everyone the whole room when a peer joins before the other relay has put its peers back', async () => {
    const room = roomName('empty-restart');
    const ann = await sessions.connect(one, room, 'Ann');
    const bob = await sessions.connect(two, room, 'Bob');
    await sees(bob, 'Bob', ['Ann']);
    await sees(ann, 'Ann', ['Bob']);

    gate.shut();
    await redis.stop();
    await healthIs(one, 503);
    await redis.start();
    await healthIs(one, 200);
    // Bob's relay has not reached the new Redis yet: the room there holds Ann alone when Carol joins.
    const carol = await sessions.connect(one, room, 'Carol');
    await ann.setStatus({ name: 'Ann', away: true });
    gate.open();

    await sees(carol, 'Carol', ['Ann', 'Bob']);
    await sees(bob, 'Bob', ['Ann', 'Carol']);
    await sees(ann, 'Ann', ['Bob', 'Carol']);
    await until(() => [...bob.connections.values()].find((c) => c.status['name'] === 'Ann')?.status['away'] === true, 'Bob sees Ann away', 15_000);
    const listed = await getJson(`${two.http}/api/rooms/${room}`);
    const participants = (listed.body as { participants: Array<{ status: { name: string } }> }).participants.map((p) => p.status.name).sort();
    assert.deepEqual(participants, ['Ann', 'Bob', 'Carol'], 'the room lists all three, from either relay');
  });
});
