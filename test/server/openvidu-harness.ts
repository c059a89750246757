/**
 * A raw JSON-RPC 2.0 client speaking to the relay as openvidu-browser 2.32
 * does (same methods, params and socket URL), recording every frame so tests
 * can wait for a notification or prove none came.
 */
import WebSocket from 'ws';
import { openViduToken } from '../support/openvidu.js';
import { Arrivals, type TestRelay } from './harness.js';

export type Rpc = Record<string, unknown> & { jsonrpc: string };
export type Result = Record<string, unknown>;
export interface RpcErrorBody {
  code: number;
  message: string;
  data?: { code?: string };
}

/** The socket URL openvidu-browser derives from that token. */
export function openViduSocketUrl(relay: Pick<TestRelay, 'http'>, room: string | undefined, reconnect = false): string {
  const { host } = new URL(relay.http);
  const query = [room === undefined ? '' : `sessionId=${room}`, reconnect ? 'reconnect=true' : ''].filter(Boolean).join('&');
  return `ws://${host}/openvidu${query ? `?${query}` : ''}`;
}

export class RpcPeer {
  /** Notifications (and requests) from the server, in order. */
  readonly frames: Rpc[] = [];
  /** Answers to our requests, by id (null: an error without an id). */
  private readonly answers = new Map<number | null, Rpc>();
  private cursor = 0;
  private nextId = 0;
  private readonly arrivals = new Arrivals();
  closeCode: number | undefined;
  readonly closed: Promise<number>;
  /** Set by join(): the connection id and the RPC session id. */
  id = '';
  rpcSessionId = '';
  joinResult: Result = {};

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Rpc;
      if (frame['method'] === undefined) this.answers.set(frame['id'] as number | null, frame);
      else this.frames.push(frame);
      this.arrivals.wake();
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', (code) => {
        this.closeCode = code;
        this.arrivals.wake();
        resolve(code);
      }),
    );
    socket.on('error', () => {});
  }

  static async open(url: string): Promise<RpcPeer> {
    const socket = new WebSocket(url);
    const peer = new RpcPeer(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return peer;
  }

  /** Open `/openvidu?sessionId=<room>`, ping, joinRoom as openvidu-browser does; throws on an error answer. */
  static async join(relay: Pick<TestRelay, 'http'>, room: string, metadata = '', token = openViduToken(relay, room)): Promise<RpcPeer> {
    const peer = await RpcPeer.open(openViduSocketUrl(relay, room));
    await peer.call('ping', { interval: 5000 });
    const result = await peer.call('joinRoom', {
      token,
      session: room,
      platform: 'node test',
      sdkVersion: '2.32.2',
      metadata,
      secret: '',
      recorder: false,
      stt: false,
    });
    peer.id = String(result['id']);
    peer.rpcSessionId = String(result['sessionId']);
    peer.joinResult = result;
    return peer;
  }

  sendRaw(text: string): void {
    this.socket.send(text);
  }

  /** Send a request; returns its id. */
  request(method: string, params?: unknown): number {
    const id = this.nextId++;
    this.socket.send(JSON.stringify(params === undefined ? { jsonrpc: '2.0', method, id } : { jsonrpc: '2.0', method, params, id }));
    return id;
  }

  /** The answer to request `id`, as { result } or { error }. */
  async answer(id: number | null, timeoutMs = 5000): Promise<{ result?: Result; error?: RpcErrorBody }> {
    await this.untilFrames(() => this.answers.has(id), `an answer to #${id}`, timeoutMs);
    const frame = this.answers.get(id) as Rpc;
    this.answers.delete(id);
    return frame as { result?: Result; error?: RpcErrorBody };
  }

  /** Call and expect a result. */
  async call(method: string, params?: unknown): Promise<Result> {
    const answer = await this.answer(this.request(method, params));
    if (!answer.result) throw new Error(`${method} failed: ${JSON.stringify(answer.error)}`);
    return answer.result;
  }

  /** Call and expect an error. */
  async callError(method: string, params?: unknown): Promise<RpcErrorBody> {
    const answer = await this.answer(this.request(method, params));
    if (!answer.error) throw new Error(`${method} succeeded: ${JSON.stringify(answer.result)}`);
    return answer.error;
  }

  /** openvidu-browser's `session.signal({ type, data, to })`. */
  signal(type: string, data: string, to: string[] = []): Promise<Result> {
    return this.call('sendMessage', { message: JSON.stringify({ to, data, type: `signal:${type}` }) });
  }

  /** The next unread notification of `method` (others before it are passed over). */
  async next(method: string, timeoutMs = 5000): Promise<Result> {
    let found: Rpc | undefined;
    await this.untilFrames(() => {
      for (let i = this.cursor; i < this.frames.length; i++) {
        const frame = this.frames[i] as Rpc;
        if (frame['method'] !== method) continue;
        this.cursor = i + 1;
        found = frame;
        return true;
      }
      return false;
    }, `a '${method}' notification`, timeoutMs);
    return ((found as Rpc)['params'] ?? {}) as Result;
  }

  private async untilFrames(done: () => boolean, what: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (done()) return;
      const left = deadline - Date.now();
      if (left <= 0 || this.closeCode !== undefined) {
        const why = this.closeCode === undefined ? `within ${timeoutMs} ms` : `before the socket closed (${this.closeCode})`;
        throw new Error(`no ${what} ${why}; got ${JSON.stringify(this.frames.slice(this.cursor))}`);
      }
      await this.arrivals.next(left);
    }
  }

  /** Notifications received and not yet read by next(). */
  unread(): Rpc[] {
    return this.frames.slice(this.cursor);
  }

  /** Round-trip a ping so every frame the server sent before it has arrived. */
  async sync(): Promise<void> {
    await this.call('ping');
  }

  close(code = 4102): Promise<number> {
    this.socket.close(code);
    return this.closed;
  }
}
