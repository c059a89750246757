/**
 * Signals that a relay takes close together go to Redis as one script call
 * (`publishBatchMs`; 1 ms by default, long here so that the tests can tell).
 * A batch changes nothing anyone sees: each signal keeps its own answer,
 * the room keeps one order (a leave or a join through the same relay does
 * not overtake a signal taken before it), and when Redis is down every
 * signal of a batch is refused with `unavailable`, none of it delivered.
 * Real redis-server (watched with MONITOR), two relays on port 0, raw
 * WebSocket peers.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { CLOSE_CODES } from '../../src/protocol/index.js';
import { createRedisHub } from '../../src/server/index.js';
import { Peer, healthIs, startRelay, type Frame, type TestRelay } from './harness.js';
import { startRedis, type TestRedis } from './redis-harness.js';
import { roomName } from '../support/rooms.js';

const WINDOW_MS = 1500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('signals taken close together go to Redis in one call', () => {
  let redis: TestRedis;
  /** Batches signals for WINDOW_MS. */
  let one: TestRelay;
  let two: TestRelay;
  let client: Redis;
  let monitor: Redis;
  const echoed = new Set<string>();
  /** Every script call Redis ran, as its arguments. */
  const scripts: string[][] = [];
  const peers: Peer[] = [];
  before(async () => {
    redis = await startRedis({ persistent: true });
    one = await startRelay({ hub: createRedisHub({ url: redis.url, graceMs: 5000, publishBatchMs: WINDOW_MS }) });
    two = await startRelay({ redis: redis.url, graceMs: 5000 });
    client = new Redis(redis.url);
    monitor = await client.monitor();
    // Redis stops in the last test: these connections' reconnection errors are nobody's concern.
    for (const connection of [client, monitor]) connection.on('error', () => {});
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (/^eval/i.test(args[0] ?? '')) scripts.push(args);
      else if (args[0]?.toLowerCase() === 'echo') echoed.add(args[1] ?? '');
    });
  });
  after(async () => {
    for (const peer of peers) peer.socket.terminate();
    monitor.disconnect();
    client.disconnect();
    await one.close();
    await two.close();
    await redis.close();
  });
  const join = async (relay: TestRelay, room: string, name: string): Promise<Peer & { id: string }> => {
    const peer = await Peer.join(relay.ws(room), { name });
    peers.push(peer);
    return peer;
  };
  /** Bob on relay two, Ann and Cat on relay one, once Bob has heard both of them join. */
  const bobHearsAnnAndCat = async (label: string) => {
    const room = roomName(label);
    const bob = await join(two, room, 'Bob');
    const ann = await join(one, room, 'Ann');
    const cat = await join(one, room, 'Cat');
    await bob.next('peer_joined', 5000);
    await bob.next('peer_joined', 5000);
    return { bob, ann, cat };
  };
  /** Once MONITOR has shown everything Redis ran so far (a marker command run after it). */
  const monitored = async (): Promise<void> => {
    const marker = `marker-${Math.random()}`;
    await client.echo(marker);
    while (!echoed.has(marker)) await sleep(10);
  };
  const callsWith = (texts: string[]) => scripts.filter((args) => texts.some((text) => args.some((arg) => arg.includes(`"data":"${text}"`))));

  it('sends the signals of ten peers taken at once as one script call, and everyone sees them in one order', async () => {
    const room = roomName('batch-ten');
    const bob = await join(two, room, 'Bob');
    const senders = [];
    for (let i = 0; i < 10; i++) senders.push(await join(one, room, `P${i}`));
    const texts = senders.map((_, i) => `batch-${i}`);
    senders.forEach((peer, i) => peer.send({ type: 'signal', id: `s${i}`, event: 'chat', data: texts[i] }));
    const acks = await Promise.all(senders.map((peer) => peer.next('ack', 10_000)));
    await monitored();
    assert.equal(callsWith(texts).length, 1, 'one call to Redis for all ten');
    const seqs = acks.map((ack) => Number(ack['seq'])).sort((a, b) => a - b);
    assert.deepEqual(seqs, seqs.map((_, i) => (seqs[0] as number) + i), 'each signal has its own seq, one after another');

    const heardByBob: Frame[] = [];
    for (let i = 0; i < 10; i++) heardByBob.push(await bob.next('from', 5000));
    assert.deepEqual(heardByBob.map((f) => Number(f['seq'])), seqs, 'Bob, on the other relay, gets all ten in seq order');
    const first = senders[0] as Peer;
    const heardByFirst: Frame[] = [];
    for (let i = 0; i < 9; i++) heardByFirst.push(await first.next('from', 5000));
    assert.deepEqual(
      heardByFirst.map((f) => f['data']),
      heardByBob.map((f) => f['data']).filter((data) => data !== texts[0]),
      'a sender on the batching relay gets the others’ in the same order as Bob',
    );
  });

  it('answers each signal of a batch on its own: one to a peer who is gone is refused, the other is delivered', async () => {
    const room = roomName('batch-mixed');
    const bob = await join(two, room, 'Bob');
    const ann = await join(one, room, 'Ann');
    const cat = await join(one, room, 'Cat');
    ann.send({ type: 'to', id: 'lost', peer: 'nobody-here', event: 'chat', data: 'to nobody' });
    cat.send({ type: 'signal', id: 'c1', event: 'chat', data: 'from Cat' });
    const refusal = await ann.next('error', 10_000);
    assert.deepEqual([refusal['code'], refusal['id']], ['unknown_peer', 'lost']);
    assert.equal((await cat.next('ack', 10_000))['id'], 'c1');
    assert.equal((await bob.next('from', 5000))['data'], 'from Cat');
    await monitored();
    assert.equal(callsWith(['to nobody', 'from Cat']).length, 1, 'both went in one call');
  });

  it('lets no leave through the same relay overtake a signal it took before: Bob hears Ann’s signal, then that Cat left', async () => {
    const { bob, ann, cat } = await bobHearsAnnAndCat('batch-order');
    ann.send({ type: 'signal', id: 'a1', event: 'chat', data: 'before Cat left' });
    // Time for relay one to take Ann's signal into its batch, well inside the batch's window.
    await sleep(300);
    cat.send({ type: 'leave' });
    await cat.closed;
    const isSignal = (f: Frame) => f.type === 'from' && f['data'] === 'before Cat left';
    const isLeave = (f: Frame) => f.type === 'peer_left' && f['peer'] === cat.id;
    for (const deadline = Date.now() + 10_000; !bob.frames.some(isSignal) || !bob.frames.some(isLeave); ) {
      assert.ok(Date.now() < deadline, `Bob got ${JSON.stringify(bob.frames.map((f) => f.type))}`);
      await sleep(20);
    }
    const order = bob.frames.filter((f) => isSignal(f) || isLeave(f));
    assert.deepEqual(order.map((f) => f.type), ['from', 'peer_left'], 'in the order relay one took them');
  });

  it('closes a replaced socket only after the signals sent to it before: Bob’s old socket gets all three of a batch, then its close', async () => {
    const room = roomName('batch-replaced');
    const bob = await join(two, room, 'Bob');
    const joined = bob.frames.find((f) => f.type === 'joined') as Frame;
    // Three senders: a peer's next signal waits for the answer to its last, so one peer's would not share a batch.
    const senders = [await join(one, room, 'Ann'), await join(one, room, 'Cat'), await join(one, room, 'Dan')];
    for (let i = 0; i < senders.length; i++) await bob.next('peer_joined', 5000);
    const texts = ['first', 'second', 'third'];
    senders.forEach((peer, i) => peer.send({ type: 'signal', id: `r${i}`, event: 'chat', data: texts[i] }));
    // Time for relay one to take them into its batch, well inside the batch's window.
    await sleep(300);
    // Bob resumes through relay one while his old socket on relay two is still open: relay
    // one sends the batch to Redis before the resume, and relay two hears the signals and
    // the resume together (the three frames and the close of the old socket in one turn).
    const resumed = await Peer.join(one.ws(room), { name: 'Bob' }, { resume: { id: bob.id, key: joined['resume'], seq: joined['seq'] } });
    peers.push(resumed);
    assert.equal(await bob.closed, CLOSE_CODES.replaced);
    const heard = bob.frames.filter((f) => f.type === 'from');
    assert.deepEqual(
      heard.map((f) => f['data']).sort(),
      [...texts].sort(),
      'the old socket got every signal sent before its replacement, before its close',
    );
    const seqs = heard.map((f) => Number(f['seq']));
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'in seq order');
  });

  it('refuses every signal of a batch with unavailable while Redis is down, delivers none of it, and each once when sent again', async () => {
    const { bob, ann, cat } = await bobHearsAnnAndCat('batch-outage');

    await redis.stop();
    await healthIs(one, 503);
    ann.send({ type: 'signal', id: 'a1', event: 'chat', data: 'Ann while down' });
    cat.send({ type: 'signal', id: 'c1', event: 'chat', data: 'Cat while down' });
    const refusals = [await ann.next('error', 10_000), await cat.next('error', 10_000)];
    assert.deepEqual(refusals.map((f) => [f['code'], f['id']]), [['unavailable', 'a1'], ['unavailable', 'c1']]);
    await redis.start();
    await healthIs(one, 200);
    await healthIs(two, 200);

    ann.send({ type: 'signal', id: 'a1', event: 'chat', data: 'Ann while down' });
    cat.send({ type: 'signal', id: 'c1', event: 'chat', data: 'Cat while down' });
    assert.equal((await ann.next('ack', 10_000))['id'], 'a1');
    assert.equal((await cat.next('ack', 10_000))['id'], 'c1');
    const got = [await bob.next('from', 5000), await bob.next('from', 5000)];
    assert.deepEqual(got.map((f) => f['data']).sort(), ['Ann while down', 'Cat while down']);
    await bob.sync();
    assert.deepEqual(bob.unread().filter((f) => f.type === 'from'), [], 'each delivered once, nothing from the refused batch');
  });
});
