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

describe('message ids', () => {
  it('hash the UTF-8 bytes of the text with FNV-1a 32 (published test vectors)', () => {
    assert.equal(fnv1a32(''), 0x811c9dc5);
    assert.equal(fnv1a32('a'), 0xe40c292c);
    assert.equal(fnv1a32('foobar'), 0xbf9cf968);
  });

  it('hash any text, emoji and lone surrogates included, as TextEncoder bytes would', () => {
    for (const text of ['héllo', '👍🏽 ok', '日本語', '\ud800', 'a\udc00b', '\ud83d']) assert.equal(fnv1a32(text), reference(text), text);
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => fnv1a32(text) === reference(text)), { numRuns: 3000 });
  });

  it('name the sender, or "server" for a message the server sent, then the hash in base 36', () => {
    assert.equal(baseMessageId('con_A1', 'hi'), `con_A1.${reference('hi').toString(36)}`);
    assert.equal(baseMessageId(null, 'hi'), `server.${reference('hi').toString(36)}`);
  });

  it('number the second and third identical message of one sender in one thread .2 and .3', () => {
    const ids = new MessageIds();
    const first = ids.next('chat', 'ann', 'ok');
    assert.equal(first, baseMessageId('ann', 'ok'));
    assert.equal(ids.next('chat', 'ann', 'ok'), `${first}.2`);
    assert.equal(ids.next('chat', 'bob', 'ok'), baseMessageId('bob', 'ok'), 'another sender counts apart');
    assert.equal(ids.next('support', 'ann', 'ok'), first, 'another thread counts apart');
    assert.equal(ids.next('chat', 'ann', 'ok'), `${first}.3`);
  });

  it('are the same for every receiver that saw the same messages in the same order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('chat', 'p'), fc.constantFrom('ann', 'bob', null), fc.constantFrom('hi', 'ok', '👍')), { maxLength: 40 }), (log) => {
        const a = new MessageIds();
        const b = new MessageIds();
        const idsA = log.map(([t, f, d]) => a.next(t, f, d));
        assert.deepEqual(log.map(([t, f, d]) => b.next(t, f, d)), idsA);
        assert.equal(new Set(idsA.map((id, i) => `${log[i]![0]} ${id}`)).size, idsA.length, 'no two messages of a thread share an id');
      }),
    );
  });

  it('fit the limit a convention signal holds them to, for the longest connection id', () => {
    const ids = new MessageIds();
    for (let i = 0; i < 9; i++) ids.next('chat', 'x'.repeat(64), 'same');
    assert.ok(ids.next('chat', 'x'.repeat(64), 'same').length <= MAX_MESSAGE_ID_CHARS);
  });

  it('start again from the first after clear()', () => {
    const ids = new MessageIds();
    ids.next('chat', 'ann', 'hi');
    ids.clear();
    assert.equal(ids.next('chat', 'ann', 'hi'), baseMessageId('ann', 'hi'));
  });
});
