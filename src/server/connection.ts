/**
 * One WebSocket's life in the relay, whatever dialect it speaks (as `ws`
 * keeps one WebSocket and one Sender whatever the extension): its state,
 * frames handled one at a time even when the hub answers later, hub frames
 * held back until the join is answered, the join itself (and a socket that
 * died while the hub answered it), replacement by a resumed socket, the rate
 * limit, the fast write path with its slow-consumer rule, and what a closed
 * socket means to the room. A dialect (native-connection.ts,
 * openvidu-connection.ts) only translates: its frames into calls on this
 * core and the hub, hub deliveries into its frames.
 */
import type { RawData, WebSocket } from 'ws';
import type { Delivery } from './delivery.js';
import type { JoinOutcome, JoinRequest, PeerSink, RoomHub } from './hub.js';
import type { Logger } from './logger.js';
import { limiter, type Policy } from './policy.js';
import type { TokenBucket } from './rate-limit.js';
import type { Role } from './tokens.js';
import { closeSlowConsumer, writeBurst, writeQueued, writeText, type QueuedFrames, type WriteTarget } from './socket-writer.js';

/** What a connection core needs of the dialect on top of it. */
export interface Dialect {
  /** One text frame from the client (never two at once). */
  handle(text: string): Promise<void>;
  /** The client sent a binary frame: refuse it in the dialect's words. */
  refuseBinary(): void;
  /** Handling a frame threw: say so in the dialect's words; the connection stays up. */
  failed(): void;
  /** One hub frame for this client, once joined: translate it and write it (or not). */
  deliver(delivery: Delivery): void;
  /** The hub removed this peer (kicked, replaced, its session closed) with `code`, just before the socket closes. */
  removed?(code: number): void;
  /** The REST API changed the peer's role. */
  roleChanged?(role: Role): void;
  /** The socket closed while joined with `code`: true for a goodbye (leave now), false for a drop (keep it for the grace period). */
  isGoodbye(code: number): boolean;
  /** The peer left the room or was kept for a resume (`detached`), after the socket closed or died mid-join. */
  ended?(how: 'left' | 'detached'): void;
}

type State = 'new' | 'joining' | 'joined' | 'closed';

/** The connection of each socket, for the shared socket listeners below. */
const bySocket = new WeakMap<WebSocket, Connection>();

function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
  bySocket.get(this)?.receive(data, isBinary);
}

function onClose(this: WebSocket, code: number): void {
  bySocket.get(this)?.socketClosed(code);
}

function onError(this: WebSocket, error: Error): void {
  // `ws` reports protocol violations (e.g. a frame over maxPayload) here and
  // closes the socket itself; without a listener the error would be thrown.
  bySocket.get(this)?.log.debug('socket error', error.message);
}

export class Connection implements PeerSink, WriteTarget {
  /** The dialect on top, which translates for this core. */
  readonly dialect: Dialect;
  private state: State = 'new';
  private joinedAs: { room: string; id: string } | undefined;
  /** Hub frames that came before the join was answered; delivered right after the answer. */
  private early: Delivery[] | undefined = [];
  /** Frames are handled one after another, even when the hub answers later. */
  private queue: Promise<void> | undefined;
  /** The hub closed this connection (kicked, or resumed elsewhere): its socket closing is not the peer's doing. */
  private removedByHub = false;
  /** Made on the first frame it limits, so idle connections carry none. */
  private bucket: TokenBucket | undefined;

  constructor(
    readonly socket: WebSocket,
    readonly hub: RoomHub,
    readonly log: Logger,
    readonly policy: Policy,
    /** Makes the dialect on top of this core. */
    dialect: (core: Connection) => Dialect,
  ) {
    this.dialect = dialect(this);
    this.limit = policy.maxBufferedBytes;
    bySocket.set(socket, this);
    // Shared listeners: an idle connection holds no closures of its own.
    socket.on('message', onMessage);
    socket.on('close', onClose);
    socket.on('error', onError);
  }

  /** The room, once joined. */
  get room(): string | undefined {
    return this.joinedAs?.room;
  }

  /** The room's peer id, once joined. */
  get peerId(): string | undefined {
    return this.joinedAs?.id;
  }

  get joined(): boolean {
    return this.state === 'joined';
  }

  get fresh(): boolean {
    return this.state === 'new';
  }

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  // ---- frames in ----

  /** @internal called by the shared socket listener */
  receive(data: RawData, isBinary: boolean): void {
    const dialect = this.dialect;
    if (isBinary) {
      dialect.refuseBinary();
      return;
    }
    const text = data.toString();
    const handled = (this.queue ?? Promise.resolve())
      .then(() => (this.state === 'closed' ? undefined : dialect.handle(text)))
      .catch((error: unknown) => {
        this.log.error('frame handler failed', error);
        dialect.failed();
      })
      .then(() => {
        // Idle connections keep no promise chain.
        if (this.queue === handled) this.queue = undefined;
      });
    this.queue = handled;
  }

  /** Take one token of the rate limit; false when the peer is sending too fast. */
  allow(): boolean {
    return this.rateBucket()?.take() ?? true;
  }

  /** This peer's rate limit (none when the policy has none), made on first use. */
  rateBucket(): TokenBucket | undefined {
    if (this.policy.rate) this.bucket ??= limiter(this.policy);
    return this.bucket;
  }

  /** Go on with the rate limit of the peer's earlier socket, so reconnecting does not refill it. */
  carryOn(bucket: TokenBucket | undefined): void {
    this.bucket = bucket;
  }

  // ---- joining ----

  /**
   * Ask the hub to join (or resume). Resolves with the hub's answer once this
   * connection is joined and may answer its client; with `{ ok: false }`
   * (back to `new`) when the hub refused; or with undefined when the socket
   * died meanwhile, which counts as a drop: the peer is kept for a resume.
   */
  async join(request: Omit<JoinRequest, 'sink'>): Promise<JoinOutcome | undefined> {
    this.state = 'joining';
    const outcome = await this.hub.join({ ...request, sink: this });
    if (!outcome.ok) {
      this.state = 'new';
      return outcome;
    }
    this.joinedAs = { room: request.room, id: outcome.id };
    this.state = 'joined';
    if (!this.open) {
      this.hub.detach(request.room, outcome.id, this);
      this.dialect.ended?.('detached');
      return undefined;
    }
    return outcome;
  }

  /** The join is answered: hub frames that came meanwhile go out now, after the answer. */
  answered(): void {
    const early = this.early ?? [];
    this.early = undefined;
    for (const delivery of early) this.dialect.deliver(delivery);
  }

  // ---- PeerSink ----

  send(delivery: Delivery): void {
    if (this.early) this.early.push(delivery);
    else this.dialect.deliver(delivery);
  }

  roleChanged(role: Role): void {
    this.dialect.roleChanged?.(role);
  }

  close(code: number, reason: string): void {
    this.removedByHub = true;
    this.state = 'closed';
    this.dialect.removed?.(code);
    this.closeSocket(code, reason);
  }

  // ---- frames out ----

  /**
   * Every frame out goes through here. A peer that stops reading lets the
   * socket's buffer grow; past the limit it is dropped, so one slow consumer
   * cannot make the server hold unbounded memory for it. Returns whether the
   * frame went to an open socket.
   */
  write(text: string): boolean {
    if (!this.open) return false;
    writeText(this.socket, text, this);
    return true;
  }

  /** Frames the server chose to send at once (history, a resume backlog): not held against a slow reader. */
  writeBurst(texts: readonly string[]): void {
    if (this.open) writeBurst(this.socket, texts, this);
  }

  // ---- WriteTarget (socket-writer's per-socket state) ----

  readonly limit: number;
  writtenInTick = 0;
  burstAllowance = 0;
  queued: QueuedFrames | undefined = undefined;

  /** Close the socket after the frames queued for it in this tick (a close frame must not overtake them). */
  closeSocket(code: number, reason: string): void {
    writeQueued(this.socket, this);
    this.socket.close(code, reason);
  }

  overLimit(): void {
    if (!this.open) return;
    this.log.info('dropping a slow consumer', this.room, this.peerId);
    closeSlowConsumer(this.socket);
  }

  // ---- ending ----

  /** Leave the room at the client's request, then close with `code`. */
  async leave(code: number, reason: string, beforeClose?: () => void): Promise<void> {
    const joinedAs = this.joinedAs;
    this.state = 'closed';
    if (joinedAs) await this.hub.leave(joinedAs.room, joinedAs.id, 'leave');
    this.dialect.ended?.('left');
    beforeClose?.();
    this.closeSocket(code, reason);
  }

  /** Close without a join (a refused one): nothing to tell the room. */
  refuse(code: number, reason: string): void {
    this.state = 'closed';
    this.closeSocket(code, reason.slice(0, 120));
  }

  /** @internal called by the shared socket listener */
  socketClosed(code: number): void {
    const wasJoined = this.state === 'joined';
    this.state = 'closed';
    const joinedAs = this.joinedAs;
    if (!wasJoined || !joinedAs || this.removedByHub) return;
    // A clean close (tab closed, disconnect()) is a goodbye; anything else
    // (network loss, a killed socket) keeps the identity for the grace period.
    if (this.dialect.isGoodbye(code)) {
      this.dialect.ended?.('left');
      void this.hub.leave(joinedAs.room, joinedAs.id, 'disconnect');
    } else {
      this.hub.detach(joinedAs.room, joinedAs.id, this);
      this.dialect.ended?.('detached');
    }
  }
}
