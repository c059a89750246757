/**
 * Real Redis for the tests: a throwaway `redis-server` (Debian's package) on a
 * free port per suite, which a test can kill and start again on the same port
 * to play an outage; and a 3-master Redis Cluster formed with
 * `redis-cli --cluster create`. Nothing is persisted (`--save ""`,
 * `--appendonly no`) unless a test asks for an append-only file (fsynced
 * before each reply: a test's kill -9 must not take back what Redis
 * acknowledged, as Redis's default of an fsync a second would), and every
 * server lives in its own temporary folder, removed on close.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RelayServerOptions } from '../../src/server/index.js';
import { startRelay, type TestRelay } from './harness.js';

const run = promisify(execFile);

/** A port nobody listens on right now (the kernel's pick for port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** `redis-cli -p port …args`, its output trimmed. */
export async function redisCli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args]);
  return stdout.trim();
}

export interface RedisServerOptions {
  /** A Redis Cluster node (its nodes file in its own folder), not yet part of a cluster. */
  clusterNode?: boolean;
  /** Keep an append-only file in the server's folder, so a restart keeps the data. */
  persistent?: boolean;
}

export interface TestRedis {
  readonly port: number;
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  /** The server's folder (its data, the cluster's nodes file). */
  readonly dir: string;
  /** Kill the server at once (SIGKILL): an outage, not a shutdown. */
  stop(): Promise<void>;
  /** Start it again on the same port (after `stop`). */
  start(): Promise<void>;
  /** Stop it and remove its folder. */
  close(): Promise<void>;
}

/** Start a `redis-server` on a free port of 127.0.0.1; resolves once it answers PING. */
export async function startRedis(options: RedisServerOptions = {}): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), `signal-chat-redis-${port}-`));
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--save', '',
    '--appendonly', options.persistent ? 'yes' : 'no',
    ...(options.persistent ? ['--appendfsync', 'always'] : []),
    '--dir', dir,
    ...(options.clusterNode
      ? ['--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf'), '--cluster-node-timeout', '2000']
      : []),
  ];
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  async function start(): Promise<void> {
    if (child) return;
    const started = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    started.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    started.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    child = started;
    exited = new Promise((resolve) => started.once('exit', () => resolve()));
    started.once('exit', () => {
      if (child === started) child = undefined;
    });
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (child !== started) throw new Error(`redis-server on port ${port} exited at start:\n${output}`);
      const answer = await redisCli(port, 'ping').catch(() => '');
      if (answer === 'PONG') return;
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer PING in 10 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async function stop(): Promise<void> {
    const running = child;
    if (!running) return;
    running.kill('SIGKILL');
    await exited;
  }

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestRedisCluster {
  readonly nodes: TestRedis[];
  /** One `redis://127.0.0.1:<port>` per master, for `--redis-cluster`. */
  readonly urls: string[];
  close(): Promise<void>;
}

/**
 * Three masters, no replicas, every slot covered; resolves once
 * `cluster info` says `cluster_state:ok` on every node.
 */
export async function startRedisCluster(): Promise<TestRedisCluster> {
  const nodes: TestRedis[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(nodes.map((node) => node.close()));
  };
  try {
    for (let i = 0; i < 3; i++) nodes.push(await startRedis({ clusterNode: true }));
    await run('redis-cli', ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes']);
    const deadline = Date.now() + 15_000;
    for (;;) {
      const states = await Promise.all(nodes.map((n) => redisCli(n.port, 'cluster', 'info').catch(() => '')));
      if (states.every((info) => info.includes('cluster_state:ok'))) break;
      if (Date.now() > deadline) throw new Error(`the cluster did not reach cluster_state:ok in 15 s:\n${states.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { nodes, urls: nodes.map((n) => n.url), close };
}

/** A redis-server and in-process relays on it, from startRelaysOnRedis(). */
export interface RelaysOnRedis<T extends readonly unknown[]> {
  readonly redis: TestRedis;
  /** One relay for each options given, in that order. */
  readonly relays: { -readonly [K in keyof T]: TestRelay };
  /** Closes the relays, then the server. */
  close(): Promise<void>;
}

/**
 * A throwaway redis-server (`redisOptions`), then one in-process relay on it (port 0)
 * for each entry of `relays`: that relay's options, with `redis` the server's URL.
 */
export async function startRelaysOnRedis<const T extends readonly RelayServerOptions[]>(relays: T, redisOptions: RedisServerOptions = {}): Promise<RelaysOnRedis<T>> {
  const redis = await startRedis(redisOptions);
  const started: TestRelay[] = [];
  for (const options of relays) started.push(await startRelay({ ...options, redis: redis.url }));
  return {
    redis,
    relays: started as RelaysOnRedis<T>['relays'],
    async close() {
      for (const relay of started) await relay.close();
      await redis.close();
    },
  };
}
