/**
 * The Redis hub's local side when a room's channel lags behind a join's reply.
 * Redis announces a signal on the shard channel and answers a join on the
 * command connection; the relay reads the two over separate sockets, so under
 * load a signal published before a resume can arrive after the resume's
 * `joined` and backlog (which already hold it). These drive `LocalRoom` with
 * channel messages in exactly that order, as the hub's scripts write them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LocalRoom, parseRoomEvent } from '../../src/server/redis-delivery.js';
import type { Delivery } from '../../src/server/delivery.js';
import type { PeerSink } from '../../src/server/hub.js';

/** A sink that keeps what it was sent, as a socket would write it. */
function recordingSink(): PeerSink & { sent: string[]; closedWith: number[] } {
  const sent: string[] = [];
  const closedWith: number[] = [];
  return {
    sent,
    closedWith,
    send: (delivery: Delivery) => void sent.push(delivery.text),
    close: (code: number) => void closedWith.push(code),
  };
}

const signal = (ev: number, seq: number, data: string): string =>
  `F${ev}|ann|*|${seq}|${JSON.stringify({ type: 'from', peer: 'ann', event: 'chat', data, seq, time: 1 })}`;

function event(message: string) {
  const parsed = parseRoomEvent(message);
  assert.ok(parsed, message);
  return parsed;
}

describe('LocalRoom after a join', () => {
  it('does not deliver a second time a signal the join already covered when the channel brings it late', () => {
    const room = new LocalRoom();
    const bob = recordingSink();
    const pending = room.beginJoin(bob);
    // The join ran at ev 7: signals up to ev 7 are in Bob's backlog.
    room.finishJoin(pending, 'bob', { at: 'relay:1', record: 'k|{}', verifiedName: undefined, name: 'Bob', batchPresence: false }, 7);
    room.apply(event(signal(6, 3, 'missed 3')));
    room.apply(event(signal(8, 4, 'after the join')));
    assert.deepEqual(bob.sent.map((text) => (JSON.parse(text) as { data: string }).data), ['after the join']);
  });

  it('does not end a resumed socket for its own earlier leave that the channel brings late', () => {
    const room = new LocalRoom();
    const bob = recordingSink();
    const pending = room.beginJoin(bob);
    room.finishJoin(pending, 'bob', { at: 'relay:2', record: 'k|{}', verifiedName: undefined, name: 'Bob', batchPresence: false }, 12);
    room.apply(event(`L11|bob|${JSON.stringify({ type: 'peer_left', peer: 'bob', reason: 'network' })}`));
    assert.deepEqual(bob.closedWith, [], 'the new socket stays');
    assert.ok(room.peers.has('bob'));
    room.apply(event(`K13|bob|${JSON.stringify({ type: 'peer_left', peer: 'bob', reason: 'kicked' })}`));
    assert.equal(bob.closedWith.length, 1, 'a later kick still ends it');
  });

  it('delivers again once Redis lost the room and its events count from 1', () => {
    const room = new LocalRoom();
    const bob = recordingSink();
    room.apply(event(signal(40, 20, 'old life')));
    const pending = room.beginJoin(bob);
    room.finishJoin(pending, 'bob', { at: 'relay:3', record: 'k|{}', verifiedName: undefined, name: 'Bob', batchPresence: false }, 41);
    room.apply(event(signal(1, 21, 'new life')));
    assert.deepEqual(bob.sent.map((text) => (JSON.parse(text) as { data: string }).data), ['new life']);
  });
});

describe("LocalRoom and OpenVidu's REST sessions", () => {
  const roleFrame = (peer: string, role: string): string => JSON.stringify({ type: 'peer_role', peer, role });
  const join = (room: LocalRoom, id: string, ev: number, sink = recordingSink()) => {
    room.finishJoin(room.beginJoin(sink), id, { at: 'relay:1', record: 'k:subscriber|{}', verifiedName: undefined, name: id, batchPresence: false }, ev);
    return sink;
  };

  it('closes every local peer with session_closed when the session is closed for everyone', () => {
    const room = new LocalRoom();
    const [ann, bob] = [join(room, 'ann', 3), join(room, 'bob', 4)];
    room.apply(event('C5||'));
    assert.deepEqual([ann.closedWith, bob.closedWith], [[4410], [4410]]);
    assert.ok(room.empty, 'the relay holds nobody of that session any more');
  });

  it('also closes a peer whose join ran before the close but whose reply came after the channel brought it', () => {
    const room = new LocalRoom();
    const cat = recordingSink();
    const pending = room.beginJoin(cat);
    room.apply(event('C9||'));
    room.finishJoin(pending, 'cat', { at: 'relay:1', record: 'k:publisher|{}', verifiedName: undefined, name: 'Cat', batchPresence: false }, 8);
    assert.deepEqual(cat.closedWith, [4410]);
    assert.ok(!room.peers.has('cat'));
  });

  it('keeps a peer whose join ran after the close (the event count goes on across it)', () => {
    const room = new LocalRoom();
    const cat = recordingSink();
    const pending = room.beginJoin(cat);
    room.apply(event('C9||'));
    room.finishJoin(pending, 'cat', { at: 'relay:1', record: 'k:publisher|{}', verifiedName: undefined, name: 'Cat', batchPresence: false }, 10);
    assert.deepEqual(cat.closedWith, []);
  });

  it('tells a local peer its new role, keeps it in the record it would be put back with, and lets everyone hear peer_role, the peer too', () => {
    const room = new LocalRoom();
    const roles: string[] = [];
    const ann = join(room, 'ann', 3, { ...recordingSink(), roleChanged: (role) => void roles.push(role) });
    const bob = join(room, 'bob', 4);
    room.apply(event(`O5|ann|${roleFrame('ann', 'publisher')}`));
    assert.deepEqual(roles, ['publisher']);
    assert.equal(room.peers.get('ann')?.record, 'k:publisher|{}');
    assert.deepEqual([ann.sent, bob.sent], [[roleFrame('ann', 'publisher')], [roleFrame('ann', 'publisher')]]);
  });

  it('gives a joining peer a role change that came while its join was under way', () => {
    const room = new LocalRoom();
    const roles: string[] = [];
    const sink = { ...recordingSink(), roleChanged: (role: string) => void roles.push(role) };
    const pending = room.beginJoin(sink);
    room.apply(event(`O6|dan|${roleFrame('dan', 'moderator')}`));
    room.finishJoin(pending, 'dan', { at: 'relay:1', record: 'k:subscriber|{}', verifiedName: undefined, name: 'Dan', batchPresence: false }, 5);
    assert.deepEqual(roles, ['moderator']);
    assert.equal(room.peers.get('dan')?.record, 'k:moderator|{}');
    assert.deepEqual(sink.sent, [roleFrame('dan', 'moderator')]);
  });
});

describe('LocalRoom when its channel lost events', () => {
  const joinedBob = (room: LocalRoom, ev: number) => {
    const bob = recordingSink();
    room.finishJoin(room.beginJoin(bob), 'bob', { at: 'relay:1', record: 'k:publisher|{}', verifiedName: undefined, name: 'Bob', batchPresence: false }, ev);
    return bob;
  };
  const data = (sink: { sent: string[] }) => sink.sent.map((text) => (JSON.parse(text) as { data: string }).data);

  it('sends its peers off to resume, and delivers nothing more, when an event skips some (the subscription dropped a while)', () => {
    const room = new LocalRoom();
    const bob = joinedBob(room, 7);
    room.apply(event(signal(8, 4, 'four')));
    room.apply(event(signal(10, 6, 'six: five went by unheard')));
    assert.deepEqual(data(bob), ['four'], 'nothing that would move its resume point past the lost one');
    assert.deepEqual(bob.closedWith, [1001], 'going away: the client resumes and gets five and six');
    assert.ok(room.empty);
  });

  it('does the same when a new life of the room is first heard past its first event', () => {
    const room = new LocalRoom();
    const bob = joinedBob(room, 7);
    room.apply(event(signal(8, 4, 'old life')));
    room.apply(event(signal(3, 5, 'new life, two events in')));
    assert.deepEqual(bob.closedWith, [1001]);
  });

  it('does the same when the first event it hears of a new life numbers just past the old life’s last (the life mark tells them apart)', () => {
    const room = new LocalRoom();
    const bob = joinedBob(room, 7);
    room.apply(event(`F8/relay-a:1|ann|*|4|${JSON.stringify({ type: 'from', peer: 'ann', event: 'chat', data: 'old life', seq: 4, time: 1 })}`));
    // Events 1 to 8 of the new life went by while this relay's subscription was down.
    room.apply(event(`F9/relay-b:7|ann|*|5|${JSON.stringify({ type: 'from', peer: 'ann', event: 'chat', data: 'new life, nine events in', seq: 5, time: 2 })}`));
    assert.deepEqual(data(bob), ['old life'], 'nothing that would move its resume point past the lost ones');
    assert.deepEqual(bob.closedWith, [1001]);
  });

  it('does the same when an event Redis had at one lease renewal has still not come at the next', () => {
    const room = new LocalRoom();
    const bob = joinedBob(room, 7);
    room.checkChannel(9, true, 0);
    room.apply(event(signal(8, 4, 'four')));
    room.checkChannel(9, true, 1000);
    assert.deepEqual(bob.closedWith, [], 'ev 9 may still be on its way');
    room.checkChannel(9, true, 2000);
    assert.deepEqual(bob.closedWith, [1001], 'it was lost');
  });

  it('does the same when Redis lost the room and its new life has events this relay never heard', () => {
    const room = new LocalRoom();
    const bob = joinedBob(room, 7);
    room.apply(event(signal(8, 4, 'four')));
    room.checkChannel(8, true, 0);
    room.checkChannel(0, false, 1000);
    room.checkChannel(1, true, 3000);
    assert.deepEqual(bob.closedWith, [], 'the new life’s first event may still be on its way');
    room.checkChannel(1, true, 5000);
    assert.deepEqual(bob.closedWith, [1001]);
  });

  it('keeps its peers while every event comes, and across a Redis that lost the room', () => {
    const room = new LocalRoom();
    const bob = joinedBob(room, 7);
    room.checkChannel(8, true, 0);
    room.apply(event(signal(8, 4, 'four')));
    room.checkChannel(9, true, 2000);
    room.apply(event(signal(9, 5, 'five')));
    room.checkChannel(9, true, 4000);
    room.checkChannel(0, false, 6000);
    room.checkChannel(1, true, 8000);
    room.apply(event(signal(1, 6, 'six, in the new life')));
    room.checkChannel(1, true, 10000);
    room.checkChannel(1, true, 12000);
    assert.deepEqual(bob.closedWith, []);
    assert.deepEqual(data(bob), ['four', 'five', 'six, in the new life']);
  });
});
