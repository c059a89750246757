#!/usr/bin/env node
/**
 * `signal-chat-server [--port 8787] [--host 127.0.0.1] [--history 100] [--grace 30000]
 *   [--secret S] [--allow-origin URL]… [--max-signal-bytes N] [--max-frame-bytes N]` —
 *   [--redis URL | --redis-cluster URL…] [--empty-room-ttl MS] [--token-ttl S] —
 *   environment: PORT, HOST, SIGNAL_CHAT_SECRET, SIGNAL_CHAT_REDIS_URL, SIGNAL_CHAT_REDIS_CLUSTER,
 *   SIGNAL_CHAT_TOKEN_TTL.
 * Prints its URL; SIGTERM/SIGINT close every socket with 1001 and exit 0.
 * `signal-chat-server token --room R --name N [--role publisher] [--ttl 86400]`
 * prints a token signed with the secret.
 */
import { readArgs, type OptionTable, type ReadArgs } from './cli-args.js';
import { createRelayServer } from './relay-server.js';
import { consoleLogger } from './logger.js';
import { DEFAULTS } from './options.js';
import { createToken, ROLES, type Role } from './tokens.js';
import { isRoomName, ROOM_RULE } from '../protocol/index.js';

const USAGE = `Usage: signal-chat-server [options]

  --port <n>      TCP port (env PORT; default ${DEFAULTS.port}; 0 picks a free one)
  --host <addr>   interface (env HOST; default ${DEFAULTS.host})
  --history <n>   broadcast signals kept for late joiners (default ${DEFAULTS.historySize})
  --log <n>       signals a room keeps for paging back through older history (default ${DEFAULTS.logSize})
  --grace <ms>    how long a dropped peer may resume (default ${DEFAULTS.graceMs})
  --secret <s>    require tokens signed with this secret, and the secret on the REST API
                  (env SIGNAL_CHAT_SECRET; default: none, open mode for development)
  --allow-origin <origin>   a page origin allowed to open sockets (repeatable; default: any)
  --max-signal-bytes <n>    largest data of a chat signal: signal frames, REST, OpenVidu
                            (default ${DEFAULTS.maxSignalBytes})
  --max-frame-bytes <n>     largest WebSocket message (the transport cap); a seed peer-to-peer
                            'to' frame (WebRTC offer) may carry data up to it (default ${DEFAULTS.maxFrameBytes})
  --redis <url>             share rooms with every relay on this Redis, e.g. redis://127.0.0.1:6379/0
                            (env SIGNAL_CHAT_REDIS_URL; default: none, rooms live in this process)
  --redis-cluster <url>     the same on Redis Cluster: a seed node, repeatable
                            (env SIGNAL_CHAT_REDIS_CLUSTER, comma-separated)
  --empty-room-ttl <ms>     how long an empty room keeps its history, and a session made over
                            OpenVidu's REST API waits for its first peer (default ${DEFAULTS.emptyRoomTtlMs})
  --token-ttl <s>           how long a token from OpenVidu's REST API may be used
                            (env SIGNAL_CHAT_TOKEN_TTL; default ${DEFAULTS.restTokenTtlSeconds})
  -h, --help      this text

Mint a join token: signal-chat-server token --help`;

const TOKEN_USAGE = `Usage: signal-chat-server token --room <room> --name <name> [--role <role>] [--ttl <seconds>] [--secret <s>]

  Prints a join token (JWT HS256) for one user of one room.
  --room <room>      the room (${ROOM_RULE})
  --name <name>      the name everyone sees
  --role <role>      ${ROLES.join(', ')} (default publisher)
  --ttl <seconds>    lifetime (default 86400)
  --secret <s>       the relay's secret (env SIGNAL_CHAT_SECRET)
  -h, --help         this text`;

const SERVER_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  history: { type: 'string' },
  log: { type: 'string' },
  grace: { type: 'string' },
  secret: { type: 'string' },
  'allow-origin': { type: 'string', multiple: true },
  'max-signal-bytes': { type: 'string' },
  'max-frame-bytes': { type: 'string' },
  redis: { type: 'string' },
  'redis-cluster': { type: 'string', multiple: true },
  'empty-room-ttl': { type: 'string' },
  'token-ttl': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionTable;

const TOKEN_OPTIONS = {
  room: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  ttl: { type: 'string' },
  secret: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionTable;

const minting = process.argv[2] === 'token';
/** The usage of the command at hand: the token command's for `token`, the server's otherwise. */
const usage = minting ? TOKEN_USAGE : USAGE;

/** One line saying what is wrong, then the usage; exit code 2, as for any usage error. */
function fail(message: string): never {
  console.error(`signal-chat-server: ${message}\n\n${usage}`);
  process.exit(2);
}

function integer(value: string | undefined, name: string, fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    fail(`--${name} must be a whole number ${max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`}, not '${value}'`);
  }
  return n;
}

/** The command line read against `options`; a mistake exits with the usage, and so does `--help` (on stdout, with 0). */
function read<T extends OptionTable>(argv: string[], options: T): Extract<ReadArgs<T>, { ok: true }> {
  const read = readArgs(argv, options);
  if (!read.ok) fail(read.message);
  if ((read.values as { help?: boolean }).help) {
    console.log(usage);
    process.exit(0);
  }
  return read;
}

function mintToken(argv: string[]): never {
  const { values: args, positionals } = read(argv, TOKEN_OPTIONS);
  if (positionals.length > 0) fail(`unexpected argument '${positionals[0]}'`);
  const secret = args.secret ?? process.env['SIGNAL_CHAT_SECRET'];
  if (!secret) fail('token needs --secret or SIGNAL_CHAT_SECRET (the secret the relay runs with)');
  if (!args.room || !args.name) fail('token needs --room and --name');
  if (!isRoomName(args.room)) fail(`'${args.room}' is not a room the relay accepts: ${ROOM_RULE}`);
  const role = (args.role ?? 'publisher') as Role;
  if (!ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}, not '${args.role}'`);
  const ttlSeconds = integer(args.ttl, 'ttl', 86_400, { min: 1 });
  console.log(createToken({ secret, room: args.room, name: args.name, role, ttlSeconds }));
  process.exit(0);
}

if (minting) mintToken(process.argv.slice(3));
const { values: args, positionals } = read(process.argv.slice(2), SERVER_OPTIONS);
if (positionals[0] === 'token') fail("the token command comes first: signal-chat-server token --room <room> --name <name>");
if (positionals.length > 0) fail(`unknown command '${positionals[0]}'`);
const secret = args.secret ?? process.env['SIGNAL_CHAT_SECRET'] ?? undefined;

/** Where rooms live: Redis Cluster, one Redis, or (neither given) this process. */
function redisOption(): string | { cluster: string[] } | undefined {
  const cluster = args['redis-cluster'] ?? (process.env['SIGNAL_CHAT_REDIS_CLUSTER'] || undefined)?.split(',').map((url) => url.trim()).filter(Boolean);
  const url = args.redis ?? (process.env['SIGNAL_CHAT_REDIS_URL'] || undefined);
  if (cluster && url) fail('give --redis or --redis-cluster, not both');
  for (const text of cluster ?? (url ? [url] : [])) {
    if (!/^rediss?:\/\/[^/]/.test(text)) fail(`'${text}' is not a Redis URL (redis://host:port)`);
  }
  return cluster ? { cluster } : url;
}
const redis = redisOption();

const server = createRelayServer({
  port: integer(args.port ?? process.env['PORT'], 'port', DEFAULTS.port, { max: 65_535 }),
  host: args.host ?? process.env['HOST'] ?? DEFAULTS.host,
  historySize: integer(args.history, 'history', DEFAULTS.historySize),
  logSize: integer(args.log, 'log', DEFAULTS.logSize),
  graceMs: integer(args.grace, 'grace', DEFAULTS.graceMs),
  secret,
  allowOrigins: args['allow-origin'] ?? [],
  maxSignalBytes: integer(args['max-signal-bytes'], 'max-signal-bytes', DEFAULTS.maxSignalBytes, { min: 1 }),
  maxFrameBytes: integer(args['max-frame-bytes'], 'max-frame-bytes', DEFAULTS.maxFrameBytes, { min: 1 }),
  redis,
  emptyRoomTtlMs: integer(args['empty-room-ttl'], 'empty-room-ttl', DEFAULTS.emptyRoomTtlMs, { min: 1 }),
  restTokenTtlSeconds: integer(args['token-ttl'] ?? process.env['SIGNAL_CHAT_TOKEN_TTL'], 'token-ttl', DEFAULTS.restTokenTtlSeconds, { min: 1 }),
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
  console.log(`  openvidu-browser token URL: ${shown.replace(/^http/, 'ws').replace(/\/$/, '')}?sessionId=<room>&token=<token>`);
  const hubLine = { memory: 'memory (rooms live in this process only)', redis: 'redis (rooms shared by every relay on it)', 'redis-cluster': 'redis-cluster (rooms shared by every relay on it)' } as Record<string, string>;
  const health = server.hub.health?.() ?? { ok: true };
  console.log(`  hub: ${hubLine[server.hub.kind ?? ''] ?? server.hub.kind ?? 'custom'}${health.ok ? '' : ` — NOT READY: ${health.reason}`}`);
  if (secret) console.log('  tokens required (secret set); REST needs the secret');
  else console.log('  OPEN MODE: anyone may join any room and use the REST API (development only; set --secret in production)');
} catch (error) {
  const { code, address, port } = error as NodeJS.ErrnoException & { address?: string; port?: number };
  if (code === 'EADDRINUSE') console.error(`signal-chat-server: port ${port} on ${address} is in use (is another relay running?); pick another with --port <n>`);
  else console.error(`signal-chat-server: cannot listen: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

