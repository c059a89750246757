/** The OpenVidu REST suite openvidu-rest.test.ts again, on a relay with the Redis hub. */
import { after } from 'node:test';
import { setRelayDefaults } from './harness.js';
import { startRedis } from './redis-harness.js';

const redis = await startRedis();
setRelayDefaults({ redis: redis.url });
after(() => redis.close());
await import('./openvidu-rest.test.js');
