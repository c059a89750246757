/**
 * A zod-free twin of `decodeServerFrame` for the browser client, whose whole
 * size budget zod's core would take. It reads the list of frames the zod
 * schemas are made from (server-frames.ts) with the readers of read-fields.ts
 * and shares the steps around them (read-frame.ts); only a value's check against
 * its kind is written twice, here in `READ_KIND` and in frames.ts
 * `VALUE_KIND_SCHEMAS`. test/protocol/parse-server-frame.test.ts holds every
 * kind and generated frames to the same verdict, message and output. Like
 * `decodeServerFrame` it never throws.
 */
import type { ServerFrame } from './frames.js';
import { isId } from './limits.js';
import { any, list, readFields, record, refuse, text, when, type Reader } from './read-fields.js';
import { isObject, readFrame, type Decoded, type FieldCheck } from './read-frame.js';
import { PRESENCE_CHANGE_TYPES, SERVER_FRAME_FIELDS, type ValueKind } from './server-frames.js';

const string = text();

/** Each kind of value as its schema in frames.ts reads it (see read-fields.ts). */
export const READ_KIND: { readonly [K in ValueKind]: Reader } = {
  id: when(isId),
  'id|null': when((v) => v === null || isId(v)),
  'id[]': list(when(isId)),
  string,
  'string|number': when((v) => typeof v === 'string' || Number.isFinite(v)),
  number: when(Number.isFinite),
  boolean: when((v) => typeof v === 'boolean'),
  status: record(any),
  statuses: record(record(any)),
  roles: record(string),
  // Each entry one of the presence frames, as zod's union by `type` reads it.
  changes: list((change) =>
    isObject(change) && (PRESENCE_CHANGE_TYPES as readonly unknown[]).includes(change['type']) ? frame(change['type'] as string, change) : refuse(isObject(change) ? ['type'] : []),
  ),
  unknown: any,
};

/** A frame of `type` (a key of SERVER_FRAME_FIELDS) as zod outputs it: its type, then its known fields. */
const frame = (type: string, fields: Record<string, unknown>): ServerFrame =>
  ({ type, ...readFields(SERVER_FRAME_FIELDS[type as ServerFrame['type']], READ_KIND, fields) }) as ServerFrame;

const checkFields: FieldCheck<ServerFrame> = (type, fields) => (Object.hasOwn(SERVER_FRAME_FIELDS, type) ? frame(type, fields) : undefined);

/** Decode a frame the server sent, with the rules of `decodeServerFrame` but without zod. */
export function parseServerFrame(text: string): Decoded<ServerFrame> {
  return readFrame(text, checkFields);
}
