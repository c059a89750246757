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
 */
import type { RawData, WebSocket } from 'ws';
import {
  CLOSE_CODES,
  MAX_STATUS_BYTES,
  ROOM_RULE,
  decodeServerFrame,
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
  USER_NOT_FOUND,
  type JoinRoomResult,
  type RpcError,
  type RpcId,
  type RpcRequest,
} from '../protocol/openvidu.js';
import type { PeerSink, RoomHub } from './hub.js';
import { secretKey } from './ids.js';
import type { Logger } from './logger.js';
import type { OpenViduParticipant, OpenViduSessions } from './openvidu-sessions.js';
import { admit, allowed, limiter, type Policy } from './policy.js';
import { closeSlowConsumer } from './socket-writer.js';

/** A hub frame as OpenVidu clients get it. */
interface Translation {
  frame: ServerFrame;
  /** The notification to send, the same for every OpenVidu recipient; undefined: nothing to send. */
  notification: string | undefined;
}

/**
 * The hub hands every recipient of a broadcast the same string, one after the
 * other: remembering the last translation makes the fan-out to many OpenVidu
 * clients parse each frame once.
 */
let lastFrame: string | undefined;
let lastTranslation: Translation | undefined;

function translate(text: string): Translation | undefined {
  if (text === lastFrame) return lastTranslation;
  const decoded = decodeServerFrame(text);
  const translation = decoded.ok ? { frame: decoded.frame, notification: notificationFor(decoded.frame) } : undefined;
  lastFrame = text;
  lastTranslation = translation;
  return translation;
}

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

type State = 'new' | 'joining' | 'joined' | 'closed';

export class OpenViduConnection implements PeerSink {
  private state: State = 'new';
  private participant: OpenViduParticipant | undefined;
  /** Frames the hub sent before the join was answered; flushed right after it. */
  private early: string[] | undefined = [];
  /** Requests are handled one after another, even when the hub answers later. */
  private queue: Promise<void> = Promise.resolve();
  private replaced = false;

  constructor(
    private readonly socket: WebSocket,
    /** The `sessionId` query parameter of the socket URL, if any. */
    private readonly urlRoom: string | undefined,
    private readonly hub: RoomHub,
    private readonly log: Logger,
    private readonly policy: Policy,
    private readonly sessions: OpenViduSessions,
  ) {
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('close', (code) => this.closed(code));
    socket.on('error', (error) => this.log.debug('socket error', error.message));
  }

  /** The room, once joined (before: the one the URL names). */
  get room(): string | undefined {
    return this.participant?.room ?? this.urlRoom;
  }

  /** The room's peer id (OpenVidu's connection id) once joined. */
  get peerId(): string | undefined {
    return this.participant?.id;
  }

  // ---- PeerSink ----

  send(frame: string): void {
    if (this.early) this.early.push(frame);
    else this.deliver(frame);
  }

  close(code: number, reason: string): void {
    this.replaced = true;
    this.state = 'closed';
    const participant = this.participant;
    if (participant && code === CLOSE_CODES.forbidden) {
      // Removed from the room: say so, or openvidu-browser would take the
      // closed socket for a network failure and try to reconnect.
      this.sessions.delete(participant);
      this.write(encodeNotification('participantEvicted', { connectionId: participant.id, reason: 'forceDisconnectByServer' }));
    }
    this.socket.close(code, reason);
  }

  /** One hub frame, translated, to this client. */
  private deliver(text: string): void {
    const participant = this.participant;
    const translation = translate(text);
    if (!participant || !translation?.notification) return;
    const { frame, notification } = translation;
    if (frame.type === 'peer_joined') participant.known.add(frame.peer);
    if (frame.type === 'peer_left' && !participant.known.delete(frame.peer)) return;
    this.write(notification, frame.type === 'from' ? frame.seq : undefined);
  }

  /**
   * Every frame out goes through here. `seq` (of a signal) counts as delivered
   * once the socket has taken it: a resume replays only what came after.
   * A client that stops reading is dropped past the buffer limit.
   */
  private write(text: string, seq?: number): void {
    const socket = this.socket;
    if (socket.readyState !== socket.OPEN) return;
    const participant = this.participant;
    socket.send(text, (error) => {
      if (!error && seq !== undefined && participant && seq > participant.seq) participant.seq = seq;
    });
    if (socket.bufferedAmount > this.policy.maxBufferedBytes) {
      this.log.info('dropping a slow consumer', this.room, this.peerId);
      closeSlowConsumer(socket);
    }
  }

  private result(id: RpcId | undefined, result: object): void {
    if (id !== undefined) this.write(encodeRpcResult(id, result));
  }

  private error(id: RpcId | null | undefined, error: RpcError): void {
    // A notification (no id) is not answered, not even with an error.
    if (id !== undefined) this.write(encodeRpcError(id, error));
  }

  // ---- requests in ----

  private receive(data: RawData, isBinary: boolean): void {
    if (isBinary) {
      this.error(null, { code: JSONRPC_ERRORS.invalid_request, message: 'Invalid Request: binary frames are not accepted' });
      return;
    }
    const text = data.toString();
    this.queue = this.queue
      .then(() => this.handle(text))
      .catch((error: unknown) => {
        this.log.error('request handler failed', error);
        this.error(null, rpcError('internal_error', 'the server failed to handle this request'));
      });
  }

  private async handle(text: string): Promise<void> {
    if (this.state === 'closed') return;
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
        if (this.state !== 'joined' || !this.participant) {
          this.error(id, rpcError('not_joined', `call joinRoom before ${request.method}`));
          return;
        }
        await this.joinedRequest(request, this.participant);
        return;
      default:
        this.error(id, { code: JSONRPC_ERRORS.method_not_found, message: `Method not found: this relay carries signals only, not '${request.method.slice(0, 40)}'` });
    }
  }

  private async joinRoom({ id, params }: RpcRequest): Promise<void> {
    if (this.state !== 'new') {
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
    let status = metadataToStatus(metadata);
    if (serialisedBytes(status) > MAX_STATUS_BYTES) {
      this.error(id, rpcError('data_too_large', tooLargeMessage('metadata', undefined, MAX_STATUS_BYTES), 500));
      return;
    }
    const admission = admit(this.policy, room, tokenFromOpenVidu(token), status);
    if (!admission.ok) {
      // The socket stays open: openvidu-browser rejects connect() with this
      // error, and would take a closed socket for a network failure.
      this.error(id, rpcError(admission.code, admission.message));
      return;
    }
    if (admission.lockedName !== undefined) {
      // A token's name is the name everyone sees, in either dialect.
      status = { name: admission.lockedName, metadata: withName(metadata, admission.lockedName) };
    }
    this.state = 'joining';
    // No `history`: see the top of this file.
    const joined = await this.hub.join({ room, status, sink: this, verifiedName: admission.lockedName });
    if (!joined.ok) {
      this.state = 'new';
      this.error(id, rpcError(joined.code, joined.message));
      return;
    }
    const participant: OpenViduParticipant = {
      rpcSessionId: secretKey(),
      room,
      id: joined.id,
      resumeKey: joined.resumeKey,
      role: admission.role,
      status,
      createdAt: Date.now(),
      bucket: limiter(this.policy),
      seq: joined.seq,
      known: new Set(Object.keys(joined.peers)),
      expiry: undefined,
    };
    this.participant = participant;
    this.sessions.add(participant);
    this.state = 'joined';
    if (this.socket.readyState !== this.socket.OPEN) {
      // The socket died while the hub was answering: treat it as a drop.
      this.hub.detach(room, participant.id, this);
      this.sessions.detached(participant);
      return;
    }
    const now = Date.now();
    const reply: JoinRoomResult = {
      id: participant.id,
      createdAt: participant.createdAt,
      metadata: statusToMetadata(status),
      value: Object.entries(joined.peers).map(([peer, peerStatus]) => ({ id: peer, createdAt: now, metadata: statusToMetadata(peerStatus) })),
      session: room,
      sessionId: participant.rpcSessionId,
      role: toOpenViduRole(admission.role),
      version: OPENVIDU_SERVER_VERSION,
      record: false,
    };
    this.result(id, reply);
    this.flushEarly();
  }

  /** `connect {sessionId, reconnect: true}`: the same participant on a new socket, nothing lost. */
  private async reconnect({ id, params }: RpcRequest): Promise<void> {
    const parsed = ConnectParams.safeParse(params);
    if (!parsed.success) {
      this.error(id, invalidParams('connect'));
      return;
    }
    const participant = this.sessions.get(parsed.data.sessionId);
    if (this.state !== 'new' || !participant || (this.urlRoom !== undefined && this.urlRoom !== participant.room)) {
      this.error(id, { ...RECONNECTION_ERROR });
      return;
    }
    this.state = 'joining';
    const joined = await this.hub.join({
      room: participant.room,
      status: participant.status,
      sink: this,
      resume: { id: participant.id, key: participant.resumeKey, seq: participant.seq },
      resumeOnly: true,
    });
    if (!joined.ok) {
      // Past the grace period (or the log no longer reaches back): openvidu-browser
      // then ends the session with sessionDisconnected('networkDisconnect').
      this.sessions.delete(participant);
      this.state = 'new';
      this.error(id, { ...RECONNECTION_ERROR });
      return;
    }
    this.participant = participant;
    this.sessions.attached(participant);
    this.state = 'joined';
    if (this.socket.readyState !== this.socket.OPEN) {
      this.hub.detach(participant.room, participant.id, this);
      this.sessions.detached(participant);
      return;
    }
    this.result(id, {});
    // What changed while the socket was down: arrivals first, so their
    // signals in the backlog are not dropped; departures after the backlog.
    const now = Date.now();
    for (const [peer, peerStatus] of Object.entries(joined.peers)) {
      if (participant.known.has(peer)) continue;
      participant.known.add(peer);
      this.write(encodeNotification('participantJoined', { id: peer, createdAt: now, metadata: statusToMetadata(peerStatus) }));
    }
    for (const frame of joined.backlog) this.deliver(frame);
    for (const peer of Array.from(participant.known)) {
      if (peer in joined.peers) continue;
      participant.known.delete(peer);
      this.write(encodeNotification('participantLeft', { connectionId: peer, reason: 'disconnect' }));
    }
    this.flushEarly();
  }

  private flushEarly(): void {
    const early = this.early ?? [];
    this.early = undefined;
    for (const frame of early) this.deliver(frame);
  }

  private async joinedRequest({ id, method, params }: RpcRequest, participant: OpenViduParticipant): Promise<void> {
    const { room } = participant;
    switch (method) {
      case 'sendMessage': {
        if (!allowed(participant.role, 'send')) {
          this.error(id, rpcError('forbidden', `a ${participant.role} may not send signals`));
          return;
        }
        if (participant.bucket && !participant.bucket.take()) {
          this.error(id, rpcError('rate_limited', 'too many signals; slow down'));
          return;
        }
        const parsed = SendMessageParams.safeParse(params);
        if (!parsed.success) {
          this.error(id, invalidParams('sendMessage'));
          return;
        }
        const signal = decodeOpenViduSignal(parsed.data.message, this.policy.maxSignalBytes);
        if (!signal.ok) {
          this.error(id, rpcError(signal.code, signal.message));
          return;
        }
        const published = await this.hub.publish(room, participant.id, { event: signal.event, data: signal.data, to: signal.to });
        if (!published.ok) {
          this.error(id, rpcError(published.code, published.message));
          return;
        }
        // OpenVidu's rule: the sender gets its own broadcast, and a signal that names it.
        if (signal.to === undefined || signal.to.includes(participant.id)) {
          this.write(signalNotification(participant.id, signal.event, signal.data));
        }
        this.result(id, {});
        return;
      }
      case 'leaveRoom':
        this.state = 'closed';
        this.sessions.delete(participant);
        await this.hub.leave(room, participant.id, 'leave');
        this.result(id, {});
        this.socket.close(CLOSE_CODES.normal, 'left');
        return;
      case 'forceDisconnect': {
        const parsed = ForceDisconnectParams.safeParse(params);
        if (!parsed.success) {
          this.error(id, invalidParams('forceDisconnect'));
          return;
        }
        if (!allowed(participant.role, 'kick')) {
          this.error(id, rpcError('forbidden', 'only a moderator may remove participants'));
          return;
        }
        if (participant.bucket && !participant.bucket.take()) {
          this.error(id, rpcError('rate_limited', 'too many requests; slow down'));
          return;
        }
        if (await this.hub.kick(room, parsed.data.connectionId)) this.result(id, {});
        else this.error(id, rpcError('unknown_peer', `no connection '${parsed.data.connectionId}' in this session`, USER_NOT_FOUND));
        return;
      }
      default:
        return;
    }
  }

  // ---- socket gone ----

  private closed(code: number): void {
    const wasJoined = this.state === 'joined';
    this.state = 'closed';
    const participant = this.participant;
    if (!wasJoined || !participant || this.replaced) return;
    if (isGoodbye(code)) {
      this.sessions.delete(participant);
      void this.hub.leave(participant.room, participant.id, 'disconnect');
    } else {
      // Network loss, or openvidu-browser's own 4104 before it reconnects.
      this.hub.detach(participant.room, participant.id, this);
      this.sessions.detached(participant);
    }
  }
}

/** openvidu-browser's close codes: 4101 reconnection gave up, 4102 the app disconnected. */
const GOODBYE_CODES: ReadonlySet<number> = new Set([CLOSE_CODES.normal, CLOSE_CODES.going_away, 4101, 4102]);

function isGoodbye(code: number): boolean {
  return GOODBYE_CODES.has(code);
}

function invalidParams(method: string): RpcError {
  return { code: JSONRPC_ERRORS.invalid_params, message: `Invalid params for '${method}'`, data: { code: 'invalid_message' satisfies ErrorCode } };
}
