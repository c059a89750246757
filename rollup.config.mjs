// Browser bundles, minified. The Node builds (server, client, protocol as modules with
// .d.ts) come from `tsc -p tsconfig.json`; `npm run build` runs both.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';
import { transform } from 'esbuild';
import { parseAst } from 'rollup/parseAst';
import { minify } from 'terser';
import { assertFunctionsCalledInPlace, assertNoArrowConstructed } from './scripts/arrow-safe.mjs';
import { INTERNAL_PROPS } from './scripts/internal-props.mjs';
import { minifyTemplatesPlugin } from './scripts/minify-templates.mjs';
import { trimLit } from './scripts/trim-lit.mjs';

const root = dirname(fileURLToPath(import.meta.url));

/** @type {{ input: string, file: string, format: 'es' | 'iife', name?: string }[]} */
const entries = [
  // Session client as an ES module.
  { input: 'src/client/index.ts', file: 'dist/signal-chat-client.js', format: 'es' },
  // Classic `<script src>`: registers <signal-chat> on load.
  { input: 'src/element/define.ts', file: 'dist/signal-chat.js', format: 'iife', name: 'SignalChat' },
  // The same as an ES module (`<script type="module">` or `import` from a CDN): registers
  // <signal-chat> on load and exports what `signal-chat/element/define` exports.
  { input: 'src/element/define.ts', file: 'dist/signal-chat.module.js', format: 'es' },
  // The element as an ES module (no side effects beyond what src/element/index.ts does).
  { input: 'src/element/index.ts', file: 'dist/element.js', format: 'es' },
  // The SharedWorker of `shared`, a classic script (every browser with SharedWorker runs
  // those), beside the bundles that look for it there, and beside the module that does in
  // the unbundled build (dist/element/shared/tab-session.js, for an app's own bundler).
  { input: 'src/element/shared/worker.ts', file: 'dist/signal-chat-worker.js', format: 'iife' },
  { input: 'src/element/shared/worker.ts', file: 'dist/element/shared/signal-chat-worker.js', format: 'iife' },
];

/**
 * A last pass over the minified chunk: drops the indentation inside template literals
 * (our css`` and html`` templates, which esbuild keeps; once minified, the only raw line
 * breaks left are inside template literals, and the indentation after them never matters
 * in CSS or between tags), then minifies the whole chunk again with the controllers'
 * internal property names shortened (scripts/internal-props.mjs). A second pass over the
 * joined chunk also finds what the per-file pass could not.
 */
function finalPass() {
  return {
    name: 'final-pass',
    async renderChunk(code, _chunk, options) {
      const result = await transform(code.replace(/\n[ \t]+/g, '\n'), {
        minify: true,
        target: 'es2022',
        sourcemap: true,
        legalComments: 'none',
        mangleProps: new RegExp(`^(${INTERNAL_PROPS.join('|')})$`),
        ...(options.format === 'es' ? { format: 'esm' } : {}),
      });
      return { code: result.code, map: result.map };
    },
  };
}

/**
 * Minifies the CSS of src/element/styles.ts as the bundle takes it in (the source stays
 * readable): no spaces around `{ } ; : ,` and `/` (font, container, rgb()), no last `;` of
 * a block, no leading zero of a fraction (`.85em`), `#fff` for `#ffffff`, and attribute
 * values that are identifiers unquoted (`[role=tab]`). Safe for that file because no
 * selector in it has a space before a `:` (a descendant pseudo-class), `/` appears only
 * between values, and `+`/`-` (which calc() needs spaced) are left alone.
 */
function minifyStyles() {
  return {
    name: 'minify-styles',
    transform(code, id) {
      if (!id.endsWith('/src/element/styles.ts')) return null;
      const css = (text) =>
        text
          .replace(/\s+/g, ' ')
          .trim()
          .replace(/ ?([{};:,]) ?/g, '$1')
          .replace(/;}/g, '}')
          .replace(/ \/ /g, '/')
          .replace(/([^\w.-])0\.(\d)/g, '$1.$2')
          .replace(/#([\da-f])\1([\da-f])\2([\da-f])\3\b/gi, '#$1$2$3')
          .replace(/=(['"])([a-z][\w-]*)\1]/gi, '=$2]');
      return { code: code.replace(/css`([^`]*)`/g, (_, text) => `css\`${css(text)}\``), map: null };
    },
  };
}

/**
 * Terser after esbuild: its repeated compress passes inline and fold what esbuild's single
 * pass leaves (one-use functions and constants, `if` chains, repeated property reads), and
 * it mangles top-level names of the ES modules. The IIFE keeps its top level as is (its one
 * top-level name is the public `SignalChat` global). Rollup chains the returned map with the
 * earlier ones, so the .map files still point into src/. Of the `unsafe*` options only
 * `unsafe_arrows`, which scripts/arrow-safe.mjs shows cannot change what our chunks do
 * (the function expressions it turns into arrows are all called where they stand; the
 * build stops if one is not); `pure_getters` and the other `unsafe*` ones saved under
 * 20 B gzip each (measured), not worth what they assume. `ecma: 2020` is terser's highest
 * level and lets it keep ES2020+ syntax.
 */
function terserPass() {
  return {
    name: 'terser-pass',
    async renderChunk(code, _chunk, options) {
      const esm = options.format === 'es';
      assertFunctionsCalledInPlace(parseAst(code), code);
      const result = await minify(code, {
        ecma: 2020,
        module: esm,
        toplevel: esm,
        compress: { passes: 3, ecma: 2020, unsafe_arrows: true },
        format: { comments: false, ecma: 2020 },
        sourceMap: true,
      });
      const minified = result.code ?? code;
      assertNoArrowConstructed(parseAst(minified), minified);
      return { code: minified, map: result.map };
    },
  };
}

/**
 * `import.meta.url` in the classic script (load-shared.ts finds the worker script beside
 * it): the `src` of the script element running it (it runs once, as it loads), or the
 * page's base URL for a script written inline. Rollup's own stand-in does the same in
 * about 100 more characters (it also rules out an SVG <script>, which cannot load ours).
 */
function classicImportMeta() {
  return {
    name: 'classic-import-meta',
    resolveImportMeta(property, { format }) {
      return format === 'iife' && property === 'url' ? '(document.currentScript?.src||document.baseURI)' : null;
    },
  };
}

const plugins = () => [
  classicImportMeta(),
  minifyStyles(),
  trimLit(),
  nodeResolve({ browser: true, exportConditions: ['production', 'browser'], extensions: ['.ts', '.mjs', '.js', '.json'] }),
  esbuild({
    target: 'es2022',
    tsconfig: join(root, 'tsconfig.json'),
    minify: true,
    legalComments: 'none',
    sourceMap: true,
  }),
  minifyTemplatesPlugin(),
  finalPass(),
  terserPass(),
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
