import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_MESSAGE_ID_CHARS, MessageIds, baseMessageId, fnv1a32 } from '../../src/protocol/index.js';

/** FNV-1a 32 as its definition reads, over the bytes TextEncoder writes. */
function reference(text: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(text)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

/** The id MessageIds gives the next message. */
const next = (ids: MessageIds, scope: string, from: string | null, data: string): string => ids.add(scope, from, data, { id: '' }).id;

describe('message ids', () => {
  it('hash the UTF-8 bytes of the text with FNV-1a 32 (published test vectors)', () => {
    assert.equal(fnv1a32(''), 0x811c9dc5);
    assert.equal(fnv1a32('a'), 0xe40c292c);
    assert.equal(fnv1a32('foobar'), 0xbf9cf968);
  });

  it('hash any text, emoji and lone surrogates included, as TextEncoder bytes would', () => {
    for (const text of ['héllo', '👍🏽 ok', '日本語', '\ud800', 'a\udc00b', '\ud83d']) assert.equal(fnv1a32(text), reference(text), text);
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => fnv1a32(text) === reference(text)), { numRuns: 3000 });
    // Any sequence of UTF-16 code units: pairs, lone and reversed surrogates, and the
    // code points where UTF-8 takes one byte more (0x80, 0x800, 0x10000).
    const unit = fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.constantFrom(0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xfffd, 0xffff));
    fc.assert(fc.property(fc.array(unit, { maxLength: 12 }), (units) => fnv1a32(String.fromCharCode(...units)) === reference(String.fromCharCode(...units))), { numRuns: 5000 });
  });

  it('name the sender, or "server" for a message the server sent, then the hash in base 36', () => {
    assert.equal(baseMessageId('con_A1', 'hi'), `con_A1.${reference('hi').toString(36)}`);
    assert.equal(baseMessageId(null, 'hi'), `server.${reference('hi').toString(36)}`);
  });

  it('number the second and third identical message of one sender in one thread .2 and .3', () => {
    const ids = new MessageIds();
    const first = next(ids, 'chat', 'ann', 'ok');
    assert.equal(first, baseMessageId('ann', 'ok'));
    assert.equal(next(ids, 'chat', 'ann', 'ok'), `${first}.2`);
    assert.equal(next(ids, 'chat', 'bob', 'ok'), baseMessageId('bob', 'ok'), 'another sender counts apart');
    assert.equal(next(ids, 'support', 'ann', 'ok'), first, 'another thread counts apart');
    assert.equal(next(ids, 'chat', 'ann', 'ok'), `${first}.3`);
  });

  it('are the same for every receiver that saw the same messages in the same order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('chat', 'p'), fc.constantFrom('ann', 'bob', null), fc.constantFrom('hi', 'ok', '👍')), { maxLength: 40 }), (log) => {
        const a = new MessageIds();
        const b = new MessageIds();
        const idsA = log.map(([t, f, d]) => next(a, t, f, d));
        assert.deepEqual(log.map(([t, f, d]) => next(b, t, f, d)), idsA);
        assert.equal(new Set(idsA.map((id, i) => `${log[i]![0]} ${id}`)).size, idsA.length, 'no two messages of a thread share an id');
      }),
    );
  });

  it('fit the limit a convention signal holds them to, for the longest connection id', () => {
    const ids = new MessageIds();
    for (let i = 0; i < 9; i++) next(ids, 'chat', 'x'.repeat(64), 'same');
    assert.ok(next(ids, 'chat', 'x'.repeat(64), 'same').length <= MAX_MESSAGE_ID_CHARS);
  });

  it('keep what the caller made of each message under its id, in its scope', () => {
    const ids = new MessageIds<{ id: string; text: string }>();
    const first = ids.add('chat', 'ann', 'ok', { id: '', text: 'first' });
    const second = ids.add('chat', 'ann', 'ok', { id: '', text: 'second' });
    assert.equal(ids.get('chat', first.id), first);
    assert.equal(ids.get('chat', second.id)?.text, 'second');
    assert.equal(ids.get('support', first.id), undefined);
  });

  it('start again from the first after clear()', () => {
    const ids = new MessageIds();
    next(ids, 'chat', 'ann', 'hi');
    ids.clear();
    assert.equal(next(ids, 'chat', 'ann', 'hi'), baseMessageId('ann', 'hi'));
  });
});
