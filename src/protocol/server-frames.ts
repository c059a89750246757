/**
 * The frames the server sends, listed once: the kind of value each field
 * holds. Zod-free, so the browser reads the list the server's schemas are
 * made from (frames.ts maps each kind to a schema, parse-server-frame.ts to
 * a check): a field added here reaches both decoders at once.
 */

/**
 * What a field may hold. `id`: a peer or signal id (1–MAX_ID_CHARS
 * characters); `status`: a JSON object; `statuses`: an object of statuses;
 * `roles`: an object of strings (peer id → token role); `changes`: a list of
 * presence frames (each one of PRESENCE_CHANGE_TYPES, checked as that frame);
 * `unknown`: any JSON value.
 */
export type ValueKind = 'id' | 'id|null' | 'id[]' | 'string' | 'string|number' | 'number' | 'boolean' | 'status' | 'statuses' | 'roles' | 'changes' | 'unknown';

/** The frames a `presence` batch holds, in the order they happened. */
export const PRESENCE_CHANGE_TYPES = ['peer_joined', 'peer_status', 'peer_role', 'peer_left'] as const;

/** A kind, or a kind with a trailing `?` for a field that may be absent. */
export type FieldRule = ValueKind | `${ValueKind}?`;

export const SERVER_FRAME_FIELDS = {
  joined: {
    id: 'id',
    peers: 'statuses',
    /** Secret for `join.resume`, sent only to this peer. */
    resume: 'string?',
    /** True when an earlier connection was picked up (same id, replay follows). */
    resumed: 'boolean?',
    /** The room's latest `seq` when this answer was made. */
    seq: 'number?',
    /** The role the token gave: `subscriber`, `publisher` or `moderator`. */
    role: 'string?',
    /**
     * Each peer of `peers`' token role, set by the relay (never by the peer:
     * a `status.role` is only what it claims). Absent from a hub that does not know them.
     */
    roles: 'roles?',
  },
  /** `role`: the joining peer's token role, set by the relay (see `joined.roles`). */
  peer_joined: { peer: 'id', status: 'status', role: 'string?' },
  peer_status: { peer: 'id', status: 'status' },
  /** The REST API (PATCH /openvidu/api/sessions/<room>/connection/<peer>) changed `peer`'s token role; sent to everyone, the peer too. */
  peer_role: { peer: 'id', role: 'string' },
  peer_left: { peer: 'id', reason: 'string?' },
  /**
   * Peer changes that happened close together, in one frame: each entry is
   * the `peer_joined` / `peer_status` / `peer_role` / `peer_left` frame it
   * stands for, in order. Only to a peer whose `join` asked with
   * `batchPresence: true`; the others get the frames one by one.
   */
  presence: { changes: 'changes' },
  from: {
    /** The sender; `null` for signals the server sends itself (REST). */
    peer: 'id|null',
    event: 'string?',
    data: 'unknown?',
    /** Per-room, strictly increasing. */
    seq: 'number?',
    /** Server time in ms since the epoch. */
    time: 'number?',
    /** Present on targeted signals: who it was sent to. */
    to: 'id[]?',
    /** Sent as ephemeral: delivered now, never in history or a resume backlog. */
    ephemeral: 'boolean?',
    /** Part of the answer to this peer's `history` request with this id (older history, not live). */
    page: 'id?',
    /** Sent before this peer joined; delivered from the room's history. */
    history: 'boolean?',
    /**
     * On history and resume-backlog signals only: the sender's `status.name`
     * when it sent the signal (the sender may have left or renamed since).
     */
    name: 'string?',
    /** With `name`: true when that name is the sender's token `name` claim, not just what it claimed. */
    verified: 'boolean?',
  },
  ack: { id: 'id', seq: 'number', time: 'number' },
  /** The end of the answer to `history` request `id`: its `from` frames came just before; `more` when older ones remain. */
  history: { id: 'id', more: 'boolean' },
  error: { code: 'string', message: 'string', id: 'string|number?' },
  pong: { id: 'string|number?' },
} as const satisfies Record<string, Record<string, FieldRule>>;
