#!/usr/bin/env node
// Size budgets: gzips each file listed in budgets.json ({ "dist/file.js": maxGzipBytes })
// and reports it against its budget. A listed file that does not exist fails.
// Last line: `size: N passed, N failed`. Exits 1 when any budget fails.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const budgetsFile = join(root, 'budgets.json');

let passed = 0;
let failed = 0;
const done = () => {
  console.log(`size: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
};

/** @type {Record<string, unknown>} */
let budgets;
try {
  budgets = existsSync(budgetsFile) ? JSON.parse(readFileSync(budgetsFile, 'utf8')) : {};
  if (typeof budgets !== 'object' || budgets === null || Array.isArray(budgets)) throw new Error('expected an object { "dist/file.js": maxGzipBytes }');
} catch (err) {
  console.log(`  ✗ budgets.json: ${err instanceof Error ? err.message : String(err)}`);
  failed += 1;
  done();
}

const entries = Object.entries(budgets);
if (entries.length === 0) console.log('  (no budgets in budgets.json)');
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
for (const [file, max] of entries) {
  if (typeof max !== 'number' || !(max > 0)) {
    console.log(`  ✗ ${file}: budget must be a positive number of bytes, got ${JSON.stringify(max)}`);
    failed += 1;
    continue;
  }
  const path = join(root, file);
  if (!existsSync(path)) {
    console.log(`  ✗ ${file}: missing (budget ${max} B gzip) — was it built?`);
    failed += 1;
    continue;
  }
  const raw = readFileSync(path);
  const gz = gzipSync(raw, { level: 9 }).length;
  const pct = ((gz / max) * 100).toFixed(0);
  if (gz <= max) {
    console.log(`  ✓ ${file}: ${gz} B gzip (${kb(gz)}, ${pct}% of ${max} B; raw ${kb(raw.length)})`);
    passed += 1;
  } else {
    console.log(`  ✗ ${file}: ${gz} B gzip (${kb(gz)}) is over its budget of ${max} B by ${gz - max} B`);
    failed += 1;
  }
}
done();
