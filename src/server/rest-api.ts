/**
 * The REST API: `POST /api/signal` (OpenVidu's body and answers) and its
 * OpenVidu-path alias `POST /openvidu/api/signal`, `GET /api/rooms/<room>`,
 * `GET /healthz`.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_REST_BODY_BYTES, RestSignalBody, TYPE_RULE, serialisedBytes, tooLargeMessage } from '../protocol/index.js';
import type { RoomHub } from './hub.js';
import { fromOpenViduType } from '../protocol/openvidu.js';
import { noContent, notAllowed, readBody, safeDecode, sendError, sendJson } from './http-util.js';
import { OPENVIDU_API, handleOpenViduApi } from './openvidu-rest.js';

/** OpenVidu's REST path for signals: the same as `/api/signal`, but `type` may carry OpenVidu's `signal:` prefix. */
const OPENVIDU_SIGNAL_PATH = '/openvidu/api/signal';

const ROOM_PATH = /^\/api\/rooms\/([^/]+)$/;
const CONNECTION_PATH = /^\/api\/rooms\/([^/]+)\/connections\/([^/]+)$/;

/**
 * With a secret, the REST API takes it as OpenVidu does (Basic
 * `OPENVIDUAPP:<secret>`) or as a Bearer token.
 */
function authorised(req: IncomingMessage, secret: string | undefined): boolean {
  if (secret === undefined) return true;
  const header = req.headers.authorization ?? '';
  const expected = [`Basic ${Buffer.from(`OPENVIDUAPP:${secret}`).toString('base64')}`, `Bearer ${secret}`];
  const given = Buffer.from(header);
  return expected.some((candidate) => {
    const want = Buffer.from(candidate);
    return want.length === given.length && timingSafeEqual(want, given);
  });
}

/** Answers the request if it is a REST call; returns false otherwise. */
export async function handleRest(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  hub: RoomHub,
  startedAt: number,
  secret: string | undefined,
  maxSignalBytes: number,
  restTokenTtlSeconds: number,
): Promise<boolean> {
  if (path === '/healthz') {
    const stats = await hub.stats();
    const health = hub.health?.() ?? { ok: true };
    const uptime = Math.round((Date.now() - startedAt) / 1000);
    // A load balancer drains a relay that cannot reach its Redis.
    if (!health.ok) sendJson(res, 503, { ok: false, hub: hub.kind ?? 'custom', reason: health.reason, ...stats, uptime });
    else sendJson(res, 200, { ok: true, hub: hub.kind ?? 'custom', ...stats, uptime });
    return true;
  }
  const openVidu = path === OPENVIDU_SIGNAL_PATH;
  const openViduApi = path.startsWith(OPENVIDU_API);
  if (!path.startsWith('/api/') && !openViduApi) return false;
  if (!authorised(req, secret)) {
    res.setHeader('www-authenticate', 'Basic realm="signal-chat"');
    sendError(res, 401, 'unauthorized', 'this server requires its secret (Basic OPENVIDUAPP:<secret> or Bearer <secret>)');
    return true;
  }
  if (openViduApi && !openVidu) {
    await handleOpenViduApi(req, res, path, new URL(req.url ?? '/', 'http://localhost'), { hub, secret, tokenTtlSeconds: restTokenTtlSeconds });
    return true;
  }
  const wrongMethod = (status: number, message: string): void => sendError(res, status, 'not_found', message);
  const connectionMatch = CONNECTION_PATH.exec(path);
  if (connectionMatch) {
    const room = safeDecode(connectionMatch[1] ?? '');
    const id = safeDecode(connectionMatch[2] ?? '');
    if (req.method !== 'DELETE') notAllowed(res, 'DELETE', wrongMethod);
    else if (room !== undefined && id !== undefined && (await hub.kick(room, id))) noContent(res);
    else sendError(res, 404, 'unknown_peer', 'no such connection in this room');
    return true;
  }
  if (path === '/api/signal' || openVidu) {
    if (req.method !== 'POST') notAllowed(res, 'POST', wrongMethod);
    else await postSignal(req, res, hub, openVidu, maxSignalBytes);
    return true;
  }
  const roomMatch = ROOM_PATH.exec(path);
  if (roomMatch) {
    const room = safeDecode(roomMatch[1] ?? '');
    const snapshot = room === undefined ? undefined : await hub.snapshot(room);
    if (!snapshot) sendError(res, 404, 'unknown_room', 'nobody is in this room');
    else sendJson(res, 200, snapshot);
    return true;
  }
  return false;
}

async function postSignal(req: IncomingMessage, res: ServerResponse, hub: RoomHub, openVidu: boolean, maxSignalBytes: number): Promise<void> {
  const body = await readBody(req, MAX_REST_BODY_BYTES);
  if (!body.ok && body.reason === 'aborted') {
    req.destroy(); // the client is gone mid-body: nobody to answer
    return;
  }
  if (!body.ok) {
    res.setHeader('connection', 'close');
    sendError(res, 413, 'body_too_large', tooLargeMessage('the body', undefined, MAX_REST_BODY_BYTES));
    req.destroy();
    return;
  }
  let json: unknown;
  try {
    json = JSON.parse(body.text);
  } catch {
    sendError(res, 400, 'invalid_message', 'the body is not valid JSON');
    return;
  }
  if (openVidu) json = bodyWithNativeType(json);
  const parsed = RestSignalBody.safeParse(json);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path[0];
    if (field === 'type') sendError(res, 400, 'invalid_type', TYPE_RULE);
    else sendError(res, 400, 'invalid_message', `'${String(field ?? 'body')}' is missing or invalid`);
    return;
  }
  const { session, to, type, data, ephemeral } = parsed.data;
  const bytes = serialisedBytes(data);
  if (bytes > maxSignalBytes) {
    sendError(res, 413, 'data_too_large', tooLargeMessage('data', bytes, maxSignalBytes));
    return;
  }
  if (!(await hub.snapshot(session))) {
    sendError(res, 404, 'unknown_room', `no session '${session.slice(0, 64)}'`);
    return;
  }
  // OpenVidu: an empty `to` means everyone.
  const recipients = to && to.length > 0 ? to : undefined;
  const result = await hub.publish(session, null, { event: type, data, to: recipients, ephemeral });
  if (!result.ok) {
    sendError(res, result.code === 'unknown_peer' ? 406 : 400, result.code, result.message);
    return;
  }
  sendJson(res, 200, { seq: result.seq, time: result.time });
}

/** OpenVidu's rule: `type` may be `signal:<type>`; the prefix is dropped (`signal` alone means no type). */
function bodyWithNativeType(json: unknown): unknown {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return json;
  const body = json as Record<string, unknown>;
  if (typeof body['type'] !== 'string') return json;
  const { type, ...rest } = body;
  const event = fromOpenViduType(type);
  return event === undefined ? rest : { ...rest, type: event };
}

export { safeDecode } from './http-util.js';
