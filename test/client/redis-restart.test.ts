/**
 * What the Redis hub changes for a client: a relay that restarts keeps the
 * room (it lives in Redis) and its peers (a relay shutting down leaves them
 * resumable for the grace period), so sessions resume with the same
 * connections, and a newcomer still gets what was said before. (With the
 * memory hub the same restart loses the room: see scenarios.ts.)
 */
import { after, before, describe, it } from 'node:test';
import { TestKit } from './support/kit.js';
import { next } from './support/events.js';
import { startNodeEnv, type NodeEnv } from './support/node-env.js';
import { startRedis, type TestRedis } from '../server/redis-harness.js';
import { deepEqual, equal } from '../support/assert.js';
import { until } from '../support/wait.js';

describe('a session on a relay with the Redis hub', () => {
  let redis: TestRedis;
  let env: NodeEnv;
  let kit: TestKit;
  before(async () => {
    redis = await startRedis();
    env = await startNodeEnv({ redis: redis.url });
    kit = new TestKit(env);
  });
  after(async () => {
    kit.close();
    await env.close();
    await redis.close();
  });

  it('resumes after the relay restarts, with the same connections and nothing missed, and a newcomer still gets the history', async () => {
    const room = kit.room();
    const ann = await kit.open(room, { status: { name: 'Ann' } });
    const bo = await kit.open(room, { status: { name: 'Bo' } });
    await until(() => ann.connections.size === 1 && bo.connections.size === 1, 'they know each other');
    const heard = next(bo, 'signal:chat');
    await ann.signal({ type: 'chat', data: 'before the restart' });
    await heard;
    const annId = ann.connection.connectionId;
    const boId = bo.connection.connectionId;
    const reconnected = [next(ann, 'reconnected', 8000), next(bo, 'reconnected', 8000)];
    await env.restart();
    const [annBack, boBack] = await Promise.all(reconnected);
    deepEqual([annBack?.resumed, annBack?.restarted], [true, false], 'Ann resumed, in the same room');
    deepEqual([boBack?.resumed, boBack?.restarted], [true, false], 'Bo too');
    deepEqual([ann.connection?.connectionId, bo.connection?.connectionId], [annId, boId], 'the same connections');
    await until(() => ann.connections.size === 1 && bo.connections.size === 1, 'they know each other again');
    const got = next(bo, 'signal:chat');
    await ann.signal({ type: 'chat', data: 'after the restart' });
    equal((await got).data, 'after the restart', 'signals flow again');
    const newcomer = kit.session(room, { status: { name: 'Cy' } });
    const history: string[] = [];
    newcomer.on('signal:chat', (event) => history.push(event.data));
    await newcomer.connect();
    await until(() => history.length >= 2, 'the newcomer has the history');
    deepEqual(history, ['before the restart', 'after the restart']);
  });
});
