/**
 * The Node side of the client scenarios: a real relay from
 * createRelayServer on a free port, sessions given `ws` as their WebSocket.
 */
import WebSocket from 'ws';
import { createRelayServer, type RelayServer, type RelayServerOptions } from '../../../src/server/index.js';
import type { WebSocketConstructor } from '../../../src/client/index.js';
import type { ClientTestEnv } from './kit.js';

export interface NodeEnv extends ClientTestEnv {
  readonly server: RelayServer;
  close(): Promise<void>;
}

/** Options every startNodeEnv() of this test process adds: a suite re-run on the Redis hub sets `redis`. */
let envDefaults: RelayServerOptions = {};

export function setNodeEnvDefaults(options: RelayServerOptions): void {
  envDefaults = options;
}

export async function startNodeEnv(options: RelayServerOptions = {}): Promise<NodeEnv> {
  // The relay's default heartbeat (10 s): the sessions run in this process, and a short beat
  // drops them whenever a loaded machine leaves the process unscheduled for that long.
  const settings: RelayServerOptions = { host: '127.0.0.1', graceMs: 3000, rateLimit: false, ...envDefaults, ...options, port: 0 };
  let server = createRelayServer(settings);
  const { port } = await server.listen();
  const http = `http://127.0.0.1:${port}`;
  return {
    get server() {
      return server;
    },
    http,
    url: (room) => `ws://127.0.0.1:${port}/rooms/${room}`,
    options: { WebSocket: WebSocket as unknown as WebSocketConstructor },
    dropPeer: async (room, id) => server.dropPeer(room, id),
    async restart() {
      await server.close();
      server = createRelayServer({ ...settings, port });
      await server.listen();
    },
    async restSignal(body) {
      const response = await fetch(`${http}/api/signal`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      await response.arrayBuffer();
      return response.status;
    },
    close: () => server.close(),
  };
}
