/**
 * The wire protocol: every frame listed once, by its `type`, in a map of its
 * fields; the schemas and the frame types are derived from the two maps.
 * A strict superset of rtc-lib's MucSignaling (`join`, `leave`, `status`,
 * `to` → `joined`, `peer_joined`, `peer_status`, `peer_left`, `from`); our
 * extensions are `signal`/`ack`/`error`/`ping`/`pong` and extra fields a seed
 * client ignores. Built on `zod/mini`; the browser reads server frames
 * without zod (parse-server-frame.ts).
 */
import * as z from 'zod/mini';
import { MAX_ID_CHARS, MAX_RECIPIENTS, isSignalType } from './limits.js';
import { PRESENCE_CHANGE_TYPES, SERVER_FRAME_FIELDS, type ValueKind } from './server-frames.js';

/** A peer's status: any JSON object (the element puts `name` in it). */
export const Status = z.record(z.string(), z.unknown());
export type Status = z.infer<typeof Status>;

/** A connection (peer) id, or a signal id the client chose. */
export const Id = z.string().check(z.minLength(1), z.maxLength(MAX_ID_CHARS));
/** Who a targeted signal is for, in every dialect and REST. */
export const Recipients = z.array(Id).check(z.maxLength(MAX_RECIPIENTS));
/** A signal type; the refinement carries the rule so decode can name the code. */
export const SignalType = z.string().check(z.refine(isSignalType, { message: 'type' }));
const PingId = z.union([z.string(), z.number()]);

/** Ask to pick up an earlier connection after a dropped socket. */
export const Resume = z.object({
  id: Id,
  /** The secret the server gave in `joined.resume`; only the owner knows it. */
  key: z.string().check(z.maxLength(MAX_ID_CHARS)),
  /** The highest `seq` this client has seen; everything after it is replayed. */
  seq: z.number().check(z.int(), z.gte(0)),
});
export type Resume = z.infer<typeof Resume>;

// ---- client → server -------------------------------------------------------

const CLIENT_FRAME_FIELDS = {
  join: {
    status: z.optional(Status),
    resume: z.optional(Resume),
    token: z.optional(z.string().check(z.maxLength(4096))),
    /** Ask for the room's recent broadcasts after `joined`; a seed client, which does not ask, gets none. */
    history: z.optional(z.boolean()),
    /** Take peer changes that happen close together as one `presence` frame; a seed client, which does not ask, gets them one by one. */
    batchPresence: z.optional(z.boolean()),
  },
  leave: {},
  status: { status: Status },
  /** The seed's one-peer message. `id` is ours: with it the server answers `ack`. */
  to: { peer: Id, event: SignalType, data: z.optional(z.unknown()), id: z.optional(Id) },
  /** Our signal: broadcast when `to` is absent, else to every listed peer. */
  signal: {
    id: Id,
    to: z.optional(Recipients),
    event: z.optional(SignalType),
    data: z.optional(z.unknown()),
    /** Deliver only: never stored in history or the resume log (typing, read receipts). */
    ephemeral: z.optional(z.boolean()),
  },
  /**
   * A moderator removes a peer from the room (OpenVidu's force-disconnect).
   * Success shows as `peer_left` with reason `kicked`; failure as `error`.
   */
  kick: { peer: Id, id: z.optional(Id) },
  /**
   * Ask for older signals: up to `limit` (1–200; more is served as 200;
   * default 50) kept signals older than seq `before` (absent: the newest),
   * answered by their `from` frames marked `page: id`, oldest first, then
   * `history {id, more}`.
   */
  history: {
    id: Id,
    before: z.optional(z.number().check(z.int(), z.gte(1))),
    limit: z.optional(z.number().check(z.int(), z.gte(1))),
  },
  ping: { id: z.optional(PingId) },
} satisfies Record<string, z.core.$ZodLooseShape>;

// ---- server → client -------------------------------------------------------

/** The zod shape a row of SERVER_FRAME_FIELDS stands for. */
type ShapeOfKinds<Row, Schemas = KindSchemas> = {
  -readonly [F in keyof Row]: Row[F] extends `${infer K extends keyof Schemas & string}?`
    ? z.ZodMiniOptional<Schemas[K] & z.ZodMiniType>
    : Schemas[Row[F] & keyof Schemas];
};

function shapeOfKinds<Row extends Record<string, string>, Schemas extends Record<string, z.ZodMiniType>>(row: Row, schemas: Schemas): ShapeOfKinds<Row, Schemas> {
  const shape = Object.entries(row).map(([field, rule]) => {
    const schema = schemas[rule.replace(/\?$/, '')] as z.ZodMiniType;
    return [field, rule.endsWith('?') ? z.optional(schema) : schema];
  });
  return Object.fromEntries(shape) as ShapeOfKinds<Row, Schemas>;
}

/** The schema of each kind of value in server-frames.ts but `changes` (whose frames are made of these). */
const PLAIN_KIND_SCHEMAS = {
  id: Id,
  'id|null': z.nullable(Id),
  'id[]': z.array(Id),
  string: z.string(),
  'string|number': PingId,
  number: z.number(),
  boolean: z.boolean(),
  status: Status,
  statuses: z.record(z.string(), Status),
  roles: z.record(z.string(), z.string()),
  unknown: z.unknown(),
} satisfies Record<Exclude<ValueKind, 'changes'>, z.ZodMiniType>;

type PresenceChangeType = (typeof PRESENCE_CHANGE_TYPES)[number];
type PresenceChangeSchemas = {
  [K in PresenceChangeType]: z.ZodMiniObject<{ type: z.ZodMiniLiteral<K> } & ShapeOfKinds<(typeof SERVER_FRAME_FIELDS)[K], typeof PLAIN_KIND_SCHEMAS>, z.core.$strip>;
}[PresenceChangeType];

/** A `presence` batch's list: each entry one of the presence frames, by its `type`. */
const PresenceChanges = z.array(
  z.discriminatedUnion(
    'type',
    PRESENCE_CHANGE_TYPES.map((type) => z.object({ type: z.literal(type), ...shapeOfKinds(SERVER_FRAME_FIELDS[type], PLAIN_KIND_SCHEMAS) })) as unknown as [
      PresenceChangeSchemas,
      ...PresenceChangeSchemas[],
    ],
  ),
);

/** The schema of each kind of value in server-frames.ts. */
export const VALUE_KIND_SCHEMAS = { ...PLAIN_KIND_SCHEMAS, changes: PresenceChanges } satisfies Record<ValueKind, z.ZodMiniType>;

type KindSchemas = typeof VALUE_KIND_SCHEMAS;


// ---- derived from the two lists ----------------------------------------------

type FrameSchemas<Fields> = {
  [K in keyof Fields & string]: z.ZodMiniObject<{ type: z.ZodMiniLiteral<K> } & Fields[K], z.core.$strip>;
};

/** One object schema per frame type, with `type` set to its key. */
function frameSchemas<Fields extends Record<string, z.core.$ZodLooseShape>>(fields: Fields): FrameSchemas<Fields> {
  const schemas: Record<string, z.ZodMiniType> = {};
  for (const [type, shape] of Object.entries(fields)) schemas[type] = z.object({ type: z.literal(type), ...shape });
  return schemas as FrameSchemas<Fields>;
}

type ServerShapes = { [K in keyof typeof SERVER_FRAME_FIELDS]: ShapeOfKinds<(typeof SERVER_FRAME_FIELDS)[K]> };

/**
 * Each frame type's own schema. The decoder reads `type` first and validates
 * against this one schema instead of searching a union of all of them (it is
 * on the path of every signal).
 */
export const CLIENT_FRAME_SCHEMAS = frameSchemas(CLIENT_FRAME_FIELDS);
export const SERVER_FRAME_SCHEMAS = frameSchemas(
  Object.fromEntries(Object.entries(SERVER_FRAME_FIELDS).map(([type, row]) => [type, shapeOfKinds(row, VALUE_KIND_SCHEMAS)])) as ServerShapes,
);

type Union<Schemas> = { [K in keyof Schemas]: z.infer<Schemas[K]> }[keyof Schemas];
export type ClientFrame = Union<typeof CLIENT_FRAME_SCHEMAS>;
export type ServerFrame = Union<typeof SERVER_FRAME_SCHEMAS>;
export type ClientFrameOf<K extends ClientFrame['type']> = Extract<ClientFrame, { type: K }>;
export type ServerFrameOf<K extends ServerFrame['type']> = Extract<ServerFrame, { type: K }>;
export type JoinFrame = ClientFrameOf<'join'>;
export type JoinedFrame = ServerFrameOf<'joined'>;
export type FromFrame = ServerFrameOf<'from'>;
export type AckFrame = ServerFrameOf<'ack'>;
export type ErrorFrame = ServerFrameOf<'error'>;
/** One entry of a `presence` batch: a peer_joined, peer_status, peer_role or peer_left frame. */
export type PresenceChange = ServerFrameOf<PresenceChangeType>;
