/**
 * `prepareSignal` checks a signal in the browser before it leaves, without
 * zod. Held here to the server's zod schema: whatever options an app passes,
 * the client refuses exactly what the server would refuse, with the same
 * code, and what it lets through the server decodes to the same fields.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_DATA_BYTES, MAX_ID_CHARS, MAX_RECIPIENTS, decodeClientFrame } from '../../src/protocol/index.js';
import { prepareSignal, type SignalOptions } from '../../src/client/signal-options.js';
import { SignalError } from '../../src/client/signal-error.js';

/** The `signal` frame the options stand for, written the way the client's conventions say. */
function frameFor(options: SignalOptions): string {
  const { type, data, to, ephemeral } = options;
  const list = to === undefined ? [] : Array.isArray(to) ? to : [to];
  return JSON.stringify({
    type: 'signal',
    id: 's1',
    // An empty type is no type, and an empty list of recipients is everyone.
    ...(type === '' ? {} : { event: type }),
    data: typeof data === 'string' ? data : JSON.stringify(data),
    ...(list.length === 0 ? {} : { to: list.map((r: unknown) => (typeof r === 'string' ? r : (r as { connectionId?: unknown } | null)?.connectionId)) }),
    // Only `ephemeral: true` asks for it; any other value is no request, as its absence is.
    ...(ephemeral === true ? { ephemeral } : {}),
  });
}

const id = fc.oneof(fc.string({ maxLength: MAX_ID_CHARS + 2 }), fc.constantFrom('', 'x'.repeat(MAX_ID_CHARS), 'x'.repeat(MAX_ID_CHARS + 1)));
const recipient = fc.oneof(id, id.map((connectionId) => ({ connectionId })), fc.constantFrom<unknown>(null, 3, {}, { connectionId: 7 }));
const options: fc.Arbitrary<SignalOptions> = fc.record(
  {
    type: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_~-]{1,130}$/), fc.string({ maxLength: 20 }), fc.constantFrom<unknown>('', 5, null)),
    data: fc.oneof(
      fc.string(),
      fc.jsonValue({ maxDepth: 3 }),
      fc.integer({ min: MAX_DATA_BYTES - 4, max: MAX_DATA_BYTES + 4 }).map((n) => 'x'.repeat(n)),
      fc.integer({ min: MAX_DATA_BYTES / 2 - 2, max: MAX_DATA_BYTES / 2 + 2 }).map((n) => 'é'.repeat(n)),
      fc.integer({ min: MAX_DATA_BYTES - 8, max: MAX_DATA_BYTES }).map((n) => ({ text: 'x'.repeat(n) })),
    ),
    to: fc.oneof(
      recipient,
      fc.array(recipient, { maxLength: 4 }),
      fc.integer({ min: MAX_RECIPIENTS - 1, max: MAX_RECIPIENTS + 1 }).map((n) => Array.from({ length: n }, (_, i) => `p${i}`)),
    ),
    ephemeral: fc.constantFrom<unknown>(true, false, 'yes', 1, null),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<SignalOptions>;

describe('prepareSignal', () => {
  it('refuses what the server refuses, with its code, and passes what it passes, field for field', () => {
    fc.assert(
      fc.property(options, (opts) => {
        const prepared = prepareSignal(opts);
        const refused = prepared instanceof SignalError ? prepared : undefined;
        const decoded = decodeClientFrame(frameFor(opts));
        if (!refused && decoded.ok) {
          assert.deepEqual(decoded.frame, { type: 'signal', id: 's1', ...prepared });
        } else {
          assert.deepEqual(refused?.name ?? 'accepted', decoded.ok ? 'accepted' : decoded.code);
          // The type rule and the size limit are worded as the server words them; a bad
          // recipient is worded for the app, which passed Connections rather than ids.
          if (!decoded.ok && decoded.code !== 'invalid_message') assert.equal(refused?.message, decoded.message);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses data that cannot be sent as JSON, which never reaches the server', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const options = { data: cyclic };
    const refused = prepareSignal(options) as SignalError;
    assert.deepEqual([refused.name, refused.message, refused.signal], ['invalid_message', 'data cannot be encoded as JSON', options]);
  });
});
