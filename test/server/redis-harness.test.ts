import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { redisCli, startRedis, startRedisCluster } from './redis-harness.js';

describe('the test harness’s own Redis', () => {
  it('starts a throwaway redis-server that is gone once stopped and back, empty, when started on the same port', async () => {
    const redis = await startRedis();
    try {
      assert.equal(await redisCli(redis.port, 'set', 'k', 'v'), 'OK');
      await redis.stop();
      await assert.rejects(redisCli(redis.port, 'ping'), 'nobody answers while it is stopped');
      await redis.start();
      assert.equal(await redisCli(redis.port, 'ping'), 'PONG');
      assert.equal(await redisCli(redis.port, 'get', 'k'), '', 'nothing was persisted');
    } finally {
      await redis.close();
    }
  });

  it('keeps its data across a kill when asked for an append-only file', async () => {
    const redis = await startRedis({ persistent: true });
    try {
      await redisCli(redis.port, 'set', 'k', 'kept');
      await redis.stop();
      await redis.start();
      assert.equal(await redisCli(redis.port, 'get', 'k'), 'kept');
    } finally {
      await redis.close();
    }
  });

  it('forms a Redis Cluster of three masters that covers every slot', async () => {
    const cluster = await startRedisCluster();
    try {
      const info = await redisCli(cluster.nodes[0]!.port, 'cluster', 'info');
      assert.match(info, /cluster_state:ok/);
      assert.match(info, /cluster_slots_assigned:16384/);
      assert.match(info, /cluster_size:3/);
      assert.equal(cluster.urls.length, 3);
    } finally {
      await cluster.close();
    }
  });
});
