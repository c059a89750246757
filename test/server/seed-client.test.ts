/**
 * A MucSignaling client written only from the seed document
 * (shared/seeds/rtc-lib-muc-signaling.txt): it knows join/leave/status/to and
 * joined/peer_joined/peer_status/peer_left/from, nothing of our extensions.
 * Our server must work for it unchanged.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startRelay, type TestRelay } from './harness.js';

type Listener = (...args: unknown[]) => void;
/** The seed's frames as the seed describes them (a JS client reads them untyped). */
interface SeedMessage {
  type: string;
  id: string;
  peers: Record<string, Record<string, unknown>>;
  peer: string;
  status: Record<string, unknown>;
  event: string;
  data: unknown;
}

class MucSignaling {
  id: string | undefined;
  peers = new Map<string, Record<string, unknown>>();
  private socket: WebSocket | undefined;
  private listeners = new Map<string, Listener[]>();
  received: Array<{ peer: string; event: string; data: unknown }> = [];

  constructor(private readonly url: string, private status: Record<string, unknown>) {}

  on(event: string, listener: Listener): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }

  private emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.url);
      this.socket = socket;
      socket.on('open', () => socket.send(JSON.stringify({ type: 'join', status: this.status })));
      socket.on('error', reject);
      socket.on('close', () => this.emit('closed'));
      socket.on('message', (raw) => {
        const msg = JSON.parse(raw.toString()) as SeedMessage;
        switch (msg.type) {
          case 'joined':
            this.id = msg.id;
            for (const [peer, status] of Object.entries(msg.peers)) this.peers.set(peer, status);
            resolve();
            break;
          case 'peer_joined':
            this.peers.set(msg.peer, msg.status);
            this.emit('peer_joined', msg.peer);
            break;
          case 'peer_status':
            this.peers.set(msg.peer, msg.status);
            this.emit('peer_status', msg.peer);
            break;
          case 'peer_left':
            this.peers.delete(msg.peer);
            this.emit('peer_left', msg.peer);
            break;
          case 'from':
            this.received.push({ peer: msg.peer, event: msg.event, data: msg.data });
            this.emit('from', msg.peer, msg.event, msg.data);
            break;
        }
      });
    });
  }

  setStatus(status: Record<string, unknown>): void {
    this.status = status;
    this.socket?.send(JSON.stringify({ type: 'status', status }));
  }

  sendTo(peer: string, event: string, data: unknown): void {
    this.socket?.send(JSON.stringify({ type: 'to', peer, event, data }));
  }

  close(): void {
    this.socket?.send(JSON.stringify({ type: 'leave' }));
  }
}

function waitFor(client: MucSignaling, event: string): Promise<unknown[]> {
  return new Promise((resolve) => client.on(event, (...args) => resolve(args)));
}

describe('a client written from the MucSignaling seed', () => {
  let relay: TestRelay;
  before(async () => {
    relay = await startRelay();
  });
  after(() => relay.close());

  it('joins and learns its id and the peers already there with their status', async () => {
    const ann = new MucSignaling(relay.ws('seed-join'), { name: 'Ann' });
    await ann.connect();
    const bob = new MucSignaling(relay.ws('seed-join'), { name: 'Bob' });
    const annSeesBob = waitFor(ann, 'peer_joined');
    await bob.connect();
    assert.match(ann.id ?? '', /^[A-Za-z0-9_-]{16}$/);
    assert.notEqual(ann.id, bob.id);
    assert.deepEqual(Object.fromEntries(bob.peers), { [ann.id as string]: { name: 'Ann' } });
    const [joinedPeer] = await annSeesBob;
    assert.equal(joinedPeer, bob.id);
    assert.deepEqual(ann.peers.get(bob.id as string), { name: 'Bob' });
    ann.close();
    bob.close();
  });

  it('updates its status and the others get peer_status', async () => {
    const ann = new MucSignaling(relay.ws('seed-status'), { name: 'Ann' });
    const bob = new MucSignaling(relay.ws('seed-status'), { name: 'Bob' });
    await ann.connect();
    await bob.connect();
    const seen = waitFor(bob, 'peer_status');
    ann.setStatus({ name: 'Ann', away: true });
    const [peer] = await seen;
    assert.equal(peer, ann.id);
    assert.deepEqual(bob.peers.get(ann.id as string), { name: 'Ann', away: true });
    ann.close();
    bob.close();
  });

  it('sends a message to one peer with to, received as from by that peer only', async () => {
    const ann = new MucSignaling(relay.ws('seed-to'), { name: 'Ann' });
    const bob = new MucSignaling(relay.ws('seed-to'), { name: 'Bob' });
    const cid = new MucSignaling(relay.ws('seed-to'), { name: 'Cid' });
    await ann.connect();
    await bob.connect();
    await cid.connect();
    const bobGets = waitFor(bob, 'from');
    ann.sendTo(bob.id as string, 'offer', { sdp: 'v=0', n: 1 });
    const [peer, event, data] = await bobGets;
    assert.equal(peer, ann.id);
    assert.equal(event, 'offer');
    assert.deepEqual(data, { sdp: 'v=0', n: 1 });
    // Cid hears a message Bob sends to everyone it can address, proving the
    // channel works, and still never saw Ann's message to Bob.
    const cidGets = waitFor(cid, 'from');
    bob.sendTo(cid.id as string, 'hello', 'hi Cid');
    await cidGets;
    assert.deepEqual(cid.received, [{ peer: bob.id, event: 'hello', data: 'hi Cid' }]);
    ann.close();
    bob.close();
    cid.close();
  });

  it('leaves: the server closes the connection and the others get peer_left', async () => {
    const ann = new MucSignaling(relay.ws('seed-leave'), { name: 'Ann' });
    const bob = new MucSignaling(relay.ws('seed-leave'), { name: 'Bob' });
    await ann.connect();
    await bob.connect();
    const bobSees = waitFor(bob, 'peer_left');
    const annClosed = waitFor(ann, 'closed');
    ann.close();
    await annClosed;
    const [peer] = await bobSees;
    assert.equal(peer, ann.id);
    assert.equal(bob.peers.size, 0);
    bob.close();
  });
});
