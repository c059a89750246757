/**
 * What one relay promises, held across three relays of one Redis (or Redis
 * Cluster): broadcast, private signals, presence, history, one order per
 * room, REST on any relay. Run by redis-relays.test.ts (relay processes on
 * one Redis) and redis-cluster.test.ts (relays on a 3-master Redis Cluster).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Peer, getJson, postJson } from './harness.js';
import { roomName } from '../support/rooms.js';
import { until } from '../support/wait.js';

export interface RelayAddress {
  readonly http: string;
  ws(room: string): string;
}

export interface RelayGroup {
  relays: RelayAddress[];
  close(): Promise<void>;
}

type Joined = Peer & { id: string };

/** Every `from` frame a peer has received so far (read or not). */
function signals(peer: Peer): Array<Record<string, unknown>> {
  return peer.frames.filter((f) => f.type === 'from');
}

export function crossRelaySuite(label: string, start: () => Promise<RelayGroup>): void {
  describe(label, () => {
    let group: RelayGroup;
    const open: Peer[] = [];
    before(async () => {
      group = await start();
    });
    after(async () => {
      for (const peer of open) peer.socket.terminate();
      await group.close();
    });
    /** Join through relay number `relay`, asking for the room's history. */
    const join = async (relay: number, room: string, status: Record<string, unknown> = {}): Promise<Joined> => {
      const peer = await Peer.open((group.relays[relay] as RelayAddress).ws(room));
      open.push(peer);
      peer.send({ type: 'join', status, history: true });
      peer.id = String((await peer.next('joined'))['id']);
      return peer as Joined;
    };

    it('delivers a broadcast sent through one relay to the peers on the other two, once each, with the seq of its ack', async () => {
      const room = roomName('x-broadcast');
      const ann = await join(0, room);
      const bob = await join(1, room);
      const cat = await join(2, room);
      ann.send({ type: 'signal', id: 's1', event: 'chat', data: 'hello all' });
      const ack = await ann.next('ack');
      for (const peer of [bob, cat]) {
        const from = await peer.next('from');
        assert.equal(from['data'], 'hello all');
        assert.equal(from['peer'], ann.id);
        assert.equal(from['seq'], ack['seq']);
        assert.equal(from['time'], ack['time']);
        await peer.sync();
        assert.equal(signals(peer).length, 1, 'exactly once');
      }
      await ann.sync();
      assert.equal(signals(ann).length, 0, 'the sender does not get its own signal');
    });

    it('lists every peer in joined whatever its relay, and tells the others of joins, status changes and leaves', async () => {
      const room = roomName('x-presence');
      const ann = await join(0, room, { name: 'Ann' });
      const bob = await join(1, room, { name: 'Bob' });
      const joined = await ann.next('peer_joined');
      assert.deepEqual([joined['peer'], joined['status']], [bob.id, { name: 'Bob' }]);
      const cat = await Peer.open((group.relays[2] as RelayAddress).ws(room));
      open.push(cat);
      cat.send({ type: 'join', status: { name: 'Cat' } });
      const catJoined = await cat.next('joined');
      assert.deepEqual(catJoined['peers'], { [ann.id]: { name: 'Ann' }, [bob.id]: { name: 'Bob' } });
      bob.send({ type: 'status', status: { name: 'Bob', away: true } });
      for (const peer of [ann, cat]) {
        const status = await peer.next('peer_status');
        assert.deepEqual([status['peer'], status['status']], [bob.id, { name: 'Bob', away: true }]);
      }
      bob.send({ type: 'leave' });
      for (const peer of [ann, cat]) {
        const left = await peer.next('peer_left');
        assert.deepEqual([left['peer'], left['reason']], [bob.id, 'leave']);
      }
      const snapshots = await Promise.all(group.relays.map((relay) => getJson(`${relay.http}/api/rooms/${room}`)));
      for (const snapshot of snapshots) {
        const ids = (snapshot.body['participants'] as Array<{ id: string }>).map((p) => p.id).sort();
        assert.deepEqual(ids, [ann.id, String(catJoined['id'])].sort(), 'every relay shows the same room');
      }
    });

    it('delivers a private signal only to its recipient on another relay, refuses an unknown recipient, and keeps private signals out of the history', async () => {
      const room = roomName('x-private');
      const ann = await join(0, room);
      const bob = await join(1, room);
      const cat = await join(2, room);
      ann.send({ type: 'signal', id: 'p1', to: [bob.id], event: 'dm', data: 'for bob' });
      await ann.next('ack');
      assert.equal((await bob.next('from'))['data'], 'for bob');
      ann.send({ type: 'signal', id: 'p2', to: ['nobody-here'], event: 'dm', data: 'lost' });
      const refused = await ann.next('error');
      assert.equal(refused['code'], 'unknown_peer');
      ann.send({ type: 'signal', id: 'b1', event: 'chat', data: 'public' });
      await ann.next('ack');
      await bob.next('from');
      await cat.next('from');
      await cat.sync();
      assert.deepEqual(signals(cat).map((f) => f['data']), ['public']);
      const late = await join(2, room);
      await late.sync();
      assert.deepEqual(signals(late).map((f) => f['data']), ['public'], 'the history holds the broadcast only');
    });

    it('gives a late joiner on one relay the history written through another, in order, marked as history', async () => {
      const room = roomName('x-history');
      const ann = await join(0, room);
      for (let i = 1; i <= 3; i++) ann.send({ type: 'signal', id: `h${i}`, event: 'chat', data: `msg ${i}` });
      for (let i = 1; i <= 3; i++) await ann.next('ack');
      const late = await join(1, room);
      const history = [await late.next('from'), await late.next('from'), await late.next('from')];
      assert.deepEqual(history.map((f) => f['data']), ['msg 1', 'msg 2', 'msg 3']);
      assert.deepEqual(history.map((f) => f['history']), [true, true, true]);
    });

    it('puts signals sent at once through three relays in one order that every peer sees, without gaps', async () => {
      const room = roomName('x-order');
      const peers = [await join(0, room), await join(1, room), await join(2, room)];
      const each = 15;
      peers.forEach((peer, p) => {
        for (let i = 0; i < each; i++) peer.send({ type: 'signal', id: `o${p}-${i}`, event: 'n', data: `${p}:${i}` });
      });
      for (const peer of peers) for (let i = 0; i < each; i++) await peer.next('ack');
      await until(() => peers.every((peer) => signals(peer).length === 2 * each), 'every peer has every signal of the others');
      const all = new Map<number, string>();
      for (const peer of peers) {
        const seqs = signals(peer).map((f) => Number(f['seq']));
        assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'in increasing seq order');
        for (const f of signals(peer)) {
          const seen = all.get(Number(f['seq']));
          assert.ok(seen === undefined || seen === f['data'], 'one seq, one signal, for everyone');
          all.set(Number(f['seq']), String(f['data']));
        }
      }
      for (const peer of peers) {
        for (const ack of peer.frames.filter((f) => f.type === 'ack')) assert.ok(all.has(Number(ack['seq'])), 'each ack’s seq is a signal the others got');
      }
      const seqs = [...all.keys()].sort((a, b) => a - b);
      assert.equal(seqs.length, 3 * each);
      assert.equal((seqs.at(-1) as number) - (seqs[0] as number), 3 * each - 1, 'no gaps');
    });

    it('answers REST on any relay: a server signal reaches the peers of every relay, and a peer on another relay can be removed', async () => {
      const room = roomName('x-rest');
      const ann = await join(0, room);
      const bob = await join(1, room);
      const sent = await postJson(`${(group.relays[2] as RelayAddress).http}/api/signal`, { session: room, type: 'notice', data: 'from the server' });
      assert.equal(sent.status, 200);
      for (const peer of [ann, bob]) {
        const from = await peer.next('from');
        assert.equal(from['data'], 'from the server');
        assert.equal(from['peer'], null);
      }
      const removed = await fetch(`${(group.relays[2] as RelayAddress).http}/api/rooms/${room}/connections/${bob.id}`, { method: 'DELETE' });
      assert.equal(removed.status, 204);
      assert.equal(await bob.closed, 4403);
      const left = await ann.next('peer_left');
      assert.deepEqual([left['peer'], left['reason']], [bob.id, 'kicked']);
    });

    it("keeps OpenVidu's REST sessions in the shared store: one made on one relay is listed by another and joined on a third", async () => {
      const room = roomName('x-ov-session');
      const at = (n: number): string => `${(group.relays[n] as RelayAddress).http}/openvidu/api`;
      assert.equal((await postJson(`${at(0)}/sessions`, { customSessionId: room })).status, 200);
      const connection = await postJson(`${at(1)}/sessions/${room}/connection`, {});
      assert.equal(connection.status, 200);
      const listed = await getJson(`${at(2)}/sessions?pendingConnections=true`);
      const session = (listed.body['content'] as Array<Record<string, unknown>>).find((candidate) => candidate['id'] === room);
      const pending = (session?.['connections'] as { content: Array<Record<string, unknown>> } | undefined)?.content ?? [];
      assert.deepEqual(pending.map((c) => [c['connectionId'], c['status']]), [[connection.body['connectionId'], 'pending']]);
      const token = new URL(String(connection.body['token'])).searchParams.get('token') ?? '';
      const ann = await Peer.join(`${(group.relays[2] as RelayAddress).ws(room)}?token=${encodeURIComponent(token)}`);
      open.push(ann);
      assert.equal(ann.id, connection.body['connectionId']);
      const shown = await getJson(`${at(0)}/sessions/${room}/connection/${ann.id}`);
      assert.equal(shown.body['status'], 'active');
    });

    it('closes a session from one relay for its peers on the others, and the room then starts afresh', async () => {
      const room = roomName('x-ov-close');
      const at = (n: number): string => `${(group.relays[n] as RelayAddress).http}/openvidu/api/sessions/${room}`;
      const ann = await join(0, room);
      const bob = await join(1, room);
      assert.equal((await fetch(at(2), { method: 'DELETE' })).status, 204);
      for (const peer of [ann, bob]) assert.deepEqual([await peer.closed, peer.closeReason], [4410, 'the session was closed']);
      assert.equal((await getJson(at(0))).status, 404, 'no relay has it any more');
      const cat = await join(1, room);
      assert.deepEqual(cat.frames.find((f) => f.type === 'joined')?.['peers'], {}, 'a join after the close finds nobody from before');
      assert.equal((await getJson(at(2))).status, 200);
    });
  });
}
