/**
 * Ephemeral signals (typing, read receipts): delivered like any other signal,
 * but never stored in history, never replayed on resume and not counted
 * against the history size.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Peer, postJson, startRelay, type TestRelay } from './harness.js';

describe('ephemeral signals', () => {
  let relay: TestRelay;
  before(async () => {
    relay = await startRelay({ historySize: 2, graceMs: 5000 });
  });
  after(() => relay.close());

  it('reach the others marked ephemeral, and the sender gets its ack', async () => {
    const url = relay.ws('eph-deliver');
    const ann = await Peer.join(url);
    const bob = await Peer.join(url);
    ann.send({ type: 'signal', id: 't1', event: 'typing', data: '{"until":1}', ephemeral: true });
    const ack = await ann.next('ack');
    assert.equal(ack['id'], 't1');
    const from = await bob.next('from');
    assert.equal(from['data'], '{"until":1}');
    assert.equal(from['ephemeral'], true);
    assert.equal(from['peer'], ann.id);
  });

  it('are never in a late joiner’s history and do not push real messages out of it', async () => {
    const url = relay.ws('eph-history');
    const ann = await Peer.join(url);
    ann.send({ type: 'signal', id: 'm1', event: 'chat', data: 'one' });
    ann.send({ type: 'signal', id: 'm2', event: 'chat', data: 'two' });
    for (let i = 0; i < 5; i++) ann.send({ type: 'signal', id: `t${i}`, event: 'typing', data: 'typing', ephemeral: true });
    for (let i = 0; i < 7; i++) await ann.next('ack');
    const late = await Peer.join(url, {}, { history: true });
    await late.sync();
    const history = late.unread().filter((f) => f.type === 'from');
    assert.deepEqual(history.map((f) => f['data']), ['one', 'two']);
  });

  it('are not replayed to a peer that resumes after a dropped socket', async () => {
    const url = relay.ws('eph-resume');
    const ann = await Peer.join(url);
    const bob = await Peer.open(url);
    bob.send({ type: 'join', status: {} });
    const joined = await bob.next('joined');
    const bobId = String(joined['id']);
    await ann.next('peer_joined');
    relay.server.dropPeer('eph-resume', bobId);
    await bob.closed;
    ann.send({ type: 'signal', id: 'e1', event: 'typing', data: 'typing', ephemeral: true });
    ann.send({ type: 'signal', id: 'e2', to: [bobId], event: 'read', data: 'read up to 1', ephemeral: true });
    ann.send({ type: 'signal', id: 'm1', event: 'chat', data: 'missed' });
    for (let i = 0; i < 3; i++) await ann.next('ack');
    const again = await Peer.open(url);
    again.send({ type: 'join', status: {}, resume: { id: bobId, key: joined['resume'], seq: joined['seq'] } });
    assert.equal((await again.next('joined'))['resumed'], true);
    await again.sync();
    assert.deepEqual(again.unread().filter((f) => f.type === 'from').map((f) => f['data']), ['missed']);
  });

  it('are accepted on REST and likewise kept out of history', async () => {
    const url = relay.ws('eph-rest');
    const ann = await Peer.join(url);
    const answer = await postJson(`${relay.http}/api/signal`, { session: 'eph-rest', type: 'notice', data: 'server is typing', ephemeral: true });
    assert.equal(answer.status, 200);
    const from = await ann.next('from');
    assert.equal(from['peer'], null);
    assert.equal(from['ephemeral'], true);
    const late = await Peer.join(url, {}, { history: true });
    await late.sync();
    assert.deepEqual(late.unread().filter((f) => f.type === 'from'), []);
  });

  it('refuses an ephemeral flag that is not a boolean, and the connection stays up', async () => {
    const url = relay.ws('eph-bad');
    const ann = await Peer.join(url);
    const bob = await Peer.join(url);
    ann.send({ type: 'signal', id: 'bad', event: 'typing', data: 'x', ephemeral: 'yes' });
    const error = await ann.next('error');
    assert.equal(error['code'], 'invalid_message');
    assert.equal(error['id'], 'bad');
    ann.send({ type: 'signal', id: 'good', event: 'chat', data: 'still here' });
    assert.equal((await ann.next('ack'))['id'], 'good');
    assert.equal((await bob.next('from'))['data'], 'still here');
    const rest = await postJson(`${relay.http}/api/signal`, { session: 'eph-bad', data: 'x', ephemeral: 1 });
    assert.equal(rest.status, 400);
  });
});
