import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Peer, startRelay, type TestRelay } from './harness.js';

describe('history for late joiners', () => {
  let relay: TestRelay;
  before(async () => {
    relay = await startRelay({ historySize: 3 });
  });
  after(() => relay.close());

  it('delivers the last N broadcast signals right after joined, in order, marked as history', async () => {
    const url = relay.ws('hist');
    const ann = await Peer.join(url, { name: 'Ann' });
    for (let i = 1; i <= 5; i++) ann.send({ type: 'signal', id: `h${i}`, event: 'chat', data: `msg ${i}` });
    for (let i = 1; i <= 5; i++) await ann.next('ack');
    const late = await Peer.open(url);
    late.send({ type: 'join' });
    await late.next('joined');
    assert.equal(late.frames[0]?.type, 'joined', 'joined comes first');
    const history = [await late.next('from'), await late.next('from'), await late.next('from')];
    assert.deepEqual(history.map((f) => f['data']), ['msg 3', 'msg 4', 'msg 5']);
    assert.deepEqual(history.map((f) => f['history']), [true, true, true]);
    assert.deepEqual(history.map((f) => f['peer']), [ann.id, ann.id, ann.id]);
    await late.sync();
    assert.deepEqual(late.unread(), []);
  });

  it('never puts a targeted or seed to signal into anyone else’s history', async () => {
    const url = relay.ws('hist-private');
    const ann = await Peer.join(url);
    const bob = await Peer.join(url);
    ann.send({ type: 'signal', id: 'p', to: [bob.id], event: 'dm', data: 'private' });
    ann.send({ type: 'to', peer: bob.id, event: 'dm', data: 'seed private' });
    ann.send({ type: 'signal', id: 'b', event: 'chat', data: 'public' });
    await bob.next('from');
    await bob.next('from');
    await bob.next('from');
    const late = await Peer.join(url);
    await late.sync();
    const history = late.unread().filter((f) => f.type === 'from');
    assert.deepEqual(history.map((f) => f['data']), ['public']);
  });

  it('keeps the history of a room that emptied for a newcomer', async () => {
    const url = relay.ws('hist-empty');
    const ann = await Peer.join(url);
    ann.send({ type: 'signal', id: 'x', event: 'chat', data: 'still here' });
    await ann.next('ack');
    await ann.close();
    const bob = await Peer.join(url);
    const from = await bob.next('from');
    assert.equal(from['data'], 'still here');
    assert.equal(from['history'], true);
  });
});
