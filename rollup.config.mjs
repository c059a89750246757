// Browser bundles, minified. The Node builds (server, client, protocol as modules with
// .d.ts) come from `tsc -p tsconfig.json`; `npm run build` runs both.
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

/**
 * After minifying: drops the indentation inside template literals (our css`` and html``
 * templates), which esbuild keeps. Once minified, the only raw line breaks left in the
 * chunk are inside template literals, and the indentation after them never matters in
 * CSS or between tags. Line breaks stay, so the source map's lines stay right.
 */
function templateIndentation() {
  return {
    name: 'template-indentation',
    renderChunk(code) {
      return { code: code.replace(/\n[ \t]+/g, '\n'), map: null };
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
  templateIndentation(),
];

export default entries.map((e) => ({
  input: join(root, e.input),
  plugins: plugins(),
  output: {
    file: join(root, e.file),
    format: e.format,
    sourcemap: true,
    ...(e.name ? { name: e.name } : {}),
  },
}));
