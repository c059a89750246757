// A relay under test, in its own process (forked by scripts/bench.mjs).
// argv[2]: 'ours' (the built signal-chat relay), 'redis' (the same with the Redis hub on
// SIGNAL_CHAT_BENCH_REDIS) or 'baseline' (raw ws relay).
// Answers IPC 'stats' with its CPU time (µs) and RSS (bytes).
import { startBaselineRelay } from './baseline-relay.mjs';

const kind = process.argv[2];
let port;
if (kind === 'baseline') {
  ({ port } = await startBaselineRelay());
} else {
  const { createRelayServer } = await import('../dist/server/index.js');
  // Defaults as shipped, except the history a joiner receives (the bench
  // measures signal fan-out, not join cost) and the room size cap.
  const redis = kind === 'redis' ? process.env.SIGNAL_CHAT_BENCH_REDIS : undefined;
  const server = createRelayServer({ port: 0, host: '127.0.0.1', historySize: 0, maxPeersPerRoom: 5000, redis });
  ({ port } = await server.listen());
}

process.on('message', (message) => {
  if (message === 'stats' || message === 'stats-after-gc') {
    if (message === 'stats-after-gc') globalThis.gc?.();
    const cpu = process.cpuUsage();
    const memory = process.memoryUsage();
    process.send({ cpu: cpu.user + cpu.system, user: cpu.user, system: cpu.system, rss: memory.rss, heap: memory.heapUsed, heapTotal: memory.heapTotal, external: memory.external + memory.arrayBuffers });
  }
});
process.on('disconnect', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
process.send({ port });
