/** The single-relay suite role-change.test.ts (the REST role change) again, on a relay with the Redis hub. */
import { after } from 'node:test';
import { setRelayDefaults } from './harness.js';
import { startRedis } from './redis-harness.js';

const redis = await startRedis();
setRelayDefaults({ redis: redis.url });
after(() => redis.close());
await import('./role-change.test.js');
