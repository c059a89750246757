import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  CONVENTION_KINDS,
  CONVENTION_SCHEMAS,
  MAX_DATA_BYTES,
  MAX_EXCERPT_BYTES,
  MAX_KEYS_PER_PERSON,
  MAX_MENTIONS,
  MAX_MESSAGE_ID_CHARS,
  conventionType,
  decodeConvention,
  isSignalType,
  readConvention,
  splitConventionType,
  type ConventionKind,
} from '../../src/protocol/index.js';

/** One valid body of every kind, with every optional field present. */
const VALID: Record<ConventionKind, Record<string, unknown>> = {
  react: { id: 'p1.abc', keys: ['👍', 'ok'] },
  edit: { id: 'p1.abc', text: 'fixed' },
  delete: { id: 'p1.abc.2' },
  read: { id: 'p1.abc' },
  meta: { id: 'p1.abc', replyTo: { id: 'p2.xyz', excerpt: 'the original', name: 'Bo' }, mentions: ['p2', 'p3'] },
};

/** Values that probe every rule: absent, wrong kinds, edges of each limit. */
const PALETTE: unknown[] = [
  undefined, null, '', 'x', 0, 1.5, true, {}, [], [''], ['x'], [1], [null],
  'x'.repeat(64), 'x'.repeat(65), 'x'.repeat(MAX_MESSAGE_ID_CHARS), 'x'.repeat(MAX_MESSAGE_ID_CHARS + 1),
  ['x'.repeat(16)], ['x'.repeat(17)], ['é'.repeat(8)], ['é'.repeat(9)], ['👍🏽👍🏽'], ['👍🏽👍🏽👍'],
  Array(MAX_KEYS_PER_PERSON).fill('a'), Array(MAX_KEYS_PER_PERSON + 1).fill('a'),
  Array(MAX_MENTIONS).fill('p'), Array(MAX_MENTIONS + 1).fill('p'), ['x'.repeat(65)],
  { id: 'a', excerpt: '' }, { id: 'a', excerpt: 'é'.repeat(MAX_EXCERPT_BYTES / 2) }, { id: 'a', excerpt: 'é'.repeat(MAX_EXCERPT_BYTES / 2 + 1) },
  { id: 'a', excerpt: 'x', name: '' }, { id: 'a', excerpt: 'x', name: 'x'.repeat(65) }, { id: '', excerpt: 'x' }, { excerpt: 'x' }, { id: 'a' },
  { id: 'a', excerpt: 'x', name: 'Bo', extra: 1 },
];

/** Both readers give the same answer: valid or not, and the same body. */
function agree(kind: ConventionKind, data: unknown): void {
  assert.deepEqual(readConvention(kind, data), decodeConvention(kind, data), `${kind}: ${String(typeof data === 'string' ? data.slice(0, 200) : data)}`);
}

const anyValue = fc.oneof(fc.constantFrom(...PALETTE), fc.jsonValue({ maxDepth: 3 }), fc.string({ maxLength: 20 }), fc.array(fc.string({ maxLength: 20 }), { maxLength: 12 }));

describe('conversation conventions', () => {
  it('read every valid body exactly as the zod schema does', () => {
    for (const kind of CONVENTION_KINDS) {
      const data = JSON.stringify(VALID[kind]);
      assert.deepEqual(readConvention(kind, data), VALID[kind]);
      agree(kind, data);
    }
  });

  it('have a zod schema for every kind the zod-free reader knows, and no more', () => {
    assert.deepEqual([...CONVENTION_KINDS].sort(), Object.keys(CONVENTION_SCHEMAS).sort());
    assert.deepEqual(Object.keys(VALID).sort(), [...CONVENTION_KINDS].sort());
  });

  it('give the same verdict for every field set to every probe value', () => {
    let compared = 0;
    for (const kind of CONVENTION_KINDS) {
      for (const field of [...Object.keys(VALID[kind]), 'extra', '__proto__']) {
        for (const value of PALETTE) {
          const body: Record<string, unknown> = { ...VALID[kind] };
          if (value === undefined) delete body[field];
          else body[field] = value;
          agree(kind, JSON.stringify(body));
          compared++;
        }
      }
    }
    assert.ok(compared > 500, `compared only ${compared}`);
  });

  it('refuse data that is not a JSON object string, whatever it is', () => {
    for (const kind of CONVENTION_KINDS) {
      for (const data of [undefined, null, 3, {}, VALID[kind], '', 'nope', '[]', 'null', '"x"', '{"id":3}', '{"__proto__":{"id":"a"}}']) {
        assert.equal(readConvention(kind, data), undefined, `${kind}: ${JSON.stringify(data)}`);
        agree(kind, data);
      }
    }
  });

  it('give the same answer for generated bodies of every kind (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CONVENTION_KINDS).chain((kind) =>
          fc.tuple(
            fc.constant(kind),
            fc.array(fc.tuple(fc.constantFrom(...Object.keys(VALID[kind]), 'extra'), fc.option(anyValue, { nil: undefined })), { maxLength: 3 }),
          ),
        ),
        ([kind, picks]) => {
          const body: Record<string, unknown> = { ...VALID[kind] };
          for (const [field, value] of picks) body[field] = value;
          agree(kind, JSON.stringify(body));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('give the same answer for any JSON at all', () => {
    fc.assert(fc.property(fc.constantFrom(...CONVENTION_KINDS), fc.jsonValue({ maxDepth: 4 }), (kind, value) => agree(kind, JSON.stringify(value))), { numRuns: 2000 });
  });

  it('refuse reaction keys over 16 UTF-8 bytes and more keys than one person may have', () => {
    assert.equal(readConvention('react', JSON.stringify({ id: 'a', keys: ['x'.repeat(17)] })), undefined);
    assert.equal(readConvention('react', JSON.stringify({ id: 'a', keys: Array(MAX_KEYS_PER_PERSON + 1).fill('a') })), undefined);
    assert.deepEqual(readConvention('react', JSON.stringify({ id: 'a', keys: [] })), { id: 'a', keys: [] }, 'an empty set takes all reactions back');
  });

  it('leave unknown fields out of what they return, as zod does', () => {
    const data = JSON.stringify({ id: 'a', text: 'hi', from: 'someone-else' });
    assert.deepEqual(readConvention('edit', data), { id: 'a', text: 'hi' });
    agree('edit', data);
  });

  it('ride on the signal type <channel>~<kind>, which obeys the type rule and splits back', () => {
    for (const kind of CONVENTION_KINDS) {
      const type = conventionType('support-1', kind);
      assert.equal(isSignalType(type), true, type);
      assert.deepEqual(splitConventionType(type), ['support-1', kind]);
    }
    assert.deepEqual(splitConventionType('a~b~edit'), ['a~b', 'edit'], 'a channel may hold ~ itself');
    for (const type of ['chat', 'chat~', '~edit', 'chat~bogus', 'chat~__proto__', 'chat~toString']) assert.equal(splitConventionType(type), undefined, type);
  });

  it('fit an edit of a message near the size limit within the data limit only when its JSON does', () => {
    const text = 'x'.repeat(MAX_DATA_BYTES - 30);
    const data = JSON.stringify({ id: 'p1.abc', text });
    assert.ok(data.length <= MAX_DATA_BYTES);
    assert.deepEqual(readConvention('edit', data), { id: 'p1.abc', text });
  });
});
