/**
 * OpenVidu's wire dialect: JSON-RPC 2.0 over WebSocket, as openvidu-browser
 * 2.32 speaks it (see the README, "Coming from OpenVidu / OpenTok"). Only the
 * signalling part: `ping`, `joinRoom`, `sendMessage`, `leaveRoom`, `connect`
 * (reconnection) and `forceDisconnect` in; the `participantJoined`,
 * `participantLeft`, `participantEvicted` and `sendMessage` notifications out.
 *
 * Like frames.ts this file only knows shapes and rules; what a room does with
 * a signal is the server's business. Every incoming frame goes through
 * `decodeRpcRequest` and then the `safeParse` of its method's params schema.
 */
import * as z from 'zod/mini';
import type { ErrorCode } from './errors.js';
import { Id, Recipients } from './frames.js';
import { MAX_DATA_BYTES, MAX_ID_CHARS, MAX_TYPE_BYTES, TYPE_RULE, isSignalType, serialisedBytes, tooLargeMessage } from './limits.js';
import { OPENVIDU_TYPE_PREFIX, fromOpenViduType } from './openvidu-conventions.js';

// The zod-free conventions (types, names in connection data), re-exported for the dialect.
export * from './openvidu-conventions.js';

/**
 * The OpenVidu server version the relay claims in `joinRoom`. openvidu-browser
 * compares it with its own: the same minor (or the next) is silent, anything
 * else only logs. It must be valid semver or `connect()` never settles.
 */
export const OPENVIDU_SERVER_VERSION = '2.32.0';

// ---- JSON-RPC envelope -----------------------------------------------------

const RpcId = z.union([z.number(), z.string().check(z.maxLength(MAX_ID_CHARS))]);
export type RpcId = z.infer<typeof RpcId>;

export const RpcRequest = z.object({
  jsonrpc: z.literal('2.0'),
  method: z.string().check(z.minLength(1), z.maxLength(64)),
  /** Absent for a notification from the client (then nothing is answered). */
  id: z.optional(RpcId),
  /** openvidu-browser leaves it out of every `ping` but the first. */
  params: z.optional(z.nullable(z.unknown())),
});
export type RpcRequest = z.infer<typeof RpcRequest>;

// ---- params of the methods the relay answers -------------------------------

export const PingParams = z.nullish(z.object({ interval: z.optional(z.number()) }));

export const JoinRoomParams = z.object({
  /** The whole token URL `ws(s)://host:port?sessionId=<room>&token=<t>`. */
  token: z.optional(z.string().check(z.maxLength(8192))),
  /** The session id, i.e. the room. */
  session: z.optional(z.string().check(z.maxLength(256))),
  /** The app's connection data: any string, often JSON such as `{"clientData":"Ann"}`. */
  metadata: z.optional(z.string()),
  platform: z.optional(z.unknown()),
  sdkVersion: z.optional(z.unknown()),
  secret: z.optional(z.unknown()),
  recorder: z.optional(z.unknown()),
  stt: z.optional(z.unknown()),
});
export type JoinRoomParams = z.infer<typeof JoinRoomParams>;

/** `sendMessage` carries the signal as a JSON string. */
export const SendMessageParams = z.object({ message: z.string() });

/** The signal inside `sendMessage.message`. */
export const OpenViduSignal = z.object({
  /** Connection ids; empty or absent: everyone, the sender included. */
  to: z.optional(Recipients),
  data: z.optional(z.unknown()),
  /** `signal:<type>`; the prefix is optional here. */
  type: z.optional(z.string().check(z.maxLength(OPENVIDU_TYPE_PREFIX.length + MAX_TYPE_BYTES))),
});

/** `connect` picks up a dropped participant by the `sessionId` `joinRoom` answered. */
export const ConnectParams = z.object({
  sessionId: Id,
  reconnect: z.optional(z.boolean()),
});

export const ForceDisconnectParams = z.object({ connectionId: Id });

// ---- errors ----------------------------------------------------------------

/** JSON-RPC's own error codes. */
export const JSONRPC_ERRORS = {
  parse_error: -32700,
  invalid_request: -32600,
  method_not_found: -32601,
  invalid_params: -32602,
} as const;

/** openvidu-browser treats exactly this error to `connect` as "the server no longer knows you". */
export const RECONNECTION_ERROR = { code: 40007, message: 'reconnection error' } as const;

/** openvidu-server's USER_NOT_FOUND, also what it answers for an unknown connection. */
export const USER_NOT_FOUND = 102;

/**
 * Our error codes as the numbers openvidu-server uses for the same failure
 * (its `OpenViduException.Code`); `error.data.code` carries ours as well.
 */
const OPENVIDU_NUMBERS: Partial<Record<ErrorCode, number>> = {
  invalid_message: 600, // SIGNAL_FORMAT_INVALID
  invalid_type: 600,
  unknown_peer: 601, // SIGNAL_TO_INVALID
  data_too_large: 602, // SIGNAL_MESSAGE_INVALID
  unauthorized: 401, // USER_UNAUTHORIZED (openvidu-browser maps 401 to OPENVIDU_PERMISSION_DENIED)
  forbidden: 401,
  not_joined: USER_NOT_FOUND,
  invalid_room: 202, // ROOM_NOT_FOUND
  room_full: 204, // ROOM_CANNOT_BE_CREATED
  server_full: 204,
};
const GENERIC_ERROR = 999;

export interface RpcError {
  code: number;
  message: string;
  /** Our snake_case code, when the failure has one. */
  data?: { code: ErrorCode } | undefined;
}

/** An error object for one of our codes; `number` overrides the OpenVidu number. */
export function rpcError(code: ErrorCode, message: string, number?: number): RpcError {
  return { code: number ?? OPENVIDU_NUMBERS[code] ?? GENERIC_ERROR, message, data: { code } };
}

// ---- frames out ------------------------------------------------------------

export function encodeRpcResult(id: RpcId, result: object): string {
  return JSON.stringify({ jsonrpc: '2.0', id, result });
}

export function encodeRpcError(id: RpcId | null, error: RpcError): string {
  return JSON.stringify({ jsonrpc: '2.0', id, error });
}

/** A remote participant as `joinRoom.value[]` and `participantJoined` describe it. */
export interface ParticipantInfo {
  id: string;
  /** ms since the epoch. */
  createdAt: number;
  metadata: string;
}

export interface Notifications {
  participantJoined: ParticipantInfo;
  participantLeft: { connectionId: string; reason: string };
  /** Sent to the participant itself when it was removed from the room. */
  participantEvicted: { connectionId: string; reason: string };
  /** `from` is left out for a signal the server sent itself. */
  sendMessage: { data: string; type: string; from?: string };
}

export function encodeNotification<M extends keyof Notifications>(method: M, params: Notifications[M]): string {
  return JSON.stringify({ jsonrpc: '2.0', method, params });
}

/** The `joinRoom` answer openvidu-browser needs (without `value` or `version` it hangs). */
export interface JoinRoomResult {
  id: string;
  createdAt: number;
  metadata: string;
  value: ParticipantInfo[];
  session: string;
  /** The RPC session id `connect` presents after a dropped socket. */
  sessionId: string;
  role: 'SUBSCRIBER' | 'PUBLISHER' | 'MODERATOR';
  version: string;
  record: boolean;
}

// ---- frames in -------------------------------------------------------------

export type DecodedRequest = { ok: true; request: RpcRequest } | { ok: false; id: RpcId | null; error: RpcError };

/** Decode one text frame as a JSON-RPC request; never throws. */
export function decodeRpcRequest(text: string): DecodedRequest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, id: null, error: { code: JSONRPC_ERRORS.parse_error, message: 'Parse error: the frame is not JSON' } };
  }
  const parsed = RpcRequest.safeParse(raw);
  if (!parsed.success) {
    const rawId = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)['id'] : undefined;
    const id = RpcId.safeParse(rawId);
    return {
      ok: false,
      id: id.success ? id.data : null,
      error: { code: JSONRPC_ERRORS.invalid_request, message: 'Invalid Request: expected {jsonrpc: "2.0", method, id?, params?}' },
    };
  }
  return { ok: true, request: parsed.data };
}

/** A signal from an OpenVidu client, checked against the same limits as ours. */
export type DecodedSignal =
  | { ok: true; event: string | undefined; data: unknown; to: string[] | undefined }
  | { ok: false; code: ErrorCode; message: string };

/** Decode `sendMessage.message` (a JSON string) into a signal for the room. */
export function decodeOpenViduSignal(message: string, maxDataBytes: number = MAX_DATA_BYTES): DecodedSignal {
  let raw: unknown;
  try {
    raw = JSON.parse(message);
  } catch {
    return { ok: false, code: 'invalid_message', message: "'message' is not a JSON string" };
  }
  const parsed = OpenViduSignal.safeParse(raw);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path[0];
    if (field === 'type') return { ok: false, code: 'invalid_type', message: TYPE_RULE };
    return { ok: false, code: 'invalid_message', message: `'message.${String(field ?? '')}' is invalid` };
  }
  const { to, data, type } = parsed.data;
  const event = fromOpenViduType(type);
  if (event !== undefined && !isSignalType(event)) return { ok: false, code: 'invalid_type', message: TYPE_RULE };
  const bytes = serialisedBytes(data);
  if (bytes > maxDataBytes) return { ok: false, code: 'data_too_large', message: tooLargeMessage('data', bytes, maxDataBytes) };
  return { ok: true, event, data, to: to && to.length > 0 ? Array.from(new Set(to)) : undefined };
}

/**
 * The token inside an OpenVidu token URL (`…?sessionId=<room>&token=<t>`). A
 * string that is not a URL is taken as the token itself, so raw JSON-RPC
 * clients may send just the token.
 */
export function tokenFromOpenVidu(token: string | undefined): string | undefined {
  if (!token) return undefined;
  if (!/^(wss?|https?):\/\//.test(token)) return token;
  try {
    return new URL(token).searchParams.get('token') || undefined;
  } catch {
    return undefined;
  }
}

// ---- data, roles, reasons -----------------------------------------------------

/** OpenVidu's `data` is a string: other JSON is sent as its JSON text, nothing as ''. */
export function toOpenViduData(data: unknown): string {
  if (typeof data === 'string') return data;
  if (data === undefined) return '';
  return JSON.stringify(data) ?? '';
}

/** Our roles by OpenVidu's names. */
export function toOpenViduRole(role: string): JoinRoomResult['role'] {
  return role === 'subscriber' ? 'SUBSCRIBER' : role === 'moderator' ? 'MODERATOR' : 'PUBLISHER';
}

/** Why a participant left, in OpenVidu's words (`connectionDestroyed.reason`). */
export function toOpenViduReason(reason: string | undefined): string {
  switch (reason) {
    case 'network':
    case 'heartbeat':
      return 'networkDisconnect';
    case 'kicked':
      return 'forceDisconnectByServer';
    case 'shutdown':
      return 'openviduServerStopped';
    default:
      return 'disconnect';
  }
}
