import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Peer, postJson, startRelay, type TestRelay } from './harness.js';

describe('signals', () => {
  let relay: TestRelay;
  before(async () => {
    relay = await startRelay();
  });
  after(() => relay.close());

  it('broadcasts a signal to everyone else and answers the sender with ack', async () => {
    const url = relay.ws('sig-broadcast');
    const ann = await Peer.join(url, { name: 'Ann' });
    const bob = await Peer.join(url, { name: 'Bob' });
    const cid = await Peer.join(url, { name: 'Cid' });
    ann.send({ type: 'signal', id: 's1', event: 'chat', data: 'hello all' });
    const ack = await ann.next('ack');
    assert.equal(ack['id'], 's1');
    for (const peer of [bob, cid]) {
      const from = await peer.next('from');
      assert.equal(from['peer'], ann.id);
      assert.equal(from['event'], 'chat');
      assert.equal(from['data'], 'hello all');
      assert.equal(from['seq'], ack['seq']);
      assert.equal(from['time'], ack['time']);
      assert.equal(from['to'], undefined, 'a broadcast carries no to');
    }
    await ann.sync();
    assert.deepEqual(ann.unread().filter((f) => f.type === 'from'), [], 'the sender does not get its own signal back');
  });

  it('numbers delivered signals with a per-room increasing seq and a server time', async () => {
    const url = relay.ws('sig-seq');
    const ann = await Peer.join(url);
    const bob = await Peer.join(url);
    const before = Date.now();
    for (let i = 0; i < 5; i++) ann.send({ type: 'signal', id: `a${i}`, event: 'chat', data: `m${i}` });
    const seqs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const from = await bob.next('from');
      assert.equal(from['data'], `m${i}`);
      assert.ok((from['time'] as number) >= before - 1 && (from['time'] as number) <= Date.now() + 1);
      seqs.push(from['seq'] as number);
    }
    // Sent once Ann's are in: signals of two senders sent at once may take either order.
    bob.send({ type: 'to', peer: ann.id, event: 'chat', data: 'to ann' });
    const toAnn = await ann.next('from');
    seqs.push(toAnn['seq'] as number);
    assert.deepEqual(seqs, [1, 2, 3, 4, 5, 6]);
  });

  it('delivers a targeted signal only to the listed peers, with to, and never to a third', async () => {
    const url = relay.ws('sig-private');
    const ann = await Peer.join(url);
    const bob = await Peer.join(url);
    const cid = await Peer.join(url);
    const dan = await Peer.join(url);
    ann.send({ type: 'signal', id: 'p1', to: [bob.id, dan.id], event: 'dm', data: 'secret' });
    await ann.next('ack');
    ann.send({ type: 'to', peer: bob.id, event: 'dm', data: 'seed secret' });
    for (const peer of [bob, dan]) {
      const from = await peer.next('from');
      assert.equal(from['data'], 'secret');
      assert.deepEqual(from['to'], [bob.id, dan.id]);
    }
    const seedFrom = await bob.next('from');
    assert.equal(seedFrom['data'], 'seed secret');
    assert.deepEqual(seedFrom['to'], [bob.id]);
    await cid.sync();
    assert.deepEqual(cid.unread().filter((f) => f.type === 'from'), [], 'the third peer got nothing');
  });

  it('acknowledges the seed to frame when it carries an id', async () => {
    const url = relay.ws('sig-to-ack');
    const ann = await Peer.join(url);
    const bob = await Peer.join(url);
    ann.send({ type: 'to', id: 't1', peer: bob.id, event: 'x', data: 1 });
    const ack = await ann.next('ack');
    assert.equal(ack['id'], 't1');
    assert.equal((await bob.next('from'))['data'], 1);
  });

  it('delivers nothing when one peer in to is unknown (OpenVidu rule)', async () => {
    const url = relay.ws('sig-unknown');
    const ann = await Peer.join(url);
    const bob = await Peer.join(url);
    ann.send({ type: 'signal', id: 'u1', to: [bob.id, 'nobody-here'], event: 'dm', data: 'x' });
    const error = await ann.next('error');
    assert.deepEqual([error['code'], error['id']], ['unknown_peer', 'u1']);
    await bob.sync();
    assert.deepEqual(bob.unread().filter((f) => f.type === 'from'), []);
  });

  it('delivers a re-sent signal id once and acknowledges it again with the same seq', async () => {
    const url = relay.ws('sig-dedupe');
    const ann = await Peer.join(url);
    const bob = await Peer.join(url);
    ann.send({ type: 'signal', id: 'same', event: 'chat', data: 'once' });
    ann.send({ type: 'signal', id: 'same', event: 'chat', data: 'once' });
    const first = await ann.next('ack');
    const second = await ann.next('ack');
    assert.equal(first['seq'], second['seq']);
    await bob.sync();
    assert.equal(bob.unread().filter((f) => f.type === 'from').length, 1);
  });

  it('sends untyped signals and any JSON data', async () => {
    const url = relay.ws('sig-untyped');
    const ann = await Peer.join(url);
    const bob = await Peer.join(url);
    ann.send({ type: 'signal', id: 'n1', data: { nested: [1, 'two', null] } });
    const from = await bob.next('from');
    assert.equal(from['event'], undefined);
    assert.deepEqual(from['data'], { nested: [1, 'two', null] });
  });

  it('delivers a signal sent without data with data "" (as OpenVidu does), whichever way it was sent', async () => {
    const url = relay.ws('sig-no-data');
    const ann = await Peer.join(url);
    const bob = await Peer.join(url);
    ann.send({ type: 'signal', id: 'nd1', event: 'ping-me' });
    ann.send({ type: 'to', peer: bob.id, event: 'ring' });
    // Ann's socket and the REST call are two connections: the POST waits until Bob has Ann's two, so the order is known.
    const received = [await bob.next('from'), await bob.next('from')];
    await postJson(`${relay.http}/api/signal`, { session: 'sig-no-data', type: 'notice' });
    received.push(await bob.next('from'));
    assert.deepEqual(received.map((f) => [f['event'], f['data']]), [['ping-me', ''], ['ring', ''], ['notice', '']]);
  });

  it('keeps rooms apart', async () => {
    const ann = await Peer.join(relay.ws('room-a'));
    const bob = await Peer.join(relay.ws('room-b'));
    ann.send({ type: 'signal', id: 'r1', event: 'chat', data: 'only room a' });
    await ann.next('ack');
    await bob.sync();
    assert.deepEqual(bob.unread(), []);
  });
});
