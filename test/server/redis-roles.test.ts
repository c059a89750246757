/**
 * Token roles in presence across relays of one Redis: each member's record
 * in Redis holds its role, so `joined.roles` lists peers of any relay, a
 * resumed peer keeps its role, and a record written before roles were kept
 * (`key|status`) still reads: a publisher's to others, until its peer
 * resumes with its token.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createToken, type Role } from '../../src/server/index.js';
import { roomName } from '../support/rooms.js';
import { Peer, type Frame, type TestRelay } from './harness.js';
import { redisCli, startRelaysOnRedis, type TestRedis } from './redis-harness.js';

const SECRET = 'redis-roles-secret-1234';

describe('token roles on the Redis hub', () => {
  let redis: TestRedis;
  let relays: TestRelay[];
  let closeRedisAndRelays: () => Promise<void>;
  const open: Peer[] = [];
  before(async () => {
    const options = { secret: SECRET, graceMs: 5000 };
    ({ redis, relays, close: closeRedisAndRelays } = await startRelaysOnRedis([options, options]));
  });
  after(async () => {
    for (const peer of open) peer.socket.terminate();
    await closeRedisAndRelays();
  });

  const tokenFor = (room: string, name: string, role: Role): string => encodeURIComponent(createToken({ secret: SECRET, room, name, role }));

  async function join(relay: number, room: string, name: string, role: Role, extra: Record<string, unknown> = {}): Promise<{ peer: Peer; joined: Frame }> {
    const peer = await Peer.open(`${(relays[relay] as TestRelay).ws(room)}?token=${tokenFor(room, name, role)}`);
    open.push(peer);
    peer.send({ type: 'join', status: { name }, ...extra });
    return { peer, joined: await peer.next('joined') };
  }

  it('lists the peers of another relay in joined.roles with their token roles', async () => {
    const room = roomName('rr-across');
    const mo = await join(0, room, 'Mo', 'moderator');
    const sue = await join(0, room, 'Sue', 'subscriber');
    const pat = await join(1, room, 'Pat', 'publisher');
    assert.deepEqual(pat.joined['roles'], { [String(mo.joined['id'])]: 'moderator', [String(sue.joined['id'])]: 'subscriber' });
    assert.equal(pat.joined['role'], 'publisher');
  });

  it('a peer that resumes on another relay keeps its token role, in its own joined and in what later joiners see', async () => {
    const room = roomName('rr-resume');
    const mo = await join(0, room, 'Mo', 'moderator');
    const id = String(mo.joined['id']);
    mo.peer.socket.terminate();
    // The resume presents a publisher's token: the role is the one the peer joined with.
    const back = await join(1, room, 'Mo', 'publisher', { resume: { id, key: mo.joined['resume'], seq: 0 } });
    assert.deepEqual([back.joined['resumed'], back.joined['role']], [true, 'moderator']);
    const late = await join(0, room, 'Lu', 'subscriber');
    assert.deepEqual(late.joined['roles'], { [id]: 'moderator' });
  });

  it('shows a member record written before roles were kept as a publisher with its status; its peer resumes with its token role', async () => {
    const room = roomName('rr-old-record');
    const old = await join(0, room, 'Old', 'subscriber');
    const id = String(old.joined['id']);
    const key = String(old.joined['resume']);
    // What a relay of the previous version wrote: resumeKey|status.
    await redisCli(redis.port, 'HSET', `signal-chat:{${room}}:members`, id, `${key}|{"name":"Old","mood":"calm"}`);
    const newcomer = await join(1, room, 'New', 'publisher');
    assert.deepEqual(newcomer.joined['roles'], { [id]: 'publisher' });
    assert.deepEqual(newcomer.joined['peers'], { [id]: { name: 'Old', mood: 'calm' } });
    old.peer.socket.terminate();
    const back = await join(1, room, 'Old', 'subscriber', { resume: { id, key, seq: 0 } });
    assert.deepEqual([back.joined['resumed'], back.joined['role']], [true, 'subscriber']);
    const late = await join(0, room, 'Lu', 'publisher');
    assert.equal((late.joined['roles'] as Record<string, string>)[id], 'subscriber', 'the record now holds it');
  });
});
