/** The README's "Conversation conventions" section, held to src/protocol/conventions.ts. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  CONVENTION_KINDS,
  MAX_EXCERPT_BYTES,
  MAX_KEY_BYTES,
  MAX_KEYS_PER_MESSAGE,
  MAX_KEYS_PER_PERSON,
  decodeConvention,
  readConvention,
  type ConventionKind,
} from '../../src/protocol/index.js';
import { PENDING_MAX, PENDING_MS } from '../../src/element/conversation.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('<!-- conventions:start -->'), readme.indexOf('<!-- conventions:end -->'));
const rows = section
  .split('\n')
  .filter((line) => line.startsWith('|'))
  .slice(2)
  .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim().replace(/^`|`$/g, '')));

describe('README conversation conventions', () => {
  it('has one row per convention kind, and no other', () => {
    assert.deepEqual(rows.map((r) => r[0]).sort(), [...CONVENTION_KINDS].sort());
  });

  it('shows for each kind data that both readers accept as it is', () => {
    for (const [kind, data] of rows) {
      const body = readConvention(kind as ConventionKind, data);
      assert.ok(body, `${kind}: ${data}`);
      assert.deepEqual(body, JSON.parse(data!), `${kind}: nothing in the example is left out`);
      assert.deepEqual(decodeConvention(kind as ConventionKind, data), body);
    }
  });

  it('states the limits the code holds reactions and excerpts to', () => {
    const react = rows.find((r) => r[0] === 'react')?.[3] ?? '';
    assert.match(react, new RegExp(`1–${MAX_KEY_BYTES} UTF-8 bytes, at most ${MAX_KEYS_PER_PERSON} per person`));
    assert.match(react, new RegExp(`at most ${MAX_KEYS_PER_MESSAGE} distinct keys`));
    assert.match(rows.find((r) => r[0] === 'meta')?.[3] ?? '', new RegExp(`at most ${MAX_EXCERPT_BYTES} bytes`));
  });

  it('says how long and how many annotations wait for their message, as the element keeps them', () => {
    assert.match(readme, new RegExp(`up to ${PENDING_MAX} annotations for\\s+at most ${PENDING_MS / 1000} seconds`));
  });
});
