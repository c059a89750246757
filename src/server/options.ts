/**
 * Relay server options. Every default is written next to its option and in
 * the README's server table.
 */
import { MAX_DATA_BYTES, MAX_FRAME_BYTES } from '../protocol/index.js';
import type { RoomHub } from './hub.js';
import type { Logger } from './logger.js';
import type { MemoryHubOptions } from './memory-hub.js';

export interface RelayServerOptions {
  /** TCP port; 0 picks a free one. Default: 8787. */
  port?: number;
  /** Interface to listen on. Default: '127.0.0.1'. */
  host?: string;
  /** Broadcast signals a late joiner receives. Default: 100. */
  historySize?: number;
  /** Signals a room's log keeps for older-history pages (`history` requests). Default: 10000. */
  logSize?: number;
  /** How long a peer whose socket dropped keeps its id and is resumable, ms. Default: 30000. */
  graceMs?: number;
  /** Interval of the server's WebSocket pings; a peer silent for two is dropped, ms. Default: 10000. */
  heartbeatMs?: number;
  /**
   * How long an empty room keeps its history, ms; also how long a session made
   * over OpenVidu's REST API waits for its first peer. Default: 300000.
   */
  emptyRoomTtlMs?: number;
  /** How long a token from OpenVidu's REST API (`POST /openvidu/api/sessions/<id>/connection`) may be used, s. Default: 86400. */
  restTokenTtlSeconds?: number;
  /**
   * Peer changes of a room that follow one another within this many ms reach
   * a client that asked (`join.batchPresence`) as one `presence` frame; the
   * first after a quiet spell goes at once. Default: 50.
   */
  presenceBatchMs?: number;
  /**
   * Largest WebSocket message read at all (the transport cap); beyond it the
   * socket is closed with 1009. A seed peer-to-peer `to` frame (a WebRTC offer,
   * say) may carry data up to this. Default: MAX_FRAME_BYTES (64 KiB).
   */
  maxFrameBytes?: number;
  /**
   * Largest `data` of a chat signal: `signal` frames, `POST /api/signal` and
   * OpenVidu's `sendMessage` (OpenTok's limit); refused with `data_too_large`.
   * Default: MAX_DATA_BYTES (8 KiB).
   */
  maxSignalBytes?: number;
  /** Folder served at `/`. Default: the package's `demo/`. */
  demoDir?: string;
  /** Folder of the built bundles (`/signal-chat.js`). Default: the package's `dist/`. */
  distDir?: string;
  /** Shared secret: when set, joins need a token signed with it and the REST API needs it. Default: none (open mode). */
  secret?: string;
  /** Page origins allowed to open a socket; others are refused with 403. Default: any. */
  allowOrigins?: string[];
  /** Signals (and status/kick frames) per second per connection, token bucket; `false` turns it off. Default: 20/s, burst 40. */
  rateLimit?: { perSecond: number; burst: number } | false;
  /** Most peers in one room. Default: 2000. */
  maxPeersPerRoom?: number;
  /** Most rooms at once. Default: 10000. */
  maxRooms?: number;
  /** Most WebSocket connections at once. Default: 20000. */
  maxConnections?: number;
  /** A socket whose unsent buffer passes this many bytes is dropped (close 4429). Default: 1 MiB. */
  maxBufferedBytes?: number;
  /** Room state and fan-out. Default: an in-memory hub (or a Redis hub with `redis`). */
  hub?: RoomHub;
  /**
   * Share rooms with every relay on the same Redis: a URL
   * (`redis://host:6379/0`), or `{ cluster: [url, …] }` for Redis Cluster.
   * Default: none (rooms live in this process).
   */
  redis?: string | { cluster: string[] };
  /** Where the server logs. Default: silent (the CLI logs to the console). */
  logger?: Logger;
}

/** The options every hub takes from the relay's. */
export type HubLimitOptions = Pick<RelayServerOptions, 'historySize' | 'logSize' | 'graceMs' | 'heartbeatMs' | 'emptyRoomTtlMs' | 'maxPeersPerRoom' | 'presenceBatchMs'>;

/** The limits of a hub, from the relay's options and the defaults. */
export function hubLimits(options: HubLimitOptions): Required<Omit<MemoryHubOptions, 'maxRooms'>> {
  const graceMs = options.graceMs ?? DEFAULTS.graceMs;
  return {
    historySize: options.historySize ?? DEFAULTS.historySize,
    logSize: options.logSize ?? DEFAULTS.logSize,
    graceMs,
    emptyRoomTtlMs: options.emptyRoomTtlMs ?? DEFAULTS.emptyRoomTtlMs,
    // A dropped peer is noticed up to two heartbeats late; its resume must
    // still find everything sent since.
    logRetentionMs: graceMs + 2 * (options.heartbeatMs ?? DEFAULTS.heartbeatMs) + 5_000,
    logMaxEntries: DEFAULTS.logMaxEntries,
    ackMemory: DEFAULTS.ackMemory,
    maxPeersPerRoom: options.maxPeersPerRoom ?? DEFAULTS.maxPeersPerRoom,
    presenceBatchMs: options.presenceBatchMs ?? DEFAULTS.presenceBatchMs,
  };
}

export const DEFAULTS = {
  port: 8787,
  host: '127.0.0.1',
  historySize: 100,
  logSize: 10_000,
  presenceBatchMs: 50,
  graceMs: 30_000,
  heartbeatMs: 10_000,
  emptyRoomTtlMs: 300_000,
  restTokenTtlSeconds: 86_400,
  rateLimit: { perSecond: 20, burst: 40 },
  maxPeersPerRoom: 2000,
  maxRooms: 10_000,
  maxConnections: 20_000,
  maxBufferedBytes: 1024 * 1024,
  maxFrameBytes: MAX_FRAME_BYTES,
  maxSignalBytes: MAX_DATA_BYTES,
  /** Signal ids remembered per peer for de-duplication. */
  ackMemory: 256,
  /** Cap on the resume log, whatever the age of its entries. */
  logMaxEntries: 50_000,
} as const;
