/**
 * OpenVidu's REST sessions on relays that share one Redis: an app server's
 * openvidu-node-client talks to one relay, its users join through others,
 * and every REST call sees and reaches them all.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { OpenVidu, OpenViduRole } from 'openvidu-node-client';
import { Peer } from './harness.js';
import { RpcPeer, openViduSocketUrl } from './openvidu-harness.js';
import { startRedis, type TestRedis } from './redis-harness.js';
import { startRelayProcess, type RelayProcess } from './relay-process.js';
import { roomName } from '../support/rooms.js';
import { tokenExpired } from '../support/openvidu.js';

const SECRET = 'MY_SECRET';

/** Our own dialect's socket URL with a token, on relay `relay`. */
function nativeUrl(relay: RelayProcess, room: string, token: string): string {
  return `${relay.ws(room)}?token=${encodeURIComponent(token)}`;
}

/** An app server's openvidu-node-client, pointed at `relay`. */
function appClient(relay: RelayProcess): OpenVidu {
  const ov = new OpenVidu(relay.http, SECRET);
  ov.enableProdMode();
  return ov;
}

/**
 * `count` relay processes on one Redis for the describe() this is called in, started
 * before its tests with `args` on top of `--redis` and `--secret`, stopped after them;
 * `ov` is the app server's client, pointed at the first relay (A) only.
 */
function relaysOnRedis(count: number, args: string[] = []): { relay(n: number): RelayProcess; readonly ov: OpenVidu } {
  let redis: TestRedis | undefined;
  let relays: RelayProcess[] = [];
  let ov: OpenVidu | undefined;
  before(async () => {
    redis = await startRedis();
    const url = redis.url;
    relays = await Promise.all(Array.from({ length: count }, () => startRelayProcess(['--redis', url, '--secret', SECRET, ...args])));
    ov = appClient(relays[0] as RelayProcess);
  });
  after(async () => {
    await Promise.all(relays.map((relay) => relay.kill('SIGTERM')));
    await redis?.close();
  });
  return {
    relay: (n) => relays[n] as RelayProcess,
    get ov() {
      return ov as OpenVidu;
    },
  };
}

describe('OpenVidu REST sessions shared by three relays on one Redis', () => {
  const stage = relaysOnRedis(3);
  const { relay } = stage;

  it('creates a session on relay A whose token joins on relay B, and A then shows that connection active', async () => {
    const session = await stage.ov.createSession({ customSessionId: roomName('ov-shared') });
    const connection = await session.createConnection({ data: 'seat 1' });
    assert.equal(connection.status, 'pending');
    const ann = await RpcPeer.join(relay(1), session.sessionId, '{"clientData":"Ann"}', connection.token);
    assert.equal(ann.id, connection.connectionId);
    assert.equal(ann.joinResult['metadata'], '{"clientData":"Ann"}%/%seat 1');
    assert.equal(await session.fetch(), true, 'the session changed');
    const shown = session.connections.find((candidate) => candidate.connectionId === connection.connectionId);
    assert.deepEqual([shown?.status, shown?.clientData, shown?.serverData], ['active', '{"clientData":"Ann"}', 'seat 1']);
    // Relay C lists it too, through the same Redis.
    const third = appClient(relay(2));
    await third.fetch();
    assert.ok(third.activeSessions.some((candidate) => candidate.sessionId === session.sessionId));
    await ann.close();
  });

  it('refuses on relay C a token already taken on relay B', async () => {
    const session = await stage.ov.createSession({ customSessionId: roomName('ov-once') });
    const connection = await session.createConnection();
    const ann = await RpcPeer.join(relay(1), session.sessionId, 'Ann', connection.token);
    const twin = await RpcPeer.open(openViduSocketUrl(relay(2), session.sessionId));
    assert.equal((await twin.callError('joinRoom', { token: connection.token, session: session.sessionId, metadata: '' })).code, 401);
    await Promise.all([ann.close(), twin.close()]);
  });

  it('force-disconnects from relay A a peer on relay B: evicted, and the others hear it was kicked', async () => {
    const session = await stage.ov.createSession({ customSessionId: roomName('ov-kick') });
    const forAnn = await session.createConnection();
    const forBob = await session.createConnection();
    const ann = await RpcPeer.join(relay(1), session.sessionId, 'Ann', forAnn.token);
    const bob = await Peer.join(nativeUrl(relay(2), session.sessionId, forBob.token), { name: 'Bob' });
    await session.fetch();
    await session.forceDisconnect(ann.id);
    assert.deepEqual(await ann.next('participantEvicted'), { connectionId: ann.id, reason: 'forceDisconnectByServer' });
    assert.deepEqual(await bob.next('peer_left'), { type: 'peer_left', peer: ann.id, reason: 'kicked' });
    await session.forceDisconnect(forBob.connectionId);
    assert.equal(await bob.closed, 4403);
    await session.fetch();
    assert.deepEqual(session.connections, [], 'both connections are gone');
  });

  it('changes a role from relay A: the peer on relay B may signal from then on, and everyone hears peer_role', async () => {
    const session = await stage.ov.createSession({ customSessionId: roomName('ov-role') });
    const ann = await RpcPeer.join(relay(1), session.sessionId, 'Ann', (await session.createConnection({ role: OpenViduRole.SUBSCRIBER })).token);
    // Cat shares Ann's relay: once Cat hears of the change, so has the relay that checks what Ann may do.
    const cat = await Peer.join(nativeUrl(relay(1), session.sessionId, (await session.createConnection()).token), { name: 'Cat' });
    const bob = await Peer.join(nativeUrl(relay(2), session.sessionId, (await session.createConnection()).token), { name: 'Bob' });
    assert.equal((await ann.callError('sendMessage', { message: JSON.stringify({ to: [], data: 'early', type: 'signal:chat' }) })).code, 401);
    const updated = await session.updateConnection(ann.id, { role: OpenViduRole.PUBLISHER });
    assert.equal(updated?.connectionProperties.role, OpenViduRole.PUBLISHER);
    for (const peer of [bob, cat]) assert.deepEqual(await peer.next('peer_role'), { type: 'peer_role', peer: ann.id, role: 'publisher' });
    await ann.signal('chat', 'now I may');
    assert.equal((await bob.next('from'))['data'], 'now I may');
    await session.fetch();
    assert.equal(session.connections.find((c) => c.connectionId === ann.id)?.role, OpenViduRole.PUBLISHER);
    // Relay C lists the room to a newcomer from what its channel told it: the new role is in it.
    const dan = await Peer.join(nativeUrl(relay(2), session.sessionId, (await session.createConnection()).token), { name: 'Dan' });
    assert.equal((dan.frames.find((f) => f.type === 'joined')?.['roles'] as Record<string, string>)[ann.id], 'publisher');
    await Promise.all([ann.close(), bob.close(), cat.close(), dan.close()]);
  });

  it('joins with the role a pending connection was given later on another relay', async () => {
    const session = await stage.ov.createSession({ customSessionId: roomName('ov-pending-role') });
    const connection = await session.createConnection({ role: OpenViduRole.SUBSCRIBER });
    const onB = appClient(relay(1));
    const sameSession = await onB.createSession({ customSessionId: session.sessionId });
    assert.equal(sameSession.createdAt, session.createdAt, 'relay B answers 409 and the client fetches the one session');
    await sameSession.updateConnection(connection.connectionId, { role: OpenViduRole.MODERATOR });
    const ann = await RpcPeer.join(relay(2), session.sessionId, 'Ann', connection.token);
    assert.equal(ann.joinResult['role'], 'MODERATOR');
    await ann.close();
  });

  it('closes a session from relay A for everyone on B and C: OpenVidu clients with sessionClosedByServer, ours with session_closed', async () => {
    const session = await stage.ov.createSession({ customSessionId: roomName('ov-close') });
    const forAnn = await session.createConnection();
    const forBob = await session.createConnection();
    const unused = await session.createConnection();
    const ann = await RpcPeer.join(relay(1), session.sessionId, 'Ann', forAnn.token);
    const bob = await Peer.join(nativeUrl(relay(2), session.sessionId, forBob.token), { name: 'Bob' });
    await session.close();
    assert.deepEqual(await ann.next('participantEvicted'), { connectionId: ann.id, reason: 'sessionClosedByServer' });
    assert.equal(await bob.closed, 4410);
    assert.equal(bob.closeReason, 'the session was closed');
    await stage.ov.fetch();
    assert.ok(!stage.ov.activeSessions.some((candidate) => candidate.sessionId === session.sessionId));
    const late = await RpcPeer.open(openViduSocketUrl(relay(2), session.sessionId));
    assert.equal((await late.callError('joinRoom', { token: unused.token, session: session.sessionId, metadata: '' })).code, 401, 'its tokens died with it');
    await late.close();
  });
});

describe('OpenVidu REST sessions on two relays of one Redis: their lifetimes are the ones set on the command line', () => {
  const stage = relaysOnRedis(2, ['--empty-room-ttl', '1000', '--token-ttl', '6']);
  const { relay } = stage;
  const sessionStatus = async (n: number, id: string): Promise<number> =>
    (await fetch(`${relay(n).http}/openvidu/api/sessions/${id}`, { headers: { authorization: `Basic ${Buffer.from(`OPENVIDUAPP:${SECRET}`).toString('base64')}` } })).status;

  it('keeps a session whose last peer left only as long as --empty-room-ttl says, then neither relay has it', async () => {
    const session = await stage.ov.createSession({ customSessionId: roomName('ov-empty') });
    const bob = await Peer.join(nativeUrl(relay(1), session.sessionId, (await session.createConnection()).token), { name: 'Bob' });
    await bob.close();
    assert.equal(await sessionStatus(0, session.sessionId), 200, 'an empty session is kept a while, as an empty room is');
    let status = 200;
    for (let tries = 0; status === 200 && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = await sessionStatus(1, session.sessionId);
    }
    assert.equal(status, 404, 'gone once --empty-room-ttl (1 s) passed, not after the 30 s grace period as well');
    assert.equal(await sessionStatus(0, session.sessionId), 404);
  });

  it('lets a token minted on relay A join on relay B while --token-ttl lasts, and refuses it after on any relay', async () => {
    const session = await stage.ov.createSession({ customSessionId: roomName('ov-ttl') });
    const used = await session.createConnection();
    const unused = await session.createConnection();
    // A token lasts 5 to 6 s (its exp is whole seconds): time enough for Ann's join on a loaded
    // machine. Then wait until the unused one's exp has passed.
    const ann = await RpcPeer.join(relay(1), session.sessionId, 'Ann', used.token);
    await tokenExpired(unused.token);
    const late = await RpcPeer.open(openViduSocketUrl(relay(1), session.sessionId));
    const refused = await late.callError('joinRoom', { token: unused.token, session: session.sessionId, metadata: '' });
    assert.deepEqual([refused.code, refused.message], [401, 'the token has expired']);
    const bob = await Peer.open(nativeUrl(relay(0), session.sessionId, unused.token));
    bob.send({ type: 'join', status: { name: 'Bob' } });
    assert.deepEqual([(await bob.next('error'))['code'], await bob.closed], ['unauthorized', 4401]);
    await session.fetch();
    assert.deepEqual(session.connections.map((c) => [c.connectionId, c.status]), [[ann.id, 'active']], 'a peer that joined in time stays; the expired token is gone');
    await Promise.all([ann.close(), late.close()]);
  });
});
