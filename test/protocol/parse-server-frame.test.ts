import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  MAX_DATA_BYTES,
  MAX_ID_CHARS,
  MAX_JSON_DEPTH,
  MAX_STATUS_BYTES,
  SERVER_FRAME_FIELDS,
  VALUE_KIND_SCHEMAS,
  decodeServerFrame,
  parseServerFrame,
  type ValueKind,
} from '../../src/protocol/index.js';
import { READ_KIND } from '../../src/protocol/parse-server-frame.js';

/** One valid frame of every server type, with every optional field present. */
const VALID: Record<keyof typeof SERVER_FRAME_FIELDS, Record<string, unknown>> = {
  joined: { type: 'joined', id: 'p1', peers: { p2: { name: 'Bo' } }, resume: 'k', resumed: false, seq: 3, role: 'publisher', roles: { p2: 'subscriber' } },
  peer_joined: { type: 'peer_joined', peer: 'p2', status: { name: 'Bo' }, role: 'moderator' },
  peer_status: { type: 'peer_status', peer: 'p2', status: {} },
  peer_role: { type: 'peer_role', peer: 'p2', role: 'moderator' },
  peer_left: { type: 'peer_left', peer: 'p2', reason: 'network' },
  presence: {
    type: 'presence',
    changes: [
      { type: 'peer_joined', peer: 'p3', status: { name: 'Cy' }, role: 'publisher' },
      { type: 'peer_status', peer: 'p2', status: { away: true } },
      { type: 'peer_role', peer: 'p2', role: 'moderator' },
      { type: 'peer_left', peer: 'p3', reason: 'leave' },
    ],
  },
  from: { type: 'from', peer: 'p2', event: 'chat', data: 'hi', seq: 4, time: 5, to: ['p1'], ephemeral: true, history: true, page: 'h1', name: 'Bo', verified: true },
  ack: { type: 'ack', id: 's1', seq: 6, time: 7 },
  history: { type: 'history', id: 'h1', more: true },
  error: { type: 'error', code: 'unknown_peer', message: 'no', id: 's1' },
  pong: { type: 'pong', id: 2 },
};

/** Values that probe every rule: absent, wrong kinds, edges of the id length. */
const PALETTE: unknown[] = [
  undefined, null, '', 'x', 'x'.repeat(64), 'x'.repeat(65), 0, -1, 1.5, 1e300, true, false,
  {}, { a: 1 }, { a: {} }, { a: 'publisher' }, { a: 'x', b: 2 }, { a: [] }, { a: null }, [], ['a'], [''], ['x'.repeat(65)], [1], [null], [{}],
  'chat', 'bad type!',
];

/** Both decoders give the same answer: verdict, frame, code, message and id. */
function verdicts(text: string): void {
  assert.deepEqual(parseServerFrame(text), decodeServerFrame(text), `answers differ for ${text.slice(0, 200)}`);
}

function withField(frame: Record<string, unknown>, field: string, value: unknown): string {
  const copy: Record<string, unknown> = { ...frame };
  if (value === undefined) delete copy[field];
  else copy[field] = value;
  return JSON.stringify(copy);
}

describe('parseServerFrame', () => {
  it('accepts every valid server frame exactly as decodeServerFrame does', () => {
    for (const frame of Object.values(VALID)) {
      const lite = parseServerFrame(JSON.stringify(frame));
      assert.equal(lite.ok, true, JSON.stringify(frame));
      verdicts(JSON.stringify(frame));
    }
  });

  it('gives the same verdict as decodeServerFrame for every field set to every probe value', () => {
    let compared = 0;
    for (const frame of Object.values(VALID)) {
      const fields = [...Object.keys(frame), 'extra', 'data', 'status'];
      for (const field of fields) {
        for (const value of PALETTE) {
          verdicts(withField(frame, field, value));
          compared++;
        }
      }
    }
    assert.ok(compared > 1000, `compared only ${compared} frames`);
  });

  it('gives the same verdict for two fields broken at once', () => {
    for (const frame of Object.values(VALID)) {
      const fields = Object.keys(frame).filter((f) => f !== 'type');
      for (const a of fields) {
        for (const b of fields) {
          if (a === b) continue;
          verdicts(JSON.stringify({ ...frame, [a]: null, [b]: 12 }));
        }
      }
    }
  });

  it('gives the same verdict for a presence batch with any field of any of its entries set to every probe value', () => {
    const changes = VALID.presence['changes'] as Array<Record<string, unknown>>;
    for (let i = 0; i < changes.length; i++) {
      const change = changes[i] as Record<string, unknown>;
      for (const field of [...Object.keys(change), 'extra']) {
        for (const value of [...PALETTE, 'peer_joined', 'from']) {
          const broken = changes.map((c, j) => (j === i ? JSON.parse(withField(c, field, value)) : c));
          verdicts(JSON.stringify({ type: 'presence', changes: broken }));
        }
      }
    }
    for (const value of PALETTE) verdicts(JSON.stringify({ type: 'presence', changes: [value] }));
  });

  it('gives the same verdict for text that is not a frame at all', () => {
    for (const text of ['', 'nope', '[]', 'null', '3', '"joined"', '{}', '{"type":3}', '{"type":"bogus","id":"x"}', '{"type":"join"}']) {
      verdicts(text);
    }
  });

  it('refuses a status over its limit with data_too_large, like decodeServerFrame', () => {
    const bigStatus = JSON.stringify({ ...VALID.peer_joined, status: { name: 'x'.repeat(MAX_STATUS_BYTES) } });
    verdicts(bigStatus);
    const status = parseServerFrame(bigStatus);
    assert.equal(status.ok ? 'ok' : status.code, 'data_too_large');
  });

  it('accepts a from frame whose data is over the chat-signal limit, like decodeServerFrame (a seed peer-to-peer offer)', () => {
    const bigData = JSON.stringify({ ...VALID.from, data: { sdp: 'é'.repeat(MAX_DATA_BYTES) } });
    verdicts(bigData);
    assert.equal(parseServerFrame(bigData).ok, true);
  });

  it('reads the sender name and verified flag of a history signal, like decodeServerFrame', () => {
    const named = JSON.stringify({ ...VALID.from, history: true, name: 'Ann', verified: true });
    verdicts(named);
    const parsed = parseServerFrame(named);
    assert.deepEqual(parsed.ok && parsed.frame.type === 'from' ? [parsed.frame.name, parsed.frame.verified] : [], ['Ann', true]);
    verdicts(JSON.stringify({ ...VALID.from, name: 3 }));
    verdicts(JSON.stringify({ ...VALID.from, name: 'Ann', verified: 'yes' }));
  });

  it('never throws, whatever it is given', () => {
    for (const text of ['\u0000', '{"type":"__proto__"}', '{"type":"toString"}', '{"type":"constructor","id":"x"}']) {
      assert.doesNotThrow(() => parseServerFrame(text));
      verdicts(text);
    }
  });

  it('refuses data nested too deeply to measure instead of throwing', () => {
    // JSON.parse accepts this 100 KB frame; JSON.stringify overflows the stack on it.
    const deep = '{"type":"from","peer":null,"data":' + '['.repeat(50_000) + ']'.repeat(50_000) + '}';
    const result = parseServerFrame(deep);
    assert.equal(result.ok ? 'ok' : result.code, 'invalid_message');
  });
});

/** A value nested `depth` levels deep, alternating arrays and objects. */
function nested(depth: number): unknown {
  let value: unknown = 'core';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { k: value };
  return value;
}

const KINDS = Object.keys(VALUE_KIND_SCHEMAS) as ValueKind[];

/** Ids around the length limits, strings and numbers, objects with awkward keys. */
const edgeValues: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('', 'x', 'x'.repeat(MAX_ID_CHARS), 'x'.repeat(MAX_ID_CHARS + 1), 0, -0, 1.5, 1e300, true, null),
  fc.string({ maxLength: MAX_ID_CHARS + 2 }),
  fc.array(fc.oneof(fc.string({ maxLength: MAX_ID_CHARS + 2 }), fc.jsonValue({ maxDepth: 1 })), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(fc.constantFrom('subscriber', 'publisher', 'moderator'), fc.jsonValue({ maxDepth: 1 })), { maxKeys: 3 }),
  fc.dictionary(fc.oneof(fc.constantFrom('__proto__', 'constructor', '0', 'name'), fc.string({ maxLength: 4 })), fc.oneof(fc.object({ maxDepth: 1 }), fc.jsonValue({ maxDepth: 2 })), { maxKeys: 4 }),
);
const anyValue = fc.oneof(edgeValues, fc.jsonValue({ maxDepth: 4 }));

/** JSON text of a frame of a known type, with each field valid, broken or absent, and extra fields. */
const frameText: fc.Arbitrary<string> = fc
  .constantFrom(...(Object.keys(SERVER_FRAME_FIELDS) as Array<keyof typeof SERVER_FRAME_FIELDS>))
  .chain((type) => {
    const fields = Object.keys(SERVER_FRAME_FIELDS[type]);
    const validish: Record<string, unknown> = VALID[type];
    return fc.record({
      picks: fc.array(fc.tuple(fc.constantFrom(...fields, 'data', 'status', 'extra'), fc.option(anyValue, { nil: undefined })), { maxLength: 3 }),
      drop: fc.subarray(fields),
    }).map(({ picks, drop }) => {
      const frame: Record<string, unknown> = { ...validish };
      for (const field of drop) delete frame[field];
      for (const [field, value] of picks) frame[field] = value;
      return JSON.stringify({ ...frame, type });
    });
  });

describe('parseServerFrame and the zod schemas, generated input (fast-check)', () => {
  it('reads every kind of value exactly as its zod schema does, naming the same bad part', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), anyValue, (kind, value) => {
        // JSON.parse gives own `__proto__` keys; go through it as a frame would.
        const parsed: unknown = JSON.parse(JSON.stringify(value) ?? 'null');
        const zod = VALUE_KIND_SCHEMAS[kind].safeParse(parsed);
        let lite: { ok: true; data: unknown } | { ok: false; path: unknown };
        try {
          lite = { ok: true, data: READ_KIND[kind](parsed) };
        } catch (path) {
          lite = { ok: false, path };
        }
        const expected = zod.success ? { ok: true, data: zod.data } : { ok: false, path: zod.error.issues[0]?.path };
        assert.deepEqual(lite, expected, `${kind}: ${JSON.stringify(parsed)}`);
      }),
      { numRuns: 5000 },
    );
  });

  it('gives the same answer and the same message for generated frames of every type', () => {
    fc.assert(fc.property(frameText, verdicts), { numRuns: 5000 });
  });

  it('gives the same answer for any JSON at all', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => verdicts(JSON.stringify(value) ?? 'null')), { numRuns: 2000 });
  });

  it('gives the same answer for data, status and peers nested around the depth limit', () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_JSON_DEPTH - 4, max: MAX_JSON_DEPTH + 4 }), fc.constantFrom('from', 'peer_joined', 'joined'), (depth, type) => {
        const inner = nested(depth);
        const frame =
          type === 'from' ? { ...VALID.from, data: inner } : type === 'peer_joined' ? { ...VALID.peer_joined, status: { deep: inner } } : { ...VALID.joined, peers: { p2: { deep: inner } } };
        verdicts(JSON.stringify(frame));
      }),
    );
  });

  it('refuses a from frame whose data nests 64 levels, as decodeServerFrame does', () => {
    const text = JSON.stringify({ ...VALID.from, data: nested(MAX_JSON_DEPTH) });
    const result = parseServerFrame(text);
    assert.deepEqual(result, { ok: false, code: 'invalid_message', message: `frame nests deeper than ${MAX_JSON_DEPTH} levels` });
    verdicts(text);
    assert.equal(parseServerFrame(JSON.stringify({ ...VALID.from, data: nested(MAX_JSON_DEPTH - 1) })).ok, true, 'one level less is a frame');
  });

  it('words its refusals as decodeServerFrame does', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ type: 'ack', seq: 1, time: 2 }, "'id' is required"],
      [{ ...VALID.from, to: ['p1', ''] }, "'to.1' is invalid"],
      [{ ...VALID.joined, peers: { p2: {}, p3: 'x' } }, "'peers.p3' is invalid"],
      [{ ...VALID.from, event: 3 }, 'type must be 1–128 characters of A-Z a-z 0-9 - _ ~'],
      [{ ...VALID.peer_joined, status: { name: 'x'.repeat(MAX_STATUS_BYTES) } }, `status is ${MAX_STATUS_BYTES + 11} bytes; the limit is ${MAX_STATUS_BYTES}`],
    ];
    for (const [frame, message] of cases) {
      const text = JSON.stringify(frame);
      const result = parseServerFrame(text);
      assert.equal(result.ok ? 'ok' : result.message, message, text);
      verdicts(text);
    }
  });

  it('leaves a __proto__ key out of a status, as zod does', () => {
    const text = '{"type":"peer_joined","peer":"p2","status":{"__proto__":{"polluted":true},"name":"Bo"}}';
    const result = parseServerFrame(text);
    assert.ok(result.ok && result.frame.type === 'peer_joined');
    assert.deepEqual(result.frame.status, { name: 'Bo' });
    assert.equal(Object.getPrototypeOf(result.frame.status), Object.prototype);
    verdicts(text);
  });
});
