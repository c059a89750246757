/**
 * The conversation conventions without zod, for the element bundle: the signal type
 * they ride on, their limits, and a reader whose verdict and output equal the zod
 * schemas' in conventions.ts (test/protocol/conventions.test.ts fuzzes the two against
 * each other). A convention signal is `<channel>~<kind>` with a JSON string as data; a
 * plain receiver listens to `<channel>` only and never sees it. Never throws.
 */
import { isId, utf8Length } from './limits.js';
import { list, readFields, refuse, text, when, type Reader } from './read-fields.js';
import { isObject, readJsonObject } from './read-frame.js';
import { MAX_MESSAGE_ID_CHARS } from './message-id.js';
import type { TYPING_KIND } from './typing.js';

/** Longest reaction key (an emoji or a short text), in UTF-8 bytes. */
export const MAX_KEY_BYTES = 16;
/** Most reaction keys one person may have on one message (a longer `react` is refused). */
export const MAX_KEYS_PER_PERSON = 10;
/** Most distinct keys on one message; receivers ignore a key beyond it. */
export const MAX_KEYS_PER_MESSAGE = 20;
/** Longest reply excerpt, in UTF-8 bytes (the element cuts it at a character boundary). */
export const MAX_EXCERPT_BYTES = 200;
/** Longest sender name a reply quotes. */
export const MAX_QUOTED_NAME_CHARS = 64;
/** Most peers one message may mention. */
export const MAX_MENTIONS = 50;

/** Separates a channel from a convention kind in a signal type: `chat~react`. */
export const CONVENTION_SEPARATOR = '~';

/** Replaces the sender's whole reaction set on message `id` (`[]` removes all). */
export interface ReactBody {
  id: string;
  keys: string[];
}
/** New text for message `id`; applied only when it comes from the message's sender. */
export interface EditBody {
  id: string;
  text: string;
}
/** Takes message `id` back; applied when it comes from its sender or a moderator. */
export interface DeleteBody {
  id: string;
}
/** What message `id` answers, with an excerpt for those who lack the original. */
export interface ReplyTo {
  id: string;
  excerpt: string;
  name?: string | undefined;
}
/** Sent by a message's sender right after it: what the plain text cannot say. */
export interface MetaBody {
  id: string;
  replyTo?: ReplyTo | undefined;
  /** Peer ids the message mentions. */
  mentions?: string[] | undefined;
}

/** "Read up to here": the sender has had message `id` (and all before it) on screen. Sent ephemeral. */
export interface ReadBody {
  id: string;
}

export interface ConventionBodies {
  react: ReactBody;
  edit: EditBody;
  delete: DeleteBody;
  meta: MetaBody;
  read: ReadBody;
}
export type ConventionKind = keyof ConventionBodies;

/** Whether `v` may be a reaction key: 1–16 UTF-8 bytes. */
export const isReactionKey = (v: unknown): v is string => typeof v === 'string' && v !== '' && utf8Length(v) <= MAX_KEY_BYTES;

/**
 * The fields of each kind's body; each field is read by the kind of value of the same
 * name in BODY_VALUES (an `id` is a message id wherever it appears; `?`: may be absent).
 */
const BODY_FIELDS: { readonly [K in ConventionKind]: Readonly<Record<keyof ConventionBodies[K], string>> } = {
  react: { id: 'id', keys: 'keys' },
  edit: { id: 'id', text: 'text' },
  delete: { id: 'id' },
  meta: { id: 'id', replyTo: 'replyTo?', mentions: 'mentions?' },
  read: { id: 'id' },
};

const REPLY_FIELDS: Readonly<Record<keyof ReplyTo, string>> = { id: 'id', excerpt: 'excerpt', name: 'name?' };

/** Each value of a body as its zod schema in conventions.ts reads it (see read-fields.ts). */
const BODY_VALUES: Readonly<Record<string, Reader>> = {
  id: text(1, MAX_MESSAGE_ID_CHARS),
  keys: list(when(isReactionKey), MAX_KEYS_PER_PERSON),
  text: text(1),
  replyTo: (v) => (isObject(v) ? readFields(REPLY_FIELDS, BODY_VALUES, v) : refuse()),
  excerpt: when((v) => typeof v === 'string' && utf8Length(v) <= MAX_EXCERPT_BYTES),
  name: text(1, MAX_QUOTED_NAME_CHARS),
  mentions: list(when(isId), MAX_MENTIONS),
};

/** The kinds this version reads. */
export const CONVENTION_KINDS = Object.keys(BODY_FIELDS) as readonly ConventionKind[];

/**
 * The signal type of convention `conventionKind` in the thread of `channel` (`typing` too,
 * typing.ts's); with channel '' the suffix every such type of the kind ends in.
 */
export const conventionType = (channel: string, conventionKind: ConventionKind | typeof TYPING_KIND): string => channel + CONVENTION_SEPARATOR + conventionKind;

/** `chat~react` → `['chat', 'react']`; undefined for a type that is no known convention. */
export function splitConventionType(type: string): [string, ConventionKind] | undefined {
  const at = type.lastIndexOf(CONVENTION_SEPARATOR);
  const kind = type.slice(at + 1) as ConventionKind;
  return at > 0 && CONVENTION_KINDS.includes(kind) ? [type.slice(0, at), kind] : undefined;
}

/** A convention signal's data (a JSON string) as an object, or undefined when it is not one. Never throws. */
export { readJsonObject };

/**
 * The body of a `conventionKind` signal whose data is `data` (a JSON string), as zod outputs it
 * (known fields only), or undefined when it is not a valid one.
 */
export function readConvention<K extends ConventionKind>(conventionKind: K, data: unknown): ConventionBodies[K] | undefined {
  const o = readJsonObject(data);
  try {
    return o && Object.hasOwn(BODY_FIELDS, conventionKind) ? (readFields(BODY_FIELDS[conventionKind], BODY_VALUES, o) as unknown as ConventionBodies[K]) : undefined;
  } catch {
    return undefined;
  }
}
