/**
 * OpenVidu's JSON-RPC dialect, spoken raw over `ws` exactly as openvidu-browser
 * 2.32 speaks it, in the same rooms as native peers.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Peer, handshakeRefusal, postJson, startRelay, type TestRelay } from './harness.js';
import { RpcPeer, openViduSocketUrl } from './openvidu-harness.js';

describe('OpenVidu dialect', () => {
  let relay: TestRelay;
  before(async () => {
    // The default heartbeat (10 s): a short one drops peers of this process whenever a loaded
    // machine leaves it unscheduled for a beat, and nothing here is about heartbeats.
    relay = await startRelay({ graceMs: 300 });
  });
  after(() => relay.close());

  describe('before joinRoom', () => {
    it('answers the first ping (with interval) and later ones (without params)', async () => {
      const ov = await RpcPeer.open(openViduSocketUrl(relay, 'ov-ping'));
      assert.deepEqual(await ov.call('ping', { interval: 5000 }), { value: 'pong' });
      assert.deepEqual(await ov.call('ping'), { value: 'pong' });
    });

    it('refuses sendMessage and leaveRoom with a JSON-RPC error', async () => {
      const ov = await RpcPeer.open(openViduSocketUrl(relay, 'ov-early'));
      const error = await ov.callError('sendMessage', { message: '{"to":[],"data":"x","type":"signal:chat"}' });
      assert.equal(error.data?.code, 'not_joined');
      assert.equal((await ov.callError('leaveRoom', {})).data?.code, 'not_joined');
    });

    it('answers malformed frames with JSON-RPC errors and keeps the socket', async () => {
      const ov = await RpcPeer.open(openViduSocketUrl(relay, 'ov-bad'));
      ov.sendRaw('not json');
      assert.equal((await ov.answer(null)).error?.code, -32700);
      ov.sendRaw(JSON.stringify({ jsonrpc: '1.0', method: 'ping', id: 7 }));
      assert.equal((await ov.answer(7)).error?.code, -32600);
      assert.equal((await ov.callError('publishVideo', {})).code, -32601);
      assert.equal((await ov.callError('joinRoom', { metadata: 42 })).code, -32602);
      assert.deepEqual(await ov.call('ping'), { value: 'pong' });
    });

    it('answers a request without id (a notification) with nothing', async () => {
      const ov = await RpcPeer.open(openViduSocketUrl(relay, 'ov-notify'));
      ov.sendRaw(JSON.stringify({ jsonrpc: '2.0', method: 'ping' }));
      ov.sendRaw(JSON.stringify({ jsonrpc: '2.0', method: 'nope' }));
      await ov.sync();
      assert.deepEqual(ov.unread(), []);
    });
  });

  describe('joinRoom', () => {
    it('answers with the shape openvidu-browser needs', async () => {
      const ov = await RpcPeer.join(relay, 'ov-shape', '{"clientData":"Ann"}');
      const r = ov.joinResult;
      assert.match(String(r['id']), /^[A-Za-z0-9_-]{16}$/);
      assert.equal(typeof r['createdAt'], 'number');
      assert.equal(r['metadata'], '{"clientData":"Ann"}');
      assert.deepEqual(r['value'], []);
      assert.equal(r['session'], 'ov-shape');
      assert.equal(typeof r['sessionId'], 'string');
      assert.notEqual(r['sessionId'], r['id'], 'the RPC session id is a separate secret');
      assert.equal(r['role'], 'PUBLISHER');
      assert.match(String(r['version']), /^2\.32\.\d+$/);
    });

    it('lists the participants already there, native and OpenVidu, with their metadata', async () => {
      const url = relay.ws('ov-value');
      const ann = await Peer.join(url, { name: 'Ann', away: false });
      const bob = await RpcPeer.join(relay, 'ov-value', '{"clientData":"Bob","color":"red"}');
      const cid = await RpcPeer.join(relay, 'ov-value', 'Cid');
      const value = cid.joinResult['value'] as Array<Record<string, unknown>>;
      const byId = new Map(value.map((p) => [p['id'], p]));
      assert.equal(byId.size, 2);
      assert.deepEqual(JSON.parse(String(byId.get(ann.id)?.['metadata'])), { clientData: 'Ann', name: 'Ann', away: false });
      assert.equal(byId.get(bob.id)?.['metadata'], '{"clientData":"Bob","color":"red"}', 'exactly the string Bob sent');
      for (const p of value) assert.equal(typeof p['createdAt'], 'number');
      assert.equal(value.some((p) => 'role' in p), false, 'a remote connection has no role (openvidu-browser takes one with a role for its own)');
    });

    it('shows OpenVidu participants to native peers with a name from their metadata', async () => {
      const url = relay.ws('ov-names');
      const native = await Peer.join(url, { name: 'Nat' });
      const ann = await RpcPeer.join(relay, 'ov-names', '{"clientData":"Ann"}');
      assert.deepEqual(await native.next('peer_joined'), { type: 'peer_joined', peer: ann.id, status: { name: 'Ann', metadata: '{"clientData":"Ann"}' }, role: 'publisher' });
      const bob = await RpcPeer.join(relay, 'ov-names', 'Bob');
      assert.deepEqual((await native.next('peer_joined'))['status'], { name: 'Bob', metadata: 'Bob' });
      const anon = await RpcPeer.join(relay, 'ov-names', '');
      assert.deepEqual((await native.next('peer_joined'))['status'], { metadata: '' });
      const late = await Peer.open(url);
      late.send({ type: 'join', status: {} });
      const joined = await late.next('joined');
      assert.deepEqual(Object.keys(joined['peers'] as object).sort(), [native.id, ann.id, bob.id, anon.id].sort());
    });

    it('refuses a bad or mismatched session id, and a second joinRoom', async () => {
      const bad = await handshakeRefusal(openViduSocketUrl(relay, 'bad%20room'));
      assert.deepEqual([bad.status, JSON.parse(bad.body).code], [400, 'invalid_room'], 'a bad sessionId in the URL: at the handshake');
      const none = await RpcPeer.open(openViduSocketUrl(relay, undefined));
      assert.equal((await none.callError('joinRoom', { metadata: '' })).data?.code, 'invalid_room');
      const named = await RpcPeer.open(openViduSocketUrl(relay, undefined));
      assert.equal((await named.callError('joinRoom', { session: 'bad room', metadata: '' })).data?.code, 'invalid_room', 'a bad session in joinRoom');
      const other = await RpcPeer.open(openViduSocketUrl(relay, 'ov-a'));
      assert.equal((await other.callError('joinRoom', { session: 'ov-b', metadata: '' })).data?.code, 'invalid_room');
      const twice = await RpcPeer.join(relay, 'ov-twice');
      const error = await twice.callError('joinRoom', { session: 'ov-twice', metadata: '' });
      assert.equal(error.code, 104);
    });

    it('takes the room from joinRoom when the URL names none', async () => {
      const native = await Peer.join(relay.ws('ov-noquery'));
      const ov = await RpcPeer.open(openViduSocketUrl(relay, undefined));
      const result = await ov.call('joinRoom', { session: 'ov-noquery', metadata: 'Ann' });
      assert.equal((await native.next('peer_joined'))['peer'], result['id']);
    });

    it('refuses metadata over the status limit', async () => {
      const ov = await RpcPeer.open(openViduSocketUrl(relay, 'ov-bigmeta'));
      const error = await ov.callError('joinRoom', { session: 'ov-bigmeta', metadata: 'x'.repeat(2000) });
      assert.equal(error.data?.code, 'data_too_large');
    });

    it('gives an OpenVidu client no history: a replayed signal would look live to it', async () => {
      const native = await Peer.join(relay.ws('ov-history'));
      native.send({ type: 'signal', id: 's1', event: 'chat', data: 'before' });
      await native.next('ack');
      const ov = await RpcPeer.join(relay, 'ov-history');
      await ov.sync();
      assert.deepEqual(ov.unread(), []);
      const late = await Peer.join(relay.ws('ov-history'), {}, { history: true });
      assert.equal((await late.next('from'))['history'], true, 'native peers still get it');
    });
  });

  describe('presence', () => {
    it('announces joins and leaves of native peers, with OpenVidu reasons', async () => {
      const ov = await RpcPeer.join(relay, 'ov-presence');
      const nat = await Peer.join(relay.ws('ov-presence'), { name: 'Nat' });
      const joined = await ov.next('participantJoined');
      assert.equal(joined['id'], nat.id);
      assert.equal(typeof joined['createdAt'], 'number');
      assert.equal(JSON.parse(String(joined['metadata']))['clientData'], 'Nat');
      nat.send({ type: 'leave' });
      assert.deepEqual(await ov.next('participantLeft'), { connectionId: nat.id, reason: 'disconnect' });
      const dropped = await Peer.join(relay.ws('ov-presence'));
      await ov.next('participantJoined');
      relay.server.dropPeer('ov-presence', dropped.id);
      assert.deepEqual(await ov.next('participantLeft'), { connectionId: dropped.id, reason: 'networkDisconnect' });
    });

    it('announces a peer before its first signal, even one sent at once', async () => {
      const ov = await RpcPeer.join(relay, 'ov-order');
      const nat = await Peer.open(relay.ws('ov-order'));
      nat.send({ type: 'join', status: { name: 'Nat' } });
      nat.send({ type: 'signal', id: 'a', event: 'chat', data: 'first words' });
      await ov.next('sendMessage');
      const methods = ov.frames.map((f) => f['method']);
      assert.deepEqual(methods, ['participantJoined', 'sendMessage']);
    });

    it('passes on no status changes (openvidu-browser has no event for them)', async () => {
      const ov = await RpcPeer.join(relay, 'ov-status');
      const nat = await Peer.join(relay.ws('ov-status'), { name: 'Nat' });
      await ov.next('participantJoined');
      nat.send({ type: 'status', status: { name: 'Nat', away: true } });
      await nat.sync();
      await ov.sync();
      assert.deepEqual(ov.unread(), []);
    });

    it('leaveRoom: answered, the others told, the socket closed', async () => {
      const nat = await Peer.join(relay.ws('ov-leave'));
      const other = await RpcPeer.join(relay, 'ov-leave');
      const ov = await RpcPeer.join(relay, 'ov-leave', 'Ann');
      await other.next('participantJoined');
      assert.deepEqual(await ov.call('leaveRoom', {}), {});
      assert.deepEqual(await other.next('participantLeft'), { connectionId: ov.id, reason: 'disconnect' });
      const left = await nat.next('peer_left');
      assert.deepEqual([left['peer'], left['reason']], [ov.id, 'leave']);
      await ov.closed;
    });

    it("takes openvidu-browser's close code 4102 as a goodbye, not a drop", async () => {
      const nat = await Peer.join(relay.ws('ov-4102'));
      const ov = await RpcPeer.join(relay, 'ov-4102');
      await ov.close(4102);
      // A drop would be told only after the grace period, with the reason 'network'.
      const left = await nat.next('peer_left');
      assert.deepEqual([left['peer'], left['reason']], [ov.id, 'disconnect']);
    });
  });

  describe('signals', () => {
    async function room(name: string) {
      const ann = await RpcPeer.join(relay, name, '{"clientData":"Ann"}');
      const bob = await RpcPeer.join(relay, name, '{"clientData":"Bob"}');
      const nat = await Peer.join(relay.ws(name), { name: 'Nat' });
      const ned = await Peer.join(relay.ws(name), { name: 'Ned' });
      await ann.next('participantJoined');
      await ann.next('participantJoined');
      await ann.next('participantJoined');
      await bob.next('participantJoined');
      await bob.next('participantJoined');
      await nat.next('peer_joined');
      return { ann, bob, nat, ned };
    }

    it('delivers an OpenVidu broadcast to everyone, its sender included', async () => {
      const { ann, bob, nat, ned } = await room('ov-bcast');
      assert.deepEqual(await ann.signal('chat', 'hello all'), {});
      const expected = { data: 'hello all', type: 'signal:chat', from: ann.id };
      assert.deepEqual(await ann.next('sendMessage'), expected);
      assert.deepEqual(await bob.next('sendMessage'), expected);
      for (const native of [nat, ned]) {
        const from = await native.next('from');
        assert.equal(from['peer'], ann.id);
        assert.equal(from['event'], 'chat');
        assert.equal(from['data'], 'hello all');
        assert.equal(from['to'], undefined);
      }
    });

    it('delivers a targeted OpenVidu signal only to those named', async () => {
      const { ann, bob, nat, ned } = await room('ov-private');
      await ann.signal('dm', 'just you', [nat.id]);
      const from = await nat.next('from');
      assert.deepEqual([from['peer'], from['event'], from['data'], from['to']], [ann.id, 'dm', 'just you', [nat.id]]);
      await ann.signal('dm', 'and you', [bob.id]);
      assert.deepEqual(await bob.next('sendMessage'), { data: 'and you', type: 'signal:dm', from: ann.id });
      await Promise.all([ann.sync(), bob.sync(), nat.sync(), ned.sync()]);
      assert.deepEqual(ann.unread(), [], 'the sender is not named, so it gets nothing');
      assert.deepEqual(bob.unread(), []);
      assert.deepEqual(ned.unread(), [], 'a third party never sees it');
      assert.deepEqual(nat.unread(), []);
    });

    it('echoes a targeted signal to its sender when it names itself', async () => {
      const { ann, bob } = await room('ov-self');
      await ann.signal('note', 'to me and Bob', [ann.id, bob.id]);
      assert.equal((await ann.next('sendMessage'))['data'], 'to me and Bob');
      assert.equal((await bob.next('sendMessage'))['data'], 'to me and Bob');
    });

    it('delivers native broadcasts and targeted signals to OpenVidu clients as OpenVidu signals', async () => {
      const { ann, bob, nat } = await room('ov-native');
      nat.send({ type: 'signal', id: 'n1', event: 'chat', data: 'hi from native' });
      await nat.next('ack');
      for (const ov of [ann, bob]) assert.deepEqual(await ov.next('sendMessage'), { data: 'hi from native', type: 'signal:chat', from: nat.id });
      nat.send({ type: 'signal', id: 'n2', to: [bob.id], event: 'dm', data: { text: 'psst', n: 1 } });
      await nat.next('ack');
      assert.deepEqual(await bob.next('sendMessage'), { data: '{"text":"psst","n":1}', type: 'signal:dm', from: nat.id });
      nat.send({ type: 'to', peer: ann.id, event: 'seed', data: 7 });
      assert.deepEqual(await ann.next('sendMessage'), { data: '7', type: 'signal:seed', from: nat.id });
      nat.send({ type: 'signal', id: 'n3', data: 'untyped' });
      for (const ov of [ann, bob]) assert.deepEqual(await ov.next('sendMessage'), { data: 'untyped', type: 'signal', from: nat.id });
      await Promise.all([ann.sync(), bob.sync()]);
      assert.deepEqual(ann.unread(), [], 'Ann never saw the signal to Bob');
      assert.deepEqual(bob.unread(), []);
    });

    it('rejects a signal naming an unknown connection and delivers nothing', async () => {
      const { ann, bob, nat, ned } = await room('ov-unknown');
      const error = await ann.callError('sendMessage', { message: JSON.stringify({ to: [nat.id, 'nobody'], data: 'x', type: 'signal:chat' }) });
      assert.equal(error.code, 601);
      assert.equal(error.data?.code, 'unknown_peer');
      await Promise.all([ann.sync(), bob.sync(), nat.sync(), ned.sync()]);
      for (const ov of [ann, bob]) assert.deepEqual(ov.unread(), []);
      for (const native of [nat, ned]) assert.deepEqual(native.unread(), []);
    });

    it('holds OpenVidu signals to the same limits as native ones', async () => {
      const { ann, nat } = await room('ov-limits');
      const send = (message: unknown) => ann.callError('sendMessage', { message: typeof message === 'string' ? message : JSON.stringify(message) });
      assert.equal((await send('{not json')).data?.code, 'invalid_message');
      assert.equal((await send({ to: 'everyone', data: 'x', type: 'signal:chat' })).data?.code, 'invalid_message');
      assert.equal((await send({ to: [], data: 'x', type: 'signal:has space' })).data?.code, 'invalid_type');
      assert.equal((await send({ to: [], data: 'x', type: `signal:${'t'.repeat(129)}` })).data?.code, 'invalid_type');
      const big = await send({ to: [], data: 'é'.repeat(4097), type: 'signal:chat' });
      assert.equal(big.data?.code, 'data_too_large');
      assert.equal(big.code, 602);
      assert.equal((await ann.callError('sendMessage', { message: 42 })).code, -32602);
      assert.deepEqual(await ann.signal('chat', 'x'.repeat(8192)), {}, 'exactly the limit is fine');
      assert.equal(((await nat.next('from'))['data'] as string).length, 8192);
    });

    it('delivers REST signals (from the server) without a sender', async () => {
      const { ann } = await room('ov-rest');
      const response = await postJson(`${relay.http}/api/signal`, { session: 'ov-rest', type: 'notice', data: 'from the server' });
      assert.equal(response.status, 200);
      assert.deepEqual(await ann.next('sendMessage'), { data: 'from the server', type: 'signal:notice' });
    });
  });
});
