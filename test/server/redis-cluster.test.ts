/**
 * The cross-relay suite again, on a 3-master Redis Cluster, with relay
 * processes started as the README says (`--redis-cluster` once per node):
 * every key of a room carries its hash tag and its channel is a shard
 * channel, so the same scripts run there.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Peer, startRelay } from './harness.js';
import { crossRelaySuite } from './redis-cross-relay.js';
import { redisCli, startRedisCluster } from './redis-harness.js';
import { roomName } from '../support/rooms.js';
import { startRelayProcess } from './relay-process.js';

crossRelaySuite('three relay processes on a 3-master Redis Cluster', async () => {
  const cluster = await startRedisCluster();
  const seeds = cluster.urls.flatMap((url) => ['--redis-cluster', url]);
  const relays = await Promise.all([0, 1, 2].map(() => startRelayProcess(seeds)));
  return {
    relays,
    async close() {
      await Promise.all(relays.map((relay) => relay.kill('SIGTERM')));
      await cluster.close();
    },
  };
});

describe('rooms on Redis Cluster', () => {
  it('keep each room’s keys in one slot and its traffic on the shard channel of the node that owns it', async () => {
    const cluster = await startRedisCluster();
    const relay = await startRelay({ redis: { cluster: cluster.urls } });
    try {
      const room = roomName('x-slot');
      const peer = await Peer.join(relay.ws(room));
      peer.send({ type: 'signal', id: 's', event: 'chat', data: 'x' });
      await peer.next('ack');
      const channel = `signal-chat:{${room}}:channel`;
      const perNode = await Promise.all(
        cluster.nodes.map(async (node) => ({
          keys: (await redisCli(node.port, 'keys', `signal-chat:{${room}}:*`)).split('\n').filter(Boolean).length,
          shardSubscribers: Number((await redisCli(node.port, 'pubsub', 'shardnumsub', channel)).split('\n')[1]),
          classicChannels: (await redisCli(node.port, 'pubsub', 'channels')).split('\n').filter(Boolean).length,
        })),
      );
      assert.equal(perNode.filter((n) => n.keys > 0).length, 1, 'all the room’s keys on one node');
      const owner = perNode.find((n) => n.keys > 0);
      assert.equal(owner?.shardSubscribers, 1, 'the relay listens on that node’s shard channel');
      assert.deepEqual(perNode.map((n) => n.classicChannels), [0, 0, 0], 'no cluster-wide (classic) pub/sub');
      peer.socket.terminate();
    } finally {
      await relay.close();
      await cluster.close();
    }
  });
});
