// The README's quick start (`npm start`, `npm test`) has to work verbatim on a
// fresh clone, where nothing is installed yet: both call this first, and it
// runs `npm ci` when node_modules is missing.
//
// npm writes node_modules/.package-lock.json at the end of every install, so
// its absence means "never installed here" (or an install that died halfway).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Runs `npm ci` in `root` unless it was installed; exits with npm's code if that fails. */
export function installIfMissing(root) {
  if (existsSync(join(root, 'node_modules', '.package-lock.json'))) return;
  console.log('signal-chat: installing dependencies first (npm ci)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const { status, error } = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (status === 0) return;
  console.error(`signal-chat: npm ci failed (${error ? error.message : `exit code ${status}`}); fix that, then run this again`);
  process.exit(status || 1);
}
