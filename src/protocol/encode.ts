/**
 * Turning typed frames into text. Encoding is plain JSON; these helpers exist
 * so callers can only encode frames the schemas describe.
 */
import type { ClientFrame, ServerFrame } from './frames.js';

export function encodeServerFrame(frame: ServerFrame): string {
  return JSON.stringify(frame);
}

export function encodeClientFrame(frame: ClientFrame): string {
  return JSON.stringify(frame);
}

/**
 * The history form of an already encoded `from` frame: the same frame with
 * `"history":true` appended, without parsing it again.
 */
export function markAsHistory(encodedFrom: string): string {
  return encodedFrom.slice(0, -1) + ',"history":true}';
}
