/** The relay server: `createRelayServer()`, the hub interface it runs on, and its two hubs (memory, Redis). */
export { createRelayServer, type RelayServer } from './relay-server.js';
export { DEFAULTS, type RelayServerOptions } from './options.js';
export type { RoomHub, PeerSink, JoinRequest, JoinResult, JoinOutcome, SignalRequest, PublishResult, RoomSnapshot, LeaveReason, HubHealth } from './hub.js';
export { HubUnavailableError } from './hub.js';
export { MemoryHub, type MemoryHubOptions } from './memory-hub.js';
export { Delivery, type Translator } from './delivery.js';
export { RedisHub, createRedisHub, type RedisHubOptions, type CreateRedisHubOptions } from './redis-hub.js';
export { consoleLogger, silentLogger, type Logger } from './logger.js';
export { createToken, verifyToken, ROLES, type Role, type TokenClaims, type CreateTokenOptions } from './tokens.js';
