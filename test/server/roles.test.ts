/**
 * Role in presence (issue 13): the relay tells everyone each peer's token
 * role, in `joined.roles` and `peer_joined.role`, so receivers can check a
 * moderator; what a peer claims in its status is never its role. Real relay
 * with tokens, raw sockets and the client. Run again on the Redis hub by
 * redis-rerun-roles.test.ts; role changes over REST are in role-change.test.ts.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection, Session } from '../../src/client/index.js';
import { createToken, type Role } from '../../src/server/index.js';
import { Peer, startRelay, type Frame, type TestRelay } from './harness.js';
import { nodeSession } from './sessions.js';

const SECRET = 'roles-secret-1234';

describe('role in presence', () => {
  let relay: TestRelay;
  before(async () => {
    relay = await startRelay({ secret: SECRET });
  });
  after(() => relay.close());

  async function join(room: string, name: string, role: Role, status: Record<string, unknown> = {}): Promise<{ peer: Peer; joined: Frame }> {
    const peer = await Peer.open(`${relay.ws(room)}?token=${encodeURIComponent(createToken({ secret: SECRET, room, name, role }))}`);
    peer.send({ type: 'join', status });
    return { peer, joined: await peer.next('joined') };
  }

  it('shows each peer its token role: those already there in joined.roles, newcomers in peer_joined.role', async () => {
    const sub = await join('r-each', 'Sue', 'subscriber');
    const pub = await join('r-each', 'Pat', 'publisher');
    const mod = await join('r-each', 'Mo', 'moderator');
    const subId = String(sub.joined['id']);
    const pubId = String(pub.joined['id']);
    const modId = String(mod.joined['id']);
    assert.deepEqual(mod.joined['roles'], { [subId]: 'subscriber', [pubId]: 'publisher' });
    assert.deepEqual(pub.joined['roles'], { [subId]: 'subscriber' });
    assert.deepEqual(sub.joined['roles'], {});
    const seenBySub = [await sub.peer.next('peer_joined'), await sub.peer.next('peer_joined')];
    assert.deepEqual(seenBySub.map((frame) => [frame['peer'], frame['role']]), [[pubId, 'publisher'], [modId, 'moderator']]);
    const seenByPub = await pub.peer.next('peer_joined');
    assert.deepEqual([seenByPub['peer'], seenByPub['role']], [modId, 'moderator']);
    for (const { peer } of [sub, pub, mod]) peer.close();
  });

  it('a peer claiming to be a moderator in its status is still seen with its token role', async () => {
    const mod = await join('r-claim', 'Mo', 'moderator');
    const liar = await join('r-claim', 'Eve', 'subscriber', { name: 'Eve', role: 'moderator' });
    const seen = await mod.peer.next('peer_joined');
    assert.equal(seen['role'], 'subscriber');
    assert.equal((seen['status'] as Record<string, unknown>)['role'], 'moderator', 'the claim stays in the status, as status');
    liar.peer.send({ type: 'status', status: { name: 'Eve', role: 'moderator' } });
    await mod.peer.next('peer_status');
    const late = await join('r-claim', 'Lu', 'publisher');
    assert.equal((late.joined['roles'] as Record<string, string>)[String(liar.joined['id'])], 'subscriber');
    for (const { peer } of [mod, liar, late]) peer.close();
  });

  it('joins without tokens are publishers', async () => {
    const open = await startRelay();
    try {
      const first = await Peer.join(open.ws('r-open'));
      const second = await Peer.open(open.ws('r-open'));
      second.send({ type: 'join', status: {} });
      assert.deepEqual((await second.next('joined'))['roles'], { [first.id]: 'publisher' });
      assert.equal((await first.next('peer_joined'))['role'], 'publisher');
      first.close();
      second.close();
    } finally {
      await open.close();
    }
  });

  it('the client exposes it as connection.role, whatever the status claims', async () => {
    const base = relay.ws('r-client');
    const connect = async (name: string, role: Role, status: Record<string, unknown> = {}): Promise<Session> => {
      const token = createToken({ secret: SECRET, room: 'r-client', name, role });
      const session = nodeSession(base, { token, status });
      await session.connect();
      return session;
    };
    const mod = await connect('Mo', 'moderator');
    const eve = await connect('Eve', 'subscriber', { role: 'moderator' });
    assert.equal(eve.connections.get(mod.connection!.connectionId)?.role, 'moderator', 'from joined.roles');
    assert.equal(eve.connection?.role, 'subscriber', 'its own connection');
    const created = mod.connections.get(eve.connection!.connectionId) ?? (await new Promise<Connection>((resolve) => mod.once('connectionCreated', (e) => resolve(e.connection))));
    assert.equal(created.role, 'subscriber', 'from peer_joined.role');
    mod.disconnect();
    eve.disconnect();
  });
});
