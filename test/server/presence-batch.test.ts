/**
 * Batched presence (join and reconnect storms): a peer that asks in its join
 * (`batchPresence: true`) gets the peer changes that happen close together
 * as one `presence` frame, in order; a peer that does not (a seed client)
 * gets one frame per change as before. Real relay, raw sockets and the
 * client. Run again on the Redis hub by redis-rerun-presence-batch.test.ts.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection } from '../../src/client/index.js';
import { roomName } from '../support/rooms.js';
import { until } from '../support/wait.js';
import { Peer, startRelay, type Frame, type TestRelay } from './harness.js';
import { nodeSession } from './sessions.js';

/** Long enough that every change a test makes after the first falls into one batch, on any machine. */
const WINDOW_MS = 1500;

type Joined = Peer & { id: string };

/** The presence changes a peer received, each frame's changes in a list of its own. */
function presenceFrames(peer: Peer): Frame[][] {
  const frames: Frame[][] = [];
  for (const frame of peer.frames) {
    if (frame.type === 'presence') frames.push(frame['changes'] as Frame[]);
    else if (frame.type.startsWith('peer_')) frames.push([frame]);
  }
  return frames;
}

const changesOf = (peer: Peer): Frame[] => presenceFrames(peer).flat();

describe('batched presence', () => {
  let relay: TestRelay;
  before(async () => {
    relay = await startRelay({ presenceBatchMs: WINDOW_MS });
  });
  after(() => relay.close());

  const batching = (room: string, status: Record<string, unknown> = {}): Promise<Joined> => Peer.join(relay.ws(room), status, { batchPresence: true });
  const seed = (room: string, status: Record<string, unknown> = {}): Promise<Joined> => Peer.join(relay.ws(room), status);

  it('gives a peer that asked the joins that come close together in one frame, in order, with status and role; a seed peer gets one frame each', async () => {
    const room = roomName('pb-storm');
    const ann = await batching(room);
    const old = await seed(room);
    // The first change after a quiet spell goes out at once, alone.
    const first = await seed(room, { name: 'first' });
    await until(() => changesOf(ann).length === 2, 'Ann heard of the first two');
    const crowd: Joined[] = [];
    for (let i = 0; i < 12; i++) crowd.push(await seed(room, { name: `p${i}` }));
    await until(() => changesOf(ann).length === 14, () => `Ann heard of all 14: ${JSON.stringify(presenceFrames(ann))}`, 2 * WINDOW_MS + 2000);
    const frames = presenceFrames(ann);
    assert.deepEqual(frames.map((frame) => frame.length), [1, 1, 12], 'old and first alone, the crowd in one frame');
    assert.deepEqual(
      frames[2],
      crowd.map((peer, i) => ({ type: 'peer_joined', peer: peer.id, status: { name: `p${i}` }, role: 'publisher' })),
    );
    await until(() => old.frames.filter((f) => f.type === 'peer_joined').length === 13, 'the seed peer heard of 13 joins');
    assert.equal(old.frames.filter((f) => f.type === 'presence').length, 0, 'a seed peer never gets a batch');
    for (const peer of [ann, old, first, ...crowd]) peer.close();
  });

  it('batches leaves and status changes too, and leaves out of a peer’s batch its own change and what its joined already held', async () => {
    const room = roomName('pb-mixed');
    const ann = await batching(room);
    const bob = await batching(room, { name: 'Bob' });
    await until(() => changesOf(ann).length === 1, 'Ann heard of Bob');
    const cy = await seed(room, { name: 'Cy' });
    bob.send({ type: 'status', status: { name: 'Bob', away: true } });
    cy.close();
    // Dee joins while those are still queued: her joined has Bob's new status and no Cy.
    const dee = await batching(room, { name: 'Dee' });
    await until(() => changesOf(ann).length === 5 && changesOf(bob).length === 3, () => `all changes arrived: ${JSON.stringify([presenceFrames(ann), presenceFrames(bob)])}`, 2 * WINDOW_MS + 2000);
    assert.equal(presenceFrames(ann).length, 2, 'Bob alone, then the rest in one frame');
    assert.deepEqual(
      changesOf(ann).slice(1).map((change) => [change.type, change['peer']]),
      [['peer_joined', cy.id], ['peer_status', bob.id], ['peer_left', cy.id], ['peer_joined', dee.id]],
    );
    assert.deepEqual(
      changesOf(bob).map((change) => [change.type, change['peer']]),
      [['peer_joined', cy.id], ['peer_left', cy.id], ['peer_joined', dee.id]],
      'not its own status',
    );
    await dee.sync();
    assert.deepEqual(changesOf(dee), [], 'nothing its joined already told it');
    for (const peer of [ann, bob, dee]) peer.close();
  });

  it('tells a peer that asked of a join before it delivers that peer’s first signal', async () => {
    const room = roomName('pb-order');
    const ann = await batching(room);
    const warmup = await seed(room);
    await until(() => changesOf(ann).length === 1, 'Ann heard of the first');
    const bob = await seed(room, { name: 'Bob' });
    bob.send({ type: 'signal', id: 's1', event: 'chat', data: 'hi, I just came' });
    const from = await ann.next('from', WINDOW_MS + 2000);
    assert.equal(from['data'], 'hi, I just came');
    const before = ann.frames.slice(0, ann.frames.indexOf(from));
    assert.ok(before.some((frame) => frame.type === 'peer_joined' && frame['peer'] === bob.id), 'Bob’s join came first');
    for (const peer of [ann, warmup, bob]) peer.close();
  });

  it('the client asks for batches and raises the same connection events for a batch as for single frames, all at once', async () => {
    const room = roomName('pb-client');
    const session = nodeSession(relay.ws(room));
    await session.connect();
    const created: string[] = [];
    const destroyed: string[] = [];
    const changed: string[] = [];
    session.on('connectionCreated', ({ connection }: { connection: Connection }) => created.push(connection.connectionId));
    session.on('connectionDestroyed', ({ connection }: { connection: Connection }) => destroyed.push(connection.connectionId));
    session.on('connectionStatusChanged', ({ connection }: { connection: Connection }) => changed.push(String(connection.status['name'])));
    const warmup = await seed(room);
    await until(() => created.length === 1, 'the first peer was seen');
    const crowd: Joined[] = [];
    for (let i = 0; i < 5; i++) crowd.push(await seed(room, { name: `p${i}` }));
    crowd[0]?.send({ type: 'status', status: { name: 'renamed' } });
    crowd[1]?.close();
    await until(() => destroyed.length === 1, 'the leave was seen', 2 * WINDOW_MS + 2000);
    assert.deepEqual(created, [warmup.id, ...crowd.map((peer) => peer.id)]);
    assert.deepEqual(changed, ['renamed']);
    assert.deepEqual(destroyed, [crowd[1]?.id]);
    assert.deepEqual(
      [...session.connections.keys()].sort(),
      [warmup.id, ...crowd.filter((_, i) => i !== 1).map((peer) => peer.id)].sort(),
    );
    session.disconnect();
    for (const peer of [warmup, ...crowd]) peer.close();
  });
});
