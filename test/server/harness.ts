/**
 * Test harness: a real relay on port 0 and raw `ws` peers that record every
 * frame they receive, so tests can wait for a frame or prove none came.
 */
import WebSocket from 'ws';
import { createRelayServer, type RelayServer, type RelayServerOptions } from '../../src/server/index.js';
import { roomName } from '../support/rooms.js';

export interface TestRelay {
  server: RelayServer;
  http: string;
  ws(room: string): string;
  close(): Promise<void>;
}

/** Options every startRelay() of this test process adds: a suite re-run on the Redis hub sets `redis`. */
let relayDefaults: RelayServerOptions = {};

export function setRelayDefaults(options: RelayServerOptions): void {
  relayDefaults = options;
}

export async function startRelay(options: RelayServerOptions = {}): Promise<TestRelay> {
  const server = createRelayServer({ port: 0, host: '127.0.0.1', ...relayDefaults, ...options });
  const { port } = await server.listen();
  return {
    server,
    http: `http://127.0.0.1:${port}`,
    ws: (room) => `ws://127.0.0.1:${port}/rooms/${room}`,
    close: () => server.close(),
  };
}

export type Frame = Record<string, unknown> & { type: string };

/** Wakes whoever waits for a test peer's next frame (the peers of both dialects use it). */
export class Arrivals {
  private waiters: Array<() => void> = [];

  /** Resolves when the next frame arrives, or after `ms`. */
  next(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

export class Peer {
  readonly frames: Frame[] = [];
  private cursor = 0;
  private readonly arrivals = new Arrivals();
  closeCode: number | undefined;
  closeReason = '';
  readonly closed: Promise<number>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as Frame);
      this.arrivals.wake();
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => {
        this.closeCode = code;
        this.closeReason = reason.toString();
        this.arrivals.wake();
        resolve(code);
      }),
    );
    socket.on('error', () => {});
  }

  static async open(url: string, options: WebSocket.ClientOptions = {}): Promise<Peer> {
    const socket = new WebSocket(url, options);
    const peer = new Peer(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return peer;
  }

  /** Open, join with `status` (and any other `join` fields, e.g. `{ history: true }`), and return the peer with its id. */
  static async join(url: string, status: Record<string, unknown> = {}, join: Record<string, unknown> = {}): Promise<Peer & { id: string }> {
    const peer = await Peer.open(url);
    peer.send({ type: 'join', status, ...join });
    const joined = await peer.next('joined');
    peer.id = String(joined['id']);
    return peer as Peer & { id: string };
  }

  id: string | undefined;

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /**
   * The next unread frame of `type` (frames of other types before it are passed over).
   * The deadline only bounds a failing wait: on a loaded CI machine a frame can take seconds.
   */
  async next(type: string, timeoutMs = 5000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.cursor < this.frames.length) {
        const frame = this.frames[this.cursor++] as Frame;
        if (frame.type === type) return frame;
      }
      const left = deadline - Date.now();
      if (left <= 0 || this.closeCode !== undefined) {
        const why = this.closeCode === undefined ? `within ${timeoutMs} ms` : `before the socket closed (${this.closeCode} ${this.closeReason})`;
        throw new Error(`no '${type}' frame ${why}; got ${JSON.stringify(this.frames.map((f) => f.type))}`);
      }
      await this.arrivals.next(left);
    }
  }

  /** Every frame received so far that has not been read by next(). */
  unread(): Frame[] {
    return this.frames.slice(this.cursor);
  }

  /** Round-trip a ping so every frame sent before it has arrived. */
  async sync(): Promise<void> {
    const id = `sync-${Math.random()}`;
    this.send({ type: 'ping', id });
    const deadline = Date.now() + 5000;
    while (!this.frames.some((f) => f.type === 'pong' && f['id'] === id)) {
      if (Date.now() > deadline || this.closeCode !== undefined) throw new Error(this.closeCode === undefined ? 'no pong within 5000 ms' : `no pong: the socket closed (${this.closeCode})`);
      await new Promise((r) => setTimeout(r, 5));
    }
    // Drop the pong itself from the unread frames.
    const index = this.frames.findIndex((f) => f.type === 'pong' && f['id'] === id);
    this.frames.splice(index, 1);
    if (this.cursor > index) this.cursor--;
  }

  close(code = 1000): Promise<number> {
    this.socket.close(code);
    return this.closed;
  }
}

/** Open a socket the relay refuses at the handshake: its HTTP status and body (status 101 if it was accepted). */
export function handshakeRefusal(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.on('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    socket.on('open', () => {
      socket.terminate();
      resolve({ status: 101, body: '' });
    });
    socket.on('error', () => {});
  });
}

import { getJson } from '../support/http.js';
export { getJson, postJson } from '../support/http.js';

/** Wait until the relay's /healthz answers `status` (a Redis hub's relay: 503 while Redis is away, 200 once it is back); fails after 20 s. */
export async function healthIs(relay: TestRelay, status: number, reason?: RegExp): Promise<void> {
  let now = 0;
  let said = '';
  const answers = (): boolean => now === status && (!reason || reason.test(said));
  for (let i = 0; i < 400 && !answers(); i++) {
    const health = await getJson(`${relay.http}/healthz`);
    now = health.status;
    said = String(health.body['reason'] ?? '');
    if (!answers()) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!answers()) throw new Error(`/healthz answers ${now} (${said || 'no reason'}), not ${status}${reason ? ` ${reason}` : ''}, after 20 s`);
}

/**
 * Ann on relay `one` and Bob on relay `two`, in a fresh room named after `label`, once
 * Ann has heard Bob join; both are added to `peers` (for the suite to end them).
 */
export async function annAndBobAcross(one: TestRelay, two: TestRelay, label: string, peers: Peer[]): Promise<[Peer, Peer]> {
  const room = roomName(label);
  const ann = await Peer.join(one.ws(room), { name: 'Ann' });
  const bob = await Peer.join(two.ws(room), { name: 'Bob' });
  peers.push(ann, bob);
  await ann.next('peer_joined', 5000);
  return [ann, bob];
}

/** Send `count` signals of 8,000 bytes from `peer` and wait for every ack. */
export async function sendBulk(peer: Peer, count: number, idPrefix: string): Promise<void> {
  const data = 'x'.repeat(8000);
  for (let i = 0; i < count; i++) peer.send({ type: 'signal', id: `${idPrefix}${i}`, event: 'bulk', data });
  for (let i = 0; i < count; i++) await peer.next('ack', 5000);
}

/** Stop reading from `peer`'s socket: the kernel buffers fill, then the server's. */
export function stopReading(peer: { socket: unknown }): void {
  (peer.socket as { _socket: { pause(): void } })._socket.pause();
}

/** Whether the relay still counts `id` as connected in `room` after up to 5 s of asking. */
export async function stillConnectedAfterWaiting(relay: TestRelay, room: string, id: string): Promise<boolean> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const answer = await getJson(`${relay.http}/api/rooms/${room}`);
    const participants = answer.body['participants'] as Array<{ id: string; connected: boolean }>;
    const connected = participants.find((p) => p.id === id)?.connected ?? false;
    if (!connected || Date.now() > deadline) return connected;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
