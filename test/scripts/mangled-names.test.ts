/**
 * scripts/mangled-names.mjs: the browser bundles shorten the property names of
 * scripts/internal-props.mjs everywhere in the chunk, so such a name used on anything
 * but our element's own members breaks the bundle (a notification without its text,
 * OpenTok's sender names unread) while the tests, which run the sources, pass.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
// @ts-expect-error: build scripts in plain JavaScript, without types
import { findForeignUses } from '../../scripts/mangled-names.mjs';
// @ts-expect-error: build scripts in plain JavaScript, without types
import { INTERNAL_PROPS } from '../../scripts/internal-props.mjs';

interface Finding {
  at: string;
  use: string;
  name: string;
  why: string;
}
const find = findForeignUses as (options: { root: string; names: readonly string[] }) => Finding[];
const repo = path.resolve(import.meta.dirname, '../..');

describe('shortened property names', () => {
  it('are used in the bundled sources only on the element’s own members', () => {
    const findings = find({ root: repo, names: INTERNAL_PROPS as string[] });
    assert.deepEqual(
      findings.map((f) => `${f.at}: ${f.use} .${f.name} (${f.why})`),
      [],
      'rename the member, or take the name out of scripts/internal-props.mjs',
    );
  });

  it('are found on a DOM object, in a browser API’s options, in a lit attribute and where the type is unknown', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'mangled-'));
    try {
      mkdirSync(path.join(root, 'src', 'element'), { recursive: true });
      writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', lib: ['ES2022', 'DOM'], strict: true, types: [] }, include: ['src'] }));
      writeFileSync(
        path.join(root, 'src', 'element', 'uses.ts'),
        [
          'class Own { body = 1; static properties = { body: { state: true }, label: {} }; }',
          'export const own = new Own().body;',
          'export const page = document.body;',
          "export const shown = new Notification('title', { body: 'text' });",
          "export const unknown = (JSON.parse('{}') as any).body;",
          'export const { body } = document;',
        ].join('\n'),
      );
      const findings = find({ root, names: ['body', 'label'] });
      assert.deepEqual(
        findings.map((f) => `${f.at} ${f.use} ${f.name}`),
        [
          'src/element/uses.ts:1 lit reactive property label',
          'src/element/uses.ts:3 read or call body',
          'src/element/uses.ts:4 object key body',
          'src/element/uses.ts:5 read or call body',
          'src/element/uses.ts:6 destructured body',
        ],
      );
      assert.match(findings[1]!.why, /lib\.dom\.d\.ts/);
      assert.match(findings[3]!.why, /cannot be found/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
