/**
 * A relay keeps the member list of its rooms from their channel, so that a
 * fresh join is not sent the whole room by Redis each time (a join storm).
 * Whatever happens in the room on any relay — joins, status changes,
 * leaves, kicks, joins that overlap — a peer that joins through either
 * relay must be listed exactly the room Redis holds, with each member's
 * current status and role. Two relays on one real redis-server, real
 * WebSockets.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { getJson, Peer, type TestRelay } from './harness.js';
import { startRelaysOnRedis } from './redis-harness.js';
import { roomName } from '../support/rooms.js';

/** Resolves once the asynchronous `condition` holds (asked every 20 ms); fails after 5 s naming `what`. */
async function eventually(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after 5000 ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the member list a join gets across two relays', () => {
  let one: TestRelay;
  let two: TestRelay;
  let closeRedisAndRelays: () => Promise<void>;
  const peers: Peer[] = [];
  before(async () => {
    ({ relays: [one, two], close: closeRedisAndRelays } = await startRelaysOnRedis([{}, {}]));
  });
  after(async () => {
    for (const peer of peers) peer.socket.terminate();
    await closeRedisAndRelays();
  });

  const join = async (relay: TestRelay, room: string, status: Record<string, unknown>): Promise<Peer & { id: string }> => {
    const peer = await Peer.join(relay.ws(room), status);
    peers.push(peer);
    return peer;
  };
  /** The room as Redis holds it (through REST), id → status. */
  const inRedis = async (room: string): Promise<Record<string, unknown>> => {
    const answer = await getJson(`${one.http}/api/rooms/${room}`);
    const participants = (answer.body['participants'] as Array<{ id: string; status: unknown }> | undefined) ?? [];
    return Object.fromEntries(participants.map((p) => [p.id, p.status]));
  };
  /** A fresh joiner on `relay` is listed every member but itself, as Redis holds them, each a publisher. */
  const listsTheRoom = async (relay: TestRelay, room: string, step: string): Promise<void> => {
    const probe = await Peer.open(relay.ws(room));
    peers.push(probe);
    probe.send({ type: 'join', status: { name: 'probe' } });
    const joined = await probe.next('joined');
    const expected = await inRedis(room);
    delete expected[String(joined['id'])];
    assert.deepEqual(joined['peers'], expected, `${step}: the peers a join through ${relay === one ? 'one' : 'two'} lists`);
    assert.deepEqual(Object.keys(joined['roles'] as object).sort(), Object.keys(expected).sort(), `${step}: a role for each`);
    await probe.close();
    await eventually(async () => !(String(joined['id']) in (await inRedis(room))), 'the probe has left');
  };

  it('lists the room as Redis holds it after joins, status changes, leaves, kicks and resumes on either relay', async () => {
    const room = roomName('roster');
    const ann = await join(one, room, { name: 'Ann' });
    await listsTheRoom(one, room, 'one member, on one');
    await listsTheRoom(two, room, 'one member, on two');
    const bob = await join(two, room, { name: 'Bob' });
    const cid = await join(one, room, { name: 'Cid' });
    await listsTheRoom(one, room, 'three members');
    await listsTheRoom(two, room, 'three members');
    ann.send({ type: 'status', status: { name: 'Ann', away: true } });
    bob.send({ type: 'status', status: { name: 'Bob', mood: 'busy' } });
    await eventually(async () => /away.*busy|busy.*away/.test(JSON.stringify(await inRedis(room))), 'Redis has the statuses');
    await listsTheRoom(one, room, 'after status changes');
    await listsTheRoom(two, room, 'after status changes');
    await cid.close();
    await eventually(async () => !(cid.id in (await inRedis(room))), 'Cid has left');
    await listsTheRoom(one, room, 'after a leave');
    await listsTheRoom(two, room, 'after a leave');
    assert.equal((await fetch(`${one.http}/api/rooms/${room}/connections/${bob.id}`, { method: 'DELETE' })).status, 204);
    await eventually(async () => !(bob.id in (await inRedis(room))), 'Bob was kicked');
    await listsTheRoom(one, room, 'after a kick');
    await listsTheRoom(two, room, 'after a kick');
    // Twenty joins at once, half on each relay: each joiner lists exactly the others that joined before it.
    const crowd = await Promise.all(Array.from({ length: 20 }, (_, i) => join(i % 2 ? two : one, room, { name: `m${i}` })));
    await listsTheRoom(one, room, 'after twenty joins at once');
    await listsTheRoom(two, room, 'after twenty joins at once');
    const everyone = new Set([ann.id, ...crowd.map((p) => p.id)]);
    for (const peer of crowd) {
      const joined = peer.frames.find((f) => f.type === 'joined') as Record<string, unknown>;
      const heard = new Set(Object.keys(joined['peers'] as object));
      for (const frame of peer.frames) if (frame.type === 'peer_joined') heard.add(String(frame['peer']));
      heard.add(peer.id);
      for (const id of everyone) assert.ok(heard.has(id), `${String((joined['peers'] as Record<string, unknown>)[id] ?? id)} is known to each of the twenty, listed or announced`);
    }
    // A reconnect storm is joins too: a peer whose socket dropped resumes, on either relay, and is listed the room.
    for (const [index, relay] of [[0, two], [1, two], [2, one], [3, one]] as const) {
      const dropped = crowd[index] as Peer & { id: string };
      const joined = dropped.frames.find((f) => f.type === 'joined') as Record<string, unknown>;
      dropped.socket.terminate();
      await dropped.closed;
      const back = await Peer.open(relay.ws(room));
      peers.push(back);
      back.send({ type: 'join', status: { name: `m${index}` }, resume: { id: dropped.id, key: joined['resume'], seq: joined['seq'] } });
      const again = await back.next('joined');
      assert.equal(again['resumed'], true);
      const expected = await inRedis(room);
      delete expected[dropped.id];
      assert.deepEqual(again['peers'], expected, `m${index} resumed through ${relay === one ? 'one' : 'two'}: the peers it is listed`);
    }
  });
});
