/**
 * Turning text from the network into typed frames. Never throws: every way a
 * frame can be wrong becomes `{ ok: false, code, message }` with a code from
 * errors.ts, so the caller answers with an `error` frame and carries on.
 */
import type * as z from 'zod/mini';
import * as zc from 'zod/mini';
import { CLIENT_FRAME_SCHEMAS, SERVER_FRAME_SCHEMAS, type ClientFrame, type ServerFrame } from './frames.js';
import type { ErrorCode } from './errors.js';
import { MAX_DATA_BYTES, MAX_JSON_DEPTH, MAX_STATUS_BYTES, TYPE_RULE, jsonDepth, serialisedBytes, tooLargeMessage, utf8Length } from './limits.js';

export type Decoded<T> =
  | { ok: true; frame: T }
  | { ok: false; code: ErrorCode; message: string; id?: string | number };

type Failure = Extract<Decoded<never>, { ok: false }>;

function fail(code: ErrorCode, message: string, id?: unknown): Failure {
  return typeof id === 'string' || typeof id === 'number' ? { ok: false, code, message, id } : { ok: false, code, message };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function describeIssue(issue: z.core.$ZodIssue, record: Record<string, unknown>): { code: ErrorCode; message: string } {
  const field = issue.path.join('.');
  if (issue.path[0] === 'event') {
    return { code: 'invalid_type', message: TYPE_RULE };
  }
  if (!field) return { code: 'invalid_message', message: 'frame is missing required fields' };
  const top = issue.path[0];
  const missing = issue.path.length === 1 && (typeof top === 'string' ? record[top] === undefined : false);
  return { code: 'invalid_message', message: missing ? `'${field}' is required` : `'${field}' is invalid` };
}

function decode<T>(text: string, schemas: Readonly<Record<string, z.ZodMiniType<T>>>): Decoded<T> {
  // Short frames cannot nest deeply; long ones are scanned before parsing.
  if (text.length > 2 * MAX_JSON_DEPTH && jsonDepth(text) > MAX_JSON_DEPTH) {
    return fail('invalid_message', `frame nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
  const parsed = parseJson(text);
  if (!parsed.ok) return fail('invalid_message', 'frame is not valid JSON');
  const raw = parsed.value;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail('invalid_message', 'frame must be a JSON object');
  }
  const record = raw as Record<string, unknown>;
  const type = record['type'];
  if (typeof type !== 'string') return fail('invalid_message', "frame has no string 'type'", record['id']);
  const schema = Object.prototype.hasOwnProperty.call(schemas, type) ? schemas[type] : undefined;
  if (!schema) return fail('invalid_message', `unknown frame type '${type.slice(0, 40)}'`, record['id']);
  const result = schema.safeParse(raw);
  if (!result.success) {
    const first = result.error.issues[0];
    const { code, message } = first ? describeIssue(first, record) : { code: 'invalid_message' as const, message: 'invalid frame' };
    return fail(code, message, record['id']);
  }
  // A frame no longer than the data limit cannot hold data over it, so the
  // measuring is paid only by frames that might be too large (UTF-8 takes at
  // most 3 bytes per UTF-16 unit).
  if (text.length * 3 > MAX_DATA_BYTES && utf8Length(text) > MAX_DATA_BYTES && 'data' in record) {
    const bytes = serialisedBytes(record['data']);
    if (bytes > MAX_DATA_BYTES) {
      return fail('data_too_large', tooLargeMessage('data', bytes, MAX_DATA_BYTES), record['id']);
    }
  }
  if ('status' in record && text.length * 3 > MAX_STATUS_BYTES && utf8Length(text) > MAX_STATUS_BYTES) {
    const bytes = serialisedBytes(record['status']);
    if (bytes > MAX_STATUS_BYTES) {
      return fail('data_too_large', tooLargeMessage('status', bytes, MAX_STATUS_BYTES), record['id']);
    }
  }
  return { ok: true, frame: result.data };
}

/** Decode a frame a client sent (used by the server). */
export function decodeClientFrame(text: string): Decoded<ClientFrame> {
  return decode<ClientFrame>(text, CLIENT_FRAME_SCHEMAS);
}

let compiledClientSchemas: Readonly<Record<string, z.ZodMiniType<ClientFrame>>> | undefined;

/**
 * `decodeClientFrame` with zod's ahead-of-time compiled parsers (`z.compile`):
 * the same schemas and the same answers (invalid input falls back to the
 * regular parser, so error reporting is identical), several times cheaper
 * per frame. It generates code with `new Function`, so it is for the server
 * only, never for a page under a strict Content-Security-Policy.
 */
export function decodeClientFrameCompiled(text: string): Decoded<ClientFrame> {
  compiledClientSchemas ??= Object.fromEntries(
    Object.entries(CLIENT_FRAME_SCHEMAS).map(([type, schema]) => [type, zc.compile(schema as z.ZodMiniType<ClientFrame>)]),
  );
  return decode<ClientFrame>(text, compiledClientSchemas);
}

/** Decode a frame the server sent (used by the client). */
export function decodeServerFrame(text: string): Decoded<ServerFrame> {
  return decode<ServerFrame>(text, SERVER_FRAME_SCHEMAS);
}
