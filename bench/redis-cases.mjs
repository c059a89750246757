// The Redis cases of `npm run bench`: one room's fan-out on one relay with the
// memory hub, one relay with the Redis hub, and two relays with the Redis hub
// and the members split between them, all under the same load in the same run
// and on one throwaway redis-server. Reports relay CPU per delivery (all
// relays together), Redis CPU per signal (INFO cpu), p50/p99 and RSS, as ratios
// to the memory hub; and Redis CPU per signal for a small and a large room,
// which should not differ: fan-out happens on the relays.
import { fork, spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { io as connectSocketIo } from 'socket.io-client';
import WebSocket from 'ws';
import { Histogram, closeAll, drive, openRoom } from './load.mjs';

const SERVER = fileURLToPath(new URL('./server-process.mjs', import.meta.url));
const SOCKET_IO_SERVER = fileURLToPath(new URL('./socketio-server.mjs', import.meta.url));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** A throwaway redis-server (no persistence) for the run. */
export async function startRedis() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'signal-chat-bench-redis-'));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  // redis-cli's stderr is kept, not passed through: while the server starts, each ping
  // answers "Could not connect to Redis"; a command that fails later throws with it.
  const cli = (...args) => execFileSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  for (let tries = 1; ; tries++) {
    let answer;
    try {
      answer = cli('ping');
    } catch (error) {
      answer = error.message;
    }
    if (answer === 'PONG') break;
    if (tries === 200) throw new Error(`redis-server on port ${port} did not answer PING in 5 s: ${answer}`);
    await sleep(25);
  }
  /** Seconds of CPU Redis has used so far. */
  const cpuSeconds = () => {
    const info = cli('info', 'cpu');
    const read = (key) => Number(new RegExp(`${key}:([\\d.]+)`).exec(info)?.[1] ?? 0);
    return read('used_cpu_user') + read('used_cpu_sys');
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    cpuSeconds,
    flush: () => cli('flushall'),
    stop: () => {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// SIGNAL_CHAT_BENCH_CPU_PROF=<dir>: each relay writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
const PROFILE_DIR = process.env.SIGNAL_CHAT_BENCH_CPU_PROF;

async function startRelay(kind, redisUrl) {
  const child = fork(kind === 'socketio' ? SOCKET_IO_SERVER : SERVER, [kind], {
    execArgv: ['--expose-gc', ...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [])],
    env: { ...process.env, SIGNAL_CHAT_BENCH_REDIS: redisUrl },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { port } = await new Promise((resolve) => child.once('message', resolve));
  const stats = () =>
    new Promise((resolve) => {
      child.once('message', resolve);
      child.send('stats');
    });
  const stop = () => {
    // A profiled relay exits on its own (SIGINT) so that it writes its profile.
    child.kill(PROFILE_DIR ? 'SIGINT' : 'SIGKILL');
    return new Promise((resolve) => child.once('exit', resolve));
  };
  return { port, stats, stop };
}

/** The send time in a signal's text (see load.mjs: `"data":"<stamp>|<padding>"`). */
function stampOf(text) {
  const at = text.indexOf('"data":"');
  return at < 0 ? undefined : Number(text.slice(at + 8, text.indexOf('|', at)));
}

/**
 * `size` socket.io members of `room`, shaped as load.mjs's members (a
 * `socket` with `send(text)`), recording latency into `stats`.
 */
async function openSocketIoRoom(port, room, size, stats) {
  const members = [];
  for (let i = 0; i < size; i++) {
    const client = connectSocketIo(`http://127.0.0.1:${port}`, { transports: ['websocket'], forceNew: true, reconnection: false });
    client.on('from', (text) => {
      if (!stats.recording) return;
      const stamp = stampOf(text);
      if (stamp === undefined) return;
      stats.deliveries++;
      stats.latency.add(performance.now() - stamp);
    });
    await new Promise((resolve) => client.emit('join', room, resolve));
    members.push({ seq: 0, socket: { send: (text) => client.emit('signal', text), close: () => client.close() }, socketIo: true });
  }
  return members;
}

/** `relays` relay processes of `kind`, one room of `members` split evenly between them. */
async function openSetup(kind, relays, members, redisUrl, room) {
  const servers = [];
  for (let i = 0; i < relays; i++) servers.push(await startRelay(kind, redisUrl));
  const stats = { recording: false, deliveries: 0, latency: new Histogram() };
  const sockets = [];
  for (let i = 0; i < relays; i++) {
    const share = Math.floor(members / relays) + (i < members % relays ? 1 : 0);
    sockets.push(kind === 'socketio' ? await openSocketIoRoom(servers[i].port, room, share, stats) : await openRoom(servers[i].port, 'ours', room, share, stats));
  }
  // Senders alternate between the relays, so every signal crosses Redis to the other half.
  const interleaved = [];
  for (let i = 0; interleaved.length < members; i++) for (const part of sockets) if (part[i]) interleaved.push(part[i]);
  return { servers, stats, members: interleaved, senders: Math.min(100, members) };
}

async function closeSetup(setup) {
  const socketIo = setup.members.filter((m) => m.socketIo);
  for (const member of socketIo) member.socket.close();
  await closeAll(setup.members.filter((m) => !m.socketIo));
  await Promise.all(setup.servers.map((s) => s.stop()));
}

/** Redis's idle CPU (its cron), seconds per second: measured for a second, to be left out of a window's figure. */
async function redisIdlePerSecond(redis) {
  const start = redis.cpuSeconds();
  await sleep(1000);
  return redis.cpuSeconds() - start;
}

/** One measured window of one case (the other cases' relays stay idle meanwhile). */
async function window(setup, redis, idlePerSecond, rate, seconds) {
  const { servers, stats } = setup;
  stats.deliveries = 0;
  stats.latency = new Histogram();
  await sleep(200);
  const before = await Promise.all(servers.map((s) => s.stats()));
  const redisBefore = redis?.cpuSeconds() ?? 0;
  stats.recording = true;
  const sent = await drive(setup.members, setup.senders, rate, seconds);
  await sleep(300);
  stats.recording = false;
  const after = await Promise.all(servers.map((s) => s.stats()));
  const redisAfter = redis?.cpuSeconds() ?? 0;
  const cpuMicros = after.reduce((sum, a, i) => sum + a.cpu - before[i].cpu, 0);
  return {
    sent,
    deliveries: stats.deliveries,
    expected: sent * (setup.members.length - 1),
    cpuMicrosPerDelivery: cpuMicros / stats.deliveries,
    redisMicrosPerSignal: redis ? ((redisAfter - redisBefore - idlePerSecond * (seconds + 0.3)) * 1e6) / sent : 0,
    latency: stats.latency,
    rss: after.reduce((sum, a) => sum + a.rss, 0),
  };
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** A case's windows taken together: medians of the per-window figures, percentiles of all latencies. */
function summarise(spec, windows) {
  const latency = windows.reduce((all, w) => all.merge(w.latency), new Histogram());
  const cpu = windows.map((w) => w.cpuMicrosPerDelivery);
  return {
    label: spec.label,
    kind: spec.kind,
    relays: spec.relays,
    members: spec.members,
    rate: spec.rate,
    windows: windows.length,
    sent: windows.reduce((sum, w) => sum + w.sent, 0),
    deliveries: windows.reduce((sum, w) => sum + w.deliveries, 0),
    expected: windows.reduce((sum, w) => sum + w.expected, 0),
    cpuMicrosPerDelivery: median(cpu),
    cpuMicrosPerDeliveryRange: [Math.min(...cpu), Math.max(...cpu)],
    perWindow: cpu,
    redisMicrosPerSignal: median(windows.map((w) => w.redisMicrosPerSignal)),
    p50: latency.percentile(0.5),
    p99: latency.percentile(0.99),
    rss: windows.at(-1).rss,
  };
}

/** The cases, in the order of `results.redis` (scripts/bench.mjs reads them so). */
export const REDIS_CASES = [
  { label: 'memory hub, 1 relay', kind: 'ours', relays: 1 },
  { label: 'redis hub, 1 relay', kind: 'redis', relays: 1 },
  { label: 'redis hub, 2 relays', kind: 'redis', relays: 2 },
  { label: 'socket.io + redis-adapter, 2', kind: 'socketio', relays: 2 },
  // 150/s: ten senders stay under the relay's per-connection rate limit (20/s).
  { label: 'redis hub, 2 relays, 10 members', kind: 'redis', relays: 2, members: 10, rate: 150 },
];

/**
 * Every Redis case, measured in interleaved rounds: every case's relays are
 * up (each case its own room) for the whole run, and each round measures
 * one window of every case, in an order that turns round by round. A case's
 * figure is the median of its windows, and a ratio between two cases is
 * the median of the rounds' ratios, so a burst of load from a neighbour
 * falls on one round of both, not on one case. `onCase` gets each case's
 * summary at the end; `onRound` each round's windows as they come.
 */
export async function redisCases({ members = 100, rate = 1000, seconds = 3, rounds = 5, onCase, onRound } = {}) {
  const redis = await startRedis();
  const specs = REDIS_CASES.map((c) => ({ members, rate, ...c }));
  const setups = [];
  try {
    for (const spec of specs) setups.push(await openSetup(spec.kind, spec.relays, spec.members, redis.url, `bench-${spec.kind}-${spec.relays}-${spec.members}`));
    // Warm-up, in the same turn order: V8 has optimised every relay before the first window.
    for (const [i, spec] of specs.entries()) await drive(setups[i].members, setups[i].senders, spec.rate, 2);
    const windows = specs.map(() => []);
    const ratios = { one: [], two: [], vsSocketIo: [] };
    for (let round = 0; round < rounds; round++) {
      const idle = await redisIdlePerSecond(redis);
      const order = specs.map((_, i) => (i + round) % specs.length);
      if (round % 2 === 1) order.reverse();
      const taken = [];
      for (const i of order) {
        const spec = specs[i];
        taken[i] = await window(setups[i], spec.kind === 'ours' ? undefined : redis, idle, spec.rate, seconds);
        windows[i].push(taken[i]);
      }
      const [memory, one, two, socketIo] = taken.map((w) => w.cpuMicrosPerDelivery);
      ratios.one.push(one / memory);
      ratios.two.push(two / memory);
      ratios.vsSocketIo.push(two / socketIo);
      onRound?.(round, taken);
    }
    const results = specs.map((spec, i) => summarise(spec, windows[i]));
    for (const result of results) onCase?.(result);
    return { cases: results, ratios, rounds };
  } finally {
    for (const setup of setups) await closeSetup(setup);
    redis.stop();
  }
}

const PEER_JOINED = Buffer.from('"type":"peer_joined"');

/** How many peer_joined frames a message holds (a presence batch holds many). */
function joinsIn(data) {
  let count = 0;
  for (let at = data.indexOf(PEER_JOINED); at >= 0; at = data.indexOf(PEER_JOINED, at + PEER_JOINED.length)) count++;
  return count;
}

/**
 * A join storm: `members` sockets join one room as fast as they can (200
 * connecting at a time), spread over `relays` relays of `kind`; the time from
 * the first connection until every member's participant list is complete
 * (its `joined` peers plus the joins after it). With `batch`, each member asks
 * for batched presence (`batchPresence: true`, as our client does); without,
 * it joins as a seed client, one `peer_joined` frame per join.
 */
export async function joinStorm(kind, relays, members, redis, batch = true) {
  const servers = [];
  for (let i = 0; i < relays; i++) servers.push(await startRelay(kind, redis.url));
  const room = `storm-${kind}-${relays}-${batch ? 'batch' : 'seed'}`;
  // CPU, not only wall time: on a shared machine the wall time says more about the neighbours.
  const relayCpuBefore = await Promise.all(servers.map(async (s) => (await s.stats()).cpu));
  const redisCpuBefore = redis.cpuSeconds();
  const ownCpuBefore = process.cpuUsage();
  const sockets = [];
  let complete = 0;
  let frames = 0;
  let resolveAll;
  const allComplete = new Promise((resolve) => (resolveAll = resolve));
  const started = performance.now();
  const openOne = (i) =>
    new Promise((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${servers[i % relays].port}/rooms/${room}`, { perMessageDeflate: false, skipUTF8Validation: true });
      sockets.push(socket);
      let known = -1;
      socket.on('error', reject);
      socket.on('open', () => {
        socket.send(JSON.stringify({ type: 'join', status: { name: `m${i}` }, ...(batch ? { batchPresence: true } : {}) }));
        resolve();
      });
      socket.on('message', (data) => {
        frames++;
        if (known < 0) known = Object.keys(JSON.parse(data.toString()).peers ?? {}).length;
        else known += joinsIn(data);
        if (known === members - 1) {
          known = Infinity;
          if (++complete === members) resolveAll();
        }
      });
    });
  for (let start = 0; start < members; start += 200) {
    await Promise.all(Array.from({ length: Math.min(200, members - start) }, (_, k) => openOne(start + k)));
  }
  await Promise.race([allComplete, sleep(60_000)]);
  const seconds = (performance.now() - started) / 1000;
  const relayCpuAfter = await Promise.all(servers.map(async (s) => (await s.stats()).cpu));
  const relayCpuSeconds = relayCpuAfter.reduce((sum, cpu, i) => sum + cpu - relayCpuBefore[i], 0) / 1e6;
  const redisCpuSeconds = kind === 'redis' ? redis.cpuSeconds() - redisCpuBefore : 0;
  const own = process.cpuUsage(ownCpuBefore);
  const clientCpuSeconds = (own.user + own.system) / 1e6;
  const result = { kind, relays, members, batch, seconds, complete, frames, relayCpuSeconds, redisCpuSeconds, clientCpuSeconds };
  for (const socket of sockets) socket.terminate();
  await Promise.all(servers.map((s) => s.stop()));
  redis.flush();
  return result;
}

/**
 * A reconnect storm: `members` join one room through relay A (batched, as our
 * client joins), then every socket is cut at once and each resumes through
 * relay B, 200 at a time (as after relay A died); the time until every one
 * has its `joined` with the whole room listed, and relay B's and Redis's CPU.
 */
export async function reconnectStorm(members, redis) {
  const [a, b] = [await startRelay('redis', redis.url), await startRelay('redis', redis.url)];
  const room = 'storm-reconnect';
  const open = (port, frame) =>
    new Promise((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}/rooms/${room}`, { perMessageDeflate: false, skipUTF8Validation: true });
      socket.on('error', reject);
      socket.on('open', () => socket.send(JSON.stringify(frame)));
      socket.once('message', (data) => resolve({ socket, joined: JSON.parse(data.toString()) }));
    });
  const first = [];
  for (let start = 0; start < members; start += 200) {
    const batch = Array.from({ length: Math.min(200, members - start) }, (_, k) => open(a.port, { type: 'join', status: { name: `m${start + k}` }, batchPresence: true }));
    first.push(...(await Promise.all(batch)));
  }
  await sleep(500);
  for (const { socket } of first) socket.terminate();
  await sleep(300);
  const relayCpuBefore = (await b.stats()).cpu;
  const redisCpuBefore = redis.cpuSeconds();
  const started = performance.now();
  const back = [];
  let complete = 0;
  for (let start = 0; start < members; start += 200) {
    const batch = first.slice(start, start + 200).map(({ joined }) =>
      open(b.port, { type: 'join', status: {}, batchPresence: true, resume: { id: joined.id, key: joined.resume, seq: joined.seq } }).then((r) => {
        if (r.joined.resumed && Object.keys(r.joined.peers).length === members - 1) complete++;
        return r;
      }),
    );
    back.push(...(await Promise.all(batch)));
  }
  const seconds = (performance.now() - started) / 1000;
  const relayCpuSeconds = ((await b.stats()).cpu - relayCpuBefore) / 1e6;
  const redisCpuSeconds = redis.cpuSeconds() - redisCpuBefore;
  for (const { socket } of back) socket.terminate();
  await Promise.all([a.stop(), b.stop()]);
  redis.flush();
  return { members, seconds, complete, relayCpuSeconds, redisCpuSeconds };
}

/**
 * The join storm with batched presence on one relay with the memory hub, one
 * relay on Redis and two relays on Redis; then, for same-run ratios, the
 * memory hub and two Redis relays again with seed clients (no batches).
 */
export async function joinStorms({ members = 1000, onCase } = {}) {
  const redis = await startRedis();
  const results = [];
  try {
    for (const [kind, relays, batch] of [
      ['ours', 1, true],
      ['redis', 1, true],
      ['redis', 2, true],
      ['ours', 1, false],
      ['redis', 2, false],
    ]) {
      const result = await joinStorm(kind, relays, members, redis, batch);
      results.push(result);
      onCase?.(result);
    }
    const reconnect = { kind: 'reconnect', ...(await reconnectStorm(members, redis)) };
    results.push(reconnect);
    onCase?.(reconnect);
  } finally {
    redis.stop();
  }
  return results;
}
