import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
const r = await build({ entryPoints: ['src/element/define.ts'], bundle: true, minify: true, format: 'iife', write: false, metafile: true, target: 'es2022', conditions: ['production','browser'], alias: { eventemitter3: './node_modules/eventemitter3/dist/eventemitter3.esm.js' } });
const out = Object.values(r.metafile.outputs)[0];
const rows = Object.entries(out.inputs).map(([k, v]) => [k, v.bytesInOutput]).sort((a, b) => b[1] - a[1]);
let tot=0; for (const [k, b] of rows) { tot+=b; console.log(String(b).padStart(7), k); }
console.log('total', tot, 'gzip', gzipSync(r.outputFiles[0].contents,{level:9}).length);
