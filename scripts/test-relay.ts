/**
 * A real relay server for the browser tests.
 *
 * web-test-runner.config.mjs spawns this as `node --import tsx scripts/test-relay.ts`,
 * reads the first stdout line (`{"port":N,"control":M}`) and hands the URLs to the test
 * pages through `/__relay`. It stops on SIGTERM/SIGINT, and — when the runner asks for it
 * with SIGNAL_CHAT_RELAY_WATCH_STDIN=1 — as soon as its stdin closes, so it never
 * outlives a runner that was killed without a chance to clean up.
 *
 * Test-only control endpoint, on its own port (CORS open, loopback only), for what a
 * page cannot do to a server by itself:
 *   POST /drop?room=R&id=I   cut that peer's socket as a network failure would → {"dropped":bool}
 *   POST /restart            close the relay (sockets get 1001) and start a fresh one on the
 *                            same port → {"port":N}
 *   POST /publish            {room, from, signals: [{event, data, to?}]}: publish each, in order, as
 *                            peer `from` sent it (past the socket's rate limit) → {"seq":N}, the last one's
 *   POST /rest/signal        forward the JSON body to the relay's POST /api/signal (the REST API
 *                            is for app servers and sends no CORS headers) → {"status":N,"body":…}
 *   POST /rest/openvidu-signal  the same for OpenVidu's path, POST /openvidu/api/signal
 *   POST /spare              a port nothing listens on yet → {"port":N}: a page can open a session to
 *                            a relay that is down
 *   POST /spare/start?port=N start a relay on that port (the relay "comes back") → {"port":N};
 *                            it runs until the test relay stops; with &secret=S it requires tokens
 *   POST /token?secret=S&room=R&name=N[&role=moderator]  a token for such a relay → {"token":"…"}
 *   POST /openvidu-app?secret=S  a relay with that secret on a spare port, and an OpenVidu app
 *                            server (test/support/openvidu-tutorial-server.ts) given only its URL
 *                            and the secret → {"app":"http://…","ws":"ws://…"}
 *   WebSocket /mute          a server that accepts the socket and never answers, for the
 *                            client's timeouts; with `?answer=join` it answers the join (and
 *                            nothing after it, not even a ping)
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { encodeServerFrame } from '../src/protocol/index.js';
import { createRelayServer, createToken, type RelayServerOptions } from '../src/server/index.js';
import { startTutorialServer, type TutorialServer } from '../test/support/openvidu-tutorial-server.js';

const settings: RelayServerOptions = { host: '127.0.0.1', heartbeatMs: 2000, graceMs: 3000 };
let server = createRelayServer({ ...settings, port: 0 });
const { port } = await server.listen();

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Relays started on a spare port, closed when the test relay stops. */
const spares: Array<ReturnType<typeof createRelayServer>> = [];
/** OpenVidu app servers started for the tests, closed with them. */
const appServers: TutorialServer[] = [];

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const free = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return free;
}

/** Signals published through /publish so far: each gets its own id (a repeated id is a duplicate). */
let published = 0;

/** Restarts are serialised: a second one waits for the first. */
let restarting: Promise<void> = Promise.resolve();

async function control(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (req.method === 'OPTIONS') {
    res.writeHead(204, {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'content-type',
    });
    res.end();
    return;
  }
  if (req.method !== 'POST') return answer(res, 405, { error: 'POST only' });
  if (url.pathname === '/drop') {
    const room = url.searchParams.get('room') ?? '';
    const id = url.searchParams.get('id') ?? '';
    await restarting;
    return answer(res, 200, { dropped: server.dropPeer(room, id) });
  }
  if (url.pathname === '/restart') {
    restarting = restarting.then(async () => {
      await server.close();
      server = createRelayServer({ ...settings, port });
      await server.listen();
    });
    await restarting;
    return answer(res, 200, { port });
  }
  if (url.pathname === '/spare') return answer(res, 200, { port: await freePort() });
  if (url.pathname === '/spare/start') {
    const secret = url.searchParams.get('secret') ?? undefined;
    const spare = createRelayServer({ ...settings, port: Number(url.searchParams.get('port')), ...(secret ? { secret } : {}) });
    spares.push(spare);
    return answer(res, 200, { port: (await spare.listen()).port });
  }
  if (url.pathname === '/openvidu-app') {
    const secret = url.searchParams.get('secret') ?? 'MY_SECRET';
    const relay = createRelayServer({ ...settings, port: 0, secret });
    spares.push(relay);
    const { port: relayPort } = await relay.listen();
    const app = await startTutorialServer({ OPENVIDU_URL: `http://127.0.0.1:${relayPort}`, OPENVIDU_SECRET: secret });
    appServers.push(app);
    return answer(res, 200, { app: app.url, ws: `ws://127.0.0.1:${relayPort}` });
  }
  if (url.pathname === '/token') {
    const q = url.searchParams;
    return answer(res, 200, { token: createToken({ secret: q.get('secret') ?? '', room: q.get('room') ?? '', name: q.get('name') ?? '', ...(q.get('role') ? { role: q.get('role') as 'publisher' } : {}) }) });
  }
  if (url.pathname === '/publish') {
    // A long conversation in one go, as its members had sent it (the socket's rate limit
    // would make 5,000 messages take minutes): each signal published by `from`, in order.
    const body = JSON.parse(await readText(req)) as { room: string; from: string; signals: Array<{ event: string; data: string; to?: string[] }> };
    let last = 0;
    for (const [i, signal] of body.signals.entries()) {
      const result = await server.hub.publish(body.room, body.from, { id: `publish-${++published}`, ...signal });
      if (!result.ok) return answer(res, 409, { error: result.message, at: i });
      last = result.seq;
    }
    return answer(res, 200, { seq: last });
  }
  if (url.pathname === '/rest/signal' || url.pathname === '/rest/openvidu-signal') {
    const path = url.pathname === '/rest/signal' ? '/api/signal' : '/openvidu/api/signal';
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: await readText(req),
    });
    const text = await response.text();
    return answer(res, 200, { status: response.status, body: text ? (JSON.parse(text) as unknown) : null });
  }
  answer(res, 404, { error: 'no such control' });
}

const controlServer = createServer((req, res) => {
  control(req, res).catch((error: unknown) => answer(res, 500, { error: String(error) }));
});
const mute = new WebSocketServer({ noServer: true });
controlServer.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname !== '/mute') return socket.destroy();
  mute.handleUpgrade(req, socket, head, (ws) => {
    ws.on('error', () => {});
    if (url.searchParams.get('answer') !== 'join') return;
    ws.once('message', () => ws.send(encodeServerFrame({ type: 'joined', id: 'mute-peer', peers: {} })));
  });
});
await new Promise<void>((resolve) => controlServer.listen(0, '127.0.0.1', resolve));
const controlPort = (controlServer.address() as AddressInfo).port;

console.log(JSON.stringify({ port, control: controlPort }));

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  controlServer.close();
  controlServer.closeAllConnections();
  for (const client of mute.clients) client.terminate();
  await restarting;
  await Promise.all([server, ...spares, ...appServers].map((s) => s.close()));
  process.exit(0);
}

process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());

if (process.env['SIGNAL_CHAT_RELAY_WATCH_STDIN'] === '1') {
  process.stdin.on('end', () => void stop());
  process.stdin.on('close', () => void stop());
  process.stdin.resume();
}
