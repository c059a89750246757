import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_DATA_BYTES, MAX_FRAME_BYTES, MAX_STATUS_BYTES, ROOM_RULE } from '../../src/protocol/index.js';
import { Peer, handshakeRefusal, startRelay, type TestRelay } from './harness.js';

/** Each bad frame, the code it must get, and whether it carries an id back. */
const CASES: Array<{ name: string; frame: unknown; code: string; id?: string }> = [
  { name: 'malformed JSON', frame: '{"type": "signal", ', code: 'invalid_message' },
  { name: 'a JSON array', frame: '[1,2]', code: 'invalid_message' },
  { name: 'a frame without type', frame: { id: 'x1', event: 'chat' }, code: 'invalid_message', id: 'x1' },
  { name: 'an unknown frame type', frame: { type: 'shout', id: 'x2' }, code: 'invalid_message', id: 'x2' },
  { name: 'a signal without id', frame: { type: 'signal', event: 'chat', data: 'x' }, code: 'invalid_message' },
  { name: 'a status that is not an object', frame: { type: 'status', status: 'away' }, code: 'invalid_message' },
  { name: 'a type with a space', frame: { type: 'signal', id: 'x3', event: 'my chat', data: 'x' }, code: 'invalid_type', id: 'x3' },
  { name: 'a type of 129 bytes', frame: { type: 'signal', id: 'x4', event: 'a'.repeat(129), data: 'x' }, code: 'invalid_type', id: 'x4' },
  { name: 'an empty type', frame: { type: 'signal', id: 'x5', event: '', data: 'x' }, code: 'invalid_type', id: 'x5' },
  { name: 'a type with unicode', frame: { type: 'signal', id: 'x6', event: 'chät', data: 'x' }, code: 'invalid_type', id: 'x6' },
  { name: 'data over 8 KiB', frame: { type: 'signal', id: 'x7', event: 'chat', data: 'x'.repeat(MAX_DATA_BYTES + 1) }, code: 'data_too_large', id: 'x7' },
  { name: 'object data over 8 KiB', frame: { type: 'signal', id: 'x8', data: { big: 'é'.repeat(MAX_DATA_BYTES / 2) } }, code: 'data_too_large', id: 'x8' },
  { name: 'a status over 1 KiB', frame: { type: 'status', status: { name: 'n'.repeat(MAX_STATUS_BYTES) } }, code: 'data_too_large' },
  { name: 'an unknown peer in to', frame: { type: 'to', id: 'x9', peer: 'nobody', event: 'x', data: 1 }, code: 'unknown_peer', id: 'x9' },
  { name: 'data nested 5,000 levels deep', frame: `{"type":"signal","id":"x10","data":${'['.repeat(5000)}${']'.repeat(5000)}}`, code: 'invalid_message' },
  { name: 'a second join', frame: { type: 'join', status: {} }, code: 'not_joined' },
];

describe('bad input costs nothing but an error frame', () => {
  let relay: TestRelay;
  before(async () => {
    relay = await startRelay();
  });
  after(() => relay.close());

  for (const bad of CASES) {
    it(`answers ${bad.name} with ${bad.code}, keeps the connection working, and the others see nothing`, async () => {
      const url = relay.ws(`bad-${CASES.indexOf(bad)}`);
      const ann = await Peer.join(url, { name: 'Ann' });
      const bob = await Peer.join(url, { name: 'Bob' });
      await ann.next('peer_joined');
      ann.send(bad.frame);
      const error = await ann.next('error');
      assert.equal(error['code'], bad.code);
      assert.equal(typeof error['message'], 'string');
      assert.ok((error['message'] as string).length > 0);
      assert.equal(error['id'], bad.id);
      // Still open and working: a good signal goes through.
      ann.send({ type: 'signal', id: 'after', event: 'chat', data: 'still here' });
      assert.equal((await ann.next('ack'))['id'], 'after');
      const from = await bob.next('from');
      assert.equal(from['data'], 'still here');
      await bob.sync();
      assert.deepEqual(bob.unread(), [], 'the other peer saw nothing of the bad frame');
      assert.equal(ann.closeCode, undefined);
    });
  }

  it('answers frames before join with not_joined and then lets the peer join', async () => {
    const peer = await Peer.open(relay.ws('bad-early'));
    for (const frame of [{ type: 'signal', id: 'e1', event: 'chat', data: 'x' }, { type: 'status', status: {} }, { type: 'leave' }]) {
      peer.send(frame);
      const error = await peer.next('error');
      assert.equal(error['code'], 'not_joined');
    }
    peer.send({ type: 'join' });
    assert.equal((await peer.next('joined'))['type'], 'joined');
  });

  it('refuses binary frames with invalid_message', async () => {
    const peer = await Peer.join(relay.ws('bad-binary'));
    peer.socket.send(Buffer.from([1, 2, 3]));
    assert.equal((await peer.next('error'))['code'], 'invalid_message');
    await peer.sync();
  });

  it('closes only the socket that sends a frame over the transport cap, with 1009', async () => {
    const url = relay.ws('bad-huge');
    const ann = await Peer.join(url);
    const bob = await Peer.join(url);
    ann.send({ type: 'signal', id: 'big', data: 'x'.repeat(MAX_FRAME_BYTES + 10) });
    assert.equal(await ann.closed, 1009);
    bob.send({ type: 'signal', id: 'fine', event: 'chat', data: 'ok' });
    assert.equal((await bob.next('ack'))['id'], 'fine');
  });

  it('refuses an invalid room name at the handshake with HTTP 400 and a body that says why', async () => {
    const refused = await handshakeRefusal(relay.ws('bad%20room!'));
    assert.equal(refused.status, 400);
    assert.deepEqual(JSON.parse(refused.body), { code: 'invalid_room', message: ROOM_RULE });
    assert.equal((await handshakeRefusal(relay.ws('r'.repeat(65)))).status, 400);
    assert.equal((await handshakeRefusal(relay.ws('%E0%A4%A'))).status, 400, 'a room that is not valid percent-encoding');
    assert.equal((await handshakeRefusal(relay.ws('r'.repeat(64)))).status, 101, 'the longest valid name is accepted');
  });
});
