/**
 * The id of a chat message that every receiver agrees on, whichever session delivered
 * it: our relay, openvidu-browser or OpenTok. Those deliver only type, data and from
 * (no `seq`, no sender-chosen id without a JSON body), so the id is derived from them:
 *
 *   <from connection id, or "server"> "." base36(FNV-1a 32 of the data's UTF-8 bytes)
 *
 * and for the k-th message (k = 2, 3, …) of one sender with the same data in one
 * thread, "." k after it. Receivers that missed an earlier identical message (it fell
 * out of the history they got) number the later ones differently: the README says so.
 * No zod, no DOM: the element bundle and the server's tests both use it.
 */
import { utf8 } from './limits.js';

/** Longest message id a convention signal may name (a 64-character connection id, its hash and a count). */
export const MAX_MESSAGE_ID_CHARS = 96;

/** The sender part of the id of a message the server sent itself (`from` null). */
export const SERVER_SENDER = 'server';

/** FNV-1a, 32 bits, over the UTF-8 bytes of `text` (a lone surrogate counts as U+FFFD, as TextEncoder writes it). */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of utf8(text)) h = Math.imul(h ^ byte, 0x01000193);
  return h >>> 0;
}

/** The id of the first message `from` sent with `data` (before any `.k`). */
export function baseMessageId(from: string | null, data: string): string {
  return `${from ?? SERVER_SENDER}.${fnv1a32(data).toString(36)}`;
}

/**
 * Numbers the messages of a conversation as they are shown, in the order the relay
 * delivered them. One counter per (thread, sender, data hash) that has been seen, so
 * the k-th identical message gets `.k` without a scan of the earlier ones.
 */
export class MessageIds {
  /** Scope → id of the first such message → how many there were. */
  #counts = new Map<string, Map<string, number>>();

  /**
   * The id of the next message from `from` (null: the server) with `data` in `scope` (its thread,
   * any string both sides build alike, the channel plus the recipients of a private one).
   */
  next(scope: string, from: string | null, data: string): string {
    const base = baseMessageId(from, data);
    let counts = this.#counts.get(scope);
    if (!counts) this.#counts.set(scope, (counts = new Map()));
    const k = (counts.get(base) ?? 0) + 1;
    counts.set(base, k);
    return k === 1 ? base : `${base}.${k}`;
  }

  /** Another room or a fresh log: count from the start. */
  clear(): void {
    this.#counts.clear();
  }
}
