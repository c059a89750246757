/**
 * OpenVidu's dialect: one WebSocket at `/openvidu?sessionId=<room>` speaking
 * JSON-RPC 2.0 as openvidu-browser does. A second dialect over the same hub
 * as NativeConnection: the same rooms, limits, tokens, roles, rate limit and
 * grace period; only the encoding and OpenVidu's own rules differ:
 *
 * - a broadcast (empty `to`) reaches its sender too, and so does a targeted
 *   signal that names the sender;
 * - a participant must be announced (`joinRoom.value`, `participantJoined`)
 *   before its first signal, or openvidu-browser drops the signal;
 * - no history: OpenVidu has none, and a replayed signal would look live to an
 *   app (there is no history flag in a SignalEvent), re-running old commands;
 * - status changes after the join are not passed on: openvidu-browser has no
 *   event for changed connection data.
 *
 * Longer than 300 lines: its three requests (`joinRoom`, `connect` with
 * `reconnect`, and the requests of a joined participant) each run OpenVidu's
 * checks in OpenVidu's order and answer with its errors; the lifecycle they
 * share is connection.ts's, the encoding protocol/openvidu.ts's.
 */
import {
  CLOSE_CODES,
  MAX_STATUS_BYTES,
  ROOM_RULE,
  isRoomName,
  serialisedBytes,
  tooLargeMessage,
  type ErrorCode,
  type ServerFrame,
} from '../protocol/index.js';
import {
  ConnectParams,
  ForceDisconnectParams,
  JSONRPC_ERRORS,
  JoinRoomParams,
  OPENVIDU_SERVER_VERSION,
  PingParams,
  RECONNECTION_ERROR,
  SendMessageParams,
  decodeOpenViduSignal,
  decodeRpcRequest,
  encodeNotification,
  encodeRpcError,
  encodeRpcResult,
  metadataToStatus,
  rpcError,
  statusToMetadata,
  toOpenViduData,
  toOpenViduReason,
  toOpenViduRole,
  toOpenViduType,
  tokenFromOpenVidu,
  withName,
  withServerData,
  USER_NOT_FOUND,
  type JoinRoomResult,
  type RpcError,
  type RpcId,
  type RpcRequest,
} from '../protocol/openvidu.js';
import type { Connection, Dialect } from './connection.js';
import type { Delivery } from './delivery.js';
import { secretKey } from './ids.js';
import type { OpenViduParticipant, OpenViduSessions } from './openvidu-sessions.js';
import type { Role } from './tokens.js';
import { admit, allowed } from './policy.js';

/** A hub frame as an OpenVidu notification; undefined for frames OpenVidu clients do not get. */
function notificationFor(frame: ServerFrame): string | undefined {
  switch (frame.type) {
    case 'peer_joined':
      return encodeNotification('participantJoined', { id: frame.peer, createdAt: Date.now(), metadata: statusToMetadata(frame.status) });
    case 'peer_left':
      return encodeNotification('participantLeft', { connectionId: frame.peer, reason: toOpenViduReason(frame.reason) });
    case 'from':
      return signalNotification(frame.peer, frame.event, frame.data);
    default:
      return undefined;
  }
}

function signalNotification(from: string | null, event: string | undefined, data: unknown): string {
  const params = { data: toOpenViduData(data), type: toOpenViduType(event) };
  return encodeNotification('sendMessage', from === null ? params : { ...params, from });
}

export class OpenViduConnection implements Dialect {
  private participant: OpenViduParticipant | undefined;

  constructor(
    private readonly core: Connection,
    /** The `sessionId` query parameter of the socket URL, if any. */
    private readonly urlRoom: string | undefined,
    private readonly sessions: OpenViduSessions,
  ) {}

  // ---- Dialect ----

  /** One hub frame, translated (once for all OpenVidu recipients), to this client. */
  deliver(delivery: Delivery): void {
    const notification = this.notification(delivery);
    if (notification !== undefined && this.core.write(notification)) this.delivered(delivery);
  }

  /** What this client gets for a hub frame, keeping track of the peers it was told of. */
  private notification(delivery: Delivery): string | undefined {
    const participant = this.participant;
    const notification = delivery.translated(notificationFor);
    if (!participant || notification === undefined) return undefined;
    const { frame } = delivery;
    if (frame.type === 'peer_joined') {
      // A Redis that lost the room has its peers put back, each announced as joined again: not news to this client.
      if (participant.known.has(frame.peer)) return undefined;
      participant.known.add(frame.peer);
    }
    if (frame.type === 'peer_left' && !participant.known.delete(frame.peer)) return undefined;
    return notification;
  }

  /** A signal counts as delivered once the socket has taken it: a resume replays only what came after. */
  private delivered({ frame }: Delivery): void {
    const participant = this.participant;
    if (participant && frame.type === 'from' && frame.seq !== undefined && frame.seq > participant.seq) participant.seq = frame.seq;
  }

  removed(code: number): void {
    const participant = this.participant;
    if (participant && (code === CLOSE_CODES.forbidden || code === CLOSE_CODES.closed)) {
      // Removed from the room: say so, or openvidu-browser would take the
      // closed socket for a network failure and try to reconnect.
      this.sessions.delete(participant);
      const reason = code === CLOSE_CODES.forbidden ? 'forceDisconnectByServer' : 'sessionClosedByServer';
      this.core.write(encodeNotification('participantEvicted', { connectionId: participant.id, reason }));
    }
  }

  roleChanged(role: Role): void {
    if (this.participant) this.participant.role = role;
  }

  refuseBinary(): void {
    this.error(null, { code: JSONRPC_ERRORS.invalid_request, message: 'Invalid Request: binary frames are not accepted' });
  }

  failed(): void {
    this.error(null, rpcError('internal_error', 'the server failed to handle this request'));
  }

  /** openvidu-browser's close codes: 4101 reconnection gave up, 4102 the app disconnected; its own 4104 before it reconnects is a drop. */
  isGoodbye(code: number): boolean {
    return code === CLOSE_CODES.normal || code === CLOSE_CODES.going_away || code === 4101 || code === 4102;
  }

  ended(how: 'left' | 'detached'): void {
    const participant = this.participant;
    if (!participant) return;
    if (how === 'left') this.sessions.delete(participant);
    else this.sessions.detached(participant);
  }

  async handle(text: string): Promise<void> {
    const decoded = decodeRpcRequest(text);
    if (!decoded.ok) {
      this.error(decoded.id, decoded.error);
      return;
    }
    const request = decoded.request;
    const { id } = request;
    switch (request.method) {
      case 'ping':
        // Answered before joinRoom too: openvidu-browser pings first.
        if (!PingParams.safeParse(request.params).success) this.error(id, invalidParams('ping'));
        else this.result(id, { value: 'pong' });
        return;
      case 'joinRoom':
        await this.joinRoom(request);
        return;
      case 'connect':
        await this.reconnect(request);
        return;
      case 'sendMessage':
      case 'leaveRoom':
      case 'forceDisconnect':
        if (!this.core.joined || !this.participant) this.error(id, rpcError('not_joined', `call joinRoom before ${request.method}`));
        else await this.joinedRequest(request, this.participant);
        return;
      default:
        this.error(id, { code: JSONRPC_ERRORS.method_not_found, message: `Method not found: this relay carries signals only, not '${request.method.slice(0, 40)}'` });
    }
  }

  // ---- frames out ----

  private result(id: RpcId | undefined, result: object): void {
    if (id !== undefined) this.core.write(encodeRpcResult(id, result));
  }

  private error(id: RpcId | null | undefined, error: RpcError): void {
    // A notification (no id) is not answered, not even with an error.
    if (id !== undefined) this.core.write(encodeRpcError(id, error));
  }

  // ---- requests in ----

  private async joinRoom({ id, params }: RpcRequest): Promise<void> {
    if (!this.core.fresh) {
      this.error(id, rpcError('not_joined', 'already in the session; open a new socket to join again', 104));
      return;
    }
    const parsed = JoinRoomParams.safeParse(params);
    if (!parsed.success) {
      this.error(id, invalidParams('joinRoom'));
      return;
    }
    const { session, metadata = '', token } = parsed.data;
    if (this.urlRoom !== undefined && session !== undefined && session !== this.urlRoom) {
      this.error(id, rpcError('invalid_room', "'session' differs from the sessionId of the socket URL"));
      return;
    }
    const room = this.urlRoom ?? session;
    if (room === undefined || !isRoomName(room)) {
      this.error(id, rpcError('invalid_room', ROOM_RULE));
      return;
    }
    const admission = admit(this.core.policy, room, tokenFromOpenVidu(token), {});
    if (!admission.ok) {
      // The socket stays open: openvidu-browser rejects connect() with this
      // error, and would take a closed socket for a network failure.
      this.error(id, rpcError(admission.code, admission.message));
      return;
    }
    // A REST connection's server data follows the client's, as openvidu-server joins them.
    const data = withServerData(metadata, admission.connection?.serverData ?? '');
    let status = metadataToStatus(data);
    const statusBytes = serialisedBytes(status);
    if (statusBytes > MAX_STATUS_BYTES) {
      this.error(id, rpcError('data_too_large', tooLargeMessage('metadata', statusBytes, MAX_STATUS_BYTES), 500));
      return;
    }
    if (admission.lockedName !== undefined) {
      // A token's name is the name everyone sees, in either dialect.
      status = { name: admission.lockedName, metadata: withName(data, admission.lockedName) };
    }
    const createdAt = Date.now();
    // No `history`: see the top of this file.
    const joined = await this.core.join({
      room,
      status,
      verifiedName: admission.lockedName,
      role: admission.role,
      connectionId: admission.connection?.id,
    });
    if (joined?.ok === false) {
      this.error(id, rpcError(joined.code, joined.message));
      return;
    }
    const participant: OpenViduParticipant = {
      rpcSessionId: secretKey(),
      room,
      id: this.core.peerId as string,
      resumeKey: joined?.resumeKey ?? '',
      role: joined?.role ?? admission.role,
      status,
      createdAt,
      bucket: this.core.rateBucket(),
      seq: joined?.seq ?? 0,
      known: new Set(Object.keys(joined?.peers ?? {})),
      expiry: undefined,
    };
    this.participant = participant;
    this.sessions.add(participant);
    if (!joined) {
      // The socket died while the hub answered: kept for a reconnection.
      this.sessions.detached(participant);
      return;
    }
    const now = Date.now();
    const reply: JoinRoomResult = {
      id: participant.id,
      createdAt,
      metadata: statusToMetadata(status),
      value: Object.entries(joined.peers).map(([peer, peerStatus]) => ({ id: peer, createdAt: now, metadata: statusToMetadata(peerStatus) })),
      session: room,
      sessionId: participant.rpcSessionId,
      role: toOpenViduRole(participant.role),
      version: OPENVIDU_SERVER_VERSION,
      record: false,
    };
    this.result(id, reply);
    this.core.answered();
  }

  /** `connect {sessionId, reconnect: true}`: the same participant on a new socket, nothing lost. */
  private async reconnect({ id, params }: RpcRequest): Promise<void> {
    const parsed = ConnectParams.safeParse(params);
    if (!parsed.success) {
      this.error(id, invalidParams('connect'));
      return;
    }
    const participant = this.sessions.get(parsed.data.sessionId);
    if (!this.core.fresh || !participant || (this.urlRoom !== undefined && this.urlRoom !== participant.room)) {
      this.error(id, { ...RECONNECTION_ERROR });
      return;
    }
    this.participant = participant;
    this.core.carryOn(participant.bucket);
    const joined = await this.core.join({
      room: participant.room,
      status: participant.status,
      resume: { id: participant.id, key: participant.resumeKey, seq: participant.seq },
      resumeOnly: true,
    });
    if (joined?.ok === false) {
      // Past the grace period (or the log no longer reaches back): openvidu-browser
      // then ends the session with sessionDisconnected('networkDisconnect').
      this.participant = undefined;
      this.sessions.delete(participant);
      this.error(id, { ...RECONNECTION_ERROR });
      return;
    }
    if (!joined) return;
    this.sessions.attached(participant);
    this.result(id, {});
    // What changed while the socket was down: arrivals first, so their
    // signals in the backlog are not dropped; departures after the backlog.
    const now = Date.now();
    for (const [peer, peerStatus] of Object.entries(joined.peers)) {
      if (participant.known.has(peer)) continue;
      participant.known.add(peer);
      this.core.write(encodeNotification('participantJoined', { id: peer, createdAt: now, metadata: statusToMetadata(peerStatus) }));
    }
    // The missed signals leave as one burst, not held against a slow reader (as a native backlog).
    const missed = joined.backlog.filter((delivery) => this.notification(delivery) !== undefined);
    this.core.writeBurst(missed.map((delivery) => delivery.translated(notificationFor) as string));
    for (const delivery of missed) this.delivered(delivery);
    for (const peer of Array.from(participant.known)) {
      if (peer in joined.peers) continue;
      participant.known.delete(peer);
      this.core.write(encodeNotification('participantLeft', { connectionId: peer, reason: 'disconnect' }));
    }
    this.core.answered();
  }

  private async joinedRequest({ id, method, params }: RpcRequest, participant: OpenViduParticipant): Promise<void> {
    const { room } = participant;
    const { hub } = this.core;
    if (method === 'leaveRoom') {
      await this.core.leave(CLOSE_CODES.normal, 'left', () => this.result(id, {}));
      return;
    }
    const parsed = method === 'sendMessage' ? SendMessageParams.safeParse(params) : ForceDisconnectParams.safeParse(params);
    const action = method === 'sendMessage' ? 'send' : 'kick';
    if (!allowed(participant.role, action)) {
      this.error(id, rpcError('forbidden', action === 'send' ? `a ${participant.role} may not send signals` : 'only a moderator may remove participants'));
      return;
    }
    if (!this.core.allow()) {
      this.error(id, rpcError('rate_limited', 'too many requests; slow down'));
      return;
    }
    if (!parsed.success) {
      this.error(id, invalidParams(method));
      return;
    }
    if ('connectionId' in parsed.data) {
      const { connectionId } = parsed.data;
      if (await hub.kick(room, connectionId)) this.result(id, {});
      else this.error(id, rpcError('unknown_peer', `no connection '${connectionId}' in this session`, USER_NOT_FOUND));
      return;
    }
    const signal = decodeOpenViduSignal(parsed.data.message, this.core.policy.maxSignalBytes);
    if (!signal.ok) {
      this.error(id, rpcError(signal.code, signal.message));
      return;
    }
    const published = await hub.publish(room, participant.id, { event: signal.event, data: signal.data, to: signal.to });
    if (!published.ok) {
      this.error(id, rpcError(published.code, published.message));
      return;
    }
    // OpenVidu's rule: the sender gets its own broadcast, and a signal that names it.
    if (signal.to === undefined || signal.to.includes(participant.id)) {
      this.core.write(signalNotification(participant.id, signal.event, signal.data));
    }
    this.result(id, {});
  }
}

function invalidParams(method: string): RpcError {
  return { code: JSONRPC_ERRORS.invalid_params, message: `Invalid params for '${method}'`, data: { code: 'invalid_message' satisfies ErrorCode } };
}
