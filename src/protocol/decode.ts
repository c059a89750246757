/**
 * Turning text from the network into typed frames with zod. Never throws:
 * every way a frame can be wrong becomes `{ ok: false, code, message }` with
 * a code from errors.ts, so the caller answers with an `error` frame and
 * carries on. The steps around the schema are read-frame.ts, shared with the
 * browser's zod-free parser.
 */
import type * as z from 'zod/mini';
import * as zc from 'zod/mini';
import { CLIENT_FRAME_SCHEMAS, SERVER_FRAME_SCHEMAS, type ClientFrame, type ServerFrame } from './frames.js';
import { readFrame, type Decoded } from './read-frame.js';

export type { Decoded } from './read-frame.js';

function decode<T>(text: string, schemas: Readonly<Record<string, z.ZodMiniType<T>>>): Decoded<T> {
  return readFrame<T>(text, (type, record) => {
    const schema = Object.prototype.hasOwnProperty.call(schemas, type) ? schemas[type] : undefined;
    if (!schema) return undefined;
    const result = schema.safeParse(record);
    return result.success ? { ok: true, frame: result.data } : { ok: false, path: result.error.issues[0]?.path ?? [] };
  });
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
