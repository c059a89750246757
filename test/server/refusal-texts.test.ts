/**
 * One rule, one wording: a signal over the data limit, a type or a room name
 * that breaks its rule is refused in the same words by the native dialect,
 * the OpenVidu dialect and REST.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_DATA_BYTES, ROOM_RULE, TYPE_RULE, tooLargeMessage } from '../../src/protocol/index.js';
import { Peer, handshakeRefusal, postJson, startRelay, type TestRelay } from './harness.js';
import { RpcPeer, openViduSocketUrl } from './openvidu-harness.js';

describe('refusal texts', () => {
  let relay: TestRelay;
  before(async () => {
    relay = await startRelay();
  });
  after(() => relay.close());

  it('words data one byte over the limit the same in every dialect and REST', async () => {
    const tooBig = 'x'.repeat(MAX_DATA_BYTES + 1);
    const expected = tooLargeMessage('data', MAX_DATA_BYTES + 1, MAX_DATA_BYTES);
    const native = await Peer.join(relay.ws('texts-big'));
    native.send({ type: 'signal', id: 'big', event: 'chat', data: tooBig });
    const nativeError = await native.next('error');
    const openVidu = await RpcPeer.join(relay, 'texts-big');
    const rpcError = await openVidu.callError('sendMessage', { message: JSON.stringify({ to: [], data: tooBig, type: 'signal:chat' }) });
    const rest = await postJson(`${relay.http}/api/signal`, { session: 'texts-big', type: 'chat', data: tooBig });
    assert.deepEqual(
      [nativeError['message'], rpcError.message, rest.body['message']],
      [expected, expected, expected],
    );
  });

  it('words a type that breaks the type rule the same in every dialect and REST', async () => {
    const native = await Peer.join(relay.ws('texts-type'));
    native.send({ type: 'signal', id: 'bad', event: 'has space', data: 'x' });
    const nativeError = await native.next('error');
    const openVidu = await RpcPeer.join(relay, 'texts-type');
    const rpcError = await openVidu.callError('sendMessage', { message: JSON.stringify({ to: [], data: 'x', type: 'signal:has space' }) });
    const rest = await postJson(`${relay.http}/api/signal`, { session: 'texts-type', type: 'has space', data: 'x' });
    assert.deepEqual([nativeError['message'], rpcError.message, rest.body['message']], [TYPE_RULE, TYPE_RULE, TYPE_RULE]);
  });

  it('words a bad room name the same at the handshake (both dialects) and in OpenVidu’s joinRoom', async () => {
    const native = await handshakeRefusal(relay.ws('bad%20room!'));
    const openViduUrl = await handshakeRefusal(openViduSocketUrl(relay, 'bad%20room'));
    const openVidu = await RpcPeer.open(openViduSocketUrl(relay, undefined));
    const rpcError = await openVidu.callError('joinRoom', { session: 'bad room', metadata: '' });
    assert.deepEqual(
      [JSON.parse(native.body).message, JSON.parse(openViduUrl.body).message, rpcError.message],
      [ROOM_RULE, ROOM_RULE, ROOM_RULE],
    );
  });
});
