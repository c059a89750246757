/**
 * What a user of `session.on/once/off` notices of the session's own event
 * emitter (it replaced eventemitter3 and keeps its API): chaining, `context`,
 * the removal forms, the listing methods, and which listeners a signal
 * reaches while listeners come and go. Real relay, real sessions over `ws`;
 * the throwing-listener and on/once/off basics are in scenarios.ts
 * ('Session listeners'), run in Node and Chromium.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Session, SignalEvent } from '../../src/client/index.js';
import { record } from './support/events.js';
import { TestKit } from './support/kit.js';
import { startNodeEnv, type NodeEnv } from './support/node-env.js';
import { until } from '../support/wait.js';

let env: NodeEnv;
let kit: TestKit;

before(async () => {
  env = await startNodeEnv();
});
afterEach(() => kit?.close());
after(() => env.close());

/** Ann and Bo in a fresh room, each knowing the other. */
async function pair(): Promise<[Session, Session]> {
  kit = new TestKit(env);
  const room = kit.room();
  const ann = await kit.open(room, { status: { name: 'Ann' } });
  const bo = await kit.open(room, { status: { name: 'Bo' } });
  await until(() => ann.connections.size === 1 && bo.connections.size === 1, 'they know each other');
  return [ann, bo];
}

/** Ann sends `texts` on `chat`, and the test waits until Bo's probe (a `signal` listener) has them all. */
async function say(ann: Session, bo: Session, ...texts: string[]): Promise<void> {
  const probe = record(bo, 'signal');
  for (const data of texts) await ann.signal({ type: 'chat', data });
  await until(() => probe.length === texts.length, `Bo got ${texts.join(', ')}`);
}

const texts = (events: SignalEvent[]): string[] => events.map((e) => e.data);

describe('Session listeners (the emitter)', () => {
  it('on, once, off and their aliases return the session, so calls chain', async () => {
    kit = new TestKit(env);
    const session = kit.session(kit.room());
    const fn = (): void => {};
    assert.equal(session.on('signal', fn).once('signal:chat', fn).addListener('reconnected', fn), session);
    assert.equal(session.off('signal', fn).removeListener('reconnected', fn).removeAllListeners(), session);
  });

  it('calls a listener with the context given to on() as this, and with the session when none was given', async () => {
    const [ann, bo] = await pair();
    const context = { name: 'the app' };
    const seenThis: unknown[] = [];
    bo.on(
      'signal:chat',
      function (this: unknown) {
        seenThis.push(this);
      },
      context,
    );
    bo.on('signal:chat', function (this: unknown) {
      seenThis.push(this);
    });
    await say(ann, bo, 'hi');
    assert.equal(seenThis[0], context, 'the given context');
    assert.equal(seenThis[1], bo, 'the session');
  });

  it('off(event) without a function removes every listener of that event only; removeAllListeners() removes all', async () => {
    const [ann, bo] = await pair();
    const chat: string[] = [];
    bo.on('signal:chat', (e) => void chat.push(e.data)).once('signal:chat', (e) => void chat.push(e.data));
    const all = record(bo, 'signal');
    bo.off('signal:chat');
    await say(ann, bo, 'one');
    assert.deepEqual(chat, [], 'no signal:chat listener is left');
    assert.deepEqual(texts(all), ['one'], 'the signal listener stays');
    bo.removeAllListeners();
    assert.deepEqual(bo.eventNames(), [], 'no event has a listener');
  });

  it('off(event, fn, context) removes only the registration with that context', async () => {
    const [ann, bo] = await pair();
    const first = { n: 1 };
    const second = { n: 2 };
    const heard: number[] = [];
    function note(this: { n: number }): void {
      heard.push(this.n);
    }
    bo.on('signal:chat', note, first).on('signal:chat', note, second);
    bo.off('signal:chat', note, first);
    await say(ann, bo, 'one');
    assert.deepEqual(heard, [2]);
  });

  it('the same function added twice runs twice, and one off() removes both', async () => {
    const [ann, bo] = await pair();
    const heard: string[] = [];
    const note = (e: SignalEvent): void => void heard.push(e.data);
    bo.on('signal:chat', note).on('signal:chat', note);
    await say(ann, bo, 'one');
    bo.off('signal:chat', note);
    await say(ann, bo, 'two');
    assert.deepEqual(heard, ['one', 'one']);
  });

  it('lists the listeners as they were added, counts them, and names the events that have any', async () => {
    kit = new TestKit(env);
    const session = kit.session(kit.room());
    const a = (): void => {};
    const b = (): void => {};
    session.on('signal', a).once('signal', b).on('signal:chat', a);
    assert.deepEqual(session.listeners('signal'), [a, b], 'the functions given, not wrappers');
    assert.equal(session.listenerCount('signal'), 2);
    assert.equal(session.listenerCount('reconnected'), 0);
    assert.deepEqual(session.eventNames(), ['signal', 'signal:chat']);
    session.off('signal', a).off('signal', b);
    assert.deepEqual(session.eventNames(), ['signal:chat'], 'an event whose last listener went is no longer named');
    assert.deepEqual(session.listeners('signal'), []);
  });

  it('a once() listener removed with off() before its event never runs; one that ran is gone from the list', async () => {
    const [ann, bo] = await pair();
    const heard: string[] = [];
    const removed = (e: SignalEvent): void => void heard.push(`removed ${e.data}`);
    const kept = (e: SignalEvent): void => void heard.push(`once ${e.data}`);
    bo.once('signal:chat', removed).once('signal:chat', kept);
    bo.off('signal:chat', removed, undefined, true);
    await say(ann, bo, 'one', 'two');
    assert.deepEqual(heard, ['once one']);
    assert.equal(bo.listenerCount('signal:chat'), 0);
  });

  it('a listener added while a signal is being delivered gets the next signal, not that one', async () => {
    const [ann, bo] = await pair();
    const late: string[] = [];
    bo.once('signal:chat', () => void bo.on('signal:chat', (e) => void late.push(e.data)));
    await say(ann, bo, 'one', 'two');
    assert.deepEqual(late, ['two']);
  });

  it('a listener may remove itself while it runs, and the listeners after it still get that signal', async () => {
    const [ann, bo] = await pair();
    const heard: string[] = [];
    const selfRemoving = (e: SignalEvent): void => {
      heard.push(`first ${e.data}`);
      bo.off('signal:chat', selfRemoving);
    };
    bo.on('signal:chat', selfRemoving).on('signal:chat', (e) => void heard.push(`second ${e.data}`));
    await say(ann, bo, 'one', 'two');
    assert.deepEqual(heard, ['first one', 'second one', 'second two']);
  });
});
