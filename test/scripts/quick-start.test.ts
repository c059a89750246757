/**
 * The README's first block, `npm start` and `npm test`, as a newcomer runs it:
 * verbatim, on a fresh copy of this tree, and a second time while the first
 * server still runs.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRelay, type TestRelay } from '../server/harness.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

// The runner ends a file that overran its timeout with SIGTERM, which skips 'exit'
// handlers; exiting on it runs them, so what this file started and copied is removed.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => process.exit(1));

interface Run {
  code: Promise<number | null>;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  stderr(): string;
  /** Resolves once the output matches. */
  printed(pattern: RegExp): Promise<RegExpExecArray>;
  /**
   * SIGTERM to the whole group (npm, its shell, the server), as Ctrl-C would; resolves once
   * every one of them is gone: true if they all ended by themselves within 10 s, false if
   * they had to be killed.
   */
  stop(): Promise<boolean>;
}

/** Whether any process of the group `pgid` is still alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** `npm <args>` in `cwd`, as a shell would run it (its own process group, so stop() ends all of it). */
function npm(cwd: string, args: string[]): Run {
  // prefer-offline: a fresh clone's `npm ci` takes what the machine's npm cache has.
  const child = spawn('npm', args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_prefer_offline: 'true' } });
  let output = '';
  let stderr = '';
  const waiting: Array<() => void> = [];
  const note = (chunk: Buffer, isError: boolean): void => {
    output += chunk.toString();
    if (isError) stderr += chunk.toString();
    for (const wake of waiting.splice(0)) wake();
  };
  child.stdout.on('data', (chunk: Buffer) => note(chunk, false));
  child.stderr.on('data', (chunk: Buffer) => note(chunk, true));
  const code = new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
  // Whatever happens to this test, a server it started does not outlive it.
  const killGroup = (): void => {
    if (child.pid !== undefined && groupAlive(child.pid)) process.kill(-child.pid, 'SIGKILL');
  };
  process.once('exit', killGroup);
  let exited = false;
  void code.then(() => {
    exited = true;
    for (const wake of waiting.splice(0)) wake();
  });
  return {
    code,
    output: () => output,
    stderr: () => stderr,
    async printed(pattern) {
      for (;;) {
        const match = pattern.exec(output);
        if (match) return match;
        if (exited) throw new Error(`npm ${args.join(' ')} exited without printing ${pattern}:\n${output}`);
        await new Promise<void>((wake) => waiting.push(wake));
      }
    },
    async stop() {
      const pgid = child.pid;
      if (pgid === undefined) return true;
      if (groupAlive(pgid)) process.kill(-pgid, 'SIGTERM');
      // npm exits first; the server it started closes its sockets, then exits too.
      for (let waited = 0; groupAlive(pgid) && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      if (!groupAlive(pgid)) return true;
      process.kill(-pgid, 'SIGKILL');
      return false;
    },
  };
}

/** A copy of this tree as `git clone` would give it (tracked and new files, nothing ignored: no node_modules, no dist). */
function freshCopy(): string {
  const copy = mkdtempSync(join(tmpdir(), 'signal-chat-fresh-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    try {
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      copyFileSync(join(root, file), join(copy, file));
    } catch (error) {
      // a file deleted from the work tree but not yet from the index is not in a clone either
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return copy;
}

/** When each build output was last written (null: not there). */
function builtAt(): Array<number | null> {
  return ['dist/server/cli.js', 'dist/signal-chat.js', 'dist/custom-elements.json'].map((file) => {
    try {
      return statSync(join(root, file)).mtimeMs;
    } catch {
      return null;
    }
  });
}

describe('the quick start', () => {
  describe('a second npm start while a server runs on the port', () => {
    let relay: TestRelay;
    before(async () => {
      relay = await startRelay();
    });
    after(() => relay.close());

    it('says in one line that the port is in use, and builds nothing', async () => {
      const port = new URL(relay.http).port;
      const before = builtAt();
      const second = npm(root, ['start', '--silent', '--', '--port', port]);
      assert.equal(await second.code, 1);
      assert.equal(
        second.stderr().trim(),
        `signal-chat: port ${port} on 127.0.0.1 is in use (is another \`npm start\` running?); stop it, or pick another port: npm start -- --port ${Number(port) + 1}`,
      );
      assert.deepEqual(builtAt(), before, 'dist/ was not rebuilt under the running server');
      assert.equal((await fetch(`${relay.http}/healthz`)).status, 200, 'the running server is untouched');
    });
  });

  // No timeout of its own: npm test's per-file timeout (scripts/test.mjs) bounds it, with
  // room for a loaded machine, where the install and the build take minutes.
  describe('on a fresh clone, with nothing installed', () => {
    let copy: string;
    const removeCopy = (): void => rmSync(copy, { recursive: true, force: true, maxRetries: 5 });
    before(() => {
      copy = freshCopy();
      process.once('exit', removeCopy); // ~300 MB with its node_modules, even if the run is cut short
    });
    after(removeCopy);

    it('npm test installs the dependencies first (quietly about install scripts), then typechecks', async () => {
      const test = npm(copy, ['test', '--', '--skip=node,browser,size']);
      assert.equal(await test.code, 0, test.output());
      assert.match(test.output(), /installing dependencies first \(npm ci\)/);
      assert.doesNotMatch(test.output(), /install scripts not yet covered by allowScripts/, 'allowScripts decides every install script');
      assert.doesNotMatch(test.output(), /not found/);
      assert.equal(test.output().trim().split('\n').at(-1), '1 passed, 0 failed');
    });

    it('npm start builds and serves the demo and the element', async () => {
      const start = npm(copy, ['start', '--', '--port', '0']);
      let endedByThemselves = false;
      try {
        const [, url] = await start.printed(/listening on (http:\/\/\S+)/);
        const http = (url as string).replace('localhost', '127.0.0.1');
        assert.equal((await fetch(`${http}healthz`)).status, 200);
        assert.match(await (await fetch(http)).text(), /<signal-chat/);
        const element = await fetch(`${http}signal-chat.js`);
        assert.equal(element.status, 200);
        assert.match(await element.text(), /signal-chat/);
      } finally {
        endedByThemselves = await start.stop();
      }
      assert.ok(endedByThemselves, 'npm and the server end by themselves on SIGTERM');
      assert.match(start.output(), /SIGTERM, closing connections/, 'Ctrl-C or SIGTERM reaches the server');
    });
  });
});
