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
 * - A burst of frames to one socket within a tick (a joiner's history, say)
 *   is corked until the tick ends, so it leaves in one syscall instead of one
 *   per frame. The backlog check runs on what the kernel would not take, after
 *   the flush, so a burst is not mistaken for a slow reader.
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
}

/** Ticks are counted from 1, so a new target (0) has never written. */
let tick = 1;
let tickEndScheduled = false;
/** Sockets corked in this tick, flushed when it ends. */
const corked: Array<{ raw: Duplex; socket: WebSocket; target: WriteTarget }> = [];

function endTick(): void {
  tick++;
  tickEndScheduled = false;
  if (corked.length === 0) return;
  const flushing = corked.splice(0);
  for (const { raw, socket, target } of flushing) {
    raw.uncork();
    overLimitCheck(socket, target);
  }
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
 * of signals heard from Redis at once): each socket is corked from its first
 * frame on, so they leave in one syscall per socket when the tick ends,
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
 * recipient, where corking would only add work; unless `inOneWrite` says
 * more follow); from its second frame in the same tick on, the socket is corked, so a burst (a joiner's history, a
 * resume backlog) leaves in one more syscall instead of one per frame.
 */
export function writeText(socket: WebSocket, text: string, target: WriteTarget): void {
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
  if (target.writtenInTick !== tick) {
    target.writtenInTick = tick;
    // A burst's allowance lasts until its backlog is back under the limit.
    if (target.burstAllowance !== 0 && socket.bufferedAmount <= target.limit) target.burstAllowance = 0;
    if (!severalFrames) {
      raw.write(framed(text));
      // What the kernel would not take; a burst is checked once it is flushed.
      overLimitCheck(socket, target);
      return;
    }
  }
  if (raw.writableCorked === 0) {
    raw.cork();
    corked.push({ raw, socket, target });
  }
  raw.write(framed(text));
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
  // All of it corked (as a second write in this tick would be), flushed and
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
