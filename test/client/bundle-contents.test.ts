/**
 * The browser bundles read frames with the zod-free parser and OpenVidu's
 * conventions from a zod-free module, so none of them may carry zod: it
 * would cost most of the client's size budget, and zod's code generation
 * check trips a strict Content-Security-Policy.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';

/** The files a browser bundle of `entry` is made of, resolved as rollup.config.mjs resolves them. */
async function bundledFiles(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['production', 'browser'],
    tsconfig: 'tsconfig.json',
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

describe('browser bundles', () => {
  for (const entry of ['src/client/index.ts', 'src/element/index.ts', 'src/element/define.ts']) {
    it(`${entry} bundles no zod`, async () => {
      const files = await bundledFiles(entry);
      assert.ok(files.some((f) => f.includes('src/protocol/')), 'the protocol is in the bundle');
      assert.deepEqual(files.filter((f) => f.includes('node_modules/zod/')), []);
    });
  }
});
