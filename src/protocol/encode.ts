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

/**
 * An already encoded `from` frame with its sender's name at send time
 * appended (`name`, and `verified: true` when it is the token's name claim),
 * for history and resume backlogs, whose senders may be gone or renamed.
 */
export function withSenderName(encodedFrom: string, name: string | undefined, verified: boolean): string {
  if (name === undefined) return encodedFrom;
  return `${encodedFrom.slice(0, -1)},"name":${JSON.stringify(name)}${verified ? ',"verified":true' : ''}}`;
}
