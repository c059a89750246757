/**
 * rtc-lib 0.5.7 itself — the MucSignaling seed's own client, unmodified from
 * npm — against the real relay: its `MucSignaling` over its
 * `WebSocketChannel`, in Node with `ws` as the global WebSocket (the only
 * thing it needs of a browser). The README's claim "a strict superset of
 * MucSignaling" stands on this client, as the OpenVidu claim stands on
 * openvidu-browser.
 *
 * rtc-lib ignores `error` frames and drops a `from` whose data is null or
 * absent, so what it cannot see must not happen to it: a refused room fails
 * at the handshake, a signal without data arrives as "", and it gets no
 * history (it would take old signals for live ones).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import WebSocket from 'ws';
import { Session } from '../../src/client/index.js';
import { startRelay, type TestRelay } from '../server/harness.js';
import { until } from '../support/wait.js';

/** What the tests use of rtc-lib's `MucSignalingPeer` (a remote peer). */
interface RtcPeer extends EventEmitter {
  readonly id: string;
  status: Record<string, unknown>;
  /** True when the local peer was in the room first. */
  readonly first: boolean;
  send(event: string, data?: unknown): Promise<void>;
}

/** What the tests use of rtc-lib's `MucSignaling`. */
interface RtcSignaling extends EventEmitter {
  id: string | undefined;
  connect(): Promise<void>;
  setStatus(status: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

interface RtcLib {
  MucSignaling: new (channel: unknown) => RtcSignaling;
  WebSocketChannel: new (address: string, ...parts: string[]) => unknown;
}

const require = createRequire(import.meta.url);
const rtc: RtcLib = {
  MucSignaling: (require('rtc-lib/dist/cjs/signaling/muc_signaling.js') as Pick<RtcLib, 'MucSignaling'>).MucSignaling,
  WebSocketChannel: (require('rtc-lib/dist/cjs/signaling/web_socket_channel.js') as Pick<RtcLib, 'WebSocketChannel'>).WebSocketChannel,
};

/** An rtc-lib client in a room, with the remote peers it was told of. */
interface RtcClient {
  signaling: RtcSignaling;
  peers: Map<string, RtcPeer>;
  id: string;
}

/** Resolves with the first `event` of `emitter`; fails after 5 s instead of hanging. */
function once<T = unknown>(emitter: EventEmitter, event: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${event}' within 5 s`)), 5000);
    emitter.once(event, (value: T) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

/** Every `event` of `emitter` from now on. */
function collect<T = unknown>(emitter: EventEmitter, event: string): T[] {
  const seen: T[] = [];
  emitter.on(event, (value: T) => seen.push(value));
  return seen;
}

/** `promise`, or a rejection if it has not settled in 5 s (rtc-lib's connect() used to wait forever). */
function settled<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<T>((_resolve, reject) => setTimeout(() => reject(new Error('still pending after 5 s')), 5000).unref())]);
}

describe('rtc-lib 0.5.7 MucSignaling against the relay', () => {
  let relay: TestRelay;
  let base: string;
  const sessions: Session[] = [];
  const previousWebSocket = (globalThis as { WebSocket?: unknown }).WebSocket;

  before(async () => {
    (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
    relay = await startRelay();
    base = relay.http.replace(/^http/, 'ws');
  });
  after(async () => {
    for (const session of sessions) session.disconnect();
    await relay.close();
    (globalThis as { WebSocket?: unknown }).WebSocket = previousWebSocket;
  });

  /** rtc-lib's own way in: `new WebSocketChannel(base, 'rooms', room)`, then `connect()` (which sends `join`). */
  async function join(room: string, status: Record<string, unknown>): Promise<RtcClient> {
    const signaling = new rtc.MucSignaling(new rtc.WebSocketChannel(base, 'rooms', room));
    const peers = new Map<string, RtcPeer>();
    signaling.on('peer_joined', (peer: RtcPeer) => peers.set(peer.id, peer));
    signaling.on('peer_joined', (peer: RtcPeer) => peer.on('left', () => peers.delete(peer.id)));
    await signaling.setStatus(status);
    await signaling.connect();
    return { signaling, peers, id: signaling.id as string };
  }

  async function ours(room: string, name: string): Promise<Session> {
    const session = new Session(`${relay.http}/rooms/${room}`, { status: { name }, WebSocket, reconnect: false });
    sessions.push(session);
    await session.connect();
    return session;
  }

  it('joins, and each side learns of the other with its status', async () => {
    const ann = await join('rtc-join', { name: 'Ann' });
    const bobArrives = once<RtcPeer>(ann.signaling, 'peer_joined');
    const bob = await join('rtc-join', { name: 'Bob' });
    const bobAtAnn = await bobArrives;
    assert.equal(typeof ann.id, 'string');
    assert.notEqual(ann.id, bob.id);
    assert.deepEqual([bobAtAnn.id, bobAtAnn.status, bobAtAnn.first], [bob.id, { name: 'Bob' }, true]);
    const annAtBob = bob.peers.get(ann.id);
    assert.deepEqual([annAtBob?.status, annAtBob?.first], [{ name: 'Ann' }, false], 'from the peers of joined');
  });

  it('passes status changes both ways', async () => {
    const ann = await join('rtc-status', { name: 'Ann' });
    const bobArrives = once<RtcPeer>(ann.signaling, 'peer_joined');
    const bob = await join('rtc-status', { name: 'Bob' });
    const bobAtAnn = await bobArrives;
    const annAtBob = bob.peers.get(ann.id) as RtcPeer;
    const annChanged = once(annAtBob, 'status_changed');
    await ann.signaling.setStatus({ name: 'Ann', away: true });
    assert.deepEqual(await annChanged, { name: 'Ann', away: true });
    const bobChanged = once(bobAtAnn, 'status_changed');
    await bob.signaling.setStatus({ name: 'Bobby' });
    assert.deepEqual(await bobChanged, { name: 'Bobby' });
    assert.deepEqual(bobAtAnn.status, { name: 'Bobby' });
  });

  it('carries to/from both ways with object, string and missing data', async () => {
    const ann = await join('rtc-to', { name: 'Ann' });
    const bobArrives = once<RtcPeer>(ann.signaling, 'peer_joined');
    const bob = await join('rtc-to', { name: 'Bob' });
    const bobAtAnn = await bobArrives;
    const annAtBob = bob.peers.get(ann.id) as RtcPeer;

    const offer = once(annAtBob, 'offer');
    const candidate = once(annAtBob, 'candidate');
    const bye = once(annAtBob, 'bye');
    await bobAtAnn.send('offer', { type: 'offer', sdp: 'v=0' });
    await bobAtAnn.send('candidate', 'candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host');
    await bobAtAnn.send('bye');
    assert.deepEqual(await offer, { type: 'offer', sdp: 'v=0' });
    assert.equal(await candidate, 'candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host');
    assert.deepEqual(await bye, {}, 'rtc-lib itself sends {} for missing data');

    const answer = once(bobAtAnn, 'answer');
    const text = once(bobAtAnn, 'text');
    await annAtBob.send('answer', { type: 'answer', sdp: 'v=0' });
    await annAtBob.send('text', 'hello Ann');
    assert.deepEqual(await answer, { type: 'answer', sdp: 'v=0' });
    assert.equal(await text, 'hello Ann');

    // A seed `to` without data, as a client other than rtc-lib may send it:
    // rtc-lib drops a `from` without data, so it must arrive as "".
    const raw = new WebSocket(`${base}/rooms/rtc-to`);
    await once(raw, 'open');
    raw.send(JSON.stringify({ type: 'join', status: { name: 'Raw' } }));
    const rawAtAnn = await once<RtcPeer>(ann.signaling, 'peer_joined');
    const ring = once(rawAtAnn, 'ring');
    raw.send(JSON.stringify({ type: 'to', peer: ann.id, event: 'ring' }));
    assert.equal(await ring, '');
    raw.close();
  });

  it('carries a WebRTC offer over 8 KiB (audio and three video streams)', async () => {
    const ann = await join('rtc-big', { name: 'Ann' });
    const bobArrives = once<RtcPeer>(ann.signaling, 'peer_joined');
    const bob = await join('rtc-big', { name: 'Bob' });
    const bobAtAnn = await bobArrives;
    const sdp = 'a=rtcp-fb:96 transport-cc\r\n'.repeat(520);
    assert.ok(sdp.length > 14_000);
    const offer = once(bob.peers.get(ann.id) as RtcPeer, 'offer');
    await bobAtAnn.send('offer', { type: 'offer', sdp });
    assert.deepEqual(await offer, { type: 'offer', sdp });
  });

  it('tells the others when it leaves', async () => {
    const ann = await join('rtc-leave', { name: 'Ann' });
    const bobArrives = once<RtcPeer>(ann.signaling, 'peer_joined');
    const bob = await join('rtc-leave', { name: 'Bob' });
    const bobAtAnn = await bobArrives;
    const left = once(bobAtAnn, 'left');
    const closed = once(bob.signaling, 'closed');
    await bob.signaling.close();
    await left;
    await closed;
    assert.equal(ann.peers.has(bob.id), false);
  });

  it('fails connect() at once for a room name the relay refuses', async () => {
    const signaling = new rtc.MucSignaling(new rtc.WebSocketChannel(base, 'rooms', 'bad room!'));
    await assert.rejects(settled(signaling.connect()), /Unable to connect/);
    const long = new rtc.MucSignaling(new rtc.WebSocketChannel(base, 'rooms', 'r'.repeat(65)));
    await assert.rejects(settled(long.connect()), /Unable to connect/);
  });

  it('shares a room with our own client: presence, signals both ways, no history', async () => {
    const ann = await ours('rtc-mixed', 'Ann');
    await ann.signal({ type: 'chat', data: 'before rtc-lib came' });
    const created = new Promise<string>((resolve) => ann.once('connectionCreated', (e) => resolve(e.connection.connectionId)));
    const rtcBob = await join('rtc-mixed', { name: 'Bob' });
    assert.equal(await created, rtcBob.id);
    assert.deepEqual(ann.connections.get(rtcBob.id)?.status, { name: 'Bob' }, 'our client sees its status');
    const annId = ann.connection?.connectionId as string;
    const annAtBob = rtcBob.peers.get(annId) as RtcPeer;
    assert.deepEqual(annAtBob.status, { name: 'Ann' }, 'rtc-lib sees ours with its status');
    const chat = collect(annAtBob, 'chat');

    const ring = once(annAtBob, 'ring');
    await ann.signal({ type: 'ring', to: [rtcBob.id] });
    assert.equal(await ring, '', 'a signal without data reaches rtc-lib as ""');
    const live = once(annAtBob, 'chat');
    await ann.signal({ type: 'chat', data: 'live, to everyone' });
    assert.equal(await live, 'live, to everyone', 'our broadcast reaches rtc-lib');
    assert.deepEqual(chat, ['live, to everyone'], 'and no history came before it');

    const received = new Promise<{ data: string; from: string | undefined; to: string[] | undefined }>((resolve) =>
      ann.once('signal:offer', (e) => resolve({ data: e.data, from: e.from?.connectionId, to: e.to?.map((c) => c.connectionId) })),
    );
    await annAtBob.send('offer', { type: 'offer', sdp: 'v=0' });
    assert.deepEqual(await received, { data: '{"type":"offer","sdp":"v=0"}', from: rtcBob.id, to: [annId] });

    const status = new Promise<unknown>((resolve) => ann.once('connectionStatusChanged', (e) => resolve(e.status)));
    await rtcBob.signaling.setStatus({ name: 'Bob', muted: true });
    assert.deepEqual(await status, { name: 'Bob', muted: true });
    const annStatus = once(annAtBob, 'status_changed');
    await ann.setStatus({ name: 'Ann', away: true });
    assert.deepEqual(await annStatus, { name: 'Ann', away: true });

    const gone = new Promise<string>((resolve) => ann.once('connectionDestroyed', (e) => resolve(e.connection.connectionId)));
    await rtcBob.signaling.close();
    assert.equal(await gone, rtcBob.id);
    await until(() => ann.connections.size === 0, 'our client forgot rtc-lib');
  });
});
