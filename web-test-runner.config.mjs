// @web/test-runner config for the browser tests (test/**/*.browser.test.ts).
//
// Pinned to the Node-20 line: @web/test-runner 0.20.x, @web/test-runner-chrome 0.18.x,
// @web/dev-server-esbuild 1.0.x (the 1.x/2.x lines need Node >= 22).
//
// Before any test runs, the `relay` plugin spawns a real relay server
// (`node --import tsx scripts/test-relay.ts`, listening on 127.0.0.1:0) and serves its
// URLs at `/__relay` (a small middleware); tests read them with `relayUrls()` from test/support/relay-urls.ts.
// The child is killed when the dev server stops, and on any exit of this process.
//
// When SIGNAL_CHAT_WTR_SUMMARY names a file, a small reporter writes the run's counts
// there as JSON; scripts/test.mjs reads it to build the closing `N passed, N failed`.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { elementPages } from './scripts/wtr-element-pages.mjs';
import { CHROMIUM, CHROMIUM_FLAGS } from './scripts/chromium.mjs';

const root = dirname(fileURLToPath(import.meta.url));
const RELAY_START_TIMEOUT_MS = 30_000;

/** The relay's URLs once it listens: `{ ws, http }`. */
/** @type {{ ws: string, http: string, control?: string } | undefined} */
let urls;

/** Dev-server middleware: `GET /__relay` answers the relay's URLs as JSON. */
async function relayMiddleware(ctx, next) {
  if (ctx.path !== '/__relay') return next();
  ctx.set('Cache-Control', 'no-store');
  ctx.type = 'application/json';
  if (urls) {
    ctx.body = JSON.stringify(urls);
  } else {
    ctx.status = 503;
    ctx.body = JSON.stringify({ error: 'relay not started' });
  }
}

/** Starts scripts/test-relay.ts with the dev server; stops it with the dev server. */
function relayPlugin() {
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let child;
  const killNow = () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };

  return {
    name: 'signal-chat-relay',
    async serverStart() {
      child = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts/test-relay.ts')], {
        cwd: root,
        stdio: ['pipe', 'pipe', 'inherit'],
        env: { ...process.env, SIGNAL_CHAT_RELAY_WATCH_STDIN: '1' },
      });
      process.once('exit', killNow);
      const proc = child;
      let havePort = false;
      /** Port of the relay's test-only control endpoint (drop a peer, restart), if it printed one. */
      let controlPort;
      const port = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`test relay printed no port within ${RELAY_START_TIMEOUT_MS} ms`)), RELAY_START_TIMEOUT_MS);
        const lines = createInterface({ input: /** @type {import('node:stream').Readable} */ (proc.stdout) });
        lines.on('line', (line) => {
          if (havePort) {
            process.stdout.write(`[relay] ${line}\n`);
            return;
          }
          try {
            const parsed = JSON.parse(line);
            if (typeof parsed?.port === 'number') {
              clearTimeout(timer);
              havePort = true;
              if (typeof parsed.control === 'number') controlPort = parsed.control;
              resolve(parsed.port);
              return;
            }
          } catch {
            // not the port line: pass it through
          }
          process.stdout.write(`[relay] ${line}\n`);
        });
        proc.once('error', (err) => {
          clearTimeout(timer);
          reject(err);
        });
        proc.once('exit', (code, signal) => {
          clearTimeout(timer);
          reject(new Error(`test relay exited before printing its port (code ${code}, signal ${signal})`));
        });
      });
      urls = { ws: `ws://127.0.0.1:${port}`, http: `http://127.0.0.1:${port}` };
      if (controlPort !== undefined) urls.control = `http://127.0.0.1:${controlPort}`;
    },
    async serverStop() {
      const proc = child;
      if (!proc) return;
      if (proc.exitCode === null && proc.signalCode === null) await new Promise((resolve) => {
        const force = setTimeout(() => proc.kill('SIGKILL'), 5_000);
        proc.once('exit', () => {
          clearTimeout(force);
          resolve(undefined);
        });
        proc.kill('SIGTERM');
      });
      child = undefined;
      process.removeListener('exit', killNow);
      urls = undefined;
    },
  };
}

/** Writes the run's counts to $SIGNAL_CHAT_WTR_SUMMARY for scripts/test.mjs. */
function summaryReporter(file) {
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0;
      let failed = 0;
      let skipped = 0;
      /** files that failed to load or crashed: wtr leaves them out of its own counts */
      const brokenFiles = [];
      const walk = (suite) => {
        if (!suite) return 0;
        let failedHere = 0;
        for (const t of suite.tests ?? []) {
          if (t.skipped) skipped += 1;
          else if (t.passed) passed += 1;
          else {
            failed += 1;
            failedHere += 1;
          }
        }
        for (const s of suite.suites ?? []) failedHere += walk(s);
        return failedHere;
      };
      for (const session of sessions) {
        const failedTests = walk(session.testResults);
        const hasErrors = (session.errors?.length ?? 0) > 0;
        // A file whose module failed to load, threw outside a test, crashed or timed out
        // is one more failure on top of any failed tests it had.
        if (hasErrors || (!session.passed && failedTests === 0)) {
          failed += 1;
          brokenFiles.push({
            file: session.testFile,
            browser: session.browser?.name,
            errors: (session.errors ?? []).map((e) => String(e?.message ?? e)),
          });
        }
      }
      writeFileSync(file, JSON.stringify({ passed, failed, skipped, files: sessions.length, brokenFiles }, null, 2));
    },
  };
}

const reporters = [defaultReporter()];
if (process.env.SIGNAL_CHAT_WTR_SUMMARY) reporters.push(summaryReporter(process.env.SIGNAL_CHAT_WTR_SUMMARY));

export default {
  rootDir: root,
  files: ['test/**/*.browser.test.ts'],
  hostname: '127.0.0.1',
  nodeResolve: { exportConditions: ['production'] },
  // One file at a time (CI has 2 cores, shared with the relay and wtr itself), and time
  // limits a loaded machine meets: they only ever run out on a failing or hung test.
  concurrency: 1,
  testFramework: { config: { timeout: 20_000 } },
  // Chromium's start, a file's first load (esbuild's first transforms) and a whole file, on a
  // cold, loaded machine (defaults 30 s, 20 s, 2 min; typing.browser.test.ts alone: 53 s at load 10).
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 300_000,
  reporters,
  middleware: [relayMiddleware],
  plugins: [
    relayPlugin(),
    // /__element/…: the classic-script bundle and a strict-CSP page for the element's tests.
    elementPages({ configFile: join(root, 'rollup.config.mjs') }),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: join(root, 'tsconfig.json') }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM,
        headless: true,
        args: [...CHROMIUM_FLAGS],
      },
    }),
  ],
};
