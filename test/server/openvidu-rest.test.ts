/**
 * OpenVidu's REST API at /openvidu/api, driven by the real
 * openvidu-node-client 2.32.2 as an OpenVidu app server drives it; its tokens
 * join over both wire dialects.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { OpenVidu, OpenViduRole, type Connection } from 'openvidu-node-client';
import { createToken } from '../../src/server/index.js';
import { Peer, startRelay, type TestRelay } from './harness.js';
import { RpcPeer } from './openvidu-harness.js';
import { tokenExpired } from '../support/openvidu.js';

const SECRET = 'MY_SECRET';

function basic(secret: string): string {
  return `Basic ${Buffer.from(`OPENVIDUAPP:${secret}`).toString('base64')}`;
}

/** A raw call to the REST API, for what the client library hides (status codes, bodies). */
async function api(relay: TestRelay, method: string, path: string, body?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${relay.http}/openvidu/api${path}`, {
    method,
    headers: { authorization: basic(SECRET), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Our own dialect's socket URL with a token. */
function nativeUrl(relay: TestRelay, room: string, token: string): string {
  return `${relay.ws(room)}?token=${encodeURIComponent(token)}`;
}

describe('OpenVidu REST API, driven by openvidu-node-client', () => {
  let relay: TestRelay;
  let ov: OpenVidu;
  before(async () => {
    relay = await startRelay({ secret: SECRET });
    ov = new OpenVidu(relay.http, SECRET);
    ov.enableProdMode();
  });
  after(() => relay.close());

  describe('sessions', () => {
    it('creates a session with the id the app asks for, and answers 409 when it exists (the client then fetches it)', async () => {
      const session = await ov.createSession({ customSessionId: 'standup' });
      assert.equal(session.sessionId, 'standup');
      assert.ok(session.createdAt > 0);
      const again = await api(relay, 'POST', '/sessions', JSON.stringify({ customSessionId: 'standup' }));
      assert.deepEqual([again.status, again.body['error']], [409, 'Conflict']);
      const same = await ov.createSession({ customSessionId: 'standup' });
      assert.deepEqual([same.sessionId, same.createdAt], ['standup', session.createdAt]);
    });

    it('makes up an id when the app gives none', async () => {
      const first = await ov.createSession();
      const second = await ov.createSession();
      assert.match(first.sessionId, /^ses_[A-Za-z0-9]+$/);
      assert.notEqual(first.sessionId, second.sessionId);
    });

    it('answers 400 for a body that is not JSON and for an id that is not a room name', async () => {
      const notJson = await api(relay, 'POST', '/sessions', '{nope');
      assert.deepEqual([notJson.status, notJson.body['error']], [400, 'Bad Request']);
      const badId = await api(relay, 'POST', '/sessions', JSON.stringify({ customSessionId: 'no spaces here' }));
      assert.equal(badId.status, 400);
      assert.match(String(badId.body['message']), /room names/);
    });

    it('shows a room made by a join as a session, and refuses to create it again', async () => {
      const ann = await RpcPeer.join(relay, 'joined-first', '{"clientData":"Ann"}', tokenFor(relay, 'joined-first'));
      const shown = await api(relay, 'GET', '/sessions/joined-first');
      assert.equal(shown.status, 200);
      const content = (shown.body['connections'] as { content: Array<Record<string, unknown>> }).content;
      assert.deepEqual(content.map((c) => [c['connectionId'], c['status'], c['clientData']]), [[ann.id, 'active', '{"clientData":"Ann"}']]);
      assert.equal((await api(relay, 'POST', '/sessions', '{"customSessionId":"joined-first"}')).status, 409);
      await ann.close();
    });

    it('lists every session with its connections on fetch(), pending ones included', async () => {
      const session = await ov.createSession({ customSessionId: 'fetched' });
      const pending = await session.createConnection({ data: 'seat 1' });
      const active = await session.createConnection({ data: 'seat 2' });
      const bob = await RpcPeer.join(relay, 'fetched', '{"clientData":"Bob"}', active.token);
      await ov.fetch();
      const fetched = ov.activeSessions.find((candidate) => candidate.sessionId === 'fetched');
      assert.ok(fetched, 'fetch() found the session');
      const byId = new Map(fetched.connections.map((c) => [c.connectionId, c]));
      assert.equal(byId.get(pending.connectionId)?.status, 'pending');
      assert.equal(byId.get(active.connectionId)?.status, 'active');
      assert.equal(byId.get(active.connectionId)?.clientData, '{"clientData":"Bob"}');
      assert.equal(byId.get(active.connectionId)?.serverData, 'seat 2');
      assert.deepEqual(fetched.activeConnections.map((c) => c.connectionId), [bob.id]);
      assert.equal(await session.fetch(), false, 'nothing changed since');
      await bob.close();
    });

    it('closes a session for everyone: OpenVidu clients are evicted with sessionClosedByServer, ours closed with session_closed', async () => {
      const session = await ov.createSession({ customSessionId: 'to-close' });
      const forOv = await session.createConnection();
      const forUs = await session.createConnection();
      const unused = await session.createConnection();
      const ann = await RpcPeer.join(relay, 'to-close', 'Ann', forOv.token);
      const bob = await Peer.join(nativeUrl(relay, 'to-close', forUs.token), { name: 'Bob' });
      await session.close();
      assert.deepEqual(await ann.next('participantEvicted'), { connectionId: ann.id, reason: 'sessionClosedByServer' });
      assert.equal(await bob.closed, 4410);
      assert.equal((await api(relay, 'GET', '/sessions/to-close')).status, 404);
      await ov.fetch();
      assert.ok(!ov.activeSessions.some((candidate) => candidate.sessionId === 'to-close'));
      // Its tokens died with it, even one never used.
      const late = await RpcPeer.open(`${relay.http.replace('http', 'ws')}/openvidu?sessionId=to-close`);
      const refused = await late.callError('joinRoom', { token: unused.token, session: 'to-close', metadata: '' });
      assert.equal(refused.code, 401);
      await late.close();
      await assert.rejects(session.close(), /404/);
    });

    it('keeps a session nobody joins only as long as an empty room', async () => {
      const shortLived = await startRelay({ secret: SECRET, emptyRoomTtlMs: 50 });
      const client = new OpenVidu(shortLived.http, SECRET);
      client.enableProdMode();
      await client.createSession({ customSessionId: 'brief' });
      let status = 200;
      for (let tries = 0; status === 200 && tries < 100; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        status = (await fetch(`${shortLived.http}/openvidu/api/sessions/brief`, { headers: { authorization: basic(SECRET) } })).status;
      }
      assert.equal(status, 404);
      await shortLived.close();
    });

    it("counts sessions against the in-memory hub's room limit", async () => {
      // A Redis hub's maxRooms counts only the rooms a relay holds peers of (README), so this one is the in-memory hub's.
      const small = await startRelay({ secret: SECRET, maxRooms: 1, redis: undefined });
      const client = new OpenVidu(small.http, SECRET);
      client.enableProdMode();
      await client.createSession({ customSessionId: 'only-one' });
      await assert.rejects(client.createSession({ customSessionId: 'one-too-many' }), /503/);
      await small.close();
    });
  });

  describe('connections and their tokens', () => {
    it('returns a token URL bound to the session, with the role and server data asked for', async () => {
      const session = await ov.createSession({ customSessionId: 'roles' });
      const { host } = new URL(relay.http);
      for (const role of [OpenViduRole.SUBSCRIBER, OpenViduRole.PUBLISHER, OpenViduRole.MODERATOR]) {
        const connection = await session.createConnection({ role, data: `{"seat":"${role}"}` });
        assert.match(connection.token, new RegExp(`^ws://${host.replace(/[.]/g, '\\.')}\\?sessionId=roles&token=[^=&]+$`));
        assert.deepEqual([connection.role, connection.serverData, connection.status], [role, `{"seat":"${role}"}`, 'pending']);
        const peer = await RpcPeer.join(relay, 'roles', '{"clientData":"Ann"}', connection.token);
        assert.deepEqual([peer.id, peer.joinResult['role']], [connection.connectionId, role]);
        // openvidu-server's connection data: the client's, then the server's.
        assert.equal(peer.joinResult['metadata'], `{"clientData":"Ann"}%/%{"seat":"${role}"}`);
        await peer.close();
      }
    });

    it("shows the server data to everyone as part of connection.data, and a subscriber's signals are refused", async () => {
      const session = await ov.createSession({ customSessionId: 'data-shown' });
      const watcher = await RpcPeer.join(relay, 'data-shown', 'Watcher', (await session.createConnection()).token);
      const quiet = await RpcPeer.join(relay, 'data-shown', 'Quiet', (await session.createConnection({ role: OpenViduRole.SUBSCRIBER, data: 'audience' })).token);
      const joined = await watcher.next('participantJoined');
      assert.deepEqual([joined['id'], joined['metadata']], [quiet.id, 'Quiet%/%audience']);
      const refused = await quiet.callError('sendMessage', { message: JSON.stringify({ to: [], data: 'hi', type: 'signal:chat' }) });
      assert.equal(refused.code, 401);
      await watcher.close();
      await quiet.close();
    });

    it('lets our own client join with the same token (the whole URL or the token in it) as the reserved connection', async () => {
      const session = await ov.createSession({ customSessionId: 'ours-too' });
      const connection = await session.createConnection({ role: OpenViduRole.MODERATOR });
      const ann = await Peer.join(nativeUrl(relay, 'ours-too', connection.token), { name: 'Ann' });
      assert.equal(ann.id, connection.connectionId);
      const joined = ann.frames.find((frame) => frame.type === 'joined');
      assert.equal(joined?.['role'], 'moderator');
      const second = await session.createConnection();
      const bob = await Peer.join(nativeUrl(relay, 'ours-too', new URL(second.token).searchParams.get('token') ?? ''), { name: 'Bob' });
      assert.equal(bob.id, second.connectionId);
      await ann.close();
      await bob.close();
    });

    it('refuses a token that is already in use by a connected peer, and one for another session', async () => {
      const session = await ov.createSession({ customSessionId: 'once' });
      const connection = await session.createConnection();
      const ann = await RpcPeer.join(relay, 'once', 'Ann', connection.token);
      const twin = await RpcPeer.open(`${relay.http.replace('http', 'ws')}/openvidu?sessionId=once`);
      assert.equal((await twin.callError('joinRoom', { token: connection.token, session: 'once', metadata: '' })).code, 401);
      await ov.createSession({ customSessionId: 'elsewhere' });
      const stray = await RpcPeer.open(`${relay.http.replace('http', 'ws')}/openvidu?sessionId=elsewhere`);
      assert.equal((await stray.callError('joinRoom', { token: connection.token, session: 'elsewhere', metadata: '' })).code, 401);
      await Promise.all([ann.close(), twin.close(), stray.close()]);
    });

    it('force-disconnects a connection: the OpenVidu client is evicted, ours closed with 4403, a pending one can no longer join', async () => {
      const session = await ov.createSession({ customSessionId: 'kicks' });
      const connections = await Promise.all([session.createConnection(), session.createConnection(), session.createConnection()]);
      const [forOv, forUs, pending] = connections as [Connection, Connection, Connection];
      const ann = await RpcPeer.join(relay, 'kicks', 'Ann', forOv.token);
      const bob = await Peer.join(nativeUrl(relay, 'kicks', forUs.token), { name: 'Bob' });
      await session.fetch();
      await session.forceDisconnect(ann.id);
      assert.deepEqual(await ann.next('participantEvicted'), { connectionId: ann.id, reason: 'forceDisconnectByServer' });
      assert.equal((await bob.next('peer_left'))['reason'], 'kicked');
      await session.forceDisconnect(forUs.connectionId);
      assert.equal(await bob.closed, 4403);
      await session.forceDisconnect(pending);
      const late = await RpcPeer.open(`${relay.http.replace('http', 'ws')}/openvidu?sessionId=kicks`);
      assert.equal((await late.callError('joinRoom', { token: pending.token, session: 'kicks', metadata: '' })).code, 401);
      await assert.rejects(session.forceDisconnect('con_nobody'), /404/);
      await late.close();
    });

    it('changes a role: a subscriber made publisher may signal from then on, on either dialect', async () => {
      const session = await ov.createSession({ customSessionId: 'promoted' });
      const ovConnection = await session.createConnection({ role: OpenViduRole.SUBSCRIBER });
      const ourConnection = await session.createConnection({ role: OpenViduRole.SUBSCRIBER });
      const ann = await RpcPeer.join(relay, 'promoted', 'Ann', ovConnection.token);
      const bob = await Peer.join(nativeUrl(relay, 'promoted', ourConnection.token), { name: 'Bob' });
      assert.equal((await ann.callError('sendMessage', { message: JSON.stringify({ to: [], data: 'early', type: 'signal:chat' }) })).code, 401);
      bob.send({ type: 'signal', id: 's1', event: 'chat', data: 'early' });
      assert.equal((await bob.next('error'))['code'], 'forbidden');
      const updated = await session.updateConnection(ann.id, { role: OpenViduRole.PUBLISHER });
      assert.equal(updated?.connectionProperties.role, OpenViduRole.PUBLISHER);
      assert.deepEqual(await bob.next('peer_role'), { type: 'peer_role', peer: ann.id, role: 'publisher' }, 'the others see the new role');
      await session.updateConnection(bob.id, { role: OpenViduRole.PUBLISHER });
      assert.deepEqual(await bob.next('peer_role'), { type: 'peer_role', peer: bob.id, role: 'publisher' }, 'and so does the peer itself');
      await ann.signal('chat', 'now I may');
      assert.equal((await bob.next('from'))['data'], 'now I may');
      bob.send({ type: 'signal', id: 's2', event: 'chat', data: 'me too' });
      assert.equal((await ann.next('sendMessage'))['data'], 'now I may');
      assert.equal((await ann.next('sendMessage'))['data'], 'me too');
      await session.fetch();
      assert.equal(session.connections.find((c) => c.connectionId === ann.id)?.role, OpenViduRole.PUBLISHER);
      await Promise.all([ann.close(), bob.close()]);
    });

    it('changes the role of a pending connection, which its token then joins with', async () => {
      const session = await ov.createSession({ customSessionId: 'pending-role' });
      const connection = await session.createConnection({ role: OpenViduRole.SUBSCRIBER });
      await session.updateConnection(connection.connectionId, { role: OpenViduRole.MODERATOR });
      const ann = await RpcPeer.join(relay, 'pending-role', 'Ann', connection.token);
      assert.equal(ann.joinResult['role'], 'MODERATOR');
      await ann.close();
    });

    it('lets a token be used for as long as restTokenTtlSeconds says, then refuses it as expired and no longer lists it', async () => {
      for (const secret of [SECRET, undefined]) {
        // With a secret the token's own expiry refuses it; without one (open mode) its reservation's.
        // 3 s: a token's exp is in whole seconds, so it lasts 2 to 3 s, time enough for Ann's
        // join on a loaded machine (with 1 s it could be over in a few milliseconds).
        const brief = await startRelay({ secret, restTokenTtlSeconds: 3 });
        const client = new OpenVidu(brief.http, secret ?? 'unused');
        client.enableProdMode();
        const session = await client.createSession({ customSessionId: 'brief-tokens' });
        const used = await session.createConnection();
        const unused = await session.createConnection();
        const ann = await RpcPeer.join(brief, 'brief-tokens', 'Ann', used.token);
        await tokenExpired(unused.token);
        const late = await RpcPeer.open(`${brief.http.replace('http', 'ws')}/openvidu?sessionId=brief-tokens`);
        const refused = await late.callError('joinRoom', { token: unused.token, session: 'brief-tokens', metadata: '' });
        assert.deepEqual([refused.code, refused.message, refused.data?.code], [401, 'the token has expired', 'unauthorized'], `secret: ${String(secret)}`);
        const bob = await Peer.open(nativeUrl(brief, 'brief-tokens', unused.token));
        bob.send({ type: 'join', status: { name: 'Bob' } });
        assert.deepEqual([(await bob.next('error'))['code'], await bob.closed], ['unauthorized', 4401]);
        await session.fetch();
        assert.deepEqual(session.connections.map((c) => [c.connectionId, c.status]), [[ann.id, 'active']], 'a peer that joined in time stays; the expired token is gone');
        await Promise.all([ann.close(), late.close()]);
        await brief.close();
      }
    });

    it('hands out a token through the deprecated generateToken (POST /openvidu/api/tokens), with its role and data', async () => {
      const session = await ov.createSession({ customSessionId: 'legacy-tokens' });
      const token = await session.generateToken({ role: OpenViduRole.SUBSCRIBER, data: 'back row' });
      assert.match(token, /^ws:\/\/[^?]+\?sessionId=legacy-tokens&token=[^=&]+$/);
      const ann = await RpcPeer.join(relay, 'legacy-tokens', '{"clientData":"Ann"}', token);
      assert.deepEqual([ann.joinResult['role'], ann.joinResult['metadata']], ['SUBSCRIBER', '{"clientData":"Ann"}%/%back row']);
      const answered = await api(relay, 'POST', '/tokens', JSON.stringify({ session: 'legacy-tokens', role: 'MODERATOR' }));
      assert.equal(answered.status, 200);
      assert.deepEqual([answered.body['session'], answered.body['role'], answered.body['token'] === answered.body['id']], ['legacy-tokens', 'MODERATOR', true]);
      assert.match(String(answered.body['connectionId']), /^con_/);
      assert.equal((await api(relay, 'POST', '/tokens', JSON.stringify({ session: 'nowhere' }))).status, 404);
      assert.equal((await api(relay, 'POST', '/tokens', '{}')).status, 400);
      await ann.close();
    });

    it('answers 400 for an unknown role and 404 for a connection to a session that does not exist', async () => {
      await ov.createSession({ customSessionId: 'bad-bodies' });
      const badRole = await api(relay, 'POST', '/sessions/bad-bodies/connection', JSON.stringify({ role: 'KING' }));
      assert.equal(badRole.status, 400);
      const noSession = await api(relay, 'POST', '/sessions/nowhere/connection', '{}');
      assert.equal(noSession.status, 404);
    });
  });

  describe('what the relay does not do', () => {
    it('refuses a wrong secret with 401', async () => {
      const intruder = new OpenVidu(relay.http, 'not the secret');
      intruder.enableProdMode();
      await assert.rejects(intruder.createSession(), /401/);
      await assert.rejects(intruder.fetch(), /401/);
    });

    it("answers media, recording and stream endpoints with 501 in OpenVidu's error shape", async () => {
      await ov.createSession({ customSessionId: 'no-media' });
      await assert.rejects(ov.startRecording('no-media'), /501/);
      await assert.rejects(ov.listRecordings(), /501/);
      const stream = await api(relay, 'DELETE', '/sessions/no-media/stream/str_1');
      assert.equal(stream.status, 501);
      assert.deepEqual(Object.keys(stream.body).sort(), ['error', 'message', 'path', 'status', 'timestamp']);
      assert.deepEqual([stream.body['status'], stream.body['error'], stream.body['path']], [501, 'Not Implemented', '/openvidu/api/sessions/no-media/stream/str_1']);
    });
  });
});

/** A signal-chat token URL for a room, as an app server using `createToken` hands it out. */
function tokenFor(relay: TestRelay, room: string): string {
  return `ws://${new URL(relay.http).host}?sessionId=${room}&token=${createToken({ secret: SECRET, room, name: 'Ann' })}`;
}
