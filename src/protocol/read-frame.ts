/**
 * The steps every decoder of our frames shares, whether its fields are
 * checked by zod (decode.ts) or without it (parse-server-frame.ts): the depth
 * guard, JSON, the `type`, the refusal messages and the size rules. Only the
 * field check differs, so two decoders give the same verdict and the same
 * words whenever their field checks agree. No zod here, and it never throws.
 */
import type { ErrorCode } from './errors.js';
import { MAX_JSON_DEPTH, MAX_STATUS_BYTES, TYPE_RULE, jsonDepth, serialisedBytes, tooLargeMessage, utf8Length } from './limits.js';

export type Decoded<T> =
  | { ok: true; frame: T }
  | { ok: false; code: ErrorCode; message: string; id?: string | number };

type Failure = Extract<Decoded<never>, { ok: false }>;

/** A JSON object: not null, not an array (what a frame, a status and a record must be). */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `data` (a JSON string: a convention signal's, connection data) as an object, or undefined when it is not one. Never throws. */
export function readJsonObject(data: unknown): Record<string, unknown> | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const o: unknown = JSON.parse(data);
    return isObject(o) ? o : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A field check: the frame of a known type as the caller gets it, `undefined` when
 * `type` is not a frame type; it throws where the first bad field is
 * (`[field, …inner path]`, as zod reports an issue).
 */
export type FieldCheck<T> = (type: string, record: Record<string, unknown>) => T | undefined;

function fail(code: ErrorCode, message: string, id?: unknown): Failure {
  return typeof id === 'string' || typeof id === 'number' ? { ok: false, code, message, id } : { ok: false, code, message };
}

/** The refusal for the first bad field at `path` of `record`. */
function fieldRefusal(path: readonly PropertyKey[], record: Record<string, unknown>, id: unknown): Failure {
  if (path[0] === 'event') return fail('invalid_type', TYPE_RULE, id);
  if (path.length === 0) return fail('invalid_message', 'frame is missing required fields', id);
  const field = path.map(String).join('.');
  const missing = path.length === 1 && record[String(path[0])] === undefined;
  return fail('invalid_message', missing ? `'${field}' is required` : `'${field}' is invalid`, id);
}

/**
 * Decode `text` as a frame whose fields `check` validates. `maxSignalBytes`
 * is the data limit of a chat signal (a client's `signal` frame); no other
 * frame's data has a limit of its own: a seed `to` (peer to peer, such as a
 * WebRTC offer) and the `from` it becomes are held only to the transport cap.
 */
export function readFrame<T>(
  text: string,
  check: FieldCheck<T>,
  maxSignalBytes?: number,
): Decoded<T> {
  // Short frames cannot nest deeply; long ones are scanned before parsing.
  if (text.length > 2 * MAX_JSON_DEPTH && jsonDepth(text) > MAX_JSON_DEPTH) {
    return fail('invalid_message', `frame nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    return fail('invalid_message', 'frame is not valid JSON');
  }
  if (!isObject(record)) return fail('invalid_message', 'frame must be a JSON object');
  const type = record['type'];
  const id = record['id'];
  if (typeof type !== 'string') return fail('invalid_message', "frame has no string 'type'", id);
  let frame: T | undefined;
  try {
    frame = check(type, record);
  } catch (path) {
    return fieldRefusal(path as readonly PropertyKey[], record, id);
  }
  if (!frame) return fail('invalid_message', `unknown frame type '${type.slice(0, 40)}'`, id);
  // A frame no longer than a limit cannot hold a value over it, so the
  // measuring is paid only by frames that might be too large (UTF-8 takes at
  // most 3 bytes per UTF-16 unit).
  if (type === 'signal' && maxSignalBytes !== undefined) {
    const refusal = overLimit(text, record, 'data', maxSignalBytes, id);
    if (refusal) return refusal;
  }
  return overLimit(text, record, 'status', MAX_STATUS_BYTES, id) ?? { ok: true, frame };
}

function overLimit(text: string, record: Record<string, unknown>, field: 'data' | 'status', limit: number, id: unknown): Failure | undefined {
  if (field in record && text.length * 3 > limit && utf8Length(text) > limit) {
    const bytes = serialisedBytes(record[field]);
    if (bytes > limit) return fail('data_too_large', tooLargeMessage(field, bytes, limit), id);
  }
  return undefined;
}
