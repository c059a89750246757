/**
 * A real WebSocket server (ws, port 0) whose answers each test writes by
 * hand, for what the relay never does on its own: stay silent, replay a
 * signal twice, send garbage, refuse with a given close code.
 */
import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import { until } from '../../support/wait.js';

export type Frame = Record<string, unknown> & { type: string };

export class ScriptedSocket {
  readonly frames: Frame[] = [];
  closeCode: number | undefined;

  constructor(
    readonly socket: WebSocket,
    /** The request path and query, e.g. `/rooms/r?token=t`. */
    readonly path: string,
  ) {
    socket.on('message', (data) => this.frames.push(JSON.parse(data.toString()) as Frame));
    socket.on('close', (code) => (this.closeCode = code));
    socket.on('error', () => {});
  }

  send(frame: Frame | string): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first received frame of `type` that matches `where`. */
  async frame(type: string, where: (frame: Frame) => boolean = () => true): Promise<Frame> {
    const find = (): Frame | undefined => this.frames.find((f) => f.type === type && where(f));
    await until(() => find() !== undefined, () => `a '${type}' frame arrived (got ${JSON.stringify(this.frames.map((f) => f.type))})`);
    return find() as Frame;
  }

  /** Answer the join as the relay would. */
  async joined(answer: Partial<Frame> = {}): Promise<Frame> {
    const join = await this.frame('join');
    this.send({ type: 'joined', id: 'me', peers: {}, resume: 'key-1', resumed: false, seq: 0, ...answer });
    return join;
  }

  async closed(): Promise<number> {
    await until(() => this.closeCode !== undefined, 'the socket closed');
    return this.closeCode as number;
  }
}

export class ScriptedServer {
  readonly sockets: ScriptedSocket[] = [];

  private constructor(
    private readonly wss: WebSocketServer,
    readonly port: number,
  ) {
    wss.on('connection', (socket, req) => this.sockets.push(new ScriptedSocket(socket, req.url ?? '/')));
  }

  static async start(): Promise<ScriptedServer> {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    return new ScriptedServer(wss, (wss.address() as AddressInfo).port);
  }

  url(room = 'r'): string {
    return `ws://127.0.0.1:${this.port}/rooms/${room}`;
  }

  /** The `n`th socket opened to this server (0 for the first). */
  async socket(n: number): Promise<ScriptedSocket> {
    await until(() => this.sockets.length > n, `socket #${n} opened`);
    return this.sockets[n] as ScriptedSocket;
  }

  /** Stop accepting and cut every socket. */
  close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}
