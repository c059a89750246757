/**
 * Resuming against the real relay where a browser test cannot reach: an ack
 * lost on the way (the server delivered, the client never heard), and a
 * client that comes back after its grace period.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryHub, type PublishResult, type SignalRequest } from '../../src/server/index.js';
import type { SignalEvent } from '../../src/client/index.js';
import { next, record } from './support/events.js';
import { until } from '../support/wait.js';
import { TestKit } from './support/kit.js';
import { startNodeEnv, type NodeEnv } from './support/node-env.js';

/**
 * The in-memory hub, except that the socket of whoever sends data 'lose my
 * ack' is cut right after the signal is delivered, before the ack goes out
 * (the connection handler writes the ack only to an open socket).
 */
class AckLosingHub extends MemoryHub {
  cut: (room: string, id: string) => void = () => {};

  override async publish(room: string, from: string | null, signal: SignalRequest): Promise<PublishResult> {
    const result = await super.publish(room, from, signal);
    // Only the first delivery: the re-sent signal is a duplicate and gets its ack.
    if (from !== null && signal.data === 'lose my ack' && result.ok && !result.duplicate) this.cut(room, from);
    return result;
  }
}

describe('Session resume against the relay', () => {
  let kit: TestKit | undefined;
  afterEach(() => {
    kit?.close();
    kit = undefined;
  });

  describe('when an ack is lost', () => {
    let env: NodeEnv;
    const hub = new AckLosingHub({
      historySize: 100,
      graceMs: 3000,
      emptyRoomTtlMs: 60_000,
      logRetentionMs: 60_000,
      logMaxEntries: 10_000,
      ackMemory: 256,
      maxPeersPerRoom: 100,
      maxRooms: 100,
    });
    before(async () => {
      env = await startNodeEnv({ hub });
      hub.cut = (room, id) => env.server.dropPeer(room, id);
    });
    after(() => env.close());

    it('sends the signal again with its first id, and the server delivers it once', async () => {
      kit = new TestKit(env);
      const room = kit.room();
      const ann = await kit.open(room);
      const bo = await kit.open(room);
      const got = record(bo, 'signal');
      const reconnected = next(ann, 'reconnected');
      const sending = ann.signal({ type: 'chat', data: 'lose my ack' });
      assert.deepEqual(await reconnected, { resumed: true, restarted: false });
      const { seq } = await sending;
      await ann.signal({ type: 'chat', data: 'after' });
      await until(() => got.length === 2, 'Bo got the signal after it');
      assert.deepEqual(got.map((e: SignalEvent) => [e.data, e.seq]), [['lose my ack', seq], ['after', (got[1] as SignalEvent).seq]]);
      assert.ok((got[1]?.seq ?? 0) > seq);
    });
  });

  describe('after the grace period', () => {
    let env: NodeEnv;
    before(async () => {
      env = await startNodeEnv({ graceMs: 150 });
    });
    after(() => env.close());

    it('joins afresh with a new connection, says reconnected { resumed: false }, and gets the history', async () => {
      kit = new TestKit(env);
      const room = kit.room();
      const ann = await kit.open(room, { reconnect: { initialDelayMs: 700, jitter: 0 } });
      const bo = await kit.open(room);
      await until(() => bo.connections.size === 1, 'Bo knows Ann');
      const oldId = ann.connection.connectionId;
      const left = next(bo, 'connectionDestroyed');
      const reconnecting = next(ann, 'reconnecting');
      assert.ok(await env.dropPeer(room, oldId));
      await reconnecting;
      const gone = await left;
      assert.equal(gone.connection.connectionId, oldId);
      assert.equal(gone.reason, 'network');
      const { seq } = await bo.signal({ type: 'chat', data: 'while you were away' });
      const annGot = record(ann, 'signal');
      const reconnected = await next(ann, 'reconnected');
      assert.deepEqual(reconnected, { resumed: false, restarted: false }, 'the same server: not restarted');
      assert.notEqual(ann.connection?.connectionId, oldId);
      await until(() => annGot.length === 1, 'Ann got the history');
      assert.deepEqual(annGot.map((e) => [e.data, e.seq, e.history]), [['while you were away', seq, true]]);
      await until(() => bo.connections.has(ann.connection?.connectionId ?? ''), 'Bo sees the new connection');
    });
  });
});
