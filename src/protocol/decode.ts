/**
 * Turning text from the network into typed frames with zod. Never throws:
 * every way a frame can be wrong becomes `{ ok: false, code, message }` with
 * a code from errors.ts, so the caller answers with an `error` frame and
 * carries on. The steps around the schema are read-frame.ts, shared with the
 * browser's zod-free parser.
 */
import * as z from 'zod/mini';
import { CLIENT_FRAME_SCHEMAS, SERVER_FRAME_SCHEMAS, type ClientFrame, type ServerFrame } from './frames.js';
import { MAX_DATA_BYTES } from './limits.js';
import { readFrame, type Decoded, type FieldCheck } from './read-frame.js';

export type { Decoded } from './read-frame.js';

/** The field check of `readFrame` by one schema per frame type. */
function checkWith<T>(schemas: Readonly<Record<string, z.ZodMiniType<T>>>): FieldCheck<T> {
  return (type, record) => {
    const schema = Object.prototype.hasOwnProperty.call(schemas, type) ? schemas[type] : undefined;
    if (!schema) return undefined;
    const result = schema.safeParse(record);
    if (result.success) return result.data;
    throw result.error.issues[0]?.path ?? [];
  };
}

const checkClientFrame = checkWith<ClientFrame>(CLIENT_FRAME_SCHEMAS);
const checkServerFrame = checkWith<ServerFrame>(SERVER_FRAME_SCHEMAS);
let checkClientFrameCompiled: ReturnType<typeof checkWith<ClientFrame>> | undefined;

/**
 * Decode a frame a client sent (used by the server). A `signal`'s data is
 * held to `maxSignalBytes` (the relay's `--max-signal-bytes`, 8 KiB by
 * default); a seed `to`'s only to the transport cap.
 */
export function decodeClientFrame(text: string, maxSignalBytes: number = MAX_DATA_BYTES): Decoded<ClientFrame> {
  return readFrame(text, checkClientFrame, maxSignalBytes);
}

/**
 * `decodeClientFrame` with zod's ahead-of-time compiled parsers (`z.compile`):
 * the same schemas and the same answers (invalid input falls back to the
 * regular parser, so error reporting is identical), several times cheaper
 * per frame. It generates code with `new Function`, so it is for the server
 * only, never for a page under a strict Content-Security-Policy.
 */
export function decodeClientFrameCompiled(text: string, maxSignalBytes: number = MAX_DATA_BYTES): Decoded<ClientFrame> {
  checkClientFrameCompiled ??= checkWith(
    Object.fromEntries(Object.entries(CLIENT_FRAME_SCHEMAS).map(([type, schema]) => [type, z.compile(schema as z.ZodMiniType<ClientFrame>)])),
  );
  return readFrame(text, checkClientFrameCompiled, maxSignalBytes);
}

/**
 * Decode a frame the server sent (used by the client). A `from`'s data has
 * no limit of its own: a seed peer's `to` may carry up to the transport cap.
 */
export function decodeServerFrame(text: string): Decoded<ServerFrame> {
  return readFrame(text, checkServerFrame);
}
