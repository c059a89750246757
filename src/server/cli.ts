#!/usr/bin/env node
/**
 * `signal-chat-server [--port 8787] [--host 127.0.0.1] [--history 100] [--grace 30000]`
 * Environment: PORT, HOST. Prints its URL; SIGTERM/SIGINT close every socket
 * with 1001 and exit 0.
 */
import { parseArgs } from 'node:util';
import { createRelayServer } from './relay-server.js';
import { consoleLogger } from './logger.js';
import { DEFAULTS } from './options.js';

const USAGE = `Usage: signal-chat-server [options]

  --port <n>      TCP port (env PORT; default ${DEFAULTS.port}; 0 picks a free one)
  --host <addr>   interface (env HOST; default ${DEFAULTS.host})
  --history <n>   broadcast signals kept for late joiners (default ${DEFAULTS.historySize})
  --grace <ms>    how long a dropped peer may resume (default ${DEFAULTS.graceMs})
  -h, --help      this text`;

function fail(message: string): never {
  console.error(`signal-chat-server: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function integer(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) fail(`${name} must be a whole number ≥ 0, not '${value}'`);
  return n;
}

let args;
try {
  args = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      history: { type: 'string' },
      grace: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const server = createRelayServer({
  port: integer(args.port ?? process.env['PORT'], 'port', DEFAULTS.port),
  host: args.host ?? process.env['HOST'] ?? DEFAULTS.host,
  historySize: integer(args.history, 'history', DEFAULTS.historySize),
  graceMs: integer(args.grace, 'grace', DEFAULTS.graceMs),
  logger: consoleLogger,
});

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`signal-chat relay: ${signal}, closing connections`);
  await server.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));

// Handlers are in place before the URL is printed: whoever reads it may signal at once.
try {
  const { url } = await server.listen();
  const shown = url.replace('://127.0.0.1:', '://localhost:');
  console.log(`signal-chat relay listening on ${shown}`);
  console.log(`  rooms: ${shown.replace(/^http/, 'ws')}rooms/<room>   demo: ${shown}   health: ${shown}healthz`);
  console.log('  open mode: no token required (development)');
} catch (error) {
  console.error(`signal-chat-server: cannot listen: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

