/**
 * The limits every frame is held to. Client and server both import these, so a
 * signal the client lets through is never refused by the server for size or
 * shape, and the other way round.
 */

/** Largest `data` of a signal, in bytes of its JSON serialisation (OpenTok's 8 KB). */
export const MAX_DATA_BYTES = 8 * 1024;

/** Largest `status` object, in bytes of its JSON serialisation. */
export const MAX_STATUS_BYTES = 1024;

/** Longest signal type (`event` on the wire), in bytes (OpenTok's rule). */
export const MAX_TYPE_BYTES = 128;

/** OpenTok's type rule: letters, digits, `-`, `_` and `~`. */
export const TYPE_PATTERN = /^[A-Za-z0-9\-_~]+$/;

/** Longest room name. */
export const MAX_ROOM_CHARS = 64;

/** Room names are URL path segments that need no escaping. */
export const ROOM_PATTERN = /^[A-Za-z0-9\-_~.]+$/;

/** Longest client-chosen signal id (used for `ack` and de-duplication). */
export const MAX_ID_CHARS = 64;

/** Deepest nesting of arrays and objects in a frame (deeper JSON could exhaust a stack when re-serialised). */
export const MAX_JSON_DEPTH = 64;

/**
 * Deepest `[`/`{` nesting in JSON text, ignoring brackets inside strings.
 * A linear scan without recursion, so it is safe on any input.
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > deepest) deepest = depth;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return deepest;
}

/** Most peers one targeted signal may name. */
export const MAX_RECIPIENTS = 256;

/** Most signals one `history` page holds; a larger `limit` is served as this. */
export const MAX_PAGE = 200;
/** Signals in a `history` page that names no `limit`. */
export const DEFAULT_PAGE = 50;

/**
 * Largest WebSocket message the server reads at all. Anything between the
 * limits above and this cap is parsed and refused with an error frame; beyond
 * it `ws` closes that one socket with 1009 before buffering it.
 */
export const MAX_FRAME_BYTES = 64 * 1024;

/** Number of bytes `text` takes in UTF-8, without allocating (works in browsers and Node). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Size of a signal's `data` as the limit counts it: a string by its UTF-8
 * bytes (as OpenTok counts its 8 KB), anything else by its JSON
 * serialisation; `undefined` counts as nothing.
 */
export function serialisedBytes(value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value === 'string') return utf8Length(value);
  const text = JSON.stringify(value);
  return text === undefined ? 0 : utf8Length(text);
}

/** Whether `name` is a valid room name. */
export function isRoomName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_ROOM_CHARS && ROOM_PATTERN.test(name);
}

/** The type rule in words, for every refusal that cites it. */
export const TYPE_RULE = `type must be 1–${MAX_TYPE_BYTES} characters of A-Z a-z 0-9 - _ ~`;

/** The room rule in words, for every refusal that cites it (every dialect and REST). */
export const ROOM_RULE = `room names are 1–${MAX_ROOM_CHARS} characters of A-Z a-z 0-9 - _ ~ .`;

/**
 * The refusal message for a value over its size limit, for every dialect,
 * REST and the client; `bytes` is left out where reading stopped at the limit.
 */
export function tooLargeMessage(what: string, bytes: number | undefined, limit: number): string {
  return bytes === undefined ? `${what} is over the limit of ${limit} bytes` : `${what} is ${bytes} bytes; the limit is ${limit}`;
}

/** Whether `type` obeys the signal type rule. */
export function isSignalType(type: string): boolean {
  return type.length > 0 && type.length <= MAX_TYPE_BYTES && TYPE_PATTERN.test(type);
}
