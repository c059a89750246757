/**
 * The typing convention (issue 14), zod-free so the element's bundle can read it: while
 * a person types in a thread, their element sends `<channel>~typing` (ephemeral, with
 * the thread's `to`) whose data is `{"ttl": ms}`: show the sender typing for this long.
 * `{"ttl": 0}` means the sender stopped. The indicator carries its own expiry, so a lost stop
 * (a dropped socket, a closed laptop) cannot leave it on screen: it ends by itself.
 * The zod schema of the same shape is `TypingSchema` in conventions.ts; a
 * fast-check test holds the two to one verdict.
 */
import { readJsonObject } from './read-convention.js';

/** The kind after `~` in the signal type. */
export const TYPING_KIND = 'typing';

/**
 * Longest `ttl` a receiver accepts (Matrix's typing timeout is at most 30 s): a hostile
 * or broken sender cannot pin an indicator for longer than this without re-sending.
 */
export const MAX_TYPING_TTL_MS = 30_000;

export interface TypingData {
  /** How long (ms) to show the sender as typing from now; 0: stopped. */
  ttl: number;
}

/** The data of a typing signal, or undefined when it is not one (never throws). */
export function readTyping(data: unknown): TypingData | undefined {
  const ttl = readJsonObject(data)?.['ttl'];
  return Number.isInteger(ttl) && (ttl as number) >= 0 && (ttl as number) <= MAX_TYPING_TTL_MS ? { ttl: ttl as number } : undefined;
}
