import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Roster } from '../../src/element/roster.js';

/** A roster of connections named `names`, with ids `a0_x`, `b1_x`, … (the own one is `me_x`, not in it yet). */
function rosterOf(...names: string[]): Roster {
  const roster = new Roster();
  roster.selfId = 'me_x';
  names.forEach((name, i) => roster.remember({ connectionId: `${'abcdefgh'[i]}${i}_x`, status: { name } }));
  return roster;
}

const labels = (roster: Roster): string[] => roster.participants.map((p) => roster.label(p));

describe('Roster.label', () => {
  it('tells two people of one name apart by the start of their connection id, letter case and spaces aside', () => {
    const roster = rosterOf('Bob', ' bob ', 'Ann');
    assert.deepEqual(labels(roster), ['Bob (a0_x)', 'bob (b1_x)', 'Ann']);
    roster.remember({ connectionId: 'me_x', status: { name: 'ANN' } });
    // The own entry keeps its plain name ("(you)" tells it apart); the other Ann now has a twin.
    assert.deepEqual(labels(roster), ['ANN', 'Bob (a0_x)', 'bob (b1_x)', 'Ann (c2_x)']);
  });

  it('shows the plain name again once the other person of that name has left, been renamed or the roster cleared', () => {
    const roster = rosterOf('Bob', 'Bob', 'Bob');
    const [first, second, third] = roster.participants;
    roster.forget(first!.id);
    assert.deepEqual(labels(roster), ['Bob (b1_x)', 'Bob (c2_x)']);
    roster.remember({ connectionId: second!.id, status: { name: 'Rob' } });
    assert.deepEqual(labels(roster), ['Rob', 'Bob']);
    // A copy from before the rename is told apart from the Bob still here.
    assert.equal(roster.label(second!), 'Bob (b1_x)');
    roster.remember({ connectionId: second!.id, status: { name: 'Bob' } });
    assert.deepEqual(labels(roster), ['Bob (b1_x)', 'Bob (c2_x)']);
    roster.clear();
    roster.remember({ connectionId: third!.id, status: { name: 'Bob' } });
    assert.deepEqual(labels(roster), ['Bob']);
  });

  it('keeps the plain name for a sender no longer in the room', () => {
    const roster = rosterOf('Bob');
    assert.equal(roster.label({ id: 'con_gone', name: 'Bob', status: {}, self: false }), 'Bob');
  });
});
