/**
 * A TCP pass-through between one relay and its Redis that a test can close
 * like a gate: while shut, what the relay sends Redis is held (its
 * reconnections get through the handshake but none of their commands do),
 * so the test decides when that relay catches up with a Redis that came
 * back. Everything held goes on, in order, once the gate opens.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface RedisGate {
  /** `redis://127.0.0.1:<gate port>`: give this to the relay instead of Redis's own URL. */
  readonly url: string;
  shut(): void;
  open(): void;
  close(): Promise<void>;
}

export async function startRedisGate(redisPort: number): Promise<RedisGate> {
  let shut = false;
  let held: Array<() => void> = [];
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
    client.on('data', (chunk: Buffer) => {
      if (shut) held.push(() => upstream.writable && upstream.write(chunk));
      else upstream.write(chunk);
    });
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
    open: () => {
      shut = false;
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
