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

/**
 * FNV-1a, 32 bits, over the UTF-8 bytes of `text` (a lone surrogate counts as U+FFFD, as
 * TextEncoder writes it). ASCII, most text, is its own UTF-8: hashed as it is, without an
 * encoder call (a microsecond or more each in Chromium) and an array per message; the
 * first other character starts over on the encoder's bytes.
 */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0, c; i < text.length; i++) {
    if ((c = text.charCodeAt(i)) > 127) return utf8(text).reduce((hash, b) => Math.imul(hash ^ b, 0x01000193), 0x811c9dc5) >>> 0;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h >>> 0;
}

/** The id of the first message `from` sent with `data` (before any `.k`). */
export function baseMessageId(from: string | null, data: string): string {
  const h = fnv1a32(data);
  // Written as the number before its last base-36 digit (none: '') and that digit, both
  // small integers: V8 converts a number from 2^30 up (3 hashes in 4) ten times slower.
  return `${from ?? SERVER_SENDER}.${((h / 36) | 0 || '').toString(36)}${(h % 36).toString(36)}`;
}

/** What is kept of a message under its id: the id, and for the first message with a base id, how many had it. */
export interface Numbered {
  id: string;
  /** Messages with this one's id as their base (absent: 1). */
  n?: number;
}

/**
 * Numbers the messages of a conversation as they are shown, in the order the relay
 * delivered them, and keeps what the caller knows of each under its id: one map per
 * scope does both. The first message with a base id counts the messages that had it,
 * so the k-th identical message gets `.k` without a scan of the earlier ones.
 */
export class MessageIds<T extends Numbered = Numbered> {
  /** Scope → message id → what is kept under it. */
  #scopes = new Map<string, Map<string, T>>();

  /**
   * Gives the next message from `from` (null: the server) with `data` in `scope` (its thread,
   * any string both sides build alike, the channel plus the recipients of a private one)
   * its id as `kept.id`, and keeps `kept` under it. Returns `kept`.
   */
  add(scope: string, from: string | null, data: string, kept: T): T {
    const base = baseMessageId(from, data);
    let ids = this.#scopes.get(scope);
    if (!ids) this.#scopes.set(scope, (ids = new Map()));
    const first = ids.get(base);
    ids.set((kept.id = first ? `${base}.${(first.n = (first.n ?? 1) + 1)}` : base), kept);
    return kept;
  }

  /** What is kept under message `id` of `scope`, if it was numbered. */
  get(scope: string, id: string): T | undefined {
    return this.#scopes.get(scope)?.get(id);
  }

  /** Another room, or the log starts afresh: count from the start. */
  clear(): void {
    this.#scopes.clear();
  }
}
