import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createToken } from '../../src/server/index.js';
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
    late.send({ type: 'join', history: true });
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
    const late = await Peer.join(url, {}, { history: true });
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
    const bob = await Peer.join(url, {}, { history: true });
    const from = await bob.next('from');
    assert.equal(from['data'], 'still here');
    assert.equal(from['history'], true);
  });

  it('sends no history to a join that does not ask for it, as a seed client joins', async () => {
    const url = relay.ws('hist-seed');
    const ann = await Peer.join(url);
    ann.send({ type: 'signal', id: 's1', event: 'chat', data: 'before you came' });
    await ann.next('ack');
    const seed = await Peer.join(url);
    const asked = await Peer.join(url, {}, { history: false });
    await seed.sync();
    await asked.sync();
    assert.deepEqual(seed.unread().filter((f) => f.type === 'from'), [], 'a plain join gets no history');
    assert.deepEqual(asked.unread().filter((f) => f.type === 'from'), [], 'history: false gets none either');
    ann.send({ type: 'signal', id: 's2', event: 'chat', data: 'live' });
    assert.equal((await seed.next('from'))['data'], 'live', 'live signals still arrive');
  });

  it('names the sender of each history signal as it was when it sent, after it renamed and left', async () => {
    const url = relay.ws('hist-names');
    const ann = await Peer.join(url, { name: 'Ann' });
    ann.send({ type: 'signal', id: 'a1', event: 'chat', data: 'as Ann' });
    await ann.next('ack');
    ann.send({ type: 'status', status: { name: 'Annie' } });
    ann.send({ type: 'signal', id: 'a2', event: 'chat', data: 'as Annie' });
    await ann.next('ack');
    ann.send({ type: 'status', status: { name: 42 } });
    ann.send({ type: 'signal', id: 'a3', event: 'chat', data: 'nameless' });
    await ann.next('ack');
    await ann.close();
    const late = await Peer.join(url, {}, { history: true });
    const history = [await late.next('from'), await late.next('from'), await late.next('from')];
    assert.deepEqual(history.map((f) => f['name']), ['Ann', 'Annie', undefined], 'a name that is not a string is left out');
    assert.deepEqual(history.map((f) => f['verified']), [undefined, undefined, undefined], 'without tokens a name is only claimed');
  });
});

describe('history names with tokens', () => {
  const secret = 'history-secret';
  let relay: TestRelay;
  before(async () => {
    relay = await startRelay({ secret });
  });
  after(() => relay.close());

  it('marks a history signal’s name verified when it is the sender’s token name', async () => {
    const url = relay.ws('hist-verified');
    const ann = await Peer.open(url);
    ann.send({ type: 'join', status: { name: 'Mallory' }, token: createToken({ secret, room: 'hist-verified', name: 'Ann' }) });
    await ann.next('joined');
    ann.send({ type: 'signal', id: 'v1', event: 'chat', data: 'signed' });
    await ann.next('ack');
    const bob = await Peer.open(url);
    bob.send({ type: 'join', history: true, token: createToken({ secret, room: 'hist-verified', name: 'Bob' }) });
    const from = await bob.next('from');
    assert.deepEqual([from['data'], from['name'], from['verified']], ['signed', 'Ann', true], 'the token’s name, not the claimed one');
  });
});
