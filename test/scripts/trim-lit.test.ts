/**
 * scripts/trim-lit.mjs, the cuts the browser bundles make in lit: each applies to the
 * installed lit exactly once and leaves a module that still parses, and a lit whose text
 * changed stops the build with a message that says where to look.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: a build script in plain JavaScript, without types
import { LIT_CUTS, trimLitSource } from '../../scripts/trim-lit.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cuts = LIT_CUTS as { file: string; cut: RegExp; by: string }[];
const trim = trimLitSource as (code: string, id: string) => string;
const files = [...new Set(cuts.map((c) => c.file))];

describe('trim-lit', () => {
  it('cuts each piece out of the installed lit, and every trimmed file still parses', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trim-lit-'));
    try {
      for (const file of files) {
        const path = join(root, 'node_modules', file);
        const before = readFileSync(path, 'utf8');
        const after = trim(before, path);
        for (const { cut } of cuts.filter((c) => c.file === file)) assert.doesNotMatch(after, cut, `${file}: ${cut} is gone`);
        assert.ok(after.length < before.length, `${file} is shorter`);
        const copy = join(dir, file.replace(/\W/g, '_') + '.mjs');
        writeFileSync(copy, after);
        execFileSync(process.execPath, ['--check', copy]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves every other module as it is', () => {
    const code = 'const litHtmlVersions = [];';
    assert.equal(trim(code, join(root, 'src/element/signal-chat.ts')), code);
  });

  it('stops the build, naming the file and scripts/trim-lit.mjs, when a piece is no longer there', () => {
    const path = join(root, 'node_modules', files[0]!);
    assert.throws(() => trim('export const changed = true;', path), (error: Error) => error.message.includes(files[0]!) && error.message.includes('scripts/trim-lit.mjs'));
  });
});
