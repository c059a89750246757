/**
 * `session.signal({ ephemeral: true })` against the real relay: the signal
 * reaches the others (and the sender's own handlers) marked ephemeral, and a
 * session that joins later does not find it in the history.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { next } from './support/events.js';
import { TestKit } from './support/kit.js';
import { startNodeEnv, type NodeEnv } from './support/node-env.js';

describe('Session ephemeral signals', () => {
  let env: NodeEnv;
  let kit: TestKit;
  before(async () => {
    env = await startNodeEnv();
  });
  afterEach(() => kit.close());
  after(() => env.close());

  it('delivers an ephemeral signal marked as such, and keeps it out of a later joiner’s history', async () => {
    kit = new TestKit(env);
    const room = kit.room();
    const ann = await kit.open(room);
    const bob = await kit.open(room);
    const own = next(ann, 'signal:typing');
    const received = next(bob, 'signal:typing');
    const result = await ann.signal({ type: 'typing', data: 'on', ephemeral: true });
    assert.equal(typeof result.seq, 'number');
    const event = await received;
    assert.equal(event.data, 'on');
    assert.equal(event.ephemeral, true);
    assert.equal((await own).ephemeral, true, 'the sender’s own handlers see it as ephemeral too');

    await ann.signal({ type: 'chat', data: 'kept' });
    const late = kit.session(room);
    const history: string[] = [];
    late.on('signal', (e) => {
      if (e.history) history.push(e.data);
    });
    const kept = next(late, 'signal:chat');
    await late.connect();
    await kept;
    assert.deepEqual(history, ['kept']);
  });

  it('leaves ordinary signals unmarked', async () => {
    kit = new TestKit(env);
    const room = kit.room();
    const ann = await kit.open(room);
    const bob = await kit.open(room);
    const received = next(bob, 'signal:chat');
    await ann.signal({ type: 'chat', data: 'hi' });
    assert.equal((await received).ephemeral, undefined);
  });
});
