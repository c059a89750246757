/**
 * Handing a connection from one Session to another (what a closing tab of a `shared`
 * element does): the relay keeps the identity, the next Session resumes it from the
 * seq it had seen, and nobody in the room sees the participant leave or come back.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SignalEvent } from '../../src/client/index.js';
import { record } from './support/events.js';
import { until } from '../support/wait.js';
import { TestKit } from './support/kit.js';
import { startNodeEnv, type NodeEnv } from './support/node-env.js';

describe('Session hand-off', () => {
  let env: NodeEnv;
  let kit: TestKit;
  before(async () => {
    env = await startNodeEnv({ graceMs: 5000 });
  });
  after(() => env.close());
  afterEach(() => kit.close());

  it('lets a second Session pick up the connection with the signals missed meanwhile, once each', async () => {
    kit = new TestKit(env);
    const room = kit.room();
    const first = await kit.open(room, { status: { name: 'Ann' } });
    const bo = await kit.open(room, { status: { name: 'Bo' } });
    const boSaw = { left: record(bo, 'connectionDestroyed'), joined: record(bo, 'connectionCreated') };
    await bo.signal({ type: 'chat', data: 'seen by the first' });
    await until(() => first.resumeToken?.seq !== undefined && first.resumeToken.seq > 0, 'the first saw it');
    const token = first.handOff();
    assert.ok(token, 'a joined session has a resume token');
    assert.equal(first.state, 'disconnected');
    await bo.signal({ type: 'chat', data: 'while nobody held it' });
    await bo.signal({ type: 'chat', data: 'to Ann alone', to: [bo.connections.get(token.id)!] });

    const second = kit.session(room, { status: { name: 'Ann' }, resume: token });
    const got = record(second, 'signal');
    await second.connect();
    assert.equal(second.connection?.connectionId, token.id, 'the same connection');
    await until(() => got.length === 2, 'the missed signals arrived');
    assert.deepEqual(got.map((e: SignalEvent) => [e.data, e.history, e.to !== undefined]), [
      ['while nobody held it', false, false],
      ['to Ann alone', false, true],
    ]);
    await bo.signal({ type: 'chat', data: 'after' });
    await until(() => got.length === 3, 'live signals go on');
    assert.deepEqual(boSaw.left, [], 'Bo never saw Ann leave');
    assert.deepEqual(boSaw.joined, [], 'nor come back');
    const { participants } = (await (await fetch(`${env.http}/api/rooms/${room}`)).json()) as { participants: unknown[] };
    assert.equal(participants.length, 2);
  });

  it('joins afresh when the relay no longer knows the connection handed over', async () => {
    kit = new TestKit(env);
    const room = kit.room();
    const bo = await kit.open(room);
    await bo.signal({ type: 'chat', data: 'before' });
    const second = kit.session(room, { resume: { id: 'gone-long-ago', key: 'nope', seq: 0 } });
    const got = record(second, 'signal');
    await second.connect();
    assert.notEqual(second.connection?.connectionId, 'gone-long-ago');
    await until(() => got.length === 1, 'the history arrived');
    assert.deepEqual(got.map((e: SignalEvent) => [e.data, e.history]), [['before', true]]);
  });
});
