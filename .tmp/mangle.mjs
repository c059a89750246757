import { transform } from 'esbuild';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
const code = readFileSync('dist/signal-chat.js', 'utf8');
const names = process.argv[2];
const r = await transform(code, { minify: true, mangleProps: new RegExp(`^(${names})$`), target: 'es2022' });
console.log(gzipSync(code, { level: 9 }).length, gzipSync(r.code, { level: 9 }).length);
