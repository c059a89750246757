/**
 * Three relay processes (`signal-chat-server --redis`) on one throwaway Redis
 * hold what one relay holds.
 */
import { crossRelaySuite } from './redis-cross-relay.js';
import { startRedis } from './redis-harness.js';
import { startRelayProcess } from './relay-process.js';

crossRelaySuite('three relay processes on one Redis', async () => {
  const redis = await startRedis();
  const relays = await Promise.all([0, 1, 2].map(() => startRelayProcess(['--redis', redis.url])));
  return {
    relays,
    async close() {
      await Promise.all(relays.map((relay) => relay.kill('SIGTERM')));
      await redis.close();
    },
  };
});
