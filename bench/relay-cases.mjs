// The relay cases of `npm run bench`: fan-out, idle memory, slow consumer.
// Each run forks a fresh relay process (ours or the raw baseline) and drives
// it from this process.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Histogram, closeAll, drive, openRoom } from './load.mjs';

const SERVER = fileURLToPath(new URL('./server-process.mjs', import.meta.url));
const WARMUP_S = 1;
const MEASURE_S = 4;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

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

/** One fan-out run: `members` in a room, `rate` signals/s in, spread over up to 100 senders. */
export async function fanOut(kind, members, rate, { slowConsumer = false } = {}) {
  const server = await startServer(kind);
  const stats = newStats();
  const room = await openRoom(server.port, kind, 'bench', members, stats);
  const senders = Math.min(100, members - (slowConsumer ? 1 : 0));
  await drive(room, senders, rate, WARMUP_S);
  await sleep(200);
  let maxRss = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      maxRss = Math.max(maxRss, (await server.stats()).rss);
      await sleep(250);
    }
  })();
  if (slowConsumer) room[members - 1].socket._socket.pause();
  const before = await server.stats();
  stats.recording = true;
  const sent = await drive(room, senders, rate, MEASURE_S);
  await sleep(300); // let the last deliveries land
  stats.recording = false;
  const after = await server.stats();
  sampling = false;
  await sampler;
  await closeAll(room);
  await server.stop();
  const seconds = MEASURE_S;
  return {
    kind,
    members,
    rateIn: rate,
    sent,
    deliveriesPerSecond: Math.round(stats.deliveries / seconds),
    expectedPerSecond: Math.round((sent * (members - 1 - (slowConsumer ? 1 : 0))) / seconds),
    p50: stats.latency.percentile(0.5),
    p99: stats.latency.percentile(0.99),
    max: Math.round(stats.latency.max * 100) / 100,
    cpuMicrosPerDelivery: stats.deliveries ? (after.cpu - before.cpu) / stats.deliveries : NaN,
    rss: after.rss,
    maxRss,
  };
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
