// The relay cases of `npm run bench`: fan-out, idle memory, slow consumer.
// Each relay (ours or the raw baseline) runs in a process of its own, forked
// here, and is driven from this process.
//
// Fan-out is measured in pairs of short windows, ours then raw or raw then
// ours (alternating), after a warm-up long enough for both to reach steady
// state (V8 optimises a function after some thousands of calls, and the
// compiler's own CPU time would otherwise be billed to the first window).
// The CPU ratio reported is the median of the pairs' ratios: on a shared
// 2-core machine one window in ten can be off by 30 % either way, and a
// median of pairs measured seconds apart is what such noise leaves intact.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Histogram, closeAll, drive, openRoom } from './load.mjs';

const SERVER = fileURLToPath(new URL('./server-process.mjs', import.meta.url));
/** Seconds of one measurement window. */
export const WINDOW_S = 3;
/** Windows per relay and case; the CPU ratio is the median of this many pairs. */
export const PAIRS = 5;
/** Warm-up: this many deliveries' worth of load before anything is measured. */
const WARMUP_DELIVERIES = 300_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function startServer(kind) {
  const child = fork(SERVER, [kind], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port } = await new Promise((resolve) => child.once('message', resolve));
  const stats = (afterGc = false) =>
    new Promise((resolve) => {
      child.once('message', resolve);
      child.send(afterGc ? 'stats-after-gc' : 'stats');
    });
  const stop = () => {
    child.kill('SIGKILL');
    return new Promise((resolve) => child.once('exit', resolve));
  };
  return { port, stats, stop };
}

function newStats() {
  return { recording: false, deliveries: 0, latency: new Histogram() };
}

/** A relay process with one room of `members` joined members. */
async function openRelay(kind, members) {
  const server = await startServer(kind);
  const stats = newStats();
  const room = await openRoom(server.port, kind, 'bench', members, stats);
  const senders = Math.min(100, members);
  return { kind, members, server, stats, room, senders };
}

async function closeRelay(relay) {
  await closeAll(relay.room);
  await relay.server.stop();
}

/**
 * One measurement window: `rate` signals/s for `seconds` over the relay's
 * senders, skipping members in `silent` (paused readers) as senders. Returns
 * what was sent and delivered, the relay's CPU time, its RSS, and the latency
 * histogram of the window.
 */
async function measure(relay, rate, seconds, senders = relay.senders) {
  const { server, stats } = relay;
  stats.deliveries = 0;
  stats.latency = new Histogram();
  await sleep(200);
  let maxRss = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      maxRss = Math.max(maxRss, (await server.stats()).rss);
      await sleep(250);
    }
  })();
  const before = await server.stats();
  stats.recording = true;
  const sent = await drive(relay.room, senders, rate, seconds);
  await sleep(300); // let the last deliveries land
  stats.recording = false;
  const after = await server.stats();
  sampling = false;
  await sampler;
  return {
    sent,
    seconds,
    deliveries: stats.deliveries,
    cpuMicros: after.cpu - before.cpu,
    userMicros: after.user - before.user,
    systemMicros: after.system - before.system,
    latency: stats.latency,
    rss: after.rss,
    maxRss: Math.max(maxRss, after.rss),
  };
}

/** The figures of several windows of one relay taken together. */
function summarise(kind, members, rate, windows, recipientsPerSignal) {
  const sum = (key) => windows.reduce((total, w) => total + w[key], 0);
  const latency = windows.reduce((all, w) => all.merge(w.latency), new Histogram());
  const seconds = sum('seconds');
  const deliveries = sum('deliveries');
  return {
    kind,
    members,
    rateIn: rate,
    windows: windows.length,
    sent: sum('sent'),
    deliveriesPerSecond: Math.round(deliveries / seconds),
    expectedPerSecond: Math.round((sum('sent') * recipientsPerSignal) / seconds),
    p50: latency.percentile(0.5),
    p99: latency.percentile(0.99),
    max: Math.round(latency.max * 100) / 100,
    cpuMicrosPerDelivery: deliveries ? sum('cpuMicros') / deliveries : NaN,
    userMicrosPerDelivery: deliveries ? sum('userMicros') / deliveries : NaN,
    systemMicrosPerDelivery: deliveries ? sum('systemMicros') / deliveries : NaN,
    rss: windows.at(-1).rss,
    maxRss: Math.max(...windows.map((w) => w.maxRss)),
  };
}

const perDelivery = (w) => w.cpuMicros / w.deliveries;

/**
 * `pairs` pairs of windows, `a` then `b` or `b` then `a` (alternating), under
 * the same load: the windows of each, and each pair's CPU-per-delivery ratio a / b.
 */
async function takeTurns(a, b, rate, pairs, windowSeconds) {
  const windows = { a: [], b: [] };
  const pairRatios = [];
  for (let pair = 0; pair < pairs; pair++) {
    const order = pair % 2 === 0 ? [a, b] : [b, a];
    for (const relay of order) windows[relay === a ? 'a' : 'b'].push(await measure(relay, rate, windowSeconds));
    pairRatios.push(perDelivery(windows.a[pair]) / perDelivery(windows.b[pair]));
  }
  return { windows, pairRatios };
}

/**
 * Fan-out in one room of `members`, ours against the raw baseline, at each of
 * `rates` signals/s in. Both relays are up for the whole group, each with its
 * own room, and take turns under the identical load.
 */
export async function fanOutGroup(members, rates, { pairs = PAIRS, windowSeconds = WINDOW_S, onCase } = {}) {
  const ours = await openRelay('ours', members);
  const raw = await openRelay('baseline', members);
  const warmRate = Math.min(1000, 100_000 / members);
  const warmSeconds = WARMUP_DELIVERIES / (warmRate * (members - 1));
  for (const relay of [ours, raw]) await drive(relay.room, relay.senders, warmRate, warmSeconds);
  const results = [];
  for (const rate of rates) {
    for (const relay of [ours, raw]) await drive(relay.room, relay.senders, rate, 1);
    const { windows, pairRatios } = await takeTurns(ours, raw, rate, pairs, windowSeconds);
    const result = {
      members,
      rate,
      ours: summarise('ours', members, rate, windows.a, members - 1),
      raw: summarise('baseline', members, rate, windows.b, members - 1),
      pairRatios,
      cpuRatio: median(pairRatios),
    };
    result.p99Ratio = result.ours.p99 / result.raw.p99;
    results.push(result);
    onCase?.(result);
  }
  await closeRelay(ours);
  await closeRelay(raw);
  return results;
}

/**
 * The OpenVidu dialect's fan-out against the native dialect's, in one relay
 * process: a room of `members` OpenVidu clients and a room of `members`
 * native clients, taking turns under the same load (alternating pairs of
 * windows, as ours and raw do above). OpenVidu's rule gives the sender its
 * own broadcast too, so a signal there has `members` recipients, not
 * `members - 1`; the ratio is of CPU per delivery.
 */
export async function dialectGroup(members, rate, { pairs = PAIRS, windowSeconds = WINDOW_S } = {}) {
  const server = await startServer('ours');
  const senders = Math.min(100, members);
  const open = async (kind) => {
    const stats = newStats();
    return { kind, members, server, stats, room: await openRoom(server.port, kind, `bench-${kind}`, members, stats), senders };
  };
  const native = await open('ours');
  const openVidu = await open('openvidu');
  const warmSeconds = WARMUP_DELIVERIES / (rate * (members - 1));
  for (const relay of [native, openVidu]) await drive(relay.room, relay.senders, rate, warmSeconds);
  const { windows, pairRatios } = await takeTurns(openVidu, native, rate, pairs, windowSeconds);
  await closeAll(native.room);
  await closeAll(openVidu.room);
  await server.stop();
  return {
    members,
    rate,
    native: summarise('ours', members, rate, windows.b, members - 1),
    openVidu: summarise('openvidu', members, rate, windows.a, members),
    pairRatios,
    cpuRatio: median(pairRatios),
  };
}

/**
 * One member of a 100-member room stops reading while the room runs at
 * 1,000 signals/s: the others' latency and the relay's RSS, against windows
 * of the same relay just before, with every member reading.
 */
export async function slowConsumer({ members = 100, rate = 1000, windows = 2, windowSeconds = WINDOW_S } = {}) {
  const relay = await openRelay('ours', members);
  await drive(relay.room, relay.senders, rate, WARMUP_DELIVERIES / (rate * (members - 1)));
  const normal = [];
  for (let i = 0; i < windows; i++) normal.push(await measure(relay, rate, windowSeconds));
  // The last member stops reading (and sending): its socket is paused, so
  // its kernel buffers fill and then the relay's unsent bytes grow.
  relay.room[members - 1].socket._socket.pause();
  const senders = Math.min(relay.senders, members - 1);
  const slow = [];
  for (let i = 0; i < windows; i++) slow.push(await measure(relay, rate, windowSeconds, senders));
  await closeRelay(relay);
  const result = {
    normal: summarise('ours', members, rate, normal, members - 1),
    // The paused member receives nothing, so the others are members - 2.
    slow: summarise('ours', members, rate, slow, members - 2),
  };
  result.p99Rise = result.slow.p99 / result.normal.p99 - 1;
  return result;
}

/**
 * RSS per idle joined connection: `total` connections in rooms of 100.
 * Reported two ways: the whole growth over `total`, and the slope between
 * half and all of them, which leaves out what does not grow with
 * connections (V8's young generation, grown by the burst of joins, is tens of
 * MB on its own).
 */
export async function idleMemory(kind, total) {
  const server = await startServer(kind);
  const stats = newStats();
  const before = await server.stats(true);
  const rooms = [];
  const settle = async () => {
    // Idle means idle: V8 gives back heap it grew during the joins only after
    // a few quiet seconds (its memory reducer), for both relays alike.
    await sleep(5_000);
    return server.stats(true);
  };
  for (let r = 0; r < total / 200; r++) rooms.push(...(await openRoom(server.port, kind, `idle-${r}`, 100, stats)));
  const half = await settle();
  for (let r = total / 200; r < total / 100; r++) rooms.push(...(await openRoom(server.port, kind, `idle-${r}`, 100, stats)));
  const after = await settle();
  await closeAll(rooms);
  await server.stop();
  return {
    kind,
    connections: total,
    rssBefore: before.rss,
    rssHalf: half.rss,
    rssAfter: after.rss,
    bytesPerConnection: Math.round((after.rss - before.rss) / total),
    marginalBytesPerConnection: Math.round((after.rss - half.rss) / (total / 2)),
    heapBytesPerConnection: Math.round((after.heap - before.heap) / total),
  };
}
