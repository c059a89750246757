/**
 * The wire protocol: one zod schema per frame, one discriminated union per
 * direction. A strict superset of rtc-lib's MucSignaling (`join`, `leave`,
 * `status`, `to` → `joined`, `peer_joined`, `peer_status`, `peer_left`,
 * `from`); our extensions are `signal`/`ack`/`error`/`ping`/`pong` and extra
 * fields a seed client ignores. Built on `zod/mini` so the browser bundle
 * carries only what it uses.
 */
import * as z from 'zod/mini';
import { MAX_ID_CHARS, MAX_RECIPIENTS, isSignalType } from './limits.js';

/** A peer's status: any JSON object (the element puts `name` in it). */
export const Status = z.record(z.string(), z.unknown());
export type Status = z.infer<typeof Status>;

const PeerId = z.string().check(z.minLength(1), z.maxLength(MAX_ID_CHARS));
const SignalId = z.string().check(z.minLength(1), z.maxLength(MAX_ID_CHARS));
/** A signal type; the refinement carries the rule so decode can name the code. */
const SignalType = z.string().check(z.refine(isSignalType, { message: 'type' }));

// ---- client → server -------------------------------------------------------

/** Ask to pick up an earlier connection after a dropped socket. */
export const Resume = z.object({
  id: PeerId,
  /** The secret the server gave in `joined.resume`; only the owner knows it. */
  key: z.string().check(z.maxLength(MAX_ID_CHARS)),
  /** The highest `seq` this client has seen; everything after it is replayed. */
  seq: z.number().check(z.int(), z.gte(0)),
});
export type Resume = z.infer<typeof Resume>;

export const JoinFrame = z.object({
  type: z.literal('join'),
  status: z.optional(Status),
  resume: z.optional(Resume),
  token: z.optional(z.string().check(z.maxLength(4096))),
});
export const LeaveFrame = z.object({ type: z.literal('leave') });
export const StatusFrame = z.object({ type: z.literal('status'), status: Status });
/** The seed's one-peer message. `id` is ours: with it the server answers `ack`. */
export const ToFrame = z.object({
  type: z.literal('to'),
  peer: PeerId,
  event: SignalType,
  data: z.optional(z.unknown()),
  id: z.optional(SignalId),
});
/** Our signal: broadcast when `to` is absent, else to every listed peer. */
export const SignalFrame = z.object({
  type: z.literal('signal'),
  id: SignalId,
  to: z.optional(z.array(PeerId).check(z.maxLength(MAX_RECIPIENTS))),
  event: z.optional(SignalType),
  data: z.optional(z.unknown()),
});
/**
 * A moderator removes a peer from the room (OpenVidu's force-disconnect).
 * Success shows as `peer_left` with reason `kicked`; failure as `error`.
 */
export const KickFrame = z.object({ type: z.literal('kick'), peer: PeerId, id: z.optional(SignalId) });
export const PingFrame = z.object({ type: z.literal('ping'), id: z.optional(z.union([z.string(), z.number()])) });

export const ClientFrame = z.discriminatedUnion('type', [
  JoinFrame,
  LeaveFrame,
  StatusFrame,
  ToFrame,
  SignalFrame,
  KickFrame,
  PingFrame,
]);
export type ClientFrame = z.infer<typeof ClientFrame>;
export type JoinFrame = z.infer<typeof JoinFrame>;
export type ToFrame = z.infer<typeof ToFrame>;
export type SignalFrame = z.infer<typeof SignalFrame>;

// ---- server → client -------------------------------------------------------

export const JoinedFrame = z.object({
  type: z.literal('joined'),
  id: PeerId,
  peers: z.record(z.string(), Status),
  /** Secret for `join.resume`, sent only to this peer. */
  resume: z.optional(z.string()),
  /** True when an earlier connection was picked up (same id, replay follows). */
  resumed: z.optional(z.boolean()),
  /** The room's latest `seq` when this answer was made. */
  seq: z.optional(z.number()),
  /** The role the token gave: `subscriber`, `publisher` or `moderator`. */
  role: z.optional(z.string()),
});
export const PeerJoinedFrame = z.object({ type: z.literal('peer_joined'), peer: PeerId, status: Status });
export const PeerStatusFrame = z.object({ type: z.literal('peer_status'), peer: PeerId, status: Status });
export const PeerLeftFrame = z.object({
  type: z.literal('peer_left'),
  peer: PeerId,
  reason: z.optional(z.string()),
});
export const FromFrame = z.object({
  type: z.literal('from'),
  /** The sender; `null` for signals the server sends itself (REST). */
  peer: z.nullable(PeerId),
  event: z.optional(z.string()),
  data: z.optional(z.unknown()),
  /** Per-room, strictly increasing. */
  seq: z.optional(z.number()),
  /** Server time in ms since the epoch. */
  time: z.optional(z.number()),
  /** Present on targeted signals: who it was sent to. */
  to: z.optional(z.array(PeerId)),
  /** Sent before this peer joined; delivered from the room's history. */
  history: z.optional(z.boolean()),
});
export const AckFrame = z.object({
  type: z.literal('ack'),
  id: SignalId,
  seq: z.number(),
  time: z.number(),
});
export const ErrorFrame = z.object({
  type: z.literal('error'),
  code: z.string(),
  message: z.string(),
  id: z.optional(z.union([z.string(), z.number()])),
});
export const PongFrame = z.object({ type: z.literal('pong'), id: z.optional(z.union([z.string(), z.number()])) });

export const ServerFrame = z.discriminatedUnion('type', [
  JoinedFrame,
  PeerJoinedFrame,
  PeerStatusFrame,
  PeerLeftFrame,
  FromFrame,
  AckFrame,
  ErrorFrame,
  PongFrame,
]);
export type ServerFrame = z.infer<typeof ServerFrame>;
export type JoinedFrame = z.infer<typeof JoinedFrame>;
export type FromFrame = z.infer<typeof FromFrame>;
export type AckFrame = z.infer<typeof AckFrame>;
export type ErrorFrame = z.infer<typeof ErrorFrame>;

export const CLIENT_FRAME_TYPES = ['join', 'leave', 'status', 'to', 'signal', 'kick', 'ping'] as const;
export const SERVER_FRAME_TYPES = ['joined', 'peer_joined', 'peer_status', 'peer_left', 'from', 'ack', 'error', 'pong'] as const;

/**
 * Each frame type's own schema. The decoder reads `type` first and validates
 * against this one schema: the same rules as the unions above, without
 * searching the union for every frame (it is on the path of every signal).
 */
export const CLIENT_FRAME_SCHEMAS: { [K in ClientFrame['type']]: z.ZodMiniType<Extract<ClientFrame, { type: K }>> } = {
  join: JoinFrame,
  leave: LeaveFrame,
  status: StatusFrame,
  to: ToFrame,
  signal: SignalFrame,
  kick: KickFrame,
  ping: PingFrame,
};

export const SERVER_FRAME_SCHEMAS: { [K in ServerFrame['type']]: z.ZodMiniType<Extract<ServerFrame, { type: K }>> } = {
  joined: JoinedFrame,
  peer_joined: PeerJoinedFrame,
  peer_status: PeerStatusFrame,
  peer_left: PeerLeftFrame,
  from: FromFrame,
  ack: AckFrame,
  error: ErrorFrame,
  pong: PongFrame,
};
