/**
 * Builds the test apps of test/frameworks/ for the browser with esbuild, in memory, in
 * development mode as an app is while being written (lit's dev-mode warnings, React's
 * StrictMode double calls). `signal-chat` and `signal-chat/…` resolve to this
 * repository's source; `.svelte` files go through Svelte's compiler.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { compile } from 'svelte/compiler';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const apps = join(here, 'apps');

/** The package's entries, from source: what `import 'signal-chat…'` means in an app. */
const ENTRIES: Record<string, string> = {
  'signal-chat': 'src/element/define.ts',
  'signal-chat/client': 'src/client/index.ts',
};

const signalChatFromSource: Plugin = {
  name: 'signal-chat-from-source',
  setup(b) {
    b.onResolve({ filter: /^signal-chat(\/.*)?$/ }, (args) => {
      const file = ENTRIES[args.path];
      // Side effects kept: the define entry registers the element.
      return file ? { path: join(root, file), sideEffects: true } : { errors: [{ text: `no test entry for ${args.path}` }] };
    });
  },
};

const svelte: Plugin = {
  name: 'svelte',
  setup(b) {
    b.onLoad({ filter: /\.svelte$/ }, async (args) => {
      const { js } = compile(await readFile(args.path, 'utf8'), { filename: args.path, generate: 'client', dev: true });
      return { contents: js.code, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/** Bundles one entry (a file under apps/, or source text resolved from there); returns its code. */
export async function bundle(entry: { file: string } | { contents: string }): Promise<string> {
  const result = await build({
    ...('file' in entry ? { entryPoints: [join(apps, entry.file)] } : { stdin: { contents: entry.contents, resolveDir: apps, loader: 'ts' as const } }),
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['development', 'browser'],
    define: {
      'process.env.NODE_ENV': '"development"',
      __VUE_OPTIONS_API__: 'true',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
    // Vue's full build compiles the app's template in the page.
    alias: { vue: 'vue/dist/vue.esm-bundler.js' },
    jsx: 'automatic',
    plugins: [signalChatFromSource, svelte],
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}
