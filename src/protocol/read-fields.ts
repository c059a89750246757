/**
 * Reading a parsed JSON value the way a zod object schema reads it, without zod: the
 * browser's twins of our schemas (parse-server-frame.ts for the server's frames,
 * read-convention.ts for the conversation conventions) are tables of these readers,
 * so each rule is one line and the walking, copying and refusing is written once.
 *
 * A reader returns the value as zod outputs it (arrays and records copied, a record
 * without `__proto__`, an object with its known fields only, anything else as given),
 * or throws the path where the value first breaks, as zod's first issue names it:
 * `[]` for the value itself, `[key, …]` for an entry inside it. Only paths are thrown
 * (the values are parsed JSON, so nothing else can throw); the twins catch them and
 * never throw. Their tests fuzz every reader against its zod schema.
 */
import { isObject } from './read-frame.js';

/** Where a value breaks: `[]` is the value itself, `[key, …]` an entry inside it. */
export type Path = readonly PropertyKey[];
/** Returns a value as its zod schema outputs it, or throws the Path where it breaks. */
export type Reader = (value: unknown) => unknown;

/** Refuses the value being read, at `path` inside it. */
export const refuse = (path: Path = []): never => {
  throw path;
};

/** The entry `key` of a value, read by `read`: a refusal inside it is put under `key`. */
function under(key: PropertyKey, read: Reader, value: unknown): unknown {
  try {
    return read(value);
  } catch (path) {
    throw [key, ...(path as Path)];
  }
}

/** Takes the value as it is when `ok` says so. */
export const when =
  (ok: (value: unknown) => boolean): Reader =>
  (v) =>
    ok(v) ? v : refuse();

/** A string of `min`–`max` characters. */
export const text = (min = 0, max = Infinity): Reader => when((v) => typeof v === 'string' && v.length >= min && v.length <= max);

/** Any value, as it is. */
export const any: Reader = (v) => v;

/** An array of at most `max` entries, each read by `read`. */
export const list =
  (read: Reader, max = Infinity): Reader =>
  (v) =>
    Array.isArray(v) && v.length <= max ? v.map((entry, i) => under(i, read, entry)) : refuse();

/** A JSON object of any keys, each value read by `read`; `__proto__` is left out, as zod's records leave it. */
export const record =
  (read: Reader): Reader =>
  (v) =>
    isObject(v) ? Object.fromEntries(Object.keys(v).filter((k) => k !== '__proto__').map((k) => [k, under(k, read, v[k])])) : refuse();

/**
 * The fields `rules` names of `value` (a JSON object), in that order: `field: kind`, or
 * `field: kind?` (the kind with a question mark) for a field that may be absent, each
 * read by `kinds[kind]`. Other fields are left out, as zod's objects strip them; an
 * absent required field is refused at `[field]` whatever its kind.
 */
export function readFields(rules: Readonly<Record<string, string>>, kinds: Readonly<Record<string, Reader>>, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field in rules) {
    const rule = rules[field] as string;
    const kind = rule.replace('?', '');
    const v = value[field];
    if (v !== undefined) out[field] = under(field, kinds[kind] as Reader, v);
    else if (kind === rule) refuse([field]);
  }
  return out;
}
