/**
 * The native dialect: our JSON frames (a superset of MucSignaling) over the
 * connection core. It decodes frames, asks the hub, and writes the hub's
 * frames as they are (they are encoded in this dialect already).
 */
import {
  CLOSE_CODES,
  DEFAULT_PAGE,
  MAX_PAGE,
  decodeClientFrameCompiled,
  encodeServerFrame,
  type ClientFrame,
  type ClientFrameOf,
  type ErrorCode,
  type ServerFrame,
} from '../protocol/index.js';
import { tokenFromOpenVidu } from '../protocol/openvidu.js';
import type { Connection, Dialect } from './connection.js';
import type { Delivery } from './delivery.js';
import { admit, allowed, lockStatus } from './policy.js';
import { SendOrder } from './send-order.js';
import type { Role } from './tokens.js';

/** Where a `joined` encoded with empty `peers` and `roles` takes the hub's listing (JSON.stringify keeps the key order). */
const EMPTY_LISTING = '"peers":{},"roles":{}';

export class NativeConnection implements Dialect {
  private role: Role = 'publisher';
  private lockedName: string | undefined;
  /** Signals refused while Redis was unreachable, which later ones wait behind (made on the first refusal). */
  private order: SendOrder | undefined;

  constructor(
    private readonly core: Connection,
    private readonly room: string,
    /** The `token` query parameter of the socket URL, if any. */
    private readonly urlToken: string | undefined,
  ) {}

  // ---- Dialect ----

  deliver(delivery: Delivery): void {
    this.core.write(delivery.text);
  }

  roleChanged(role: Role): void {
    this.role = role;
  }

  refuseBinary(): void {
    this.fail('invalid_message', 'binary frames are not accepted');
  }

  failed(): void {
    this.fail('internal_error', 'the server failed to handle this frame');
  }

  isGoodbye(code: number): boolean {
    return code === CLOSE_CODES.normal || code === CLOSE_CODES.going_away;
  }

  async handle(text: string): Promise<void> {
    const decoded = decodeClientFrameCompiled(text, this.core.policy.maxSignalBytes);
    if (!decoded.ok) {
      this.fail(decoded.code, decoded.message, decoded.id);
      return;
    }
    const frame = decoded.frame;
    if (frame.type === 'ping') this.reply({ type: 'pong', id: frame.id });
    else if (frame.type === 'join') await this.join(frame);
    else if (!this.core.joined) this.fail('not_joined', `send 'join' before '${frame.type}'`, 'id' in frame ? frame.id : undefined);
    else await this.joinedFrame(frame);
  }

  // ---- frames in ----

  private async join(frame: ClientFrameOf<'join'>): Promise<void> {
    if (!this.core.fresh) {
      this.fail('not_joined', 'already joined; open a new connection to join again');
      return;
    }
    const admission = admit(this.core.policy, this.room, tokenFromOpenVidu(frame.token ?? this.urlToken), frame.status ?? {});
    if (!admission.ok) {
      this.refuse(admission.code, admission.message, admission.code === 'forbidden' ? CLOSE_CODES.forbidden : CLOSE_CODES.unauthorized);
      return;
    }
    this.role = admission.role;
    this.lockedName = admission.lockedName;
    const result = await this.core.join({
      room: this.room,
      status: admission.status,
      resume: frame.resume,
      history: frame.history === true,
      batchPresence: frame.batchPresence === true,
      verifiedName: admission.lockedName,
      role: admission.role,
      connectionId: admission.connection?.id,
    });
    if (!result) return;
    if (!result.ok) {
      // A REST connection token whose reservation is gone is refused as a bad token; anything else is a full room or server.
      this.refuse(result.code, result.message, result.code === 'unauthorized' ? CLOSE_CODES.unauthorized : CLOSE_CODES.full);
      return;
    }
    this.role = result.role ?? admission.role;
    const { listing } = result;
    // The hub's listing text goes in as it is: a join storm encodes no object of the whole room per join.
    const [peers, roles] = listing ? [{}, {}] : [result.peers, result.roles];
    const joined = encodeServerFrame({ type: 'joined', id: result.id, peers, roles, resume: result.resumeKey, resumed: result.resumed, seq: result.seq, role: this.role });
    this.core.write(listing ? joined.replace(EMPTY_LISTING, () => `"peers":${listing.peersJson},"roles":${listing.rolesJson}`) : joined);
    this.core.writeBurst(result.backlog.map((delivery) => delivery.text));
    this.core.answered();
  }

  /** Refuse the join: say why, then close with `closeCode`. */
  private refuse(code: ErrorCode, message: string, closeCode: number): void {
    this.fail(code, message);
    this.core.refuse(closeCode, message);
  }

  private async joinedFrame(frame: Exclude<ClientFrame, { type: 'join' | 'ping' }>): Promise<void> {
    const { hub } = this.core;
    const room = this.room;
    const id = this.core.peerId as string;
    if (frame.type === 'leave') {
      await this.core.leave(CLOSE_CODES.normal, 'left');
      return;
    }
    const frameId = frame.type === 'status' ? undefined : frame.id;
    // Reading older history is open to every role, but costs a token like a signal.
    if (frame.type !== 'status' && frame.type !== 'history' && !allowed(this.role, frame.type === 'kick' ? 'kick' : 'send')) {
      this.fail('forbidden', `a ${this.role} may not ${frame.type === 'kick' ? 'remove peers' : 'send signals'}`, frameId);
      return;
    }
    if (!this.core.allow()) {
      this.fail('rate_limited', 'too many frames; slow down', frameId);
      return;
    }
    if (frame.type === 'history') await this.page(frame);
    else if (frame.type === 'status') {
      await hub.setStatus(room, id, lockStatus(frame.status, this.lockedName));
    } else if (frame.type === 'kick') {
      if (!(await hub.kick(room, frame.peer))) this.fail('unknown_peer', `no peer '${frame.peer}' in this room`, frame.id);
    } else {
      const to = frame.type === 'to' ? [frame.peer] : frame.to;
      const ephemeral = frame.type === 'signal' && frame.ephemeral === true;
      // Only a signal with an id can come again, and an ephemeral one has no place in the order.
      const ordered = frame.id !== undefined && !ephemeral ? String(frame.id) : undefined;
      if (ordered !== undefined && this.order?.mayGo(ordered) === false) {
        this.fail('unavailable', 'an earlier signal of yours was refused: send it again first', frame.id);
        return;
      }
      const result = await hub.publish(room, id, { id: frame.id, event: frame.event, data: frame.data, to, ephemeral });
      const refused = !result.ok && result.code === 'unavailable';
      if (ordered !== undefined && (this.order || refused)) (this.order ??= new SendOrder()).answered(ordered, refused);
      if (!result.ok) this.fail(result.code, result.message, frame.id);
      // The seed's `to` is answered only when it carries an id.
      else if (frame.id !== undefined) this.reply({ type: 'ack', id: frame.id, seq: result.seq, time: result.time });
    }
  }

  /** Answer a `history` request: its signals (marked with its id), then `history {id, more}`. */
  private async page(frame: ClientFrameOf<'history'>): Promise<void> {
    const { hub } = this.core;
    const request = { id: frame.id, before: frame.before ?? Infinity, limit: Math.min(frame.limit ?? DEFAULT_PAGE, MAX_PAGE) };
    const result = hub.page
      ? await hub.page(this.room, this.core.peerId as string, request)
      : ({ ok: false, code: 'unavailable', message: 'this relay keeps no older history' } as const);
    if (!result.ok) {
      this.fail(result.code, result.message, frame.id);
      return;
    }
    this.core.writeBurst(result.signals.map((delivery) => delivery.text));
    this.reply({ type: 'history', id: frame.id, more: result.more });
  }

  // ---- frames out ----

  private reply(frame: ServerFrame): void {
    this.core.write(encodeServerFrame(frame));
  }

  private fail(code: ErrorCode, message: string, id?: string | number): void {
    this.reply(id === undefined ? { type: 'error', code, message } : { type: 'error', code, message, id });
  }
}
