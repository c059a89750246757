/**
 * openvidu-browser's reconnection: after a dropped socket it opens
 * `/openvidu?sessionId=<room>&reconnect=true` and sends
 * `connect {sessionId: <rpc session id>, reconnect: true}`. Within the grace
 * period it is the same participant and loses nothing.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Peer, startRelay, type TestRelay } from './harness.js';
import { RpcPeer, openViduSocketUrl } from './openvidu-harness.js';

describe('OpenVidu reconnection', () => {
  let relay: TestRelay;
  before(async () => {
    relay = await startRelay({ graceMs: 2000, heartbeatMs: 5000 });
  });
  after(() => relay.close());

  async function reconnect(room: string, ov: RpcPeer): Promise<RpcPeer> {
    const again = await RpcPeer.open(openViduSocketUrl(relay, room, true));
    assert.deepEqual(await again.call('connect', { sessionId: ov.rpcSessionId, reconnect: true }), {});
    return again;
  }

  it('keeps the participant and delivers what it missed, in order, once', async () => {
    const room = 'ovr-missed';
    const nat = await Peer.join(relay.ws(room), { name: 'Nat' });
    const ann = await RpcPeer.join(relay, room, 'Ann');
    const bob = await RpcPeer.join(relay, room, 'Bob');
    await ann.next('participantJoined');
    nat.send({ type: 'signal', id: 'before', event: 'chat', data: 'before the drop' });
    assert.equal((await ann.next('sendMessage'))['data'], 'before the drop');

    assert.equal(relay.server.dropPeer(room, ann.id), true);
    await ann.closed;
    nat.send({ type: 'signal', id: 'b1', event: 'chat', data: 'while away 1' });
    await nat.next('ack');
    nat.send({ type: 'signal', id: 't1', to: [ann.id], event: 'dm', data: 'while away, private' });
    await nat.next('ack');
    await bob.signal('chat', 'while away 2');

    const again = await reconnect(room, ann);
    const got = [];
    for (let i = 0; i < 3; i++) got.push(await again.next('sendMessage'));
    assert.deepEqual(got, [
      { data: 'while away 1', type: 'signal:chat', from: nat.id },
      { data: 'while away, private', type: 'signal:dm', from: nat.id },
      { data: 'while away 2', type: 'signal:chat', from: bob.id },
    ]);
    await again.sync();
    assert.deepEqual(again.unread(), [], 'nothing twice, nothing from before the drop');

    // The same participant: the others saw no leave, and signals reach it by its old id.
    await nat.sync();
    assert.equal(nat.unread().some((f) => f.type === 'peer_left'), false);
    nat.send({ type: 'signal', id: 'after', to: [ann.id], event: 'dm', data: 'welcome back' });
    assert.deepEqual(await again.next('sendMessage'), { data: 'welcome back', type: 'signal:dm', from: nat.id });
    await again.signal('chat', 'I am back');
    let from = await nat.next('from');
    while (from['data'] !== 'I am back') from = await nat.next('from');
    assert.equal(from['peer'], ann.id);
  });

  it('tells it who came and went while it was away, arrivals before their signals', async () => {
    const room = 'ovr-presence';
    const gone = await Peer.join(relay.ws(room), { name: 'Gone' });
    const ann = await RpcPeer.join(relay, room, 'Ann');
    relay.server.dropPeer(room, ann.id);
    await ann.closed;
    gone.send({ type: 'leave' });
    await gone.closed;
    const newcomer = await Peer.join(relay.ws(room), { name: 'New' });
    newcomer.send({ type: 'signal', id: 'hi', event: 'chat', data: 'hello, I am new' });
    await newcomer.next('ack');

    const again = await reconnect(room, ann);
    await again.next('participantLeft');
    assert.deepEqual(
      again.frames.map((f) => [f['method'], (f['params'] as Record<string, unknown>)['id'] ?? (f['params'] as Record<string, unknown>)['connectionId'] ?? (f['params'] as Record<string, unknown>)['from']]),
      [
        ['participantJoined', newcomer.id],
        ['sendMessage', newcomer.id],
        ['participantLeft', gone.id],
      ],
    );
    assert.equal(JSON.parse(String((again.frames[0]?.['params'] as Record<string, unknown>)['metadata']))['clientData'], 'New');
  });

  it('refuses with 40007 "reconnection error" after the grace period', async () => {
    const room = 'ovr-late';
    const nat = await Peer.join(relay.ws(room));
    const ann = await RpcPeer.join(relay, room, 'Ann');
    relay.server.dropPeer(room, ann.id);
    const left = await nat.next('peer_left', 6000);
    assert.deepEqual([left['peer'], left['reason']], [ann.id, 'network']);
    const again = await RpcPeer.open(openViduSocketUrl(relay, room, true));
    const error = await again.callError('connect', { sessionId: ann.rpcSessionId, reconnect: true });
    assert.deepEqual([error.code, error.message], [40007, 'reconnection error']);
  });

  it('refuses an unknown RPC session id, and one from another room', async () => {
    const stranger = await RpcPeer.open(openViduSocketUrl(relay, 'ovr-unknown', true));
    assert.equal((await stranger.callError('connect', { sessionId: 'made-up', reconnect: true })).code, 40007);
    const ann = await RpcPeer.join(relay, 'ovr-here', 'Ann');
    relay.server.dropPeer('ovr-here', ann.id);
    await ann.closed;
    const elsewhere = await RpcPeer.open(openViduSocketUrl(relay, 'ovr-there', true));
    assert.equal((await elsewhere.callError('connect', { sessionId: ann.rpcSessionId, reconnect: true })).code, 40007);
    // The right room still works afterwards.
    await reconnect('ovr-here', ann);
  });

  it('replaces a socket the server still thinks alive', async () => {
    const room = 'ovr-replace';
    const nat = await Peer.join(relay.ws(room));
    const ann = await RpcPeer.join(relay, room, 'Ann');
    await nat.next('peer_joined');
    const again = await reconnect(room, ann);
    assert.equal(await ann.closed, 4409);
    nat.send({ type: 'signal', id: 'x', event: 'chat', data: 'to the new socket' });
    assert.equal((await again.next('sendMessage'))['data'], 'to the new socket');
    await nat.sync();
    assert.equal(nat.unread().some((f) => f.type === 'peer_left'), false);
  });

  it('treats the close before a reconnection (4104) as a drop, not a goodbye', async () => {
    const room = 'ovr-4104';
    const nat = await Peer.join(relay.ws(room));
    const ann = await RpcPeer.join(relay, room, 'Ann');
    await ann.close(4104);
    await reconnect(room, ann);
    await nat.sync();
    assert.equal(nat.unread().some((f) => f.type === 'peer_left'), false);
  });

  it('still answers ping on the new socket before connect', async () => {
    const again = await RpcPeer.open(openViduSocketUrl(relay, 'ovr-ping', true));
    assert.deepEqual(await again.call('ping', { interval: 5000 }), { value: 'pong' });
  });
});
