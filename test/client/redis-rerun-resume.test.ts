/** The client suite resume.test.ts again, against a relay with the Redis hub. */
import { after } from 'node:test';
import { setNodeEnvDefaults } from './support/node-env.js';
import { startRedis } from '../server/redis-harness.js';

const redis = await startRedis();
setNodeEnvDefaults({ redis: redis.url });
after(() => redis.close());
await import('./resume.test.js');
