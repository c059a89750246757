/**
 * The fan-out write path, shared by every dialect. Three things make a
 * delivery cost about what a raw byte-forwarding relay pays:
 *
 * - A broadcast hands the same frame string to every recipient; it is framed
 *   into WebSocket bytes once (a one-entry cache keyed by that string,
 *   compared by identity first), not once per recipient.
 * - Those bytes go straight to the TCP socket. This is exactly what `ws`
 *   itself writes for an unmasked, uncompressed text frame; it holds only
 *   because the server never negotiates permessage-deflate (relay-server.ts
 *   sets `perMessageDeflate: false`), so `ws` keeps no send queue of its own.
 * - Writes are corked until the end of the tick, so a burst of frames to one
 *   socket leaves in one syscall instead of one per frame. The backlog check
 *   runs after uncorking, on what the kernel would not take, so a burst (a
 *   joiner's history, say) is not mistaken for a slow reader.
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

let lastText: string | undefined;
let lastFrame: Buffer = Buffer.alloc(0);

function framed(text: string): Buffer {
  if (text !== lastText) {
    lastText = text;
    lastFrame = textFrame(text);
  }
  return lastFrame;
}

/** Called when a socket's unsent bytes pass its limit after a flush. */
export type BacklogCheck = { limit: number; overLimit: () => void };

const corked = new Map<Duplex, { socket: WebSocket; check: BacklogCheck }>();

function uncorkAll(): void {
  for (const [raw, { socket, check }] of corked) {
    raw.uncork();
    if (socket.bufferedAmount > check.limit) check.overLimit();
  }
  corked.clear();
}

/** `ws` keeps its TCP socket private; it is reached only for this fast path. */
function rawSocket(socket: WebSocket): Duplex | undefined {
  const raw = (socket as unknown as { _socket?: Duplex })._socket;
  return raw && typeof raw.cork === 'function' && raw.writable ? raw : undefined;
}

/** Send one text frame on an open socket; `check` runs once the tick's writes are flushed. */
export function writeText(socket: WebSocket, text: string, check: BacklogCheck): void {
  const raw = rawSocket(socket);
  if (!raw) {
    socket.send(text);
    if (socket.bufferedAmount > check.limit) check.overLimit();
    return;
  }
  if (!corked.has(raw)) {
    if (corked.size === 0) process.nextTick(uncorkAll);
    raw.cork();
    corked.set(raw, { socket, check });
  }
  raw.write(framed(text));
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
