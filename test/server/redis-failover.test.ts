/**
 * Relays die; rooms do not. Relay processes on one Redis, killed with
 * SIGKILL in mid-traffic or all restarted.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Peer, type Frame } from './harness.js';
import { startRedis, type TestRedis } from './redis-harness.js';
import { startRelayProcess, type RelayProcess } from './relay-process.js';
import { roomName } from '../support/rooms.js';
import { until } from '../support/wait.js';

const GRACE_MS = 2000;

/** The seqs of the `from` frames `peer` got from `sender`, in arrival order. */
function seqsFrom(frames: Frame[], sender: string): number[] {
  return frames.filter((f) => f.type === 'from' && f['peer'] === sender).map((f) => Number(f['seq']));
}

describe('relays dying on one Redis', () => {
  let redis: TestRedis;
  const relays: RelayProcess[] = [];
  const peers: Peer[] = [];
  const relay = async (): Promise<RelayProcess> => {
    const started = await startRelayProcess(['--redis', redis.url, '--grace', String(GRACE_MS)]);
    relays.push(started);
    return started;
  };
  /** Join, asking for the room's history. */
  const join = async (url: string): Promise<Peer & { id: string }> => {
    const peer = await Peer.open(url);
    peers.push(peer);
    peer.send({ type: 'join', history: true });
    peer.id = String((await peer.next('joined'))['id']);
    return peer as Peer & { id: string };
  };
  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    for (const peer of peers) peer.socket.terminate();
    await Promise.all(relays.map((r) => r.kill()));
    await redis.close();
  });

  it('lets a peer whose relay is killed in mid-traffic resume on another with nothing lost, duplicated or reordered, while the others keep chatting', async () => {
    const room = roomName('failover');
    const [doomed, survivor] = [await relay(), await relay()];
    const ann = await join(doomed.ws(room));
    const bob = await join(survivor.ws(room));
    const cat = await join(survivor.ws(room));
    const annKey = String(ann.frames[0]?.['resume']);
    const bobSends = 40;
    const sendBob = async (): Promise<void> => {
      for (let i = 0; i < bobSends; i++) {
        // Every fourth is for Ann alone: her private signals must come back too.
        bob.send(i % 4 === 3 ? { type: 'signal', id: `b${i}`, to: [ann.id], event: 'dm', data: `b${i}` } : { type: 'signal', id: `b${i}`, event: 'chat', data: `b${i}` });
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    const bobDone = sendBob();
    for (let i = 0; i < 10; i++) ann.send({ type: 'signal', id: `a${i}`, event: 'chat', data: `a${i}` });
    await until(() => seqsFrom(ann.frames, bob.id).length >= 8, 'Ann has some of Bob’s signals');
    await doomed.kill('SIGKILL');
    await ann.closed;
    const seen = Math.max(0, ...ann.frames.filter((f) => f.type === 'from' || f.type === 'ack').map((f) => Number(f['seq'])));
    const acked = new Set(ann.frames.filter((f) => f.type === 'ack').map((f) => String(f['id'])));
    const again = await Peer.open(survivor.ws(room));
    peers.push(again);
    again.send({ type: 'join', resume: { id: ann.id, key: annKey, seq: seen } });
    const joined = await again.next('joined');
    assert.equal(joined['id'], ann.id, 'the same identity');
    assert.equal(joined['resumed'], true);
    // What was in flight when the relay died is sent again with the same ids.
    for (let i = 0; i < 10; i++) if (!acked.has(`a${i}`)) again.send({ type: 'signal', id: `a${i}`, event: 'chat', data: `a${i}` });
    for (let i = 0; i < 10; i++) if (!acked.has(`a${i}`)) await again.next('ack');
    cat.send({ type: 'signal', id: 'c1', event: 'chat', data: 'still chatting' });
    await cat.next('ack');
    await bobDone;
    for (let i = 0; i < bobSends; i++) await bob.next('ack', 5000);
    const bobSeqs = bob.frames.filter((f) => f.type === 'ack').map((f) => Number(f['seq']));
    await until(() => seqsFrom([...ann.frames, ...again.frames], bob.id).length >= bobSends, 'Ann has every signal of Bob');
    await again.sync();
    const annGot = seqsFrom([...ann.frames, ...again.frames], bob.id);
    assert.deepEqual(annGot, bobSeqs, 'every signal of Bob, broadcast and private, once each, in order');
    const fromAnn = bob.frames.filter((f) => f.type === 'from' && f['peer'] === ann.id).map((f) => String(f['data']));
    await until(() => bob.frames.filter((f) => f.type === 'from' && f['peer'] === ann.id).length >= 10, 'Bob has every signal of Ann');
    await bob.sync();
    const fromAnnNow = bob.frames.filter((f) => f.type === 'from' && f['peer'] === ann.id).map((f) => String(f['data']));
    assert.deepEqual([...fromAnnNow].sort(), Array.from({ length: 10 }, (_, i) => `a${i}`).sort(), 'each signal of Ann once');
    assert.ok(fromAnn.length <= fromAnnNow.length);
    const catSeqs = cat.frames.filter((f) => f.type === 'from').map((f) => Number(f['seq']));
    assert.deepEqual(catSeqs, [...catSeqs].sort((x, y) => x - y), 'Cat’s signals in order');
    assert.ok(!cat.frames.some((f) => f.type === 'from' && f['event'] === 'dm'), 'Ann’s private signals reach nobody else');
  });

  it('reports the peers of a killed relay who never come back as left (network) once the grace period is over', async () => {
    const room = roomName('ghosts');
    const [doomed, survivor] = [await relay(), await relay()];
    const dan = await join(doomed.ws(room));
    const bob = await join(survivor.ws(room));
    await doomed.kill('SIGKILL');
    const left = await bob.next('peer_left', GRACE_MS * 4);
    assert.deepEqual([left['peer'], left['reason']], [dan.id, 'network']);
    const late = await join(survivor.ws(room));
    assert.deepEqual(Object.keys(late.frames[0]?.['peers'] as object), [bob.id], 'no ghost in joined');
  });

  it('tells the peers of a relay frozen for longer than the grace period to join again once it wakes, after the others saw them leave', async () => {
    const room = roomName('frozen');
    const [frozen, awake] = [await relay(), await relay()];
    const ann = await join(frozen.ws(room));
    const bob = await join(awake.ws(room));
    frozen.signal('SIGSTOP');
    const left = await bob.next('peer_left', GRACE_MS * 4);
    assert.deepEqual([left['peer'], left['reason']], [ann.id, 'network'], 'the others see Ann leave');
    frozen.signal('SIGCONT');
    assert.equal(await ann.closed, 1001, 'Ann is told to reconnect rather than talk as a peer nobody knows');
    const again = await join(frozen.ws(room));
    assert.equal((await bob.next('peer_joined'))['peer'], again.id);
  });

  it('keeps a room’s history when every relay is restarted', async () => {
    const room = roomName('restart');
    const first = await relay();
    const ann = await join(first.ws(room));
    for (let i = 1; i <= 3; i++) ann.send({ type: 'signal', id: `r${i}`, event: 'chat', data: `kept ${i}` });
    for (let i = 1; i <= 3; i++) await ann.next('ack');
    for (const r of relays) await r.kill('SIGKILL');
    const fresh = await relay();
    const late = await join(fresh.ws(room));
    await late.sync();
    assert.deepEqual(late.frames.filter((f) => f.type === 'from').map((f) => f['data']), ['kept 1', 'kept 2', 'kept 3']);
  });
});
