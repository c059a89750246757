import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { RelayServerOptions } from '../../src/server/index.js';
import { Peer, startRelay, type TestRelay } from './harness.js';

/** Runs `test` against a relay of its own, started with `options`, and closes that relay after. */
async function onOwnRelay(options: RelayServerOptions, test: (relay: TestRelay) => Promise<void>): Promise<void> {
  const own = await startRelay(options);
  try {
    await test(own);
  } finally {
    await own.close();
  }
}

describe('presence', () => {
  let relay: TestRelay;
  before(async () => {
    // The default heartbeat (10 s): with a short one, a loaded machine that leaves this process
    // (peers and relay alike) unscheduled for a beat gets peers dropped that did nothing wrong.
    relay = await startRelay({ graceMs: 300 });
  });
  after(() => relay.close());

  it('lists the peers already in the room with their status in joined', async () => {
    const url = relay.ws('pres-list');
    const ann = await Peer.join(url, { name: 'Ann' });
    const bob = await Peer.join(url, { name: 'Bob' });
    const cid = await Peer.open(url);
    cid.send({ type: 'join', status: { name: 'Cid' } });
    const joined = await cid.next('joined');
    assert.deepEqual(joined['peers'], { [ann.id]: { name: 'Ann' }, [bob.id]: { name: 'Bob' } });
    assert.equal(typeof joined['resume'], 'string');
    assert.equal(joined['resumed'], false);
  });

  it('sends a joined frame larger than 64 KiB intact (long WebSocket length form)', async () => {
    const url = relay.ws('pres-big');
    const bio = 'b'.repeat(900);
    for (let i = 0; i < 80; i++) await Peer.join(url, { name: `p${i}`, bio });
    const late = await Peer.open(url);
    late.send({ type: 'join' });
    const joined = await late.next('joined');
    const peers = Object.values(joined['peers'] as Record<string, { bio: string }>);
    assert.equal(peers.length, 80);
    assert.ok(JSON.stringify(joined).length > 65_536);
    assert.ok(peers.every((p) => p.bio === bio));
  });

  it('gives every peer a distinct unguessable id', async () => {
    const url = relay.ws('pres-ids');
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) ids.add((await Peer.join(url)).id);
    assert.equal(ids.size, 20);
    for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{16}$/, '96 random bits, base64url');
  });

  it('tells the others of joins, status changes and leaves, but not the peer itself', async () => {
    const url = relay.ws('pres-events');
    const ann = await Peer.join(url, { name: 'Ann' });
    const bob = await Peer.join(url, { name: 'Bob' });
    const joined = await ann.next('peer_joined');
    assert.deepEqual(joined, { type: 'peer_joined', peer: bob.id, status: { name: 'Bob' }, role: 'publisher' });
    bob.send({ type: 'status', status: { name: 'Bobby' } });
    const status = await ann.next('peer_status');
    assert.deepEqual(status, { type: 'peer_status', peer: bob.id, status: { name: 'Bobby' } });
    await bob.sync();
    assert.deepEqual(bob.unread(), [], 'no echo of its own join or status');
    bob.send({ type: 'leave' });
    const left = await ann.next('peer_left');
    assert.equal(left['peer'], bob.id);
    assert.equal(left['reason'], 'leave');
    assert.equal(await bob.closed, 1000);
  });

  it('removes a peer at once when its socket closes cleanly', async () => {
    // A grace period of a minute: a peer_left now cannot be the grace period running out.
    await onOwnRelay({ graceMs: 60_000 }, async (patient) => {
      const url = patient.ws('pres-clean');
      const ann = await Peer.join(url);
      const bob = await Peer.join(url);
      await bob.close(1000);
      const left = await ann.next('peer_left');
      assert.equal(left['peer'], bob.id);
      assert.equal(left['reason'], 'disconnect');
    });
  });

  it('keeps a dropped peer for the grace period, then tells the others it left', async () => {
    const url = relay.ws('pres-grace');
    const ann = await Peer.join(url);
    const bob = await Peer.join(url);
    const droppedAt = Date.now();
    assert.equal(relay.server.dropPeer('pres-grace', bob.id), true);
    const left = await ann.next('peer_left');
    assert.equal(left['peer'], bob.id);
    assert.equal(left['reason'], 'network');
    assert.ok(Date.now() - droppedAt >= 250, 'not before the grace period');
  });

  it('drops a peer that stops answering heartbeats', async () => {
    await onOwnRelay({ graceMs: 300, heartbeatMs: 200 }, async (quick) => {
      const url = quick.ws('pres-heartbeat');
      const ann = await Peer.join(url);
      const bob = await Peer.join(url);
      // Ann stays heard however this loaded process is scheduled: she also pongs unasked
      // (RFC 6455 allows it), so a ping she reads late never costs her the connection.
      const heardAnn = setInterval(() => ann.socket.pong(), 50);
      try {
        // Stop answering pings: ws answers them automatically, so replace the
        // socket's pong with nothing.
        const internal = bob.socket as unknown as { pong: () => void };
        internal.pong = () => {};
        const code = await bob.closed;
        assert.equal(code, 1006, 'terminated without a close frame');
        const left = await ann.next('peer_left');
        assert.equal(left['peer'], bob.id);
      } finally {
        clearInterval(heardAnn);
      }
    });
  });

  it('keeps its peers through a pause of its own longer than a heartbeat', async () => {
    await onOwnRelay({ graceMs: 300, heartbeatMs: 500 }, async (quick) => {
      const url = quick.ws('pres-paused');
      const ann = await Peer.join(url);
      const bob = await Peer.join(url);
      // Once both have answered a ping, this process (the relay and both peers) stops for
      // three heartbeats: their pongs wait unread while the next beat comes due (a starved
      // machine, a paused VM). The relay reads them before it judges, so nobody is dropped.
      let pinged = 0;
      await new Promise<void>((resolve) => {
        for (const peer of [ann, bob]) {
          peer.socket.once('ping', () => {
            if (++pinged < 2) return;
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
            resolve();
          });
        }
      });
      await Promise.all([ann.sync(), bob.sync()]);
      assert.deepEqual([ann.closeCode, bob.closeCode], [undefined, undefined], 'both still connected');
      assert.deepEqual(ann.unread().filter((f) => f.type === 'peer_left'), [], 'nobody was told Bob left');
    });
  });

  it('answers ping with pong, before and after join', async () => {
    const peer = await Peer.open(relay.ws('pres-ping'));
    peer.send({ type: 'ping', id: 7 });
    assert.deepEqual(await peer.next('pong'), { type: 'pong', id: 7 });
    peer.send({ type: 'join' });
    await peer.next('joined');
    peer.send({ type: 'ping' });
    assert.deepEqual(await peer.next('pong'), { type: 'pong' });
  });
});

describe('resume after a dropped socket', () => {
  let relay: TestRelay;
  before(async () => {
    relay = await startRelay({ graceMs: 5000 });
  });
  after(() => relay.close());

  it('resumes with the same id, replays what was missed in order, and the others see no leave or join', async () => {
    const url = relay.ws('resume');
    const ann = await Peer.join(url, { name: 'Ann' });
    const bob = await Peer.open(url);
    bob.send({ type: 'join', status: { name: 'Bob' } });
    const joined = await bob.next('joined');
    const bobId = String(joined['id']);
    await ann.next('peer_joined');
    ann.send({ type: 'signal', id: 'before', event: 'chat', data: 'seen' });
    const seen = await bob.next('from');
    relay.server.dropPeer('resume', bobId);
    await bob.closed;
    ann.send({ type: 'signal', id: 'm1', event: 'chat', data: 'missed 1' });
    ann.send({ type: 'signal', id: 'm2', to: [bobId], event: 'dm', data: 'missed 2' });
    ann.send({ type: 'signal', id: 'm3', event: 'chat', data: 'missed 3' });
    await ann.next('ack');
    await ann.next('ack');
    await ann.next('ack');

    const again = await Peer.open(url);
    again.send({ type: 'join', status: { name: 'Bob' }, resume: { id: bobId, key: joined['resume'], seq: seen['seq'] } });
    const rejoined = await again.next('joined');
    assert.equal(rejoined['id'], bobId);
    assert.equal(rejoined['resumed'], true);
    const replayed = [await again.next('from'), await again.next('from'), await again.next('from')];
    assert.deepEqual(replayed.map((f) => f['data']), ['missed 1', 'missed 2', 'missed 3']);
    assert.deepEqual(replayed.map((f) => f['seq']), [2, 3, 4]);
    assert.deepEqual(replayed.map((f) => f['name']), ['Ann', 'Ann', 'Ann'], 'each names its sender');
    await again.sync();
    assert.deepEqual(again.unread(), [], 'nothing twice');
    await ann.sync();
    assert.deepEqual(ann.unread().filter((f) => f.type === 'peer_left' || f.type === 'peer_joined'), []);
  });

  it('refuses to resume with a wrong key and joins afresh instead', async () => {
    const url = relay.ws('resume-key');
    const bob = await Peer.open(url);
    bob.send({ type: 'join' });
    const joined = await bob.next('joined');
    relay.server.dropPeer('resume-key', String(joined['id']));
    await bob.closed;
    const thief = await Peer.open(url);
    thief.send({ type: 'join', resume: { id: joined['id'], key: 'guessed', seq: 0 } });
    const answer = await thief.next('joined');
    assert.notEqual(answer['id'], joined['id']);
    assert.equal(answer['resumed'], false);
  });

  it('replaces a stale socket that still speaks for the peer', async () => {
    const url = relay.ws('resume-replace');
    const bob = await Peer.open(url);
    bob.send({ type: 'join' });
    const joined = await bob.next('joined');
    const again = await Peer.open(url);
    again.send({ type: 'join', resume: { id: joined['id'], key: joined['resume'], seq: 0 } });
    assert.equal((await again.next('joined'))['resumed'], true);
    assert.equal(await bob.closed, 4409);
  });
});
