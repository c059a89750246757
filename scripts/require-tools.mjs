// What `npm test` needs besides Node, checked before anything runs, so a machine
// without it gets one line saying what to install instead of a wall of failed tests.
//
// A missing tool is installed when that can be done without asking (root, Debian's
// apt-get, as .ci/run does); otherwise the run stops at once with that one line.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

import { CHROMIUM } from './chromium.mjs';

const executable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

const onPath = (name) => (process.env.PATH ?? '').split(delimiter).some((dir) => dir && executable(join(dir, name)));

/**
 * The tools the given steps need: `{ name, present(), apt, hint }`. `apt` is the Debian
 * package that provides it where installing it would put it where it is looked for.
 */
export function requiredTools({ browser, redis }) {
  const tools = [];
  if (browser) {
    const custom = Boolean(process.env.SIGNAL_CHAT_CHROMIUM);
    tools.push({
      name: 'Chromium',
      present: () => executable(CHROMIUM),
      apt: custom ? undefined : 'chromium',
      hint: custom
        ? `SIGNAL_CHAT_CHROMIUM=${CHROMIUM} is not an executable: point it at a Chromium or Chrome binary`
        : `Chromium is not installed at ${CHROMIUM}: install it with "sudo apt-get install -y chromium" (Debian/Ubuntu), or set SIGNAL_CHAT_CHROMIUM to a Chromium or Chrome binary`,
    });
  }
  if (redis) {
    tools.push({
      name: 'redis-server',
      // The Redis suites start their own servers and form a cluster with redis-cli.
      present: () => onPath('redis-server') && onPath('redis-cli'),
      apt: 'redis-server',
      hint: 'redis-server and redis-cli are not on the PATH: install them with "sudo apt-get install -y redis-server" (Debian/Ubuntu) or from https://redis.io/downloads',
    });
  }
  return tools;
}

/**
 * Makes sure every tool is there, installing with apt-get when running as root.
 * Returns the hint of the first tool still missing, or undefined when all are there.
 */
export function ensureTools(tools, log = console.log) {
  const missing = tools.filter((t) => !t.present());
  const installable = missing.filter((t) => t.apt);
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (installable.length > 0 && root && onPath('apt-get') && process.env.SIGNAL_CHAT_NO_INSTALL !== '1') {
    const packages = installable.map((t) => t.apt);
    log(`installing ${packages.join(', ')} with apt-get (running as root)`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', ...packages], { stdio: 'inherit', env });
  }
  return tools.find((t) => !t.present())?.hint;
}
