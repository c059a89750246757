/**
 * The README's TypeScript claim about openvidu-browser, checked by the
 * compiler: its snippet (between the `openvidu-typescript` markers) is
 * type-checked against the element's real types and openvidu-browser's.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

function snippet(): string {
  const start = readme.indexOf('<!-- openvidu-typescript:start -->');
  const end = readme.indexOf('<!-- openvidu-typescript:end -->');
  assert.ok(start >= 0 && end > start, 'the README marks its TypeScript snippet');
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(start, end));
  assert.ok(block?.[1], 'the snippet is a ts code block');
  return block[1];
}

/**
 * Type errors of `code`, compiled by the project's tsc with its own options,
 * `signal-chat` read from the sources. (TypeScript 7 has no compiler API in
 * process, so the file goes to a scratch folder under node_modules, where
 * `openvidu-browser` resolves as from any file of the project.)
 */
function typeErrors(code: string): string {
  const dir = mkdtempSync(join(ROOT, 'node_modules', '.cache-openvidu-types-'));
  try {
    const source = code.replace(/from 'signal-chat'/g, `from '${join(ROOT, 'src', 'element', 'index.js')}'`);
    writeFileSync(join(dir, 'snippet.ts'), source);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: join(ROOT, 'tsconfig.json'), compilerOptions: { noEmit: true, rootDir: ROOT }, include: [], files: ['snippet.ts'] }),
    );
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const run = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    return `${run.stdout}${run.stderr}`.trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('README: TypeScript with openvidu-browser', () => {
  it("lets openvidu-browser's Session be the element's session without a cast, as the README says", () => {
    const code = snippet();
    assert.doesNotMatch(code, /as any|as unknown/);
    assert.equal(typeErrors(code), '');
  });

  it('is a real check: a session of the wrong shape is a type error', () => {
    const errors = typeErrors(snippet().replace('chat.session = session;', 'chat.session = { signal: 42 };'));
    assert.match(errors, /snippet\.ts.*error TS/);
  });
});
