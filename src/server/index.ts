/** The relay server: `createRelayServer()` and the hub interface it runs on. */
export { createRelayServer, type RelayServer } from './relay-server.js';
export { DEFAULTS, type RelayServerOptions } from './options.js';
export type { RoomHub, PeerSink, JoinRequest, JoinResult, JoinOutcome, SignalRequest, PublishResult, RoomSnapshot, LeaveReason } from './hub.js';
export { MemoryHub, type MemoryHubOptions } from './memory-hub.js';
export { Delivery, type Translator } from './delivery.js';
export { consoleLogger, silentLogger, type Logger } from './logger.js';
export { createToken, verifyToken, ROLES, type Role, type TokenClaims, type CreateTokenOptions } from './tokens.js';
