/**
 * The native dialect: one WebSocket speaking our JSON frames (a superset of
 * MucSignaling). Decodes frames, asks the hub, encodes answers. Another
 * dialect (e.g. OpenVidu's JSON-RPC) is another file like this one over the
 * same hub.
 */
import type { RawData, WebSocket } from 'ws';
import {
  CLOSE_CODES,
  decodeClientFrameCompiled,
  encodeServerFrame,
  type ClientFrame,
  type ErrorCode,
  type ServerFrame,
} from '../protocol/index.js';
import type { PeerSink, RoomHub } from './hub.js';
import type { Logger } from './logger.js';
import { admit, allowed, limiter, lockStatus, type Policy } from './policy.js';
import type { TokenBucket } from './rate-limit.js';
import { closeSlowConsumer, writeBurst, writeText, type WriteTarget } from './socket-writer.js';
import type { Role } from './tokens.js';

type State = 'new' | 'joining' | 'joined' | 'closed';

/** The connection of each socket, for the shared socket listeners below. */
const byConnection = new WeakMap<WebSocket, NativeConnection>();

function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
  byConnection.get(this)?.receive(data, isBinary);
}

function onClose(this: WebSocket, code: number): void {
  byConnection.get(this)?.closed(code);
}

function onError(this: WebSocket, error: Error): void {
  // `ws` reports protocol violations (e.g. a frame over maxPayload) here and
  // closes the socket itself; without a listener the error would be thrown.
  byConnection.get(this)?.log.debug('socket error', error.message);
}

export class NativeConnection implements PeerSink, WriteTarget {
  private state: State = 'new';
  private id: string | undefined;

  /** The room's peer id once joined. */
  get peerId(): string | undefined {
    return this.id;
  }
  /** Frames the hub sent before `joined` went out; flushed right after it. */
  private early: string[] | undefined = [];
  /** Frames are handled one after another, even when the hub answers later. */
  private queue: Promise<void> | undefined;
  private replaced = false;
  private role: Role = 'publisher';
  private lockedName: string | undefined;
  /** Made on the first frame it limits, so idle connections carry none. */
  private bucket: TokenBucket | undefined;

  constructor(
    private readonly socket: WebSocket,
    readonly room: string,
    private readonly hub: RoomHub,
    readonly log: Logger,
    private readonly policy: Policy,
    /** The `token` query parameter of the socket URL, if any. */
    private readonly urlToken: string | undefined,
  ) {
    this.limit = policy.maxBufferedBytes;
    byConnection.set(socket, this);
    // Shared listeners: an idle connection holds no closures of its own.
    socket.on('message', onMessage);
    socket.on('close', onClose);
    socket.on('error', onError);
  }

  // ---- PeerSink ----

  send(frame: string): void {
    if (this.early) this.early.push(frame);
    else this.write(frame);
  }

  /**
   * Every frame out goes through here. A peer that stops reading lets the
   * socket's buffer grow; past the limit it is dropped, so one slow consumer
   * cannot make the server hold unbounded memory for it.
   */
  private write(frame: string): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    writeText(this.socket, frame, this);
  }

  // ---- WriteTarget (socket-writer's per-socket state) ----

  readonly limit: number;
  writtenInTick = 0;
  burstAllowance = 0;

  overLimit(): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.log.info('dropping a slow consumer', this.room, this.id);
    closeSlowConsumer(this.socket);
  }


  close(code: number, reason: string): void {
    this.replaced = true;
    this.state = 'closed';
    this.socket.close(code, reason);
  }

  // ---- frames in ----

  /** @internal called by the shared socket listener */
  receive(data: RawData, isBinary: boolean): void {
    if (isBinary) {
      this.reply({ type: 'error', code: 'invalid_message', message: 'binary frames are not accepted' });
      return;
    }
    const text = data.toString();
    const handled = (this.queue ?? Promise.resolve())
      .then(() => this.handle(text))
      .catch((error: unknown) => {
        this.log.error('frame handler failed', error);
        this.reply({ type: 'error', code: 'internal_error', message: 'the server failed to handle this frame' });
      })
      .then(() => {
        // Idle connections keep no promise chain.
        if (this.queue === handled) this.queue = undefined;
      });
    this.queue = handled;
  }

  private async handle(text: string): Promise<void> {
    if (this.state === 'closed') return;
    const decoded = decodeClientFrameCompiled(text, this.policy.maxSignalBytes);
    if (!decoded.ok) {
      this.fail(decoded.code, decoded.message, decoded.id);
      return;
    }
    const frame = decoded.frame;
    if (frame.type === 'ping') {
      this.reply({ type: 'pong', id: frame.id });
      return;
    }
    if (frame.type === 'join') {
      await this.join(frame);
      return;
    }
    if (this.state !== 'joined' || this.id === undefined) {
      this.fail('not_joined', `send 'join' before '${frame.type}'`, 'id' in frame ? frame.id : undefined);
      return;
    }
    await this.joinedFrame(frame, this.id);
  }

  private async join(frame: Extract<ClientFrame, { type: 'join' }>): Promise<void> {
    if (this.state !== 'new') {
      this.fail('not_joined', 'already joined; open a new connection to join again');
      return;
    }
    const admission = admit(this.policy, this.room, frame.token ?? this.urlToken, frame.status ?? {});
    if (!admission.ok) {
      this.refuse(admission.code, admission.message, admission.code === 'forbidden' ? CLOSE_CODES.forbidden : CLOSE_CODES.unauthorized);
      return;
    }
    this.role = admission.role;
    this.lockedName = admission.lockedName;
    this.state = 'joining';
    const result = await this.hub.join({
      room: this.room,
      status: admission.status,
      sink: this,
      resume: frame.resume,
      history: frame.history === true,
      verifiedName: admission.lockedName,
    });
    if (!result.ok) {
      this.refuse(result.code, result.message, CLOSE_CODES.full);
      return;
    }
    if (this.socket.readyState !== this.socket.OPEN) {
      // The socket died while the hub was answering: treat it as a drop.
      this.id = result.id;
      this.state = 'joined';
      this.hub.detach(this.room, result.id, this);
      return;
    }
    this.id = result.id;
    this.state = 'joined';
    this.reply({
      type: 'joined',
      id: result.id,
      peers: result.peers,
      resume: result.resumeKey,
      resumed: result.resumed,
      seq: result.seq,
      role: this.role,
    });
    if (this.socket.readyState === this.socket.OPEN) writeBurst(this.socket, result.backlog, this);
    const early = this.early ?? [];
    this.early = undefined;
    for (const earlyFrame of early) this.write(earlyFrame);
  }

  /** Refuse the join: say why, then close with `closeCode`. */
  private refuse(code: ErrorCode, message: string, closeCode: number): void {
    this.state = 'closed';
    this.fail(code, message);
    this.socket.close(closeCode, message.slice(0, 120));
  }

  private async joinedFrame(frame: ClientFrame, id: string): Promise<void> {
    if (frame.type === 'to' || frame.type === 'signal' || frame.type === 'status' || frame.type === 'kick') {
      const frameId = frame.type === 'status' ? undefined : frame.id;
      if (frame.type !== 'status' && !allowed(this.role, frame.type === 'kick' ? 'kick' : 'send')) {
        this.fail('forbidden', `a ${this.role} may not ${frame.type === 'kick' ? 'remove peers' : 'send signals'}`, frameId);
        return;
      }
      if (this.policy.rate) this.bucket ??= limiter(this.policy);
      if (this.bucket && !this.bucket.take()) {
        this.fail('rate_limited', 'too many frames; slow down', frameId);
        return;
      }
    }
    switch (frame.type) {
      case 'leave':
        this.state = 'closed';
        await this.hub.leave(this.room, id, 'leave');
        this.socket.close(CLOSE_CODES.normal, 'left');
        return;
      case 'status':
        await this.hub.setStatus(this.room, id, lockStatus(frame.status, this.lockedName));
        return;
      case 'kick':
        if (!(await this.hub.kick(this.room, frame.peer))) this.fail('unknown_peer', `no peer '${frame.peer}' in this room`, frame.id);
        return;
      case 'to': {
        const result = await this.hub.publish(this.room, id, { id: frame.id, event: frame.event, data: frame.data, to: [frame.peer] });
        if (!result.ok) this.fail(result.code, result.message, frame.id);
        else if (frame.id !== undefined) this.reply({ type: 'ack', id: frame.id, seq: result.seq, time: result.time });
        return;
      }
      case 'signal': {
        const result = await this.hub.publish(this.room, id, { id: frame.id, event: frame.event, data: frame.data, to: frame.to });
        if (!result.ok) this.fail(result.code, result.message, frame.id);
        else this.reply({ type: 'ack', id: frame.id, seq: result.seq, time: result.time });
        return;
      }
      default:
        // join and ping were handled before; nothing else reaches here.
        return;
    }
  }

  // ---- frames out ----

  private reply(frame: ServerFrame): void {
    this.write(encodeServerFrame(frame));
  }

  private fail(code: ErrorCode, message: string, id?: string | number): void {
    this.reply(id === undefined ? { type: 'error', code, message } : { type: 'error', code, message, id });
  }

  // ---- socket gone ----

  /** @internal called by the shared socket listener */
  closed(code: number): void {
    const wasJoined = this.state === 'joined';
    this.state = 'closed';
    if (!wasJoined || this.id === undefined || this.replaced) return;
    // A clean close (tab closed, disconnect()) is a goodbye; anything else
    // (network loss, a killed socket) keeps the identity for the grace period.
    if (code === CLOSE_CODES.normal || code === CLOSE_CODES.going_away) {
      void this.hub.leave(this.room, this.id, 'disconnect');
    } else {
      this.hub.detach(this.room, this.id, this);
    }
  }
}
