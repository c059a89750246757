/**
 * The conversation conventions as zod schemas: reactions, edits, deletes and a message's
 * meta (reply, mentions), each the JSON data of a `<channel>~<kind>` signal. The element
 * reads them with the zod-free twin in read-convention.ts (the bundle has no zod);
 * test/protocol/conventions.test.ts holds both to the same verdict and output. A kind
 * added here must be added there too (the test fails until it is).
 */
import * as z from 'zod/mini';
import { MAX_ID_CHARS, utf8Length } from './limits.js';
import { MAX_MESSAGE_ID_CHARS } from './message-id.js';
import { readJsonObject } from './read-frame.js';
import { MAX_TYPING_TTL_MS } from './typing.js';
import {
  MAX_EXCERPT_BYTES,
  MAX_KEYS_PER_PERSON,
  MAX_MENTIONS,
  MAX_QUOTED_NAME_CHARS,
  isReactionKey,
  type ConventionBodies,
  type ConventionKind,
} from './read-convention.js';

export * from './message-id.js';
export * from './read-convention.js';
export * from './typing.js';

const MessageId = z.string().check(z.minLength(1), z.maxLength(MAX_MESSAGE_ID_CHARS));
const PeerId = z.string().check(z.minLength(1), z.maxLength(MAX_ID_CHARS));

export const ReactSchema = z.object({
  id: MessageId,
  keys: z.array(z.string().check(z.refine(isReactionKey))).check(z.maxLength(MAX_KEYS_PER_PERSON)),
});

export const EditSchema = z.object({ id: MessageId, text: z.string().check(z.minLength(1)) });

export const DeleteSchema = z.object({ id: MessageId });

export const ReplyToSchema = z.object({
  id: MessageId,
  excerpt: z.string().check(z.refine((s) => utf8Length(s) <= MAX_EXCERPT_BYTES)),
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(MAX_QUOTED_NAME_CHARS))),
});

export const MetaSchema = z.object({
  id: MessageId,
  replyTo: z.optional(ReplyToSchema),
  mentions: z.optional(z.array(PeerId).check(z.maxLength(MAX_MENTIONS))),
});

/**
 * `<channel>~typing`, sent ephemeral (issue 14): `{"ttl": ms}`, show the sender typing for
 * `ttl` ms from now; 0 means stopped. Not an annotation of a message (no `id`), so not one
 * of CONVENTION_SCHEMAS; its zod-free twin is `readTyping` in typing.ts.
 */
export const TypingSchema = z.object({ ttl: z.number().check(z.int(), z.gte(0), z.lte(MAX_TYPING_TTL_MS)) });

/** `<channel>~read`, sent ephemeral (issue 14): "read up to here", the sender had message `id` and all before it on screen. */
export const ReadSchema = z.object({ id: MessageId });

/** Each kind's schema; the twin reader's kinds are the same list. */
export const CONVENTION_SCHEMAS = {
  react: ReactSchema,
  edit: EditSchema,
  delete: DeleteSchema,
  meta: MetaSchema,
  read: ReadSchema,
} satisfies { [K in ConventionKind]: z.ZodMiniType<ConventionBodies[K]> };

/** The body of a `conventionKind` signal with `data` (a JSON string), checked by zod; undefined when invalid. Never throws. */
export function decodeConvention<K extends ConventionKind>(conventionKind: K, data: unknown): ConventionBodies[K] | undefined {
  // Not a JSON object (undefined): refused as zod refuses any other value that is not one.
  const result = CONVENTION_SCHEMAS[conventionKind].safeParse(readJsonObject(data));
  return result.success ? (result.data as ConventionBodies[K]) : undefined;
}
