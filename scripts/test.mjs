#!/usr/bin/env node
// `npm test`: every check the project has, one summary line at the very end.
//
//   1. typecheck  tsc -p tsconfig.test.json                  (1 test: passes or fails)
//   2. build      if scripts/check-size.mjs exists: `npm run build` (1 test), before the
//                 tests, so none of them rebuilds dist/ under another (the packed-tarball
//                 test packs this build: SIGNAL_CHAT_BUILT=1)
//   3. node       node --test over test/**/*.test.ts, minus *.browser.test.ts
//                 (counts from the TAP reporter's `# pass N` / `# fail N` / `# cancelled N`)
//   4. browser    web-test-runner over test/**/*.browser.test.ts, if there are any
//                 (counts from the JSON the config's summary reporter writes; a file that
//                 failed to load or crashed counts as one failure — wtr leaves it out;
//                 so does a green run whose pages logged to the console)
//   5. size       check-size.mjs over that build (counts from its `size: N passed, N failed` line)
//
// On a fresh clone it first installs the dependencies (scripts/install-if-missing.mjs).
// The last line is exactly `N passed, N failed`; the exit code is 1 if anything failed.
// A step that dies without reporting counts is one failure, never zero.
//
// Before any step, the tools the steps need (Chromium; redis-server for Redis suites) are
// checked: installed with apt-get when running as root, or the run stops at once with one
// line saying what to install (scripts/require-tools.mjs).
//
// Options: --skip=typecheck,node,browser,size (comma list) to leave steps out locally.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installIfMissing } from './install-if-missing.mjs';
import { ensureTools, requiredTools } from './require-tools.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
installIfMissing(root); // a fresh clone: the README's `npm test` works without a separate install
const tmp = mkdtempSync(join(tmpdir(), 'signal-chat-test-'));
const skip = new Set(
  process.argv
    .filter((a) => a.startsWith('--skip='))
    .flatMap((a) => a.slice('--skip='.length).split(','))
    .filter(Boolean),
);

/** @type {{ name: string, passed: number, failed: number, skipped: number, note?: string }[]} */
const results = [];

function heading(title) {
  console.log(`\n━━━ ${title} ${'━'.repeat(Math.max(3, 60 - title.length))}`);
}

/**
 * Runs a command from the repo root. Output is passed through as it comes; with
 * `capture`, it is also collected and returned.
 * @returns {Promise<{ code: number, output: string }>}
 */
function run(cmd, args, { env = {}, capture = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', capture ? 'pipe' : 'inherit', capture ? 'pipe' : 'inherit'],
    });
    let output = '';
    if (capture) {
      child.stdout?.on('data', (d) => {
        output += d;
        process.stdout.write(d);
      });
      child.stderr?.on('data', (d) => {
        output += d;
        process.stderr.write(d);
      });
    }
    child.on('error', (err) => {
      output += String(err);
      console.error(`could not start ${cmd}: ${err.message}`);
      resolve({ code: 127, output });
    });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

/** All files under test/ (recursively) whose name matches `predicate`, as repo-relative paths, sorted. */
function findTests(predicate) {
  const found = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && predicate(entry.name)) found.push(relative(root, full).split(sep).join('/'));
    }
  };
  walk(join(root, 'test'));
  return found.sort();
}

const bin = (pkgPath) => join(root, 'node_modules', pkgPath);

// ── 1. typecheck ───────────────────────────────────────────────────────────
async function typecheck() {
  heading('typecheck: tsc -p tsconfig.test.json');
  const { code, output } = await run(process.execPath, [bin('typescript/bin/tsc'), '-p', 'tsconfig.test.json'], { capture: true });
  if (code === 0) {
    console.log('✔ no type errors');
    results.push({ name: 'typecheck', passed: 1, failed: 0, skipped: 0 });
  } else {
    const errors = (output.match(/error TS\d+/g) ?? []).length;
    console.log(`✖ tsc exited with code ${code}${errors ? ` (${errors} type error${errors === 1 ? '' : 's'})` : ''}`);
    results.push({ name: 'typecheck', passed: 0, failed: 1, skipped: 0, note: `${errors} type error${errors === 1 ? '' : 's'}` });
  }
}

// ── 2. node tests ──────────────────────────────────────────────────────────
async function nodeTests() {
  const files = findTests((n) => n.endsWith('.test.ts') && !n.endsWith('.browser.test.ts'));
  heading(`node tests: ${files.length} file${files.length === 1 ? '' : 's'}`);
  if (files.length === 0) {
    console.log('(no test/**/*.test.ts files)');
    results.push({ name: 'node tests', passed: 0, failed: 0, skipped: 0, note: 'no files' });
    return;
  }
  const tap = join(tmp, 'node.tap');
  const { code } = await run(process.execPath, [
    '--import', 'tsx',
    '--test',
    // Per file, not per test (node 20 gives each file the runner's timeout, and each test
    // in it too): test/scripts/quick-start.test.ts installs and builds a fresh copy of the
    // tree for real, about 2 minutes on an idle machine and well past 3 on a loaded one.
    // Only a hung file ever waits this long.
    '--test-timeout=600000',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files,
  ], { env: built ? { SIGNAL_CHAT_BUILT: '1' } : {} });
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  /** The last `# key N` line of the TAP output (the top-level summary comes last). */
  const count = (key) => {
    const all = [...text.matchAll(new RegExp(`^# ${key} (\\d+)$`, 'gm'))];
    const last = all.at(-1);
    return last ? Number(last[1]) : undefined;
  };
  const pass = count('pass');
  const fail = count('fail');
  const cancelled = count('cancelled') ?? 0;
  const skipped = (count('skipped') ?? 0) + (count('todo') ?? 0);
  if (pass === undefined || fail === undefined) {
    console.log(`✖ node --test exited with code ${code} and printed no TAP summary`);
    results.push({ name: 'node tests', passed: 0, failed: 1, skipped: 0, note: 'no summary' });
    return;
  }
  let failed = fail + cancelled;
  let note;
  if (code !== 0 && failed === 0) {
    failed = 1;
    note = `node --test exited with code ${code}`;
    console.log(`✖ ${note} although no test failed`);
  }
  results.push({ name: 'node tests', passed: pass, failed, skipped, ...(note ? { note } : {}) });
}

// ── 3. browser tests ───────────────────────────────────────────────────────
async function browserTests() {
  const files = findTests((n) => n.endsWith('.browser.test.ts'));
  if (files.length === 0) return; // no browser tests yet: nothing to report
  heading(`browser tests: ${files.length} file${files.length === 1 ? '' : 's'} (web-test-runner, Chromium)`);
  const summaryFile = join(tmp, 'wtr-summary.json');
  const { code, output } = await run(
    process.execPath,
    [bin('@web/test-runner/dist/bin.js'), '--config', 'web-test-runner.config.mjs'],
    { env: { SIGNAL_CHAT_WTR_SUMMARY: summaryFile }, capture: true },
  );
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let note;
  if (existsSync(summaryFile)) {
    const s = JSON.parse(readFileSync(summaryFile, 'utf8'));
    ({ passed, failed, skipped } = s);
    for (const b of s.brokenFiles ?? []) {
      console.log(`✖ ${relative(root, b.file)} failed to load or crashed${b.errors.length ? `: ${b.errors.join(' | ')}` : ''}`);
    }
    if (s.files < files.length) {
      // A file wtr never ran (e.g. the runner stopped early) is a failure too.
      const missing = files.length - s.files;
      failed += missing;
      note = `${missing} file(s) not run`;
      console.log(`✖ ${note}`);
    }
  } else {
    // The config's reporter never ran (config error, browser failed to start, …).
    // Fall back to wtr's own progress line, and count the run as failed.
    const m = [...output.matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
    if (m) {
      passed = Number(m[1]);
      failed = Number(m[2]);
    }
    note = 'web-test-runner wrote no summary';
    console.log(`✖ ${note} (exit code ${code})`);
    if (failed === 0) failed = 1;
  }
  if (code !== 0 && failed === 0) {
    failed = 1;
    note = `web-test-runner exited with code ${code}`;
    console.log(`✖ ${note} although no test failed`);
  }
  // A green run prints nothing that looks like trouble: a test that causes a console
  // message (a library's expected error) captures it, and may assert on it.
  if (failed === 0 && /Browser logs:/.test(output)) {
    failed = 1;
    note = 'every browser test passed, but a page logged to the console (the "Browser logs" above): capture it in the test that causes it';
    console.log(`✖ ${note}`);
  }
  results.push({ name: 'browser tests', passed, failed, skipped, ...(note ? { note } : {}) });
}

// ── 2 and 5. build, size budgets ───────────────────────────────────────────
/** Whether this run built dist/ (tests may then use that build instead of making their own). */
let built = false;

async function build() {
  if (!existsSync(join(root, 'scripts/check-size.mjs'))) return;
  heading('build: npm run build');
  const { code } = await run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build']);
  built = code === 0;
  results.push({ name: 'build', passed: built ? 1 : 0, failed: built ? 0 : 1, skipped: 0 });
  console.log(built ? '✔ build succeeded' : `✖ build failed (exit code ${code})`);
}

async function size() {
  if (!existsSync(join(root, 'scripts/check-size.mjs'))) return;
  heading('size budgets: scripts/check-size.mjs');
  const { code, output } = await run(process.execPath, [join(root, 'scripts/check-size.mjs')], { capture: true });
  const m = [...output.matchAll(/^size: (\d+) passed, (\d+) failed$/gm)].at(-1);
  if (!m) {
    results.push({ name: 'size', passed: 0, failed: 1, skipped: 0, note: `check-size exited ${code} without a summary` });
    return;
  }
  let failed = Number(m[2]);
  if (code !== 0 && failed === 0) failed = 1;
  results.push({ name: 'size', passed: Number(m[1]), failed, skipped: 0 });
}

/** The tools the steps about to run need; undefined when all are there. */
function missingTool() {
  const tools = requiredTools({
    // Browser tests, and node tests that open pages (packed tarball, framework apps).
    browser: !skip.has('browser') || !skip.has('node'),
    redis: !(skip.has('browser') && skip.has('node')) && findTests((n) => n.includes('redis')).length > 0,
  });
  return ensureTools(tools);
}

const missing = missingTool();
if (missing) {
  // One line saying what to install, then the summary line CI reads; nothing else runs.
  rmSync(tmp, { recursive: true, force: true });
  console.log(missing);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

try {
  if (!skip.has('typecheck')) await typecheck();
  if (!skip.has('size')) await build();
  if (!skip.has('node')) await nodeTests();
  if (!skip.has('browser')) await browserTests();
  if (!skip.has('size')) await size();
} catch (err) {
  // A bug in this script must not look like a green run.
  console.error(err);
  results.push({ name: 'scripts/test.mjs', passed: 0, failed: 1, skipped: 0, note: 'crashed' });
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

heading('summary');
const width = Math.max(...results.map((r) => r.name.length), 10);
for (const r of results) {
  const mark = r.failed > 0 ? '✖' : '✔';
  const extra = [r.skipped ? `${r.skipped} skipped` : '', r.note ?? ''].filter(Boolean).join('; ');
  console.log(`${mark} ${r.name.padEnd(width)}  ${r.passed} ok / ${r.failed} not ok${extra ? `  (${extra})` : ''}`);
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
