/**
 * README.md's client section is held to the code:
 * its example runs against a real relay, its options table gives the
 * defaults the code uses.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BACKOFF_DEFAULTS, SESSION_DEFAULTS } from '../../src/client/index.js';
import { TestKit } from './support/kit.js';
import { startNodeEnv, type NodeEnv } from './support/node-env.js';

const doc = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

function between(marker: string): string {
  const start = doc.indexOf(`<!-- ${marker}:start -->`);
  const end = doc.indexOf(`<!-- ${marker}:end -->`);
  assert.ok(start >= 0 && end > start, `the section has ${marker} markers`);
  return doc.slice(start, end);
}

describe('the client section of the README', () => {
  let env: NodeEnv;
  let dir: string;
  before(async () => {
    env = await startNodeEnv();
    dir = mkdtempSync(join(tmpdir(), 'client-example-'));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await env.close();
  });

  it('has an example that runs as written against a relay', async () => {
    const code = /```js\n([\s\S]*?)```/.exec(between('client-example'))?.[1];
    assert.ok(code, 'a js code block');
    const room = 'standup';
    const kit = new TestKit(env);
    const bo = await kit.open(room, { status: { name: 'Bo' } });
    const heard = new Promise<string>((resolve) => bo.on('signal:chat', (e) => resolve(e.data)));
    // Only what points at this checkout and this relay changes.
    const runnable = code
      .replace("'signal-chat/client'", JSON.stringify(new URL('../../src/client/index.ts', import.meta.url).href))
      .replace("'ws'", JSON.stringify(import.meta.resolve('ws')))
      .replace('http://localhost:8787', env.http);
    assert.notEqual(runnable, code);
    const file = join(dir, 'example.mjs');
    writeFileSync(file, runnable);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', file], { timeout: 20_000 });
    assert.match(stdout, /^Bo is here$/m);
    assert.match(stdout, /^Ann: hello$/m);
    assert.match(stdout, /^accepted as #\d+$/m);
    assert.equal(await heard, 'hello');
    kit.close();
  });

  it('gives the option defaults the code uses', () => {
    const rows = between('client-options')
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.split('|').slice(1, 3).map((cell) => cell.trim().replace(/`/g, '')));
    const documented = Object.fromEntries(rows);
    const expected: Record<string, string> = {
      status: '{}',
      token: 'none',
      WebSocket: 'globalThis.WebSocket',
      timeoutMs: String(SESSION_DEFAULTS.timeoutMs),
      pingIntervalMs: String(SESSION_DEFAULTS.pingIntervalMs),
      'reconnect.initialDelayMs': String(BACKOFF_DEFAULTS.initialDelayMs),
      'reconnect.factor': String(BACKOFF_DEFAULTS.factor),
      'reconnect.maxDelayMs': String(BACKOFF_DEFAULTS.maxDelayMs),
      'reconnect.jitter': String(BACKOFF_DEFAULTS.jitter),
      'reconnect.maxAttempts': String(SESSION_DEFAULTS.reconnect.maxAttempts),
      retryConnect: String(SESSION_DEFAULTS.retryConnect),
      resume: 'none',
    };
    assert.deepEqual(documented, expected);
  });
});
