/**
 * The README's tables are part of the API: these tests hold them to the code,
 * so the docs cannot drift from what the product does.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CLOSE_CODES, ERROR_CODES } from '../../src/protocol/index.js';
import { DEFAULTS } from '../../src/server/index.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

function table(marker: string): string[][] {
  const start = readme.indexOf(`<!-- ${marker}:start -->`);
  const end = readme.indexOf(`<!-- ${marker}:end -->`);
  assert.ok(start >= 0 && end > start, `README has a ${marker} table`);
  return readme
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim().replace(/^`|`$/g, '')));
}

describe('README', () => {
  it('opens with the two commands a newcomer needs', () => {
    const opening = readme.slice(0, 400);
    assert.match(opening, /npm start/);
    assert.match(opening, /npm test/);
  });

  it('lists every error code with its number, and no other', () => {
    const rows = table('error-codes').map(([code, number]) => [code, Number(number)]);
    assert.deepEqual(rows, Object.entries(ERROR_CODES));
  });

  it('lists every close code', () => {
    const documented = table('close-codes').map(([code]) => Number(code));
    assert.deepEqual(documented.sort(), Object.values(CLOSE_CODES).sort());
  });

  it('gives the server defaults the code uses', () => {
    const defaults = Object.fromEntries(table('server-options').map(([option, , value]) => [option?.split(' ')[0], value?.replace(/`/g, '')]));
    assert.deepEqual(defaults, {
      '--port': String(DEFAULTS.port),
      '--host': DEFAULTS.host,
      '--history': String(DEFAULTS.historySize),
      '--grace': String(DEFAULTS.graceMs),
      '--secret': 'none',
      '--allow-origin': 'any',
      '--max-signal-bytes': String(DEFAULTS.maxSignalBytes),
      '--max-frame-bytes': String(DEFAULTS.maxFrameBytes),
    });
  });
});
