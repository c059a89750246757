/**
 * A TCP pass-through between one relay and its Redis that a test can close
 * like a gate: while shut, what the relay sends Redis is held (its
 * reconnections get through the handshake but none of their commands do),
 * so the test decides when that relay catches up with a Redis that came
 * back. Everything held goes on, in order, once the gate opens. It can
 * also hold a connection's traffic only from the first command matching a
 * pattern on (`holdFrom`), and cut every connection at once (`cut`).
 */
import { connect, createServer, type Socket } from 'node:net';

export interface RedisGate {
  /** `redis://127.0.0.1:<gate port>`: give this to the relay instead of Redis's own URL. */
  readonly url: string;
  shut(): void;
  /** From a connection's first write that matches `command` (say /ssubscribe/i) on, hold that connection's writes until `open`. */
  holdFrom(command: RegExp): void;
  /** Writes held so far and not yet let through. */
  readonly held: number;
  /** Drop every connection through the gate (the relay reconnects through it). */
  cut(): void;
  open(): void;
  close(): Promise<void>;
}

export async function startRedisGate(redisPort: number): Promise<RedisGate> {
  let shut = false;
  let holdAt: RegExp | undefined;
  let held: Array<() => void> = [];
  /** Each connection's way to stop holding when the gate opens. */
  const opened: Array<() => void> = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(redisPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    /** This connection's writes are held until the gate opens (`holdFrom` matched one). */
    let holding = false;
    client.on('data', (chunk: Buffer) => {
      if (holdAt?.test(chunk.toString('latin1'))) holding = true;
      if (shut || holding) held.push(() => upstream.writable && upstream.write(chunk));
      else upstream.write(chunk);
    });
    opened.push(() => (holding = false));
    upstream.on('data', (chunk: Buffer) => client.writable && client.write(chunk));
    for (const socket of [client, upstream]) {
      socket.on('close', end);
      socket.on('error', end);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `redis://127.0.0.1:${port}`,
    shut: () => {
      shut = true;
    },
    holdFrom: (command) => {
      holdAt = command;
    },
    get held() {
      return held.length;
    },
    cut: () => {
      for (const socket of sockets) socket.destroy();
    },
    open: () => {
      shut = false;
      holdAt = undefined;
      for (const stop of opened.splice(0)) stop();
      const release = held;
      held = [];
      for (const write of release) write();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
