/**
 * A relay holds the channel messages it hears from Redis for
 * `deliveryBatchMs` (2 ms by default; long here, so that the test can tell)
 * and then hands them to its peers together: signals that other relays
 * published apart reach a local peer in one write, in the room's order.
 * With 0 it hands out what it read at once. Real redis-server, two relays on
 * port 0, raw WebSocket peers.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { createRedisHub } from '../../src/server/index.js';
import { Peer, startRelay, type TestRelay } from './harness.js';
import { startRedis, type TestRedis } from './redis-harness.js';
import { roomName } from '../support/rooms.js';

// Long enough for Bob to hear Ann and answer on a slow, loaded machine. A relay
// that has still not applied an event two lease renewals after Redis counted it
// takes it for lost and sends its peers off to resume: the holding relay's long
// grace period spaces its renewals 5 s apart, so that is at least 10 s away.
const WINDOW_MS = 5000;

describe('signals heard from Redis close together reach a peer in one write', () => {
  let redis: TestRedis;
  /** Holds what it hears for WINDOW_MS. */
  let holding: TestRelay;
  /** Hands out what it hears at once. */
  let prompt: TestRelay;
  const peers: Peer[] = [];
  before(async () => {
    redis = await startRedis();
    holding = await startRelay({ hub: createRedisHub({ url: redis.url, graceMs: 30_000, deliveryBatchMs: WINDOW_MS }) });
    prompt = await startRelay({ hub: createRedisHub({ url: redis.url, graceMs: 5000, deliveryBatchMs: 0 }) });
  });
  after(async () => {
    for (const peer of peers) peer.socket.terminate();
    await holding.close();
    await prompt.close();
    await redis.close();
  });
  const join = async (relay: TestRelay, room: string, name: string): Promise<Peer & { id: string }> => {
    const peer = await Peer.join(relay.ws(room), { name });
    peers.push(peer);
    return peer;
  };

  it('hands Cat Ann’s and Bob’s signals, sent one after the other through another relay, in one read of her socket and in their order', async () => {
    const room = roomName('delivery-batch');
    const cat = await join(holding, room, 'Cat');
    const ann = await join(prompt, room, 'Ann');
    const bob = await join(prompt, room, 'Bob');
    await cat.next('peer_joined', 20_000);
    await cat.next('peer_joined', 20_000);
    // Every chunk Cat's socket reads, before the WebSocket parses it (the client keeps its TCP socket private).
    const reads: string[] = [];
    (cat.socket as unknown as { _socket: Socket })._socket.prependListener('data', (chunk: Buffer) => reads.push(chunk.toString('utf8')));
    ann.send({ type: 'signal', id: 'a', event: 'chat', data: 'from Ann' });
    assert.equal((await ann.next('ack'))['id'], 'a');
    // Bob's relay hands out at once: he has Ann's signal before he answers it.
    assert.equal((await bob.next('from'))['data'], 'from Ann');
    bob.send({ type: 'signal', id: 'b', event: 'chat', data: 'from Bob' });
    assert.equal((await bob.next('ack'))['id'], 'b');
    const first = await cat.next('from', 20_000);
    const second = await cat.next('from', 20_000);
    assert.deepEqual([first['data'], second['data'], (second['seq'] as number) - (first['seq'] as number)], ['from Ann', 'from Bob', 1]);
    assert.ok(
      reads.some((read) => read.includes('"data":"from Ann"') && read.includes('"data":"from Bob"')),
      `both in one read: ${JSON.stringify(reads)}`,
    );
  });
});
