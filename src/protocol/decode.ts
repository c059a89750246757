/**
 * Turning text from the network into typed frames with zod. Never throws:
 * every way a frame can be wrong becomes `{ ok: false, code, message }` with
 * a code from errors.ts, so the caller answers with an `error` frame and
 * carries on. The steps around the schema are read-frame.ts, shared with the
 * browser's zod-free parser.
 */
import * as z from 'zod/mini';
import { CLIENT_FRAME_SCHEMAS, SERVER_FRAME_SCHEMAS, type ClientFrame, type ServerFrame } from './frames.js';
import { readFrame, type Decoded, type FieldVerdict } from './read-frame.js';

export type { Decoded } from './read-frame.js';

/** The field check of `readFrame` by one schema per frame type. */
function checkWith<T>(schemas: Readonly<Record<string, z.ZodMiniType<T>>>): (type: string, record: Record<string, unknown>) => FieldVerdict<T> {
  return (type, record) => {
    const schema = Object.prototype.hasOwnProperty.call(schemas, type) ? schemas[type] : undefined;
    if (!schema) return undefined;
    const result = schema.safeParse(record);
    return result.success ? { ok: true, frame: result.data } : { ok: false, path: result.error.issues[0]?.path ?? [] };
  };
}

const checkClientFrame = checkWith<ClientFrame>(CLIENT_FRAME_SCHEMAS);
const checkServerFrame = checkWith<ServerFrame>(SERVER_FRAME_SCHEMAS);
let checkClientFrameCompiled: ReturnType<typeof checkWith<ClientFrame>> | undefined;

/** Decode a frame a client sent (used by the server). */
export function decodeClientFrame(text: string): Decoded<ClientFrame> {
  return readFrame(text, checkClientFrame);
}

/**
 * `decodeClientFrame` with zod's ahead-of-time compiled parsers (`z.compile`):
 * the same schemas and the same answers (invalid input falls back to the
 * regular parser, so error reporting is identical), several times cheaper
 * per frame. It generates code with `new Function`, so it is for the server
 * only, never for a page under a strict Content-Security-Policy.
 */
export function decodeClientFrameCompiled(text: string): Decoded<ClientFrame> {
  checkClientFrameCompiled ??= checkWith(
    Object.fromEntries(Object.entries(CLIENT_FRAME_SCHEMAS).map(([type, schema]) => [type, z.compile(schema as z.ZodMiniType<ClientFrame>)])),
  );
  return readFrame(text, checkClientFrameCompiled);
}

/** Decode a frame the server sent (used by the client). */
export function decodeServerFrame(text: string): Decoded<ServerFrame> {
  return readFrame(text, checkServerFrame);
}
