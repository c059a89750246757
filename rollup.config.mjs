// Browser bundles, minified. The Node builds (server, client, protocol as modules with
// .d.ts) come from `tsc -p tsconfig.json`; `npm run build` runs both.
//
// An entry whose source file does not exist yet is skipped, so the build never fails
// because a planned part has not been written.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';

const root = dirname(fileURLToPath(import.meta.url));

/** @type {{ input: string, file: string, format: 'es' | 'iife', name?: string }[]} */
const entries = [
  // Session client as an ES module.
  { input: 'src/client/index.ts', file: 'dist/signal-chat-client.js', format: 'es' },
  // Classic `<script src>`: registers <signal-chat> on load.
  { input: 'src/element/define.ts', file: 'dist/signal-chat.js', format: 'iife', name: 'SignalChat' },
  // The element as an ES module (no side effects beyond what src/element/index.ts does).
  { input: 'src/element/index.ts', file: 'dist/element.js', format: 'es' },
];

/**
 * eventemitter3's `index.mjs` is an ESM wrapper that imports its CommonJS file; without
 * the commonjs plugin that breaks the bundle. Its own ESM build is self-contained.
 */
function eventemitter3Esm() {
  const target = join(root, 'node_modules/eventemitter3/dist/eventemitter3.esm.js');
  return {
    name: 'eventemitter3-esm',
    resolveId(source) {
      return source === 'eventemitter3' ? target : null;
    },
  };
}

const plugins = () => [
  eventemitter3Esm(),
  nodeResolve({ browser: true, exportConditions: ['production', 'browser'], extensions: ['.ts', '.mjs', '.js', '.json'] }),
  esbuild({
    target: 'es2022',
    tsconfig: join(root, 'tsconfig.json'),
    minify: true,
    legalComments: 'none',
    sourceMap: true,
  }),
];

const present = entries.filter((e) => existsSync(join(root, e.input)));
for (const e of entries) {
  if (!present.includes(e)) console.warn(`rollup.config.mjs: skipping ${e.file} (${e.input} does not exist yet)`);
}

/**
 * Rollup refuses an empty config list; while no entry exists, run one empty build
 * that writes nothing, so `npm run build` still succeeds.
 */
const nothingToBuild = {
  input: 'signal-chat:nothing-to-build',
  plugins: [
    {
      name: 'nothing-to-build',
      resolveId: (id) => (id === 'signal-chat:nothing-to-build' ? id : null),
      load: (id) => (id === 'signal-chat:nothing-to-build' ? 'export {};' : null),
      generateBundle(_options, bundle) {
        for (const name of Object.keys(bundle)) delete bundle[name];
      },
    },
  ],
  output: { dir: join(root, 'dist') },
  onwarn(warning, warn) {
    if (warning.code !== 'EMPTY_BUNDLE') warn(warning);
  },
};

export default present.length === 0 ? nothingToBuild : present.map((e) => ({
  input: join(root, e.input),
  plugins: plugins(),
  output: {
    file: join(root, e.file),
    format: e.format,
    sourcemap: true,
    ...(e.name ? { name: e.name } : {}),
  },
  onwarn(warning, warn) {
    // Noise from dependencies (zod's misplaced /*@__PURE__*/ comments and its internal
    // import cycle); the same warnings from our own src/ are still shown.
    if (fromDependency(warning)) return;
    warn(warning);
  },
}));

/** True for a warning about code under node_modules only. */
function fromDependency(warning) {
  if (!['INVALID_ANNOTATION', 'CIRCULAR_DEPENDENCY', 'THIS_IS_UNDEFINED'].includes(warning.code ?? '')) return false;
  const ids = warning.ids ?? (warning.id ? [warning.id] : []);
  return ids.length > 0 && ids.every((id) => id.includes('/node_modules/'));
}
