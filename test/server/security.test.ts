import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { createToken, verifyToken } from '../../src/server/index.js';
import { getJson, Peer, postJson, sendBulk, startRelay, stillConnectedAfterWaiting, stopReading, type TestRelay } from './harness.js';
import { until } from '../support/wait.js';

const SECRET = 'test-secret-1234';
const token = (room: string, name: string, role?: 'subscriber' | 'publisher' | 'moderator', ttlSeconds?: number) =>
  createToken({ secret: SECRET, room, name, role, ttlSeconds });

async function joinWith(url: string, frame: Record<string, unknown> = {}): Promise<Peer> {
  const peer = await Peer.open(url);
  peer.send({ type: 'join', status: {}, ...frame });
  return peer;
}

describe('tokens', () => {
  let relay: TestRelay;
  before(async () => {
    relay = await startRelay({ secret: SECRET });
  });
  after(() => relay.close());

  it('refuses a join without a token with unauthorized and close code 4401', async () => {
    const peer = await joinWith(relay.ws('t-none'));
    assert.equal((await peer.next('error'))['code'], 'unauthorized');
    assert.equal(await peer.closed, 4401);
  });

  it('refuses a forged, an expired and a malformed token', async () => {
    const forged = createToken({ secret: 'other-secret', room: 't-bad', name: 'Eve' });
    const expired = createToken({ secret: SECRET, room: 't-bad', name: 'Old', now: Date.now() - 3_600_000, ttlSeconds: 60 });
    for (const bad of [forged, expired, 'not.a.token', 'x']) {
      const peer = await joinWith(`${relay.ws('t-bad')}?token=${encodeURIComponent(bad)}`);
      const error = await peer.next('error');
      assert.equal(error['code'], 'unauthorized', bad);
      assert.equal(await peer.closed, 4401);
    }
  });

  it('refuses a token for another room with forbidden and 4403', async () => {
    const peer = await joinWith(`${relay.ws('t-room')}?token=${token('elsewhere', 'Ann')}`);
    assert.equal((await peer.next('error'))['code'], 'forbidden');
    assert.equal(await peer.closed, 4403);
  });

  it('delivers nothing of a refused peer to the room', async () => {
    const ann = await joinWith(`${relay.ws('t-quiet')}?token=${token('t-quiet', 'Ann')}`);
    await ann.next('joined');
    const eve = await joinWith(relay.ws('t-quiet'));
    eve.send({ type: 'signal', id: 'e', event: 'chat', data: 'let me in' });
    await eve.closed;
    await ann.sync();
    assert.deepEqual(ann.unread(), []);
  });

  it('takes the token from the URL or the join frame, and the name in it is the name others see', async () => {
    const url = relay.ws('t-name');
    const ann = await joinWith(`${url}?token=${token('t-name', 'Ann')}`, { status: { name: 'Queen' } });
    const joined = await ann.next('joined');
    assert.equal(joined['role'], 'publisher');
    const bob = await joinWith(url, { token: token('t-name', 'Bob'), status: { name: 'Ann' } });
    const bobJoined = await bob.next('joined');
    assert.deepEqual(bobJoined['peers'], { [String(joined['id'])]: { name: 'Ann' } });
    const seen = await ann.next('peer_joined');
    assert.deepEqual(seen['status'], { name: 'Bob' }, 'Bob cannot call himself Ann');
    bob.send({ type: 'status', status: { name: 'Ann', mood: 'sly' } });
    const status = await ann.next('peer_status');
    assert.deepEqual(status['status'], { name: 'Bob', mood: 'sly' });
  });

  it('lets a subscriber read but not send', async () => {
    const url = relay.ws('t-sub');
    const pub = await joinWith(`${url}?token=${token('t-sub', 'Pub')}`);
    await pub.next('joined');
    const sub = await joinWith(`${url}?token=${token('t-sub', 'Sub', 'subscriber')}`);
    assert.equal((await sub.next('joined'))['role'], 'subscriber');
    sub.send({ type: 'signal', id: 's1', event: 'chat', data: 'hi' });
    const error = await sub.next('error');
    assert.deepEqual([error['code'], error['id']], ['forbidden', 's1']);
    pub.send({ type: 'signal', id: 'p1', event: 'chat', data: 'to all' });
    assert.equal((await sub.next('from'))['data'], 'to all');
    await pub.sync();
    assert.deepEqual(pub.unread().filter((f) => f.type === 'from'), []);
  });

  it('lets a moderator remove a peer over the socket, and nobody else', async () => {
    const url = relay.ws('t-kick');
    const mod = await joinWith(`${url}?token=${token('t-kick', 'Mod', 'moderator')}`);
    await mod.next('joined');
    const bob = await joinWith(`${url}?token=${token('t-kick', 'Bob')}`);
    const bobId = String((await bob.next('joined'))['id']);
    const cid = await joinWith(`${url}?token=${token('t-kick', 'Cid')}`);
    await cid.next('joined');
    cid.send({ type: 'kick', id: 'k0', peer: bobId });
    assert.deepEqual([(await cid.next('error'))['code']], ['forbidden']);
    mod.send({ type: 'kick', id: 'k1', peer: bobId });
    assert.equal(await bob.closed, 4403);
    const left = await cid.next('peer_left');
    assert.deepEqual([left['peer'], left['reason']], [bobId, 'kicked']);
    mod.send({ type: 'kick', id: 'k2', peer: 'ghost' });
    assert.equal((await mod.next('error'))['code'], 'unknown_peer');
  });

  it('verifies tokens from createToken and from the CLI format alike', () => {
    const minted = token('r', 'Ann', 'moderator', 60);
    const verified = verifyToken(minted, SECRET, 'r');
    assert.equal(verified.ok, true);
    if (verified.ok) assert.deepEqual([verified.claims.name, verified.claims.role], ['Ann', 'moderator']);
    const [header] = minted.split('.');
    assert.deepEqual(JSON.parse(Buffer.from(header ?? '', 'base64url').toString()), { alg: 'HS256', typ: 'JWT' });
  });
});

describe('no spoofing', () => {
  it('sets from.peer itself: a frame naming another sender or status owner changes nothing', async () => {
    const relay = await startRelay();
    try {
      const url = relay.ws('spoof');
      const ann = await Peer.join(url, { name: 'Ann' });
      const bob = await Peer.join(url, { name: 'Bob' });
      const cid = await Peer.join(url, { name: 'Cid' });
      bob.send({ type: 'signal', id: 's', event: 'chat', data: 'I am Ann', peer: ann.id, from: ann.id });
      bob.send({ type: 'to', peer: cid.id, event: 'chat', data: 'also Ann', from: ann.id });
      bob.send({ type: 'status', status: { name: 'Bob' }, peer: ann.id });
      const seen = [await cid.next('from'), await cid.next('from')];
      assert.deepEqual(seen.map((f) => f['peer']), [bob.id, bob.id]);
      const status = await cid.next('peer_status');
      assert.equal(status['peer'], bob.id, 'a status frame changes only its sender');
      const room = await getJson(`${relay.http}/api/rooms/spoof`);
      const annNow = (room.body['participants'] as Array<{ id: string; status: { name: string } }>).find((p) => p.id === ann.id);
      assert.equal(annNow?.status.name, 'Ann');
    } finally {
      await relay.close();
    }
  });
});

describe('REST with a secret', () => {
  let relay: TestRelay;
  before(async () => {
    relay = await startRelay({ secret: SECRET });
  });
  after(() => relay.close());

  const basic = `Basic ${Buffer.from(`OPENVIDUAPP:${SECRET}`).toString('base64')}`;

  it('requires the secret, as OpenVidu Basic auth or a Bearer header', async () => {
    const peer = await joinWith(`${relay.ws('rest-auth')}?token=${token('rest-auth', 'Ann')}`);
    await peer.next('joined');
    const body = JSON.stringify({ session: 'rest-auth', data: 'x' });
    const none = await fetch(`${relay.http}/api/signal`, { method: 'POST', body });
    assert.equal(none.status, 401);
    const wrong = await fetch(`${relay.http}/api/signal`, { method: 'POST', body, headers: { authorization: 'Bearer nope' } });
    assert.equal(wrong.status, 401);
    await peer.sync();
    assert.deepEqual(peer.unread(), [], 'nothing delivered without the secret');
    for (const authorization of [basic, `Bearer ${SECRET}`]) {
      const ok = await fetch(`${relay.http}/api/signal`, { method: 'POST', body, headers: { authorization } });
      assert.equal(ok.status, 200);
      assert.equal((await peer.next('from'))['peer'], null);
    }
    assert.equal((await fetch(`${relay.http}/api/rooms/rest-auth`)).status, 401);
    assert.equal((await getJson(`${relay.http}/healthz`)).status, 200, 'health stays public');
  });

  it('force-disconnects a connection with DELETE /api/rooms/<room>/connections/<id>', async () => {
    const url = relay.ws('rest-kick');
    const ann = await joinWith(`${url}?token=${token('rest-kick', 'Ann')}`);
    await ann.next('joined');
    const bob = await joinWith(`${url}?token=${token('rest-kick', 'Bob')}`);
    const bobId = String((await bob.next('joined'))['id']);
    const path = `${relay.http}/api/rooms/rest-kick/connections/${bobId}`;
    assert.equal((await fetch(path, { method: 'DELETE' })).status, 401);
    assert.equal((await fetch(path, { method: 'DELETE', headers: { authorization: basic } })).status, 204);
    assert.equal(await bob.closed, 4403);
    assert.equal((await ann.next('peer_left'))['reason'], 'kicked');
    assert.equal((await fetch(path, { method: 'DELETE', headers: { authorization: basic } })).status, 404);
  });
});

describe('open mode', () => {
  it('needs no token and no REST secret', async () => {
    const relay = await startRelay();
    try {
      const peer = await Peer.join(relay.ws('open'));
      assert.equal((await postJson(`${relay.http}/api/signal`, { session: 'open', data: 'x' })).status, 200);
      assert.equal((await peer.next('from'))['data'], 'x');
    } finally {
      await relay.close();
    }
  });
});

describe('origins', () => {
  let relay: TestRelay;
  before(async () => {
    relay = await startRelay({ allowOrigins: ['https://good.example'] });
  });
  after(() => relay.close());

  it('lets an allowed page origin in and refuses others at the handshake with 403', async () => {
    const good = await Peer.open(relay.ws('o'), { origin: 'https://good.example' });
    good.send({ type: 'join' });
    await good.next('joined');
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(relay.ws('o'), { origin: 'https://evil.example' });
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('error', () => {});
    });
    assert.equal(status, 403);
  });
});

describe('abuse limits', () => {
  it('answers a flood with rate_limited, keeps the connection, and lets it send again later', async () => {
    const relay = await startRelay({ rateLimit: { perSecond: 20, burst: 40 } });
    try {
      const url = relay.ws('flood');
      const ann = await Peer.join(url);
      const bob = await Peer.join(url);
      const start = Date.now();
      for (let i = 0; i < 100; i++) ann.send({ type: 'signal', id: `f${i}`, event: 'chat', data: i });
      let acks = 0;
      let limited = 0;
      while (acks + limited < 100) {
        const frame = await ann.next(ann.unread()[0]?.type === 'error' ? 'error' : (ann.unread()[0]?.type ?? 'ack'));
        if (frame.type === 'ack') acks++;
        else if (frame['code'] === 'rate_limited') limited++;
      }
      // The refill is 20 a second of however long the relay took over the flood (longer on a loaded machine).
      const refill = Math.ceil((20 * (Date.now() - start)) / 1000);
      assert.ok(acks >= 40 && acks <= 40 + refill, `burst of 40 plus a refill of at most ${refill}, got ${acks}`);
      assert.equal(limited, 100 - acks);
      const delivered = () => bob.unread().filter((f) => f.type === 'from').length;
      await until(() => delivered() >= acks, () => `Bob got the ${acks} accepted ones (has ${delivered()})`);
      await bob.sync();
      assert.equal(delivered(), acks, 'only the accepted ones were delivered');
      await new Promise((resolve) => setTimeout(resolve, 200));
      ann.send({ type: 'signal', id: 'later', event: 'chat', data: 'ok' });
      assert.equal((await ann.next('ack'))['id'], 'later');
    } finally {
      await relay.close();
    }
  });

  it('bounds what a flood puts ahead of another client: at most the burst, not the flood', async () => {
    const relay = await startRelay({ rateLimit: { perSecond: 20, burst: 40 } });
    try {
      const url = relay.ws('flood-fair');
      const flooder = await Peer.join(url);
      const bob = await Peer.join(url);
      const carol = await Peer.join(url);
      const start = Date.now();
      for (let i = 0; i < 1000; i++) flooder.send({ type: 'signal', id: `f${i}`, event: 'chat', data: `flood ${i}` });
      bob.send({ type: 'signal', id: 'b', event: 'chat', data: 'from bob' });
      let ahead = 0;
      for (let frame = await carol.next('from'); frame['data'] !== 'from bob'; frame = await carol.next('from')) ahead++;
      // The bound: the burst of 40 plus what refills (20 a second) while the relay reads the
      // flood, for as long as that really took (a loaded machine reads it slowly).
      const refill = Math.ceil((20 * (Date.now() - start)) / 1000);
      assert.ok(ahead <= 40 + refill, `${ahead} flood signals reached carol before bob's (burst 40, refill at most ${refill})`);
    } finally {
      await relay.close();
    }
  });

  it('refuses a peer beyond the room limit with room_full and 4503', async () => {
    const relay = await startRelay({ maxPeersPerRoom: 2 });
    try {
      await Peer.join(relay.ws('full'));
      await Peer.join(relay.ws('full'));
      const third = await joinWith(relay.ws('full'));
      assert.equal((await third.next('error'))['code'], 'room_full');
      assert.equal(await third.closed, 4503);
      await Peer.join(relay.ws('not-full'));
    } finally {
      await relay.close();
    }
  });

  it('refuses rooms and connections beyond the process limits', async () => {
    const relay = await startRelay({ maxRooms: 1, maxConnections: 2 });
    try {
      await Peer.join(relay.ws('only-room'));
      const second = await joinWith(relay.ws('second-room'));
      assert.equal((await second.next('error'))['code'], 'server_full');
      await second.closed;
      await Peer.join(relay.ws('only-room'));
      const status = await new Promise<number>((resolve) => {
        const socket = new WebSocket(relay.ws('only-room'));
        socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.on('error', () => {});
      });
      assert.equal(status, 503);
    } finally {
      await relay.close();
    }
  });

  it('does not take a joiner for a slow consumer because its history is larger than the limit', async () => {
    const limit = 64 * 1024;
    const relay = await startRelay({ rateLimit: false, maxBufferedBytes: limit, historySize: 1000 });
    try {
      const url = relay.ws('burst');
      const sender = await Peer.join(url);
      await sendBulk(sender, 1000, 'h');
      // 8 MB of history, 125 times the limit, more than the kernel takes at once.
      const joiner = await Peer.join(url, {}, { history: true });
      for (let i = 0; i < 1000; i++) assert.equal((await joiner.next('from', 5000))['history'], true);
      sender.send({ type: 'signal', id: 'live', event: 'chat', data: 'after the history' });
      assert.equal((await joiner.next('from', 5000))['data'], 'after the history');
      await joiner.sync();
      assert.equal(joiner.socket.readyState, WebSocket.OPEN, 'the joiner is still connected');
    } finally {
      await relay.close();
    }
  });

  it('still drops a joiner that stops reading after its history, once it falls a limit behind beyond it', async () => {
    const relay = await startRelay({ rateLimit: false, maxBufferedBytes: 64 * 1024, historySize: 1000 });
    try {
      const url = relay.ws('burst-stop');
      const sender = await Peer.join(url);
      await sendBulk(sender, 1000, 'h');
      const joiner = await Peer.join(url, {}, { history: true });
      stopReading(joiner);
      await sendBulk(sender, 2000, 's');
      assert.equal(await stillConnectedAfterWaiting(relay, 'burst-stop', joiner.id), false, 'the joiner that stopped reading was cut off');
    } finally {
      await relay.close();
    }
  });

  it('drops a slow consumer whose unsent buffer passes the limit, and the others carry on', async () => {
    const relay = await startRelay({ rateLimit: false, maxBufferedBytes: 256 * 1024 });
    try {
      const url = relay.ws('slow');
      const fast = await Peer.join(url);
      const slow = await Peer.join(url);
      stopReading(slow);
      await sendBulk(fast, 2000, 's');
      assert.equal(await stillConnectedAfterWaiting(relay, 'slow', slow.id), false, 'the slow consumer was cut off');
      const third = await Peer.join(url);
      fast.send({ type: 'signal', id: 'after', event: 'chat', data: 'still fine' });
      let live = await third.next('from');
      while (live['history']) live = await third.next('from');
      assert.equal(live['data'], 'still fine');
    } finally {
      await relay.close();
    }
  });
});
