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

/** OpenTok's type rule: letters, digits, `-`, `_` and `~` (`\w` is A-Z a-z 0-9 and `_`). */
export const TYPE_PATTERN = /^[\w~-]+$/;

/** Longest room name. */
export const MAX_ROOM_CHARS = 64;

/** Room names are URL path segments that need no escaping. */
export const ROOM_PATTERN = /^[\w~.-]+$/;

/** Longest client-chosen signal id (used for `ack` and de-duplication). */
export const MAX_ID_CHARS = 64;

/** Whether `v` may be an id (a peer's or a signal's): 1–MAX_ID_CHARS characters. */
export const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_CHARS;

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
    // `[` and `{` differ only in bit 0x20, as do `]` and `}`, and no other character sets it to them.
    else if ((c | 0x20) === 0x7b /* [ { */) {
      if (++depth > deepest) deepest = depth;
    } else if ((c | 0x20) === 0x7d /* ] } */) depth--;
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

const encoder = new TextEncoder();

/** `text` in UTF-8 (a lone surrogate as the 3 bytes of the U+FFFD it is sent as), in browsers and Node alike. */
export const utf8 = (text: string): Uint8Array => encoder.encode(text);

/** Number of bytes `text` takes in UTF-8 (see `utf8`). */
export function utf8Length(text: string): number {
  return utf8(text).length;
}

/**
 * Size of a signal's `data` as the limit counts it: a string by its UTF-8
 * bytes (as OpenTok counts its 8 KB), anything else by its JSON
 * serialisation; `undefined` counts as nothing.
 */
export function serialisedBytes(value: unknown): number {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? 0 : utf8Length(text);
}

/** Whether `name` is a valid room name. */
export function isRoomName(name: string): boolean {
  // The pattern takes one character or more.
  return name.length <= MAX_ROOM_CHARS && ROOM_PATTERN.test(name);
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
  return type.length <= MAX_TYPE_BYTES && TYPE_PATTERN.test(type);
}
