/**
 * `signal-chat-server --redis` / `--redis-cluster` and their environment
 * variables: which hub the relay uses is printed at start and on /healthz.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { getJson } from './harness.js';
import { startRedis, type TestRedis } from './redis-harness.js';
import { startRelayProcess } from './relay-process.js';

const CLI = fileURLToPath(new URL('../../src/server/cli.ts', import.meta.url));

/** Run the CLI to its end; resolves with its exit code and output. */
function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('signal-chat-server with Redis', () => {
  let redis: TestRedis;
  before(async () => {
    redis = await startRedis();
  });
  after(() => redis.close());

  it('says at start and on /healthz that it shares rooms through Redis with --redis', async () => {
    const relay = await startRelayProcess(['--redis', redis.url]);
    try {
      assert.match(relay.output(), /hub: redis \(rooms shared by every relay on it\)/);
      const health = await getJson(`${relay.http}/healthz`);
      assert.equal(health.status, 200);
      assert.equal(health.body['hub'], 'redis');
    } finally {
      await relay.kill('SIGTERM');
    }
  });

  it('takes the Redis URL from SIGNAL_CHAT_REDIS_URL', async () => {
    const relay = await startRelayProcess([], { SIGNAL_CHAT_REDIS_URL: redis.url });
    try {
      assert.equal((await getJson(`${relay.http}/healthz`)).body['hub'], 'redis');
    } finally {
      await relay.kill('SIGTERM');
    }
  });

  it('keeps rooms in its own memory without either, and says so', async () => {
    const relay = await startRelayProcess([]);
    try {
      assert.match(relay.output(), /hub: memory \(rooms live in this process only\)/);
      assert.equal((await getJson(`${relay.http}/healthz`)).body['hub'], 'memory');
    } finally {
      await relay.kill('SIGTERM');
    }
  });

  it('refuses --redis and --redis-cluster together, and a URL that is not Redis, with one line and exit 2', async () => {
    const both = await runCli(['--port', '0', '--redis', redis.url, '--redis-cluster', redis.url]);
    assert.equal(both.code, 2);
    assert.match(both.output, /give --redis or --redis-cluster, not both/);
    const wrong = await runCli(['--port', '0', '--redis', 'http://127.0.0.1:6379']);
    assert.equal(wrong.code, 2);
    assert.match(wrong.output, /'http:\/\/127\.0\.0\.1:6379' is not a Redis URL/);
  });

  it('starts while its Redis is unreachable, says so, answers /healthz 503, and becomes healthy once Redis is there', async () => {
    const later = await startRedis();
    await later.stop();
    const relay = await startRelayProcess(['--redis', later.url]);
    try {
      assert.match(relay.output(), /NOT READY: redis .* unreachable/);
      const down = await getJson(`${relay.http}/healthz`);
      assert.equal(down.status, 503);
      await later.start();
      let status = 0;
      for (let i = 0; i < 200 && status !== 200; i++) {
        status = (await getJson(`${relay.http}/healthz`)).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.equal(status, 200);
    } finally {
      await relay.kill('SIGTERM');
      await later.close();
    }
  });
});
