import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { baseMessageId, MAX_KEYS_PER_MESSAGE } from '../../src/protocol/index.js';
import { ConversationFold, PENDING_MAX, PENDING_MS, threadOf, type Convo } from '../../src/element/conversation.js';

const roles: Record<string, string> = { mod: 'moderator', MOD2: 'MODERATOR', pub: 'publisher' };
const fold = (now = () => 0): ConversationFold => new ConversationFold((peer) => roles[peer], now);
const who = (c: Convo): Record<string, string[]> => Object.fromEntries(c.reactions ?? []);

describe('the conversation fold', () => {
  it('gives a message the id every receiver derives, .2 for the same text again', () => {
    const f = fold();
    assert.equal(f.add('chat', 'ann', 'hi')[0].id, baseMessageId('ann', 'hi'));
    assert.equal(f.add('chat', 'ann', 'hi')[0].id, `${baseMessageId('ann', 'hi')}.2`);
  });

  it("keeps each person's reaction set, with counts and who, and replaces it on each react", () => {
    const f = fold();
    const [m] = f.add('chat', 'ann', 'hi');
    f.annotate('chat', { kind: 'react', payload: { id: m.id, keys: ['👍', '🎉'] }, from: 'bob' });
    f.annotate('chat', { kind: 'react', payload: { id: m.id, keys: ['👍'] }, from: 'cy' });
    assert.deepEqual(who(m), { '👍': ['bob', 'cy'], '🎉': ['bob'] });
    f.annotate('chat', { kind: 'react', payload: { id: m.id, keys: ['🎉'] }, from: 'bob' });
    assert.deepEqual(who(m), { '👍': ['cy'], '🎉': ['bob'] });
    f.annotate('chat', { kind: 'react', payload: { id: m.id, keys: [] }, from: 'bob' });
    assert.deepEqual(who(m), { '👍': ['cy'] }, 'an empty set takes all of one person back');
  });

  it('counts one reaction per person per key, whatever the set repeats', () => {
    const f = fold();
    const [m] = f.add('chat', 'ann', 'hi');
    f.annotate('chat', { kind: 'react', payload: { id: m.id, keys: ['👍', '👍'] }, from: 'bob' });
    assert.equal(f.annotate('chat', { kind: 'react', payload: { id: m.id, keys: ['👍'] }, from: 'bob' }), undefined, 'the same set again changes nothing');
    assert.deepEqual(who(m), { '👍': ['bob'] });
  });

  it('keeps at most MAX_KEYS_PER_MESSAGE distinct keys on a message', () => {
    const f = fold();
    const [m] = f.add('chat', 'ann', 'hi');
    for (let i = 0; i < MAX_KEYS_PER_MESSAGE + 5; i++) f.annotate('chat', { kind: 'react', payload: { id: m.id, keys: [`k${i}`] }, from: `p${i}` });
    assert.equal(m.reactions?.size ?? 0, MAX_KEYS_PER_MESSAGE);
    f.annotate('chat', { kind: 'react', payload: { id: m.id, keys: ['k0'] }, from: 'late' });
    assert.deepEqual(m.reactions?.get('k0'), ['p0', 'late'], 'a key already there still counts more people');
  });

  it('applies an edit from the sender only, marking the message edited', () => {
    const f = fold();
    const [m] = f.add('chat', 'ann', 'helo');
    assert.equal(f.annotate('chat', { kind: 'edit', payload: { id: m.id, text: 'forged' }, from: 'bob' }), undefined);
    assert.equal(f.annotate('chat', { kind: 'edit', payload: { id: m.id, text: 'forged' }, from: 'mod' }), undefined, 'not even a moderator edits');
    assert.equal(m.text, 'helo');
    assert.equal(f.annotate('chat', { kind: 'edit', payload: { id: m.id, text: 'hello' }, from: 'ann' })?.kind, 'edit');
    assert.equal(m.text, 'hello');
    assert.equal(m.edited, true);
  });

  it('deletes for the sender or a moderator, never for a publisher or the server on a peer message', () => {
    const f = fold();
    const [a] = f.add('chat', 'ann', 'one');
    const [b] = f.add('chat', 'ann', 'two');
    const [c] = f.add('chat', 'ann', 'three');
    assert.equal(f.annotate('chat', { kind: 'delete', payload: { id: a.id }, from: 'pub' }), undefined);
    assert.equal(f.annotate('chat', { kind: 'delete', payload: { id: a.id }, from: null }), undefined);
    assert.equal(a.deleted, undefined);
    f.annotate('chat', { kind: 'delete', payload: { id: a.id }, from: 'ann' });
    f.annotate('chat', { kind: 'delete', payload: { id: b.id }, from: 'mod' });
    f.annotate('chat', { kind: 'delete', payload: { id: c.id }, from: 'MOD2' });
    assert.deepEqual([a, b, c].map((m) => [m.deleted, m.text]), [[true, ''], [true, ''], [true, '']]);
  });

  it('ignores anything after a delete: no reactions, no edit brings it back', () => {
    const f = fold();
    const [m] = f.add('chat', 'ann', 'x');
    f.annotate('chat', { kind: 'react', payload: { id: m.id, keys: ['👍'] }, from: 'bob' });
    f.annotate('chat', { kind: 'delete', payload: { id: m.id }, from: 'ann' });
    assert.equal(m.reactions?.size ?? 0, 0);
    assert.equal(f.annotate('chat', { kind: 'edit', payload: { id: m.id, text: 'back' }, from: 'ann' }), undefined);
    assert.equal(f.annotate('chat', { kind: 'react', payload: { id: m.id, keys: ['👍'] }, from: 'bob' }), undefined);
  });

  it("takes a reply and mentions from the sender's meta only", () => {
    const f = fold();
    const [q] = f.add('chat', 'bob', 'question?');
    const [m] = f.add('chat', 'ann', 'answer');
    const replyTo = { id: q.id, excerpt: 'question?', name: 'Bob' };
    assert.equal(f.annotate('chat', { kind: 'meta', payload: { id: m.id, replyTo }, from: 'bob' }), undefined);
    f.annotate('chat', { kind: 'meta', payload: { id: m.id, replyTo, mentions: ['bob'] }, from: 'ann' });
    assert.deepEqual([m.replyTo, m.mentions], [replyTo, ['bob']]);
  });

  it('keeps an annotation for an unknown message until the message comes', () => {
    const f = fold();
    const id = baseMessageId('ann', 'later');
    assert.equal(f.annotate('chat', { kind: 'react', payload: { id, keys: ['👍'] }, from: 'bob' }), undefined);
    const [m, applied] = f.add('chat', 'ann', 'later');
    assert.deepEqual(applied.map((a) => a.kind), ['react']);
    assert.deepEqual(who(m), { '👍': ['bob'] });
  });

  it('drops a waiting annotation after PENDING_MS, silently', () => {
    let now = 0;
    const f = fold(() => now);
    f.annotate('chat', { kind: 'edit', payload: { id: baseMessageId('ann', 'x'), text: 'y' }, from: 'ann' });
    now = PENDING_MS + 1;
    const [m, applied] = f.add('chat', 'ann', 'x');
    assert.deepEqual([applied.length, m.text], [0, 'x']);
  });

  it('keeps at most PENDING_MAX waiting annotations, dropping the oldest', () => {
    const f = fold();
    for (let i = 0; i <= PENDING_MAX; i++) f.annotate('chat', { kind: 'react', payload: { id: baseMessageId('ann', `m${i}`), keys: ['👍'] }, from: 'bob' });
    assert.equal(f.add('chat', 'ann', 'm0')[1].length, 0, 'the oldest went');
    assert.equal(f.add('chat', 'ann', 'm1')[1].length, 1);
    assert.equal(f.add('chat', 'ann', `m${PENDING_MAX}`)[1].length, 1);
  });

  it('counts private messages in a thread both sides name alike', () => {
    assert.equal(threadOf('chat', 'ann', ['bob']), threadOf('chat', 'bob', ['ann']));
    assert.notEqual(threadOf('chat', 'ann', ['bob']), threadOf('chat', 'ann', null));
    assert.notEqual(threadOf('chat', 'ann', ['bob']), threadOf('chat', 'ann', ['cy']));
    const f = fold();
    const [m] = f.add(threadOf('chat', 'ann', ['bob']), 'ann', 'psst');
    f.annotate(threadOf('chat', 'bob', ['ann']), { kind: 'react', payload: { id: m.id, keys: ['👍'] }, from: 'bob' });
    assert.deepEqual(who(m), { '👍': ['bob'] });
  });

  it('ends in the same state whether annotations came before or after their message (fast-check)', () => {
    type Step = { t: 'msg'; from: string; text: string } | { t: 'ann'; n: number; kind: 'react' | 'edit' | 'delete'; from: string; v: string };
    const people = fc.constantFrom('ann', 'bob', 'mod', 'pub');
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ t: fc.constant('msg' as const), from: people, text: fc.constantFrom('a', 'b') }),
      fc.record({ t: fc.constant('ann' as const), n: fc.nat(7), kind: fc.constantFrom('react' as const, 'edit' as const, 'delete' as const), from: people, v: fc.constantFrom('👍', '🎉', 'z') }),
    );
    const run = (steps: Step[], early: boolean): unknown => {
      const f = fold();
      const msgs: Array<[string, string]> = steps.filter((s) => s.t === 'msg').map((s) => [s.from, s.text]);
      // The ids the messages will get, in order (the same counter rules).
      const ids = new ConversationFold(() => undefined);
      const idOf = msgs.map(([from, text]) => ids.add('chat', from, text)[0].id);
      const annotate = (s: Extract<Step, { t: 'ann' }>): void => {
        const id = idOf[s.n % Math.max(msgs.length, 1)];
        if (!id) return;
        if (s.kind === 'react') f.annotate('chat', { kind: 'react', payload: { id, keys: [s.v] }, from: s.from });
        else if (s.kind === 'edit') f.annotate('chat', { kind: 'edit', payload: { id, text: s.v }, from: s.from });
        else f.annotate('chat', { kind: 'delete', payload: { id }, from: s.from });
      };
      const anns = steps.filter((s): s is Extract<Step, { t: 'ann' }> => s.t === 'ann');
      if (early) anns.forEach(annotate);
      const convos = msgs.map(([from, text]) => f.add('chat', from, text)[0]);
      if (!early) anns.forEach(annotate);
      return convos.map((c) => [c.id, c.text, !!c.edited, !!c.deleted, who(c)]);
    };
    fc.assert(fc.property(fc.array(step, { maxLength: 30 }), (steps) => assert.deepEqual(run(steps, true), run(steps, false))));
  });
});
