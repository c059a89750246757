/**
 * A zod-free twin of `decodeServerFrame` for the browser client, whose whole
 * size budget zod's core would take. It reads the list of frames the zod
 * schemas are made from (server-frames.ts) and shares their steps
 * (read-frame.ts); only a value's check against its kind is written twice,
 * here and in frames.ts `VALUE_KIND_SCHEMAS`. test/protocol/parse-server-frame.test.ts
 * holds every kind and generated frames to the same verdict, message and
 * output. Like `decodeServerFrame` it never throws.
 */
import type { ServerFrame } from './frames.js';
import { isId } from './limits.js';
import { isObject, readFrame, type Decoded, type FieldVerdict } from './read-frame.js';
import { PRESENCE_CHANGE_TYPES, SERVER_FRAME_FIELDS, type ValueKind } from './server-frames.js';


/** The own keys of a JSON object as zod's records copy them: `__proto__` is left out. */
const keysOf = (o: Record<string, unknown>): string[] => Object.keys(o).filter((k) => k !== '__proto__');

const copy = (o: Record<string, unknown>, each: (v: unknown) => unknown = (v) => v): Record<string, unknown> =>
  Object.fromEntries(keysOf(o).map((k) => [k, each(o[k])]));

const whole = (valid: boolean): PropertyKey[] | undefined => (valid ? undefined : []);
const entry = (key: PropertyKey | undefined): PropertyKey[] | undefined => (key === undefined || key === -1 ? undefined : [key]);

/**
 * Where a value first breaks each kind, as zod reports it: `undefined` when
 * it does not, `[]` for the value itself, `[key]` for an entry inside it.
 */
export const WHERE_INVALID: { readonly [K in ValueKind]: (value: unknown) => PropertyKey[] | undefined } = {
  id: (v) => whole(isId(v)),
  'id|null': (v) => whole(v === null || isId(v)),
  'id[]': (v) => (Array.isArray(v) ? entry(v.findIndex((id) => !isId(id))) : []),
  string: (v) => whole(typeof v === 'string'),
  'string|number': (v) => whole(typeof v === 'string' || Number.isFinite(v)),
  number: (v) => whole(Number.isFinite(v)),
  boolean: (v) => whole(typeof v === 'boolean'),
  status: (v) => whole(isObject(v)),
  statuses: (v) => (isObject(v) ? entry(keysOf(v).find((k) => !isObject(v[k]))) : []),
  roles: (v) => (isObject(v) ? entry(keysOf(v).find((k) => typeof v[k] !== 'string')) : []),
  changes: (v) => {
    if (!Array.isArray(v)) return [];
    for (let i = 0; i < v.length; i++) {
      const bad = whereChangeInvalid(v[i]);
      if (bad) return [i, ...bad];
    }
    return undefined;
  },
  unknown: () => undefined,
};

/** Where one entry of a `presence` batch breaks, as zod's union by `type` reports it. */
function whereChangeInvalid(change: unknown): PropertyKey[] | undefined {
  if (!isObject(change)) return [];
  if (!(PRESENCE_CHANGE_TYPES as readonly unknown[]).includes(change['type'])) return ['type'];
  const verdict = checkFields(change['type'] as string, change);
  return verdict?.ok === false ? [...verdict.path] : undefined;
}

/** A valid value as zod outputs it: records are copied (see `keysOf`), frames hold their known fields, the rest passed through. */
function output(kind: ValueKind, value: unknown): unknown {
  if (kind === 'status' || kind === 'roles') return copy(value as Record<string, unknown>);
  if (kind === 'statuses') return copy(value as Record<string, unknown>, (s) => copy(s as Record<string, unknown>));
  if (kind === 'changes') return (value as Array<Record<string, unknown>>).map((change) => (checkFields(change['type'] as string, change) as { frame: unknown }).frame);
  return value;
}

function checkFields(type: string, record: Record<string, unknown>): FieldVerdict<ServerFrame> {
  if (!Object.hasOwn(SERVER_FRAME_FIELDS, type)) return undefined;
  const rules: Readonly<Record<string, string>> = SERVER_FRAME_FIELDS[type as ServerFrame['type']];
  // Like zod's object parsing, the result holds the known fields only.
  const frame: Record<string, unknown> = { type };
  for (const field in rules) {
    const rule = rules[field] as string;
    const kind = rule.replace('?', '') as ValueKind;
    const optional = kind !== rule;
    const value = record[field];
    if (value === undefined && optional) continue;
    // zod refuses a required field that is absent, whatever its kind (even `unknown`).
    const bad = value === undefined ? [] : WHERE_INVALID[kind](value);
    if (bad) return { ok: false, path: [field, ...bad] };
    frame[field] = output(kind, value);
  }
  return { ok: true, frame: frame as ServerFrame };
}

/** Decode a frame the server sent, with the rules of `decodeServerFrame` but without zod. */
export function parseServerFrame(text: string): Decoded<ServerFrame> {
  return readFrame(text, checkFields);
}
