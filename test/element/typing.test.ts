// The typing rules (src/element/typing.ts) on a clock the test moves by hand.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IDLE_MS, RESEND_MS, TTL_MS, TypingBoard, TypingSender, idleAt } from '../../src/element/typing.js';

describe('TypingSender', () => {
  it('sends one "typing" at the first key, then at most one per resend interval while keys keep coming', () => {
    const sender = new TypingSender();
    const due: number[] = [];
    for (let now = 0; now <= 20_000; now += 100) if (sender.pressed(now)) due.push(now);
    assert.deepEqual(due, [0, 3000, 6000, 9000, 12000, 15000, 18000]);
    assert.equal(RESEND_MS, 3000);
  });

  it('counts the typist as stopped once no key came for the idle time, and owes a "stopped" only after a "typing"', () => {
    const sender = new TypingSender();
    assert.equal(sender.stop(), false, 'nothing was sent: nothing to stop');
    sender.pressed(1000);
    sender.pressed(2500);
    assert.equal(idleAt(sender), 2500 + IDLE_MS);
    assert.equal(sender.stop(), true);
    assert.equal(sender.pressed(2600), true, 'typing again after a stop is news at once');
  });

  it('keeps a steady typist shown: the next refresh is due well before the last one runs out', () => {
    assert.ok(TTL_MS - RESEND_MS >= IDLE_MS, 'a refresh may come late by the idle time and still be in time');
  });
});

describe('TypingBoard', () => {
  const typist = (thread: string, person: string, until: number) => ({ thread, person, until, channel: 'chat', private: false });

  it('tells a new typist from a refresh, and keeps them in the order they started', () => {
    const board = new TypingBoard();
    assert.equal(board.show(typist('c:chat', 'ann', 8000)), true);
    assert.equal(board.show(typist('c:chat', 'bob', 9000)), true);
    assert.equal(board.show(typist('c:chat', 'ann', 11000)), false, 'a refresh');
    assert.deepEqual([...board.typists.values()].map((t) => [t.person, t.until]), [['ann', 11000], ['bob', 9000]]);
  });

  it('takes out who ran out, who left (every thread) and who stopped (one thread)', () => {
    const board = new TypingBoard();
    board.show(typist('c:chat', 'ann', 8000));
    board.show(typist('p:ann', 'ann', 8000));
    board.show(typist('c:chat', 'bob', 5000));
    board.show(typist('c:chat', 'cleo', 9000));
    assert.deepEqual(board.sweep(5000).map((t) => t.person), ['bob'], 'ran out');
    assert.deepEqual(board.sweep(-Infinity, 'ann', 'p:ann').map((t) => t.thread), ['p:ann'], 'stopped in one thread');
    assert.deepEqual(board.sweep(-Infinity, 'ann').map((t) => t.thread), ['c:chat'], 'left');
    assert.deepEqual([...board.typists.values()].map((t) => t.person), ['cleo']);
  });
});
