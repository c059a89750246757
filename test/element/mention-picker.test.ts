// The composer's mention list and the ids a message names (src/element/mention-picker.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MentionPicker, mentionsIn } from '../../src/element/mention-picker.js';
import type { Participant } from '../../src/element/participant.js';

const person = (id: string, name: string, self = false): Participant => ({ id, name, status: {}, self });
const people = [person('a1', 'Ann', true), person('b1', 'Bob'), person('b2', 'Bob'), person('l1', 'Ann Lee'), person('z1', 'Zoë')];

describe('MentionPicker', () => {
  it('matches the start of any word of a name, letter case aside, never the user', () => {
    const picker = new MentionPicker();
    picker.follow('hi @le', 6, people);
    assert.deepEqual(picker.offered.map((p) => p.id), ['l1']);
    picker.follow('hi @AN', 6, people);
    assert.deepEqual(picker.offered.map((p) => p.id), ['l1'], 'Ann herself is not offered');
    picker.follow('hi @ann l', 9, people);
    assert.deepEqual(picker.offered.map((p) => p.id), ['l1'], 'a name with a space');
  });
  // Inserting a pick (the text area's own range replacement) is tested in Chromium: mentions.browser.test.ts.
});

describe('mentionsIn', () => {
  it('finds each "@Name" not followed by a letter or digit', () => {
    assert.deepEqual(mentionsIn('@Zoë, @Ann Lee: look', people, new Map()), ['l1', 'z1']);
    assert.deepEqual(mentionsIn('@Zoëy and @Ann', people, new Map()), [], 'another word, and the user herself');
  });

  it('takes the Bob picked when two share the name, both when none was picked', () => {
    assert.deepEqual(mentionsIn('@Bob hi', people, new Map([['Bob', 'b2']])), ['b2']);
    assert.deepEqual(mentionsIn('@Bob hi', people, new Map()), ['b1', 'b2']);
    assert.deepEqual(mentionsIn('@Bob hi', people, new Map([['Bob', 'gone']])), ['b1', 'b2'], 'the one picked has left');
  });
});
