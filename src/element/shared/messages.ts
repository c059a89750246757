/**
 * What the tabs of a `shared` element and the one place that holds their socket (a
 * SharedWorker, or the leader tab) say to each other. Messages are structured-cloned,
 * so connections travel as plain `{ connectionId, status, role }` and errors as
 * `{ name, message, code }`; `plain()` makes them so on the way out.
 */
import type { Resume } from '../../protocol/frames.js';

/** The methods of the session a tab may call through the hub. */
export type HubMethod = 'signal' | 'setStatus' | 'history' | 'retryNow';

/** Tab → hub. `tab` is the sender's id (random, per element). */
export type TabMessage =
  /** Attach (again, after a new hub says `lead`); the first one opens the socket. */
  | { t: 'hello'; tab: string; url: string; name: string; token: string | undefined; resume: Resume | undefined }
  | { t: 'call'; tab: string; n: number; m: HubMethod; a: unknown[] }
  | { t: 'bye'; tab: string };

/** A connection as it travels between tabs. */
export interface PlainConnection {
  connectionId: string;
  status: Record<string, unknown>;
  role?: string | undefined;
}

/** Hub → tabs. Messages with `to` are for that tab alone; the others are for all. */
export type HubMessage =
  /** A session event, as `plain()` made it. */
  | { t: 'ev'; n: string; e: unknown }
  /** Where the session stands: on joining (for all), or for a tab that attached later (with the recent signals). */
  | { t: 'state'; to?: string; me: PlainConnection; peers: PlainConnection[]; token: Resume | undefined; reconnecting: boolean; signals?: unknown[] }
  /** A call's outcome: `v` its value, or `x` its error. Call 0 of every tab is `connect()`, refused for good. */
  | { t: 'done'; to?: string; n: number; v?: unknown; x?: unknown }
  /** A hub is there for this tab (a worker that started, a leader tab elected): attach (again). */
  | { t: 'lead' };

/** The session events the hub passes on (`signal:<type>` is derived by each tab). */
export const HUB_EVENTS = [
  'connectionCreated',
  'connectionDestroyed',
  'connectionStatusChanged',
  'signal',
  'reconnecting',
  'retrying',
  'reconnected',
  'sessionDisconnected',
  'exception',
] as const;

/**
 * `value` with every connection (anything with a `connectionId`) and every error (anything
 * with a string `name` and `message`) replaced by what `conn` and `error` make of it: plain
 * data on the way out, the receiving side's objects on the way in.
 */
export function remap(value: unknown, conn: (c: PlainConnection) => unknown, error: (e: { name: string; message: string }) => unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => remap(v, conn, error));
  const o = value as Record<string, unknown>;
  if (typeof o['connectionId'] === 'string') return conn(o as unknown as PlainConnection);
  if (typeof o['name'] === 'string' && typeof o['message'] === 'string') return error(o as { name: string; message: string });
  const out: Record<string, unknown> = {};
  for (const key in o) out[key] = remap(o[key], conn, error);
  return out;
}

/** `value` as plain data a structured clone keeps: connections by their fields, errors by name, message and code. */
export const plain = (value: unknown): unknown =>
  remap(
    value,
    (c) => ({ connectionId: c.connectionId, status: c.status, role: c.role }),
    (e) => ({ name: e.name, message: e.message, code: (e as { code?: unknown }).code }),
  );
