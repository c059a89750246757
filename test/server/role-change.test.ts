/**
 * A role changed over OpenVidu's REST API (PATCH .../connection/<id>) reaches
 * the peer and everyone else as peer_role, and the client follows it. Needs a
 * hub that keeps REST sessions (the memory hub), so it is not in the
 * presence suite roles.test.ts that also runs on Redis.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Session } from '../../src/client/index.js';
import { createToken, type Role } from '../../src/server/index.js';
import { startRelay, type TestRelay } from './harness.js';
import { nodeSession } from './sessions.js';

const SECRET = 'roles-secret-1234';

describe('role change over REST', () => {
  let relay: TestRelay;
  before(async () => {
    relay = await startRelay({ secret: SECRET });
  });
  after(() => relay.close());

  it('the client follows a role changed over the OpenVidu REST API, on the peer and on the others', async () => {
    const room = 'r-patch';
    const connect = async (name: string, role: Role): Promise<Session> => {
      const token = createToken({ secret: SECRET, room, name, role });
      const session = nodeSession(relay.ws(room), { token });
      await session.connect();
      return session;
    };
    const mod = await connect('Mo', 'moderator');
    const sue = await connect('Sue', 'subscriber');
    const sueId = sue.connection!.connectionId;
    const response = await fetch(`${relay.http}/openvidu/api/sessions/${room}/connection/${sueId}`, {
      method: 'PATCH',
      headers: { authorization: `Basic ${Buffer.from(`OPENVIDUAPP:${SECRET}`).toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'PUBLISHER' }),
    });
    assert.equal(response.status, 200);
    // Each acknowledgement comes after the role change on the same socket: a publisher's signal is accepted now.
    await mod.signal({ type: 'sync', data: 'after the change' });
    await sue.signal({ type: 'sync', data: 'after the change' });
    assert.equal(mod.connections.get(sueId)?.role, 'publisher');
    assert.deepEqual([sue.connection?.role, sue.role], ['publisher', 'publisher']);
    mod.disconnect();
    sue.disconnect();
  });
});
