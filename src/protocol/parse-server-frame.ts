/**
 * A zod-free twin of `decodeServerFrame`, for the browser client.
 *
 * Why it exists: the zod/mini schemas of the eight server frames cost about
 * 8 KB gzip on their own (zod's core is most of it), which is the whole size
 * budget of the session client. This parser holds the same rules in a table
 * and costs well under 1 KB. The zod schemas in frames.ts stay the one
 * specification: the type of `RULES` below is derived from them (a field
 * added, removed or made optional there fails to compile here), and
 * test/protocol/parse-server-frame.test.ts feeds both decoders the same
 * thousands of frames and requires the same verdict and the same output.
 *
 * Like `decodeServerFrame` it never throws.
 */
import type { Decoded } from './decode.js';
import type { ServerFrame } from './frames.js';
import { MAX_DATA_BYTES, MAX_ID_CHARS, MAX_STATUS_BYTES, serialisedBytes, utf8Length } from './limits.js';

/**
 * What a field may hold:
 * `i` an id (1–MAX_ID_CHARS chars), `s` a string, `n` a finite number,
 * `b` a boolean, `o` a status (a JSON object), `m` a map of statuses,
 * `p` an id or null, `a` an array of ids, `k` a string or a number,
 * `u` anything. A leading `?` makes the field optional.
 */
type Kind = 'i' | 's' | 'n' | 'b' | 'o' | 'm' | 'p' | 'a' | 'k' | 'u';
type FrameOf<K extends ServerFrame['type']> = Extract<ServerFrame, { type: K }>;
// A field zod marks optional must be `?`-prefixed here, and a required one must not.
type RuleFor<T, F extends keyof T> = {} extends Pick<T, F> ? `?${Kind}` : Kind;
type Rules = {
  [K in ServerFrame['type']]: { [F in Exclude<keyof FrameOf<K>, 'type'>]-?: RuleFor<FrameOf<K>, F> };
};

const RULES = {
  joined: { id: 'i', peers: 'm', resume: '?s', resumed: '?b', seq: '?n', role: '?s' },
  peer_joined: { peer: 'i', status: 'o' },
  peer_status: { peer: 'i', status: 'o' },
  peer_left: { peer: 'i', reason: '?s' },
  from: { peer: 'p', event: '?s', data: '?u', seq: '?n', time: '?n', to: '?a', history: '?b' },
  ack: { id: 'i', seq: 'n', time: 'n' },
  error: { code: 's', message: 's', id: '?k' },
  pong: { id: '?k' },
} satisfies Rules;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fits(value: unknown, kind: string): boolean {
  switch (kind) {
    case 'i':
      return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_CHARS;
    case 's':
      return typeof value === 'string';
    case 'n':
      return Number.isFinite(value);
    case 'b':
      return typeof value === 'boolean';
    case 'o':
      return isObject(value);
    case 'm':
      return isObject(value) && Object.values(value).every(isObject);
    case 'p':
      return value === null || fits(value, 'i');
    case 'a':
      return Array.isArray(value) && value.every((id) => fits(id, 'i'));
    case 'k':
      return typeof value === 'string' || Number.isFinite(value);
    default:
      return true;
  }
}

function fail(code: 'invalid_message' | 'invalid_type' | 'data_too_large', message: string, id: unknown): Decoded<never> {
  return typeof id === 'string' || typeof id === 'number' ? { ok: false, code, message, id } : { ok: false, code, message };
}

/** Decode a frame the server sent, with the rules of `decodeServerFrame` but without zod. */
export function parseServerFrame(text: string): Decoded<ServerFrame> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail('invalid_message', 'frame is not valid JSON', undefined);
  }
  if (!isObject(raw)) return fail('invalid_message', 'frame must be a JSON object', undefined);
  const type = raw['type'];
  const id = raw['id'];
  if (typeof type !== 'string') return fail('invalid_message', "frame has no string 'type'", id);
  const rules: Record<string, string> | undefined = Object.prototype.hasOwnProperty.call(RULES, type)
    ? RULES[type as keyof typeof RULES]
    : undefined;
  if (!rules) return fail('invalid_message', `unknown frame type '${type.slice(0, 40)}'`, id);
  // Like zod's object parsing, the result holds the known fields only.
  const frame: Record<string, unknown> = { type };
  for (const field in rules) {
    const rule = rules[field] as string;
    const value = raw[field];
    if (value === undefined) {
      if (rule[0] === '?') continue;
      return fail('invalid_message', `'${field}' is required`, id);
    }
    if (!fits(value, rule[rule.length - 1] as string)) {
      // decodeServerFrame names a bad `event` by the signal type's own code.
      return field === 'event' ? fail('invalid_type', 'type is invalid', id) : fail('invalid_message', `'${field}' is invalid`, id);
    }
    frame[field] = value;
  }
  // The same size rules as decodeServerFrame, measured only when the frame could break them.
  const length = utf8Length(text);
  try {
    if (length > MAX_DATA_BYTES && 'data' in raw && serialisedBytes(raw['data']) > MAX_DATA_BYTES) {
      return fail('data_too_large', `data is over ${MAX_DATA_BYTES} bytes`, id);
    }
    if (length > MAX_STATUS_BYTES && 'status' in raw && serialisedBytes(raw['status']) > MAX_STATUS_BYTES) {
      return fail('data_too_large', `status is over ${MAX_STATUS_BYTES} bytes`, id);
    }
  } catch {
    // JSON.parse takes nesting that JSON.stringify then overflows the stack on.
    return fail('invalid_message', 'frame is nested too deeply', id);
  }
  return { ok: true, frame: frame as ServerFrame };
}
