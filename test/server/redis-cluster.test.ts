/**
 * The cross-relay suite again, on a 3-master Redis Cluster: every key of a
 * room carries its hash tag and its channel is a shard channel, so the same
 * scripts run there.
 */
import { crossRelaySuite } from './redis-cross-relay.js';
import { startRelay } from './harness.js';
import { startRedisCluster } from './redis-harness.js';

crossRelaySuite('three relays on a 3-master Redis Cluster', async () => {
  const cluster = await startRedisCluster();
  const relays = await Promise.all([0, 1, 2].map(() => startRelay({ redis: { cluster: cluster.urls } })));
  return {
    relays,
    async close() {
      await Promise.all(relays.map((relay) => relay.close()));
      await cluster.close();
    },
  };
});
