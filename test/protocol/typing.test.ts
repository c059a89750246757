// The typing convention's data: the element's zod-free reader against the zod schema.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_TYPING_TTL_MS, TypingSchema, readTyping } from '../../src/protocol/conventions.js';

/** What zod says about the same text: the parsed data, or undefined. */
function zodVerdict(text: string): { ttl: number } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const result = TypingSchema.safeParse(value);
  return result.success ? { ttl: result.data.ttl } : undefined;
}

describe('the typing convention {"ttl": ms}', () => {
  it('reads a time to show the sender typing, and 0 as stopped', () => {
    assert.deepEqual(readTyping('{"ttl":8000}'), { ttl: 8000 });
    assert.deepEqual(readTyping('{"ttl":0}'), { ttl: 0 });
    assert.deepEqual(readTyping('{"ttl":8000,"later":"fields are ignored"}'), { ttl: 8000 });
  });

  it('refuses a ttl past the 30 s bound, negative, fractional or missing, and anything not JSON text', () => {
    for (const data of [`{"ttl":${MAX_TYPING_TTL_MS + 1}}`, '{"ttl":-1}', '{"ttl":1.5}', '{"ttl":"8000"}', '{}', '[8000]', 'null', 'typing', '', 8000, { ttl: 8000 }, null]) {
      assert.equal(readTyping(data), undefined, JSON.stringify(data));
    }
  });

  it('gives the verdict zod gives, for generated values and text (fast-check)', () => {
    const ttl = fc.oneof(fc.integer({ min: -10, max: MAX_TYPING_TTL_MS + 10 }), fc.double(), fc.jsonValue());
    const value = fc.oneof(fc.record({ ttl }, { requiredKeys: [] }), fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue());
    fc.assert(fc.property(value, (v) => {
      const text = JSON.stringify(v) ?? 'null';
      assert.deepEqual(readTyping(text), zodVerdict(text), text);
    }), { numRuns: 5000 });
    fc.assert(fc.property(fc.string(), (text) => assert.deepEqual(readTyping(text), zodVerdict(text), text)), { numRuns: 2000 });
  });
});
