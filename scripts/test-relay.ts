/**
 * A real relay server for the browser tests.
 *
 * web-test-runner.config.mjs spawns this as `node --import tsx scripts/test-relay.ts`,
 * reads the first stdout line (`{"port":N}`) and hands the URL to the test pages
 * through `/__relay`. It stops on SIGTERM/SIGINT, and — when the runner asks for it
 * with SIGNAL_CHAT_RELAY_WATCH_STDIN=1 — as soon as its stdin closes, so it never
 * outlives a runner that was killed without a chance to clean up.
 */
import { createRelayServer } from '../src/server/index.js';

const server = createRelayServer({ port: 0, host: '127.0.0.1', heartbeatMs: 2000, graceMs: 3000 });
const { port } = await server.listen();
console.log(JSON.stringify({ port }));

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await server.close();
  process.exit(0);
}

process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());

if (process.env['SIGNAL_CHAT_RELAY_WATCH_STDIN'] === '1') {
  process.stdin.on('end', () => void stop());
  process.stdin.on('close', () => void stop());
  process.stdin.resume();
}
