#!/usr/bin/env node
// `npm run bench`: the relay measured against a raw `ws` relay in the same
// run, idle memory, a slow consumer, and the client's sizes and rendering.
// Prints a table and writes bench/results.json. Everything runs on 127.0.0.1
// and stops by itself. Not part of `npm test`: timings are noisy here, so the
// figures are reported with their ratio or budget, never asserted in tests.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAIRS, WINDOW_S, dialectGroup, fanOutGroup, idleMemory, slowConsumer } from '../bench/relay-cases.mjs';
import os from 'node:os';
import { joinStorms, median, redisCases } from '../bench/redis-cases.mjs';
import { clientSizes } from '../bench/sizes.mjs';
import { clientBigThread, clientRender } from '../bench/client-render.mjs';
import { typingRate } from '../bench/typing.mjs';
import { clientPaging } from '../bench/client-paging.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const want = (part) => !only || only.includes(part);
const results = { machine: { cpus: (await import('node:os')).cpus().length, node: process.version }, date: new Date().toISOString() };

const TARGETS = {
  cpuRatio: 1.25,
  openViduRatio: 1.2,
  p99At100x1000: 10,
  p99At1000x10: 30,
  bytesPerIdleConnection: 10 * 1024,
  slowConsumerP99Rise: 0.2,
  renderMs: 50,
  renderMs100k: 100,
  logNodes: 300,
  fps: 58,
  longTaskMs: 50,
  typingSignalsPerTypist: 0.5,
  redisCpuRatio: 1.3,
  redisP99AcrossTwo: 15,
  redisVsSocketIo: 0.5,
  joinStormOneRelayS: 1,
  joinStormTwoRelaysS: 2,
};

const fmt = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
const verdict = (ok) => (ok ? 'ok' : 'OVER');

if (want('relay')) {
  const groups = [
    [100, [100, 1000, 1500]],
    [1000, [10, 100]],
  ];
  results.fanOut = [];
  console.log(`\nRelay fan-out (100-byte signals; ours vs a raw ws relay under the same load, ${PAIRS} alternating pairs of ${WINDOW_S} s windows each)`);
  console.log('members  in/s  | deliveries/s (ours / raw)   | p50 ms      | p99 ms             | max ms        | CPU µs/delivery ours / raw, ratio (median of pairs, range)');
  const printCase = ({ members, rate, ours, raw, cpuRatio, p99Ratio, pairRatios }) =>
    console.log(
      `${String(members).padStart(7)} ${String(rate).padStart(5)}  | ${String(ours.deliveriesPerSecond).padStart(7)} / ${String(raw.deliveriesPerSecond).padEnd(7)} (of ${ours.expectedPerSecond}) | ${fmt(ours.p50)} / ${fmt(raw.p50)} | ${fmt(ours.p99)} / ${fmt(raw.p99)} ×${fmt(p99Ratio)} | ${fmt(ours.max)} / ${fmt(raw.max)} | ${fmt(ours.cpuMicrosPerDelivery, 3)} / ${fmt(raw.cpuMicrosPerDelivery, 3)} ×${fmt(cpuRatio)} (${fmt(Math.min(...pairRatios))}–${fmt(Math.max(...pairRatios))}) ${verdict(cpuRatio <= TARGETS.cpuRatio)}`,
    );
  for (const [members, rates] of groups) results.fanOut.push(...(await fanOutGroup(members, rates, { onCase: printCase })));
  const at = (m, r) => results.fanOut.find((c) => c.members === m && c.rate === r);
  console.log(`  target: CPU/delivery ≤ ${TARGETS.cpuRatio}× raw; p99 ≤ ${TARGETS.p99At100x1000} ms at 100×1000/s: ${fmt(at(100, 1000).ours.p99)} ${verdict(at(100, 1000).ours.p99 <= TARGETS.p99At100x1000)}; p99 ≤ ${TARGETS.p99At1000x10} ms at 1000×10/s: ${fmt(at(1000, 10).ours.p99)} ${verdict(at(1000, 10).ours.p99 <= TARGETS.p99At1000x10)}`);

  console.log(`\nOpenVidu dialect fan-out (100 members, 1000 signals/s; one relay, an OpenVidu room and a native room taking turns, ${PAIRS} alternating pairs)`);
  const dialects = await dialectGroup(100, 1000);
  results.openViduFanOut = dialects;
  const { native: nat, openVidu: ov } = dialects;
  console.log(`  deliveries/s ${ov.deliveriesPerSecond} (of ${ov.expectedPerSecond}) / native ${nat.deliveriesPerSecond} (of ${nat.expectedPerSecond}); p50 ${fmt(ov.p50)} / ${fmt(nat.p50)} ms; p99 ${fmt(ov.p99)} / ${fmt(nat.p99)} ms; CPU µs/delivery ${fmt(ov.cpuMicrosPerDelivery, 3)} / ${fmt(nat.cpuMicrosPerDelivery, 3)} ×${fmt(dialects.cpuRatio)} (${fmt(Math.min(...dialects.pairRatios))}–${fmt(Math.max(...dialects.pairRatios))}; target ≤ ${TARGETS.openViduRatio}×) ${verdict(dialects.cpuRatio <= TARGETS.openViduRatio)}`);

  console.log('\nSlow consumer (100 members, 1000 signals/s; windows with every member reading, then with one stopped)');
  const slow = await slowConsumer();
  results.slowConsumer = slow;
  const rise = slow.p99Rise;
  console.log(`  others' p99 ${fmt(slow.slow.p99)} ms vs ${fmt(slow.normal.p99)} ms before it stopped: ${rise >= 0 ? '+' : ''}${fmt(rise * 100, 0)}% (target ≤ +${TARGETS.slowConsumerP99Rise * 100}%) ${verdict(rise <= TARGETS.slowConsumerP99Rise)}; server RSS peak ${fmt(slow.slow.maxRss / 1048576, 1)} MB vs ${fmt(slow.normal.maxRss / 1048576, 1)} MB`);

  console.log('\nIdle memory (10,000 joined connections in rooms of 100, RSS after 5 s idle and a GC)');
  const mem = await idleMemory('ours', 10_000);
  const memRaw = await idleMemory('baseline', 10_000);
  results.idleMemory = { ours: mem, raw: memRaw };
  console.log(`  ours ${fmt(mem.marginalBytesPerConnection / 1024, 1)} KB per added connection (5,000 → 10,000; target ≤ 10 KB) ${verdict(mem.marginalBytesPerConnection <= TARGETS.bytesPerIdleConnection)}, ${fmt(mem.bytesPerConnection / 1024, 1)} KB as total growth / 10,000 (${fmt(mem.heapBytesPerConnection / 1024, 1)} KB of it JS heap); raw ws relay ${fmt(memRaw.marginalBytesPerConnection / 1024, 1)} KB and ${fmt(memRaw.bytesPerConnection / 1024, 1)} KB`);
}

if (want('redis')) {
  const rounds = 5;
  const loadAverage = () => (process.platform === 'win32' ? '' : (os.loadavg().map((n) => n.toFixed(1)).join(' ')));
  console.log(`\nScale-out on Redis (one room of 100 members at 1,000 signals/s of 100 bytes; every case up at once, ${rounds} interleaved rounds of one 3 s window per case after 2 s of warm-up each; one redis-server)`);
  console.log(`  load average before: ${loadAverage()} on ${results.machine.cpus} cores`);
  const redis = await redisCases({
    rounds,
    onRound(round, taken) {
      const [memory, one, two, socketIo] = taken;
      console.log(`  round ${round + 1}: relay CPU µs/delivery memory ${fmt(memory.cpuMicrosPerDelivery)}, redis 1 relay ${fmt(one.cpuMicrosPerDelivery)} (×${fmt(one.cpuMicrosPerDelivery / memory.cpuMicrosPerDelivery)}), redis 2 relays ${fmt(two.cpuMicrosPerDelivery)} (×${fmt(two.cpuMicrosPerDelivery / memory.cpuMicrosPerDelivery)}), socket.io ${fmt(socketIo.cpuMicrosPerDelivery)} (ours ×${fmt(two.cpuMicrosPerDelivery / socketIo.cpuMicrosPerDelivery)})`);
    },
  });
  results.redis = redis.cases;
  results.redisRatios = redis.ratios;
  console.log('case                             | deliveries/s (of expected) | relay CPU µs/delivery, median (range) | Redis CPU µs/signal | p50 ms | p99 ms | RSS MB, all relays');
  for (const c of redis.cases) {
    const seconds = c.windows * 3;
    console.log(
      `${c.label.padEnd(32)} | ${`${Math.round(c.deliveries / seconds)} (${Math.round(c.expected / seconds)})`.padEnd(26)} | ${`${fmt(c.cpuMicrosPerDelivery)} (${fmt(c.cpuMicrosPerDeliveryRange[0])}–${fmt(c.cpuMicrosPerDeliveryRange[1])})`.padEnd(37)} | ${fmt(c.redisMicrosPerSignal, 1).padEnd(19)} | ${fmt(c.p50).padEnd(6)} | ${fmt(c.p99).padEnd(6)} | ${fmt(c.rss / 1048576, 1)}`,
    );
  }
  const [, two, socketIo, small] = redis.cases.slice(1);
  const judged = (values, target) => {
    const mid = median(values);
    return `${fmt(mid)}× (median of ${values.length} rounds; ${fmt(Math.min(...values))}–${fmt(Math.max(...values))}) ${verdict(mid <= target)}`;
  };
  console.log(`  target: relay CPU per delivery with the Redis hub ≤ ${TARGETS.redisCpuRatio}× the memory hub: 1 relay ${judged(redis.ratios.one, TARGETS.redisCpuRatio)}; 2 relays ${judged(redis.ratios.two, TARGETS.redisCpuRatio)}`);
  console.log(`  target: ours ≤ ${TARGETS.redisVsSocketIo}× socket.io + @socket.io/redis-adapter per delivery (2 relays each): ${judged(redis.ratios.vsSocketIo, TARGETS.redisVsSocketIo)}; Redis CPU per signal ${fmt(two.redisMicrosPerSignal, 1)} µs vs ${fmt(socketIo.redisMicrosPerSignal, 1)} µs`);
  console.log(`  target: p99 ≤ ${TARGETS.redisP99AcrossTwo} ms at 100 members × 1,000/s across two relays: ${fmt(two.p99)} ms ${verdict(two.p99 <= TARGETS.redisP99AcrossTwo)}`);
  console.log(`  Redis CPU per signal does not grow with the room: ${fmt(small.redisMicrosPerSignal, 1)} µs at 10 members, ${fmt(two.redisMicrosPerSignal, 1)} µs at 100 ${verdict(two.redisMicrosPerSignal <= small.redisMicrosPerSignal * 1.3)}`);
  console.log(`  load average after: ${loadAverage()}`);
}

if (want('storm')) {
  console.log('\nJoin storm (1,000 members join one room as fast as they can; time until every member\'s participant list is complete)');
  console.log(`  load average before: ${(await import('node:os')).loadavg().map((n) => n.toFixed(1)).join(' ')} on ${results.machine.cpus} cores`);
  results.joinStorm = await joinStorms({
    onCase(c) {
      if (c.kind === 'reconnect') {
        console.log(`  reconnect storm: ${c.members.toLocaleString('en')} members cut off relay A at once resume through relay B: ${fmt(c.seconds)} s, ${c.complete} resumed with the whole room listed; CPU: relay B ${fmt(c.relayCpuSeconds)} s, Redis ${fmt(c.redisCpuSeconds)} s`);
        return;
      }
      const target = c.relays === 1 ? TARGETS.joinStormOneRelayS : TARGETS.joinStormTwoRelaysS;
      const where = `${c.kind === 'ours' ? 'one relay, memory hub' : `${c.relays === 1 ? 'one relay' : `${c.relays} relays`} on Redis`}${c.batch ? ', batched' : ', seed clients'}`;
      const judged = c.batch ? ` (target ≤ ${target} s) ${verdict(c.complete === c.members && c.seconds <= target)}` : '';
      const cpu = `CPU: relays ${fmt(c.relayCpuSeconds)} s, Redis ${fmt(c.redisCpuSeconds)} s, the 1,000 clients ${fmt(c.clientCpuSeconds)} s`;
      console.log(`  ${where.padEnd(36)} ${fmt(c.seconds)} s, ${c.frames} frames received${c.complete < c.members ? ` (only ${c.complete} complete)` : ''}${judged}; ${cpu}`);
    },
  });
  const storm = (kind, relays, batch) => results.joinStorm.find((c) => c.kind === kind && c.relays === relays && c.batch === batch);
  for (const [kind, relays, label] of [['ours', 1, 'one relay, memory hub'], ['redis', 2, 'two relays on Redis']]) {
    const batched = storm(kind, relays, true);
    const seed = storm(kind, relays, false);
    if (batched && seed) {
      console.log(`  batched / seed clients, ${label}: ${fmt(batched.seconds / seed.seconds)}× the time, ${fmt(batched.relayCpuSeconds / seed.relayCpuSeconds)}× the relay CPU, ${fmt(batched.frames / seed.frames, 3)}× the frames`);
    }
  }
  console.log(`  load average after: ${(await import('node:os')).loadavg().map((n) => n.toFixed(1)).join(' ')}`);
}

if (want('client')) {
  console.log('\nClient artifacts (bytes)');
  results.sizes = await clientSizes(root);
  for (const s of results.sizes) {
    console.log(`  ${s.file.padEnd(28)} raw ${String(s.raw).padStart(7)}  gzip ${String(s.gzip).padStart(6)}  brotli ${String(s.brotli).padStart(6)}  ${s.budget ? `budget ${s.budget} gzip ${verdict(s.gzip <= s.budget)}` : ''}`);
  }
}

if (want('client')) {
  console.log('\nElement in Chromium (10,000-message history, then 100 messages/s for 5 s)');
  // The history arrives once the page has settled (500 ms after the element is up, as a
  // network round trip would), and, for comparison, at once after page load.
  const r = await clientRender(root, { settleMs: 500 });
  const cold = await clientRender(root, { settleMs: 0, streamSeconds: 1 });
  results.render = r;
  results.renderRightAfterLoad = cold;
  console.log(`  history rendered (DOM updated and laid out) in ${fmt(r.renderMs, 1)} ms (target ≤ ${TARGETS.renderMs}) ${verdict(r.renderMs <= TARGETS.renderMs)}, ${fmt(r.renderToFrameMs, 1)} ms to the next frame; right after page load: ${fmt(cold.renderMs, 1)} ms`);
  // The same history where a tenth of the messages carry a reaction, a reply or an edit
  // (one convention signal after each, from history as a late joiner gets them).
  const annotated = await clientRender(root, { settleMs: 500, streamSeconds: 1, annotated: true });
  results.renderAnnotated = annotated;
  console.log(`  the same history with a tenth of it reacted to, replied to or edited (${annotated.edited} edits, ${annotated.replies} replies shown): ${fmt(annotated.renderMs, 1)} ms (target ≤ ${TARGETS.renderMs}) ${verdict(annotated.renderMs <= TARGETS.renderMs)}`);
  console.log(`  ${r.logNodes} DOM nodes in the log (target ≤ ${TARGETS.logNodes}) ${verdict(r.logNodes <= TARGETS.logNodes)}, ${r.allNodes} in the whole element`);
  console.log(`  streaming: ${fmt(r.fps, 1)} fps (target ≥ ${TARGETS.fps}) ${verdict(r.fps >= TARGETS.fps)}; ${r.longTasks} long tasks, longest ${fmt(r.maxLongTaskMs, 0)} ms (target none over ${TARGETS.longTaskMs} ms) ${verdict(r.maxLongTaskMs <= TARGETS.longTaskMs)}; ${r.messages} messages held, ${r.logNodesAfterStream} nodes in the log after`);
}

if (want('typing')) {
  const t = await typingRate(root);
  results.typing = t;
  const { RESEND_MS, IDLE_MS, TTL_MS } = t.constants;
  console.log(`\nTyping indicators (the element's sending rules, ${t.typists.toLocaleString('en')} simulated typists for ${t.seconds} s on a virtual clock; resend ${RESEND_MS / 1000} s, idle stop ${IDLE_MS / 1000} s, expiry ${TTL_MS / 1000} s)`);
  console.log(`  ${fmt(t.signalsPerSecondPerTypist, 3)} signals/s per typist (${fmt(t.typingPerSecondPerTypist, 3)} typing + ${fmt(t.stoppedPerSecondPerTypist, 3)} stopped; busiest typist ${fmt(t.busiestTypistPerSecond, 3)}) for ${fmt(t.keysPerSecondPerTypist, 2)} keys/s (target ≤ ${TARGETS.typingSignalsPerTypist}) ${verdict(t.busiestTypistPerSecond <= TARGETS.typingSignalsPerTypist)}`);
  console.log(`  the room: ${Math.round(t.roomSignalsPerSecond).toLocaleString('en')} signals/s to the relay instead of ${Math.round(t.roomKeysPerSecond).toLocaleString('en')} (one per key)`);
}

if (want('client')) {
  console.log('\nElement in Chromium, 100,000 messages in one thread (taken in while another thread is shown, then that thread shown; then 100 messages/s on it for 5 s; then a jump to its middle)');
  const big = await clientBigThread(root);
  results.render100k = big;
  console.log(`  taken in (100,000 signal events handled, then one render of the thread shown) in ${fmt(big.takenInMs, 0)} ms, ${fmt((big.takenInMs * 1000) / 100_000, 2)} µs a message (the 10,000-message history of this run: ${fmt((results.render.renderMs * 1000) / 10_000, 2)} µs)`);
  console.log(`  the thread shown (DOM updated and laid out) in ${fmt(big.renderMs, 1)} ms (target ≤ ${TARGETS.renderMs100k}) ${verdict(big.renderMs <= TARGETS.renderMs100k)}, ${fmt(big.renderToFrameMs, 1)} ms to the next frame; ${big.logNodes} DOM nodes in the log (target ≤ ${TARGETS.logNodes}) ${verdict(big.logNodes <= TARGETS.logNodes)}`);
  console.log(`  streaming on it: ${fmt(big.fps, 1)} fps (target ≥ ${TARGETS.fps}) ${verdict(big.fps >= TARGETS.fps)}; ${big.longTasks} long tasks, longest ${fmt(big.maxLongTaskMs, 0)} ms; jump to the middle laid out in ${fmt(big.middleMs, 1)} ms with ${big.middleNodes} DOM nodes in the log`);

  console.log('\nOlder history in Chromium (a room of 5,000 messages on the relay, 100 of them the join history; the log scrolled to the top until all are loaded, 200 a page)');
  const paging = await clientPaging(root);
  results.paging = paging;
  const trips = paging.pages.map((p) => p.roundTripMs).sort((a, b) => a - b);
  const renders = paging.pages.map((p) => p.renderMs).sort((a, b) => a - b);
  const mid = (sorted) => sorted[sorted.length >> 1];
  console.log(`  ${paging.messages} messages ${paging.inOrder ? 'in order, none twice' : 'NOT in order'} after ${paging.pages.length} pages in ${fmt(paging.totalMs, 0)} ms (${fmt(paging.totalMs / paging.pages.length, 1)} ms a page, scroll to rows on screen)`);
  console.log(`  per page: request to answer p50 ${fmt(mid(trips), 1)} ms, max ${fmt(trips.at(-1), 1)} ms; answer to rows laid out p50 ${fmt(mid(renders), 1)} ms, max ${fmt(renders.at(-1), 1)} ms; at most ${paging.maxRows} rows in the DOM`);
}

mkdirSync(join(root, 'bench'), { recursive: true });
writeFileSync(join(root, 'bench', 'results.json'), JSON.stringify(results, null, 2));
console.log('\nwrote bench/results.json');
