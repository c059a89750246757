/**
 * `session.history({ before, limit })` against the real relay: pages of older
 * signals, oldest first, that are not raised as `signal` events.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignalError } from '../../src/client/index.js';
import { TestKit } from './support/kit.js';
import { startNodeEnv, type NodeEnv } from './support/node-env.js';

describe('Session older history', () => {
  let env: NodeEnv;
  let kit: TestKit;
  before(async () => {
    env = await startNodeEnv({ historySize: 2 });
  });
  afterEach(() => kit.close());
  after(() => env.close());

  it('pages back past the join history, oldest first, without raising signal events', async () => {
    kit = new TestKit(env);
    const room = kit.room();
    const ann = await kit.open(room, { status: { name: 'Ann' } });
    for (let i = 1; i <= 9; i++) await ann.signal({ type: 'chat', data: `msg ${i}` });
    const bob = await kit.open(room);
    let raised = 0;
    bob.on('signal', () => raised++);
    const first = await bob.history({ before: 8, limit: 4 });
    assert.deepEqual(first.signals.map((s) => s.data), ['msg 4', 'msg 5', 'msg 6', 'msg 7']);
    assert.equal(first.more, true);
    assert.ok(first.signals.every((s) => s.history && s.type === 'chat' && s.name === 'Ann' && s.from?.connectionId === ann.connection.connectionId));
    const second = await bob.history({ before: first.signals[0]?.seq as number, limit: 4 });
    assert.deepEqual(second.signals.map((s) => s.data), ['msg 1', 'msg 2', 'msg 3']);
    assert.equal(second.more, false);
    assert.equal(raised, 0);
  });

  it('rejects a bad limit with invalid_message and goes on working', async () => {
    kit = new TestKit(env);
    const room = kit.room();
    const ann = await kit.open(room);
    await assert.rejects(ann.history({ limit: 0 }), (error: unknown) => error instanceof SignalError && error.name === 'invalid_message');
    await ann.signal({ type: 'chat', data: 'after' });
    assert.deepEqual((await ann.history()).signals.map((s) => s.data), ['after']);
  });

  it('rejects with not_connected when the session is not connected', async () => {
    kit = new TestKit(env);
    const session = kit.session(kit.room());
    await assert.rejects(session.history(), (error: unknown) => error instanceof SignalError && error.name === 'not_connected');
  });
});
