#!/usr/bin/env node
// `npm start [-- <server options>]`: the relay server with the demo, from a fresh clone.
//
//   1. The port must be free. A second `npm start` while one runs says so in one
//      line and stops, before it installs or builds anything: a build would rewrite
//      dist/ under the running server, only to fail with EADDRINUSE at the end.
//   2. Dependencies are installed when they are missing (scripts/install-if-missing.mjs).
//   3. `npm run build`, then the server (dist/server/cli.js) in this very process,
//      with the same arguments, so Ctrl-C and SIGTERM reach it as they would directly.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { installIfMissing } from './install-if-missing.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// Only where the server will listen matters here; the server itself checks
// every option (and says what is wrong) once it starts.
const { values } = parseArgs({ args: process.argv.slice(2), options: { port: { type: 'string' }, host: { type: 'string' } }, strict: false });
const port = Number(typeof values.port === 'string' ? values.port : process.env.PORT ?? 8787);
const host = typeof values.host === 'string' ? values.host : process.env.HOST ?? '127.0.0.1';

/** Resolves with the error code of listening on host:port (undefined when it could), closing at once. */
function tryListen() {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error) => resolve(error.code ?? String(error)));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(undefined)));
  });
}

if (Number.isInteger(port) && port > 0 && port <= 65_535) {
  const problem = await tryListen();
  if (problem === 'EADDRINUSE') {
    console.error(`signal-chat: port ${port} on ${host} is in use (is another \`npm start\` running?); stop it, or pick another port: npm start -- --port ${port + 1}`);
    process.exit(1);
  }
  // Any other problem (EACCES, an unknown host…) is for the server to report.
}

installIfMissing(root);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const build = spawnSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status || 1);
await import(pathToFileURL(join(root, 'dist/server/cli.js')).href);
