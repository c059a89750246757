/**
 * What a Redis room keeps of its signals, and for how long: the resume log
 * (a peer whose socket dropped gets what it missed, as long as the log
 * reaches back to it), capped in entries and in age, and the signal ids kept
 * to answer a sender's retry as a duplicate, capped per member. The publish
 * script applies these caps once per call, after the last signal of a batch;
 * what a peer sees is what applying them signal by signal gave. Real
 * redis-server, relays on port 0 with small caps, raw WebSocket peers.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { RedisHub } from '../../src/server/index.js';
import { hubLimits } from '../../src/server/options.js';
import { Peer, startRelay, type Frame, type TestRelay } from './harness.js';
import { startRedis, type TestRedis } from './redis-harness.js';
import { roomName } from '../support/rooms.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('what a Redis room keeps of its signals', () => {
  let redis: TestRedis;
  /** Keeps 5 signals to resume from, and 1 signal id per member. */
  let small: TestRelay;
  /** Keeps signals to resume from for 300 ms. */
  let brief: TestRelay;
  const peers: Peer[] = [];
  before(async () => {
    redis = await startRedis();
    const limits = { ...hubLimits({ graceMs: 5000 }), url: redis.url };
    small = await startRelay({ hub: new RedisHub({ ...limits, logMaxEntries: 5, ackMemory: 1 }) });
    brief = await startRelay({ hub: new RedisHub({ ...limits, logRetentionMs: 300 }) });
  });
  after(async () => {
    for (const peer of peers) peer.socket.terminate();
    await small.close();
    await brief.close();
    await redis.close();
  });

  const join = async (relay: TestRelay, room: string, name: string, resume?: Frame & { id?: unknown }): Promise<Peer & { id: string }> => {
    const options = resume ? { resume: { id: resume['id'], key: resume['resume'], seq: resume['seq'] } } : {};
    const peer = await Peer.join(relay.ws(room), { name }, options);
    peers.push(peer);
    return peer;
  };
  /** Bob joins, Ann joins, Bob's socket drops: what Bob's resume will start from. */
  const bobDropsOut = async (relay: TestRelay, room: string) => {
    const bob = await join(relay, room, 'Bob');
    const joined = bob.frames.find((f) => f.type === 'joined') as Frame;
    const ann = await join(relay, room, 'Ann');
    await bob.next('peer_joined', 5000);
    bob.socket.terminate();
    await bob.closed;
    return { ann, joined };
  };
  const send = async (peer: Peer, texts: string[]) => {
    for (const text of texts) {
      peer.send({ type: 'signal', id: text, event: 'chat', data: text });
      assert.equal((await peer.next('ack', 5000))['id'], text);
    }
  };
  const texts = (n: number) => Array.from({ length: n }, (_, i) => `s${i + 1}`);

  it('lets a peer that missed as many signals as the resume log keeps resume with every one of them, in order', async () => {
    const room = roomName('log-whole');
    const { ann, joined } = await bobDropsOut(small, room);
    await send(ann, texts(5));
    const bob = await join(small, room, 'Bob', joined);
    const again = bob.frames.find((f) => f.type === 'joined') as Frame;
    assert.deepEqual([again['resumed'], again['id']], [true, joined['id']]);
    const got: unknown[] = [];
    for (let i = 0; i < 5; i++) got.push((await bob.next('from', 5000))['data']);
    assert.deepEqual(got, texts(5));
  });

  it('starts afresh a peer that missed more signals than the resume log keeps: its old identity has left', async () => {
    const room = roomName('log-capped');
    const { ann, joined } = await bobDropsOut(small, room);
    // Six at once from two senders, so that some share a script call, then the sixth.
    const cat = await join(small, room, 'Cat');
    await ann.next('peer_joined', 5000);
    ann.send({ type: 'signal', id: 'a1', event: 'chat', data: 'a1' });
    cat.send({ type: 'signal', id: 'c1', event: 'chat', data: 'c1' });
    await Promise.all([ann.next('ack', 5000), cat.next('ack', 5000)]);
    await send(ann, texts(4));
    const bob = await join(small, room, 'Bob', joined);
    const again = bob.frames.find((f) => f.type === 'joined') as Frame;
    assert.equal(again['resumed'], false, 'not resumed: the first signal it missed is gone from the log');
    assert.notEqual(again['id'], joined['id']);
    const left = await ann.next('peer_left', 5000);
    assert.deepEqual([left['peer'], left['reason']], [joined['id'], 'network']);
  });

  it('starts afresh a peer whose missed signals are older than the resume log keeps them', async () => {
    const room = roomName('log-aged');
    const { ann, joined } = await bobDropsOut(brief, room);
    await send(ann, ['old']);
    await sleep(600);
    // The next signal's call drops what is older than the retention.
    await send(ann, ['new']);
    const bob = await join(brief, room, 'Bob', joined);
    assert.equal((bob.frames.find((f) => f.type === 'joined') as Frame)['resumed'], false);
  });

  it('answers a retry as a duplicate while its id is kept, and takes it as new once the room has forgotten it', async () => {
    const room = roomName('acks-capped');
    const ann = await join(small, room, 'Ann');
    const cat = await join(small, room, 'Cat');
    await ann.next('peer_joined', 5000);
    const seqs: Record<string, number> = {};
    for (const id of ['a1', 'a2', 'a3']) {
      ann.send({ type: 'signal', id, event: 'chat', data: id });
      seqs[id] = Number((await ann.next('ack', 5000))['seq']);
      assert.equal((await cat.next('from', 5000))['data'], id);
    }
    // Two members, one id each: a2 and a3 are kept, a1 is forgotten.
    ann.send({ type: 'signal', id: 'a3', event: 'chat', data: 'a3' });
    assert.equal(Number((await ann.next('ack', 5000))['seq']), seqs['a3'], 'a3 again: the same seq, a duplicate');
    ann.send({ type: 'signal', id: 'a1', event: 'chat', data: 'a1' });
    const retried = Number((await ann.next('ack', 5000))['seq']);
    assert.ok(retried > (seqs['a3'] as number), 'a1 again: taken as a new signal');
    assert.deepEqual([(await cat.next('from', 5000))['data']], ['a1'], 'Cat gets a1 again, and never a3 twice');
  });
});
