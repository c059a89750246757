/**
 * Which size limit applies to what: a chat signal (`signal`, REST, OpenVidu)
 * is held to the signal limit (8 KiB, OpenTok's), a seed peer-to-peer `to`
 * (a WebRTC offer, often 10–14 KB) only to the transport cap; both are options.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_DATA_BYTES, MAX_FRAME_BYTES } from '../../src/protocol/index.js';
import { Peer, postJson, startRelay, type TestRelay } from './harness.js';
import { RpcPeer } from './openvidu-harness.js';

/** An SDP-like offer of about `bytes` bytes, as a WebRTC client sends it. */
const offer = (bytes: number) => ({ type: 'offer', sdp: 'a=candidate 1 udp 2122260223 192.0.2.1 54400 typ host\r\n'.repeat(Math.ceil(bytes / 56)).slice(0, bytes) });

describe('size limits by default', () => {
  let relay: TestRelay;
  before(async () => {
    relay = await startRelay();
  });
  after(() => relay.close());

  it('lets a seed to frame carry a 14 KB WebRTC offer to its peer', async () => {
    const url = relay.ws('lim-offer');
    const ann = await Peer.join(url);
    const bob = await Peer.join(url);
    const big = offer(14_000);
    ann.send({ type: 'to', peer: bob.id, event: 'offer', data: big });
    const from = await bob.next('from');
    assert.deepEqual([from['event'], from['data']], ['offer', big]);
  });

  it('lets a seed to frame carry data up to the 64 KiB transport cap, and closes past it with 1009', async () => {
    const url = relay.ws('lim-cap');
    const ann = await Peer.join(url);
    const bob = await Peer.join(url);
    const frame = { type: 'to', peer: bob.id, event: 'offer', data: '' };
    const room = MAX_FRAME_BYTES - JSON.stringify(frame).length;
    ann.send({ ...frame, data: 'x'.repeat(room) });
    assert.equal(((await bob.next('from'))['data'] as string).length, room);
    ann.send({ ...frame, data: 'x'.repeat(room + 1) });
    assert.equal(await ann.closed, 1009);
  });

  it('still refuses a chat signal over 8 KiB with data_too_large, whichever way it comes', async () => {
    const url = relay.ws('lim-chat');
    const ann = await Peer.join(url);
    ann.send({ type: 'signal', id: 'big', event: 'chat', data: 'x'.repeat(MAX_DATA_BYTES + 1) });
    assert.equal((await ann.next('error'))['code'], 'data_too_large');
    const rest = await postJson(`${relay.http}/api/signal`, { session: 'lim-chat', data: 'x'.repeat(MAX_DATA_BYTES + 1) });
    assert.deepEqual([rest.status, rest.body['code']], [413, 'data_too_large']);
    const ov = await RpcPeer.join(relay, 'lim-chat');
    const error = await ov.callError('sendMessage', { message: JSON.stringify({ to: [], type: 'signal:chat', data: 'x'.repeat(MAX_DATA_BYTES + 1) }) });
    assert.equal(error.data?.code, 'data_too_large');
  });
});

describe('size limits set by options', () => {
  let relay: TestRelay;
  before(async () => {
    relay = await startRelay({ maxSignalBytes: 100, maxFrameBytes: 128 * 1024 });
  });
  after(() => relay.close());

  it('holds chat signals to maxSignalBytes in every dialect and REST', async () => {
    const url = relay.ws('opt-chat');
    const ann = await Peer.join(url);
    const bob = await Peer.join(url);
    ann.send({ type: 'signal', id: 'fits', event: 'chat', data: 'x'.repeat(100) });
    assert.equal((await ann.next('ack'))['id'], 'fits');
    ann.send({ type: 'signal', id: 'over', event: 'chat', data: 'x'.repeat(101) });
    const error = await ann.next('error');
    assert.deepEqual([error['code'], error['id'], error['message']], ['data_too_large', 'over', 'data is 101 bytes; the limit is 100']);
    const rest = await postJson(`${relay.http}/api/signal`, { session: 'opt-chat', data: 'x'.repeat(101) });
    assert.deepEqual([rest.status, rest.body['code']], [413, 'data_too_large']);
    const ov = await RpcPeer.join(relay, 'opt-chat');
    const refused = await ov.callError('sendMessage', { message: JSON.stringify({ to: [], type: 'signal:chat', data: 'x'.repeat(101) }) });
    assert.equal(refused.data?.code, 'data_too_large');
    await bob.sync();
    assert.deepEqual(bob.unread().filter((f) => f.type === 'from').map((f) => (f['data'] as string).length), [100], 'only the one that fits arrived');
  });

  it('lets a seed to frame carry data up to maxFrameBytes', async () => {
    const url = relay.ws('opt-to');
    const ann = await Peer.join(url);
    const bob = await Peer.join(url);
    const big = offer(100_000);
    ann.send({ type: 'to', peer: bob.id, event: 'offer', data: big });
    assert.deepEqual((await bob.next('from'))['data'], big);
  });
});
