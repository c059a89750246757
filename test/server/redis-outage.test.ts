/**
 * Redis goes away and comes back: relays keep running and keep their
 * sockets, refuse what they cannot do with `unavailable`, say so on /healthz,
 * and carry on once Redis is back (here a Redis that lost everything: no
 * persistence). Also the room-wide limits of the Redis hub.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Peer, getJson, type TestRelay } from './harness.js';
import { startRelaysOnRedis, type TestRedis } from './redis-harness.js';
import { roomName } from '../support/rooms.js';

describe('the Redis hub when Redis goes away', () => {
  let redis: TestRedis;
  let one: TestRelay;
  let two: TestRelay;
  let closeRedisAndRelays: () => Promise<void>;
  const peers: Peer[] = [];
  before(async () => {
    ({ redis, relays: [one, two], close: closeRedisAndRelays } = await startRelaysOnRedis([{ graceMs: 3000 }, { graceMs: 3000, maxPeersPerRoom: 2 }]));
  });
  after(async () => {
    for (const peer of peers) peer.socket.terminate();
    await closeRedisAndRelays();
  });
  const join = async (relay: TestRelay, room: string): Promise<Peer & { id: string }> => {
    const peer = await Peer.join(relay.ws(room));
    peers.push(peer);
    return peer;
  };

  it('says which hub it uses on /healthz', async () => {
    const health = await getJson(`${one.http}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(health.body['hub'], 'redis');
  });

  it('refuses signals with unavailable while Redis is down, keeps every socket, answers /healthz 503, and carries on once Redis is back', async () => {
    const room = roomName('outage');
    const ann = await join(one, room);
    const bob = await join(two, room);
    ann.send({ type: 'signal', id: 'before', event: 'chat', data: 'before' });
    const before = await ann.next('ack');
    assert.equal((await bob.next('from'))['data'], 'before');

    await redis.stop();
    let health = await getJson(`${one.http}/healthz`);
    for (let i = 0; i < 100 && health.status !== 503; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      health = await getJson(`${one.http}/healthz`);
    }
    assert.equal(health.status, 503);
    assert.equal(health.body['ok'], false);
    assert.match(String(health.body['reason']), /unreachable/);
    ann.send({ type: 'signal', id: 'down', event: 'chat', data: 'while down' });
    const refused = await ann.next('error');
    assert.deepEqual([refused['code'], refused['id']], ['unavailable', 'down']);
    const rest = await fetch(`${one.http}/api/rooms/${room}`);
    assert.equal(rest.status, 503);
    const kick = await fetch(`${one.http}/api/rooms/${room}/connections/${bob.id}`, { method: 'DELETE' });
    assert.equal(kick.status, 503, 'a kick is not answered as if the peer were unknown');
    assert.equal(((await kick.json()) as { code: string }).code, 'unavailable');
    await ann.sync();
    await bob.sync();
    assert.equal(ann.closeCode, undefined, 'Ann keeps her socket');
    assert.equal(bob.closeCode, undefined, 'Bob keeps his socket');

    await redis.start();
    for (const relay of [one, two]) {
      let status = 0;
      for (let i = 0; i < 200 && status !== 200; i++) {
        status = (await getJson(`${relay.http}/healthz`)).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.equal(status, 200, 'healthy again');
    }
    // The relays put their peers back into the Redis that lost them.
    let participants: unknown[] = [];
    for (let i = 0; i < 100 && participants.length < 2; i++) {
      const snapshot = await getJson(`${two.http}/api/rooms/${room}`);
      participants = (snapshot.body['participants'] as unknown[] | undefined) ?? [];
      if (participants.length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(participants.length, 2);
    // As the client does: the refused signal again first (a later one waits behind it), then the next.
    ann.send({ type: 'signal', id: 'down', event: 'chat', data: 'while down' });
    const again = await ann.next('ack');
    assert.ok(Number(again['seq']) > Number(before['seq']), 'the seq goes on, never back');
    ann.send({ type: 'signal', id: 'after', event: 'chat', data: 'after' });
    const after = await ann.next('ack');
    assert.equal((await bob.next('from'))['data'], 'while down');
    const from = await bob.next('from');
    assert.equal(from['data'], 'after');
    assert.equal(from['seq'], after['seq']);
  });

  it('counts room_full room-wide, whatever relay each peer is on', async () => {
    const room = roomName('full');
    await join(one, room);
    await join(one, room);
    const third = await Peer.open(two.ws(room));
    peers.push(third);
    third.send({ type: 'join' });
    const refused = await third.next('error');
    assert.equal(refused['code'], 'room_full');
    assert.equal(await third.closed, 4503);
  });
});
