/**
 * The relay: one HTTP server that upgrades `/rooms/<room>` (our dialect) and
 * `/openvidu?sessionId=<room>` (OpenVidu's) to WebSockets, answers the REST
 * API and serves the demo and bundle.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { CLOSE_CODES, ROOM_RULE, isRoomName, type ErrorCode } from '../protocol/index.js';
import { Connection } from './connection.js';
import { HubUnavailableError, type RoomHub } from './hub.js';
import { sendError } from './http-util.js';
import { silentLogger, type Logger } from './logger.js';
import { MemoryHub } from './memory-hub.js';
import { NativeConnection } from './native-connection.js';
import { OpenViduConnection } from './openvidu-connection.js';
import { OpenViduSessions } from './openvidu-sessions.js';
import { DEFAULTS, hubLimits, type RelayServerOptions } from './options.js';
import { createRedisHub } from './redis-hub.js';
import type { Policy } from './policy.js';
import { handleRest, safeDecode } from './rest-api.js';
import { serveStatic } from './static-files.js';

interface SocketRoute {
  path: RegExp;
  /**
   * The room named by the URL, checked before the socket is opened; or
   * undefined when the dialect names it later (OpenVidu's `joinRoom` may).
   */
  room(match: RegExpExecArray, url: URL): string | undefined;
  /** Start the dialect's translator on the socket; the relay keeps its connection core. */
  open(socket: WebSocket, url: URL, room: string | undefined): Connection;
}
// src/server/ and dist/server/ are both two levels below the package root.
const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface RelayServer {
  /** Start listening; resolves with the bound address. */
  listen(): Promise<{ port: number; host: string; url: string }>;
  /** Close every socket with 1001, stop listening, drop timers. */
  close(): Promise<void>;
  /**
   * Cut a peer's socket without a close frame, as a network failure would
   * (the peer keeps its identity for the grace period). For tests and
   * operators; returns whether a socket was found.
   */
  dropPeer(room: string, id: string): boolean;
  readonly hub: RoomHub;
}

/** Refuse a WebSocket handshake with an HTTP answer; `error` gives it a body as the REST API's errors have. */
function refuseUpgrade(socket: Socket, status: number, text: string, error?: { code: ErrorCode; message: string }): void {
  const body = error ? JSON.stringify(error) : '';
  const type = error ? 'Content-Type: application/json; charset=utf-8\r\n' : '';
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\n${type}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

/** The hub the options ask for: Redis with `redis`, otherwise this process's memory. */
function defaultHub(options: RelayServerOptions, log: Logger): RoomHub {
  const limits = hubLimits(options);
  if (options.redis !== undefined) {
    const target = typeof options.redis === 'string' ? { url: options.redis } : { cluster: options.redis.cluster };
    return createRedisHub({ ...options, ...target, maxRooms: options.maxRooms ?? DEFAULTS.maxRooms, logger: log });
  }
  return new MemoryHub({ ...limits, maxRooms: options.maxRooms ?? DEFAULTS.maxRooms });
}

export function createRelayServer(options: RelayServerOptions = {}): RelayServer {
  const log = options.logger ?? silentLogger;
  const heartbeatMs = options.heartbeatMs ?? DEFAULTS.heartbeatMs;
  const graceMs = options.graceMs ?? DEFAULTS.graceMs;
  const restTokenTtlSeconds = options.restTokenTtlSeconds ?? DEFAULTS.restTokenTtlSeconds;
  const hub = options.hub ?? defaultHub(options, log);
  const policy: Policy = {
    secret: options.secret || undefined,
    rate: options.rateLimit === false ? null : (options.rateLimit ?? DEFAULTS.rateLimit),
    maxBufferedBytes: options.maxBufferedBytes ?? DEFAULTS.maxBufferedBytes,
    maxSignalBytes: options.maxSignalBytes ?? DEFAULTS.maxSignalBytes,
  };
  const allowOrigins = new Set(options.allowOrigins ?? []);
  const maxConnections = options.maxConnections ?? DEFAULTS.maxConnections;
  const roots = {
    demoDir: options.demoDir ?? join(PACKAGE_ROOT, 'demo'),
    distDir: options.distDir ?? join(PACKAGE_ROOT, 'dist'),
  };
  const startedAt = Date.now();
  /** Sockets heard from since the last heartbeat. */
  const alive = new WeakSet<WebSocket>();
  const connections = new WeakMap<WebSocket, Connection>();
  // Kept longer than the grace period plus two missed heartbeats, so the hub
  // alone decides whether a reconnecting OpenVidu client is too late.
  const openViduSessions = new OpenViduSessions(graceMs + 2 * heartbeatMs + 60_000);

  /** One entry per wire dialect. */
  const socketRoutes: SocketRoute[] = [
    {
      path: /^\/rooms\/([^/]+)\/?$/,
      room: (match) => safeDecode(match[1] ?? '') ?? '',
      open: (socket, url, room) => new Connection(socket, hub, log, policy, (core) => new NativeConnection(core, room ?? '', url.searchParams.get('token') ?? undefined)),
    },
    {
      // openvidu-browser keeps only the token URL's host: `<scheme>://host:port/openvidu?sessionId=<room>`.
      path: /^\/openvidu\/?$/,
      room: (_match, url) => url.searchParams.get('sessionId') ?? undefined,
      open: (socket, _url, room) => new Connection(socket, hub, log, policy, (core) => new OpenViduConnection(core, room, openViduSessions)),
    },
  ];
  const routeOf = (path: string): { route: SocketRoute; match: RegExpExecArray } | undefined => {
    for (const route of socketRoutes) {
      const match = route.path.exec(path);
      if (match) return { route, match };
    }
    return undefined;
  };

  // No permessage-deflate: the fan-out path (socket-writer.ts) relies on it.
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: options.maxFrameBytes ?? DEFAULTS.maxFrameBytes });
  // Shared listeners (`this` is the socket), so an idle connection carries no
  // closures of its own for the heartbeat.
  function heard(this: WebSocket): void {
    alive.add(this);
  }
  wss.on('connection', (socket: WebSocket, _req: IncomingMessage, route: SocketRoute, url: URL, room: string | undefined) => {
    alive.add(socket);
    socket.on('pong', heard);
    socket.on('message', heard);
    connections.set(socket, route.open(socket, url, room));
  });

  const http = createServer((req, res) => {
    handleRequest(req, res).catch((error: unknown) => {
      if (error instanceof HubUnavailableError) {
        if (!res.headersSent) sendError(res, 503, 'unavailable', error.message);
        else res.destroy();
        return;
      }
      log.error('request failed', error);
      if (!res.headersSent) sendError(res, 500, 'internal_error', 'the server failed to answer');
      else res.destroy();
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (routeOf(path)) {
      res.setHeader('upgrade', 'websocket');
      sendError(res, 426, 'invalid_message', 'this path takes WebSocket connections only');
      return;
    }
    if (await handleRest(req, res, path, hub, startedAt, policy.secret, policy.maxSignalBytes, restTokenTtlSeconds)) return;
    if ((req.method === 'GET' || req.method === 'HEAD') && (await serveStatic(res, path, roots))) return;
    sendError(res, 404, 'not_found', 'no such resource');
  }

  // Defined out here: a listener created inside the upgrade handler would
  // share its scope and keep each request, URL and head buffer alive for as
  // long as the socket lives.
  const onSocketError = (error: Error): void => log.debug('socket error', error.message);
  http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', onSocketError);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const routed = routeOf(url.pathname);
    if (!routed) {
      refuseUpgrade(socket, 404, 'Not Found');
      return;
    }
    const origin = req.headers.origin;
    // Pages send an Origin; other programs do not, and are held by tokens instead.
    if (allowOrigins.size > 0 && origin !== undefined && !allowOrigins.has(origin)) {
      refuseUpgrade(socket, 403, 'Forbidden');
      return;
    }
    if (wss.clients.size >= maxConnections) {
      refuseUpgrade(socket, 503, 'Service Unavailable');
      return;
    }
    const { route, match } = routed;
    const room = route.room(match, url);
    if (room !== undefined && !isRoomName(room)) {
      // Refused before the socket opens, so every client's connect fails at
      // once (rtc-lib's would wait forever for a `joined` after an error
      // frame it ignores). Our own client checks the rule before connecting.
      refuseUpgrade(socket, 400, 'Bad Request', { code: 'invalid_room', message: ROOM_RULE });
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      wss.emit('connection', ws, req, route, url, room);
    });
  });
  http.on('clientError', (error, socket) => {
    log.debug('bad HTTP request', error.message);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  // A beat judges after this turn's I/O (setImmediate): pongs that came while this process
  // was starved or paused are read first, so no peer is dropped for the relay's own delay.
  let beat: NodeJS.Immediate | undefined;
  const heartbeat = setInterval(() => {
    beat ??= setImmediate(() => {
      beat = undefined;
      for (const socket of wss.clients) {
        if (!alive.has(socket)) {
          socket.terminate();
          continue;
        }
        alive.delete(socket);
        try {
          socket.ping();
        } catch {
          socket.terminate();
        }
      }
    });
  }, heartbeatMs);
  heartbeat.unref();

  return {
    hub,
    dropPeer(room, id) {
      for (const socket of wss.clients) {
        const connection = connections.get(socket);
        if (connection?.room === room && connection.peerId === id) {
          socket.terminate();
          return true;
        }
      }
      return false;
    },
    async listen() {
      // A hub that cannot connect yet does not keep the relay from starting: it starts unhealthy.
      await hub.ready?.();
      return new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(options.port ?? DEFAULTS.port, options.host ?? DEFAULTS.host, () => {
          http.off('error', reject);
          const address = http.address() as AddressInfo;
          const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve({ port: address.port, host: address.address, url: `http://${host}:${address.port}/` });
        });
      });
    },
    async close() {
      clearInterval(heartbeat);
      if (beat) clearImmediate(beat);
      openViduSessions.clear();
      hub.drain?.();
      const closing = Array.from(wss.clients, (socket) => new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        const connection = connections.get(socket);
        if (connection) connection.closeSocket(CLOSE_CODES.going_away, 'server shutting down');
        else socket.close(CLOSE_CODES.going_away, 'server shutting down');
      }));
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, 2000).unref());
      await Promise.race([Promise.all(closing), timeout]);
      for (const socket of wss.clients) socket.terminate();
      wss.close();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
      await hub.close();
    },
  };
}
