/**
 * OpenVidu 2's REST API at `/openvidu/api`, the part an app server's
 * openvidu-node-client (or Java client) calls for signals: sessions, their
 * connections (each with its token), force-disconnect and role changes. A
 * session is a room of the hub, so it has the same lifetime and limits as a
 * room made by a join, and a hub shared by relays shares it. Media,
 * recording, broadcast and stream endpoints answer 501. Authorisation
 * (Basic `OPENVIDUAPP:<secret>`) is checked by the caller (rest-api.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_REST_BODY_BYTES, MAX_STATUS_BYTES, ROOM_RULE, isRoomName } from '../protocol/index.js';
import { isSessionHub, type RoomHub, type SessionConnection, type SessionHub } from './hub.js';
import { noContent, notAllowed, readBody, safeDecode, sendJson } from './http-util.js';
import { peerId } from './ids.js';
import { readJsonObject } from '../protocol/read-frame.js';
import { connectionJson, errorJson, sessionJson, tokenJson } from './openvidu-objects.js';
import { ROLES, signToken, type Role } from './tokens.js';

export const OPENVIDU_API = '/openvidu/api/';

/** The key REST tokens are signed with when the relay has no secret (it then trusts every token anyway). */
const OPEN_MODE_KEY = 'signal-chat open mode';

const SESSIONS = /^\/openvidu\/api\/sessions\/?$/;
const SESSION = /^\/openvidu\/api\/sessions\/([^/]+)\/?$/;
const CONNECTIONS = /^\/openvidu\/api\/sessions\/([^/]+)\/connection\/?$/;
const CONNECTION = /^\/openvidu\/api\/sessions\/([^/]+)\/connection\/([^/]+)\/?$/;
const TOKENS = /^\/openvidu\/api\/tokens\/?$/;

export interface OpenViduApiContext {
  hub: RoomHub;
  secret: string | undefined;
  /** How long a token handed out here may be used, s (`restTokenTtlSeconds`). */
  tokenTtlSeconds: number;
}

type Json = Record<string, unknown>;

/** Answers every request under `/openvidu/api/` but `signal` (rest-api.ts has that). */
export async function handleOpenViduApi(req: IncomingMessage, res: ServerResponse, path: string, url: URL, context: OpenViduApiContext): Promise<void> {
  const method = req.method ?? 'GET';
  const fail = (status: number, message: string): void => sendJson(res, status, errorJson(status, message, path));
  const { hub } = context;
  if (!isSessionHub(hub)) {
    fail(501, 'this relay\'s hub keeps no REST sessions (the in-memory and Redis hubs do); only POST /openvidu/api/signal is available');
    return;
  }
  if (SESSIONS.test(path)) {
    if (method === 'GET') {
      const pending = url.searchParams.get('pendingConnections') === 'true';
      const content = (await hub.sessions()).map((session) => sessionJson(session, pending));
      sendJson(res, 200, { numberOfElements: content.length, content });
    } else if (method === 'POST') await createSession(req, res, hub, fail);
    else notAllowed(res, 'GET, POST', fail);
    return;
  }
  const sessionMatch = SESSION.exec(path);
  if (sessionMatch) {
    const room = safeDecode(sessionMatch[1] ?? '');
    if (method === 'GET') {
      const session = room === undefined ? undefined : await hub.session(room);
      if (!session) fail(404, `no session '${String(room).slice(0, 64)}'`);
      else sendJson(res, 200, sessionJson(session, url.searchParams.get('pendingConnections') === 'true'));
    } else if (method === 'DELETE') {
      if (room !== undefined && (await hub.closeSession(room))) noContent(res);
      else fail(404, `no session '${String(room).slice(0, 64)}'`);
    } else notAllowed(res, 'GET, DELETE', fail);
    return;
  }
  const connectionsMatch = CONNECTIONS.exec(path);
  if (connectionsMatch) {
    const room = safeDecode(connectionsMatch[1] ?? '');
    if (method === 'POST') await createConnection(req, res, room, hub, context, fail);
    else if (method === 'GET') {
      const session = room === undefined ? undefined : await hub.session(room);
      if (!session) fail(404, `no session '${String(room).slice(0, 64)}'`);
      else {
        const content = session.connections.map((connection) => connectionJson(session.room, connection));
        sendJson(res, 200, { numberOfElements: content.length, content });
      }
    } else notAllowed(res, 'GET, POST', fail);
    return;
  }
  const connectionMatch = CONNECTION.exec(path);
  if (connectionMatch) {
    const room = safeDecode(connectionMatch[1] ?? '');
    const id = safeDecode(connectionMatch[2] ?? '');
    if (room === undefined || id === undefined) fail(404, 'no such connection');
    else if (method === 'GET') {
      const connection = (await hub.session(room))?.connections.find((candidate) => candidate.id === id);
      if (!connection) fail(404, `no connection '${id.slice(0, 64)}' in session '${room.slice(0, 64)}'`);
      else sendJson(res, 200, connectionJson(room, connection));
    } else if (method === 'DELETE') {
      if (await hub.dropConnection(room, id)) noContent(res);
      else fail(404, `no connection '${id.slice(0, 64)}' in session '${room.slice(0, 64)}'`);
    } else if (method === 'PATCH') await updateConnection(req, res, room, id, hub, fail);
    else notAllowed(res, 'GET, DELETE, PATCH', fail);
    return;
  }
  if (TOKENS.test(path)) {
    if (method === 'POST') await createLegacyToken(req, res, hub, context, fail);
    else notAllowed(res, 'POST', fail);
    return;
  }
  // Recordings, broadcasts, streams (publish, unpublish, IP cameras), media
  // node config, and anything else OpenVidu has: no media on this relay.
  fail(501, 'this relay carries signals and chat only: OpenVidu media, recording, broadcast and stream endpoints are not implemented');
}

type Fail = (status: number, message: string) => void;

async function createSession(req: IncomingMessage, res: ServerResponse, hub: SessionHub, fail: Fail): Promise<void> {
  const body = await jsonBody(req, fail);
  if (!body) return;
  const custom = body['customSessionId'];
  if (custom !== undefined && custom !== null && typeof custom !== 'string') {
    fail(400, "'customSessionId' must be a string");
    return;
  }
  const room = custom || `ses_${peerId().replace(/[^A-Za-z0-9]/g, '').slice(0, 10)}`;
  if (!isRoomName(room)) {
    fail(400, `'customSessionId': ${ROOM_RULE}`);
    return;
  }
  const opened = await hub.openSession(room);
  if (!opened.ok) fail(503, opened.message);
  else if (!opened.created) fail(409, `session '${room}' already exists`);
  else sendJson(res, 200, sessionJson(opened.info, true));
}

async function createConnection(req: IncomingMessage, res: ServerResponse, room: string | undefined, hub: SessionHub, context: OpenViduApiContext, fail: Fail): Promise<void> {
  const session = room === undefined ? undefined : await hub.session(room);
  if (room === undefined || !session) {
    fail(404, `no session '${String(room).slice(0, 64)}'`);
    return;
  }
  const body = await jsonBody(req, fail);
  if (!body) return;
  const connection = await reserveConnection(req, room, body, hub, context, fail);
  if (connection) sendJson(res, 200, connectionJson(room, connection));
}

/**
 * `POST /openvidu/api/tokens` `{session, role, data}`: what openvidu-node-client's
 * deprecated `session.generateToken()` calls (older apps and tutorials still
 * do). A connection like `createConnection`'s, answered as OpenVidu's Token.
 */
async function createLegacyToken(req: IncomingMessage, res: ServerResponse, hub: SessionHub, context: OpenViduApiContext, fail: Fail): Promise<void> {
  const body = await jsonBody(req, fail);
  if (!body) return;
  const room = body['session'];
  if (typeof room !== 'string' || room === '') {
    fail(400, "'session' must be the id of a session");
    return;
  }
  if (!(await hub.session(room))) {
    fail(404, `no session '${room.slice(0, 64)}'`);
    return;
  }
  const connection = await reserveConnection(req, room, body, hub, context, fail);
  if (connection) sendJson(res, 200, tokenJson(room, connection));
}

/** Reserve a connection in `room` for a token made from the body's role and data; answers a failure itself and gives undefined. */
async function reserveConnection(
  req: IncomingMessage,
  room: string,
  body: Json,
  hub: SessionHub,
  { secret, tokenTtlSeconds }: OpenViduApiContext,
  fail: Fail,
): Promise<SessionConnection | undefined> {
  const type = body['type'];
  if (type !== undefined && type !== null && type !== 'WEBRTC') {
    fail(type === 'IPCAM' ? 501 : 400, type === 'IPCAM' ? 'IP cameras are media: not on this relay' : "'type' must be WEBRTC");
    return undefined;
  }
  const role = roleOf(body['role'] ?? 'PUBLISHER');
  if (!role) {
    fail(400, "'role' must be SUBSCRIBER, PUBLISHER or MODERATOR");
    return undefined;
  }
  const data = body['data'] ?? '';
  if (typeof data !== 'string') {
    fail(400, "'data' must be a string");
    return undefined;
  }
  if (Buffer.byteLength(data) > MAX_STATUS_BYTES / 2) {
    fail(400, `'data' is ${Buffer.byteLength(data)} bytes; at most ${MAX_STATUS_BYTES / 2} (it travels with the peer's status)`);
    return undefined;
  }
  const id = `con_${peerId().replace(/[^A-Za-z0-9]/g, '').slice(0, 10)}`;
  const createdAt = Date.now();
  const iat = Math.floor(createdAt / 1000);
  const exp = iat + tokenTtlSeconds;
  const jwt = signToken({ room, name: '', role, iat, exp, cid: id, data }, secret ?? OPEN_MODE_KEY);
  const token = `${socketScheme(req)}://${req.headers.host ?? 'localhost'}?sessionId=${encodeURIComponent(room)}&token=${jwt}`;
  // The reservation ends with its token: a relay without a secret does not read the token's exp.
  const reserved = await hub.reserve(room, { id, role, serverData: data, createdAt, expiresAt: exp * 1000, token });
  if (!reserved.ok) {
    fail(reserved.code === 'unknown_room' ? 404 : 503, reserved.message);
    return undefined;
  }
  const connection = reserved.info.connections.find((candidate) => candidate.id === id);
  if (!connection) fail(404, `session '${room}' was closed meanwhile`);
  return connection;
}

async function updateConnection(req: IncomingMessage, res: ServerResponse, room: string, id: string, hub: SessionHub, fail: Fail): Promise<void> {
  const body = await jsonBody(req, fail);
  if (!body) return;
  const role = body['role'] === undefined ? undefined : roleOf(body['role']);
  if (role === undefined && body['role'] !== undefined) {
    fail(400, "'role' must be SUBSCRIBER, PUBLISHER or MODERATOR");
    return;
  }
  if (body['record'] === true) {
    fail(501, 'recording is media: not on this relay');
    return;
  }
  const updated = role === undefined ? (await hub.session(room))?.connections.find((candidate) => candidate.id === id) : await hub.setRole(room, id, role);
  if (!updated) fail(404, `no connection '${id.slice(0, 64)}' in session '${room.slice(0, 64)}'`);
  else sendJson(res, 200, connectionJson(room, updated));
}

/** `SUBSCRIBER` → `subscriber`; undefined for anything else. */
function roleOf(value: unknown): Role | undefined {
  if (typeof value !== 'string') return undefined;
  const role = value.toLowerCase();
  return (ROLES as readonly string[]).includes(role) ? (role as Role) : undefined;
}

/** The scheme of the token URL: wss behind a TLS proxy (which says so), ws otherwise. */
function socketScheme(req: IncomingMessage): 'ws' | 'wss' {
  const forwarded = req.headers['x-forwarded-proto'];
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return proto === 'https' || proto === 'wss' ? 'wss' : 'ws';
}

/** A JSON object body; an empty body is `{}`. Answers 400 or 413 itself and gives undefined. */
async function jsonBody(req: IncomingMessage, fail: Fail): Promise<Json | undefined> {
  const body = await readBody(req, MAX_REST_BODY_BYTES);
  if (!body.ok) {
    if (body.reason === 'aborted') req.destroy();
    else fail(413, `the body is over ${MAX_REST_BODY_BYTES} bytes`);
    return undefined;
  }
  if (body.text.trim() === '') return {};
  const json = readJsonObject(body.text);
  if (!json) fail(400, 'the body is not a JSON object');
  return json;
}
