/**
 * The README's "Install from npm" table against package.json: every entry a user can
 * import is listed, and nothing that cannot be imported.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { exports: Record<string, unknown> };

describe('README install section', () => {
  it('lists every exports entry of package.json, and no other', () => {
    const start = readme.indexOf('<!-- package-entries:start -->');
    const end = readme.indexOf('<!-- package-entries:end -->');
    assert.ok(start >= 0 && end > start, 'README has a package-entries table');
    const documented = readme
      .slice(start, end)
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.split('`')[1]!.replace(/^signal-chat/, '.'));
    assert.deepEqual(documented.sort(), Object.keys(manifest.exports).sort());
  });
});
