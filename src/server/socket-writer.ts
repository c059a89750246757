/**
 * The fan-out write path, shared by every dialect. Three things make a
 * delivery cost about what a raw byte-forwarding relay pays:
 *
 * - A broadcast hands the same frame string to every recipient of a dialect;
 *   it is framed into WebSocket bytes once (a two-entry cache keyed by that
 *   string, compared by identity first), not once per recipient.
 * - Those bytes go straight to the TCP socket. This is exactly what `ws`
 *   itself writes for an unmasked, uncompressed text frame; it holds only
 *   because the server never negotiates permessage-deflate (relay-server.ts
 *   sets `perMessageDeflate: false`), so `ws` keeps no send queue of its own.
 * - Several frames to one socket within a tick (a batch of signals heard
 *   from Redis at once, a joiner's history) leave in one write of one
 *   buffer when the tick ends, not one stream write each: the frames that
 *   many sockets get in the same order (every recipient of a room's
 *   broadcasts but their senders) are joined into that buffer once for all
 *   of them. The backlog check runs on what the kernel would not take, after
 *   that write, so a burst is not mistaken for a slow reader. A socket's
 *   close goes out after the frames it was sent before (`writeQueued`).
 */
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { CLOSE_CODES } from '../protocol/index.js';

/** An unmasked, final WebSocket text frame (RFC 6455 §5.2) holding `text`. */
export function textFrame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const length = payload.length;
  const headerLength = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x81; // FIN + opcode 1 (text)
  if (length < 126) frame[1] = length;
  else if (length < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(0, 2);
    frame.writeUInt32BE(length, 6);
  }
  payload.copy(frame, headerLength);
  return frame;
}

// The last two frames made: a room where both dialects listen alternates
// between a broadcast's native text and its OpenVidu translation.
let lastText: string | undefined;
let lastFrame: Buffer = Buffer.alloc(0);
let otherText: string | undefined;
let otherFrame: Buffer = lastFrame;

function framed(text: string): Buffer {
  if (text === lastText) return lastFrame;
  if (text !== otherText) {
    otherText = text;
    otherFrame = textFrame(text);
  }
  // Swap, so the one just used is found first next time.
  [lastText, lastFrame, otherText, otherFrame] = [otherText, otherFrame, lastText, lastFrame];
  return lastFrame;
}

/**
 * The frames a socket is to get at the end of this tick, in order: a chain
 * whose links are shared by the sockets that got the same frames in the same
 * order, so that their bytes are joined once for all of those sockets.
 */
export class QueuedFrames {
  /** The link the first socket to go on from here made; a socket going on with the same frame shares it. */
  private next: QueuedFrames | undefined;
  private joined: Buffer | undefined;

  constructor(
    private readonly before: QueuedFrames | undefined,
    readonly frame: Buffer,
    /** Bytes of this frame and all before it. */
    readonly bytes: number,
  ) {}

  /** These frames and then `frame`. */
  then(frame: Buffer): QueuedFrames {
    const next = this.next;
    if (next !== undefined && next.frame === frame) return next;
    const link = new QueuedFrames(this, frame, this.bytes + frame.length);
    this.next ??= link;
    return link;
  }

  /** The frames, first to last. */
  frames(): Buffer[] {
    const frames: Buffer[] = [];
    for (let link: QueuedFrames | undefined = this; link; link = link.before) frames.push(link.frame);
    return frames.reverse();
  }

  /** The frames as one buffer, made once for every socket that shares them. */
  all(): Buffer {
    if (this.joined) return this.joined;
    if (!this.before) return this.frame;
    const joined = Buffer.allocUnsafe(this.bytes);
    let end = this.bytes;
    for (let link: QueuedFrames | undefined = this; link; link = link.before) {
      end -= link.frame.length;
      link.frame.copy(joined, end);
    }
    return (this.joined = joined);
  }
}

/** Past this many bytes, queued frames are handed to the socket as they are (a large history), not copied into one buffer. */
const JOIN_AT_MOST = 64 * 1024;

/**
 * What the writer keeps per socket, on the connection that owns it (so the
 * per-delivery path does no map lookups): its backlog rule and the writer's
 * bookkeeping.
 */
export interface WriteTarget {
  /** Unsent bytes beyond which the reader counts as too slow. */
  readonly limit: number;
  /** Called when the socket's unsent bytes pass `limit` (plus any burst allowance). */
  overLimit(): void;
  /** The writer's: the tick of this socket's last write (start at 0). */
  writtenInTick: number;
  /** The writer's: bytes of a burst the server chose to send, not held against the reader until it has drained (start at 0). */
  burstAllowance: number;
  /** The writer's: frames to write when the tick ends (start undefined). */
  queued: QueuedFrames | undefined;
}

/** Ticks are counted from 1, so a new target (0) has never written. */
let tick = 1;
let tickEndScheduled = false;
/** Sockets with frames queued in this tick, written when it ends. */
const waiting: Array<{ raw: Duplex; socket: WebSocket; target: WriteTarget }> = [];
/** The chain started last in this tick: the next socket whose first queued frame is the same one shares it. */
let lastStarted: QueuedFrames | undefined;

function endTick(): void {
  tick++;
  tickEndScheduled = false;
  lastStarted = undefined;
  if (waiting.length === 0) return;
  const flushing = waiting.splice(0);
  for (const { raw, socket, target } of flushing) {
    writeQueuedTo(raw, target);
    overLimitCheck(socket, target);
  }
}

function writeQueuedTo(raw: Duplex, target: WriteTarget): void {
  const queued = target.queued;
  if (queued === undefined) return;
  target.queued = undefined;
  if (!raw.writable) return;
  if (queued.bytes <= JOIN_AT_MOST) {
    raw.write(queued.all());
    return;
  }
  // As one writev, without copying a large history into another buffer first.
  raw.cork();
  for (const frame of queued.frames()) raw.write(frame);
  raw.uncork();
}

/**
 * Write the frames queued for this socket now, before something else is
 * written to it (its close frame): nothing the relay sent it earlier may
 * come after.
 */
export function writeQueued(socket: WebSocket, target: WriteTarget): void {
  const raw = target.queued === undefined ? undefined : rawSocket(socket);
  if (raw) writeQueuedTo(raw, target);
  else target.queued = undefined;
}

/**
 * A reader is too slow when its unsent bytes pass its limit, plus the burst
 * the server sent it on purpose (see `writeBurst`) while that lasts.
 */
function overLimitCheck(socket: WebSocket, target: WriteTarget): void {
  if (socket.bufferedAmount > target.limit + target.burstAllowance) target.overLimit();
}

/** `ws` keeps its TCP socket private; it is reached only for this fast path. */
function rawSocket(socket: WebSocket): Duplex | undefined {
  const raw = (socket as unknown as { _socket?: Duplex })._socket;
  return raw && typeof raw.cork === 'function' && raw.writable ? raw : undefined;
}

/** Set while a caller hands out several frames per socket in this tick (see `inOneWrite`). */
let severalFrames = false;

/**
 * Run `deliver`, which sends several frames to each of many sockets (a batch
 * of signals heard from Redis at once): each socket's frames are queued from
 * the first on, so they leave in one write per socket when the tick ends,
 * rather than the first alone and then the rest.
 */
export function inOneWrite(deliver: () => void): void {
  const outer = severalFrames;
  severalFrames = true;
  try {
    deliver();
  } finally {
    severalFrames = outer;
  }
}

/**
 * Send one text frame on an open socket. A socket's first frame in a tick
 * is written at once (the common case: one signal, one frame per
 * recipient, where queueing would only add work; unless `inOneWrite` says
 * more follow); from its second frame in the same tick on, frames are
 * queued, so a burst (a joiner's history, a resume backlog) leaves in one
 * more write instead of one per frame.
 */
export function writeText(socket: WebSocket, text: string, target: WriteTarget): void {
  const queued = target.queued;
  if (queued !== undefined) {
    // Its socket was found writable in this tick already: the rest is checked when the tick ends.
    target.queued = queued.then(framed(text));
    return;
  }
  const raw = rawSocket(socket);
  if (!raw) {
    socket.send(text);
    overLimitCheck(socket, target);
    return;
  }
  if (!tickEndScheduled) {
    tickEndScheduled = true;
    process.nextTick(endTick);
  }
  const frame = framed(text);
  if (target.writtenInTick !== tick) {
    target.writtenInTick = tick;
    // A burst's allowance lasts until its backlog is back under the limit.
    if (target.burstAllowance !== 0 && socket.bufferedAmount <= target.limit) target.burstAllowance = 0;
    if (!severalFrames) {
      raw.write(frame);
      // What the kernel would not take; a burst is checked once it is flushed.
      overLimitCheck(socket, target);
      return;
    }
  }
  if (lastStarted === undefined || lastStarted.frame !== frame) lastStarted = new QueuedFrames(undefined, frame, frame.length);
  target.queued = lastStarted;
  waiting.push({ raw, socket, target });
}

/**
 * Send frames the server itself chose to send at once: a joiner's history or
 * a resumed peer's backlog. They may be more than the kernel takes at once
 * (a `--history` of 1,000 signals of 8 KiB is 8 MB); the reader is not taken
 * for a slow one because of them, only if it falls a whole limit behind
 * beyond them.
 */
export function writeBurst(socket: WebSocket, frames: readonly string[], target: WriteTarget): void {
  let bytes = 0;
  for (const frame of frames) bytes += Buffer.byteLength(frame) + 10; // + the largest frame header
  target.burstAllowance += bytes;
  // All of it queued (as a second write in this tick would be), written and
  // checked when the tick ends.
  target.writtenInTick = tick;
  for (const frame of frames) writeText(socket, frame, target);
}

/**
 * Drop a socket whose reader fell behind (close 4429). The close frame waits
 * behind the unread data, so the socket is destroyed soon after regardless,
 * freeing all it holds.
 */
export function closeSlowConsumer(socket: WebSocket): void {
  if (socket.readyState !== socket.OPEN) return;
  socket.close(CLOSE_CODES.slow_consumer, 'too slow: unsent data passed the limit');
  setTimeout(() => socket.terminate(), 1000).unref();
}
