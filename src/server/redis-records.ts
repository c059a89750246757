/**
 * What the Redis hub keeps per member and per REST connection, and how it
 * reads the scripts' replies (redis-scripts.ts) back into the hub's types.
 * A member's record is `<resume key>:<role>|<status JSON>`; one written before
 * roles were kept is `<resume key>|<status JSON>` and reads as a publisher's
 * (the key is base64url: neither ':' nor '|'). A connection is a JSON object.
 */
import type { Status } from '../protocol/index.js';
import { pendingConnection, type ConnectionReservation, type SessionConnection, type SessionInfo } from './hub.js';
import type { Role } from './tokens.js';

export function memberRecord(key: string, role: Role, statusText: string): string {
  return `${key}:${role}|${statusText}`;
}

/** The record cut into its key, role (undefined in the earlier format) and status text. */
function split(record: string): [key: string, role: Role | undefined, status: string] {
  const bar = record.indexOf('|');
  const head = record.slice(0, bar);
  const colon = head.indexOf(':');
  const status = record.slice(bar + 1);
  return colon < 0 ? [head, undefined, status] : [head.slice(0, colon), head.slice(colon + 1) as Role, status];
}

export function recordStatus(record: string): Status {
  return JSON.parse(split(record)[2]) as Status;
}

export function recordWithStatus(record: string, statusText: string): string {
  return `${record.slice(0, record.indexOf('|'))}|${statusText}`;
}

export function recordWithRole(record: string, role: Role): string {
  const [key, , status] = split(record);
  return memberRecord(key, role, status);
}

/** A reservation as `reserved` keeps it: the hub's, without its id (the hash field). */
export function reservationJson({ role, serverData, createdAt, expiresAt, token }: ConnectionReservation): string {
  return JSON.stringify({ role, serverData, createdAt, expiresAt, token });
}

/** A member's connection as `conns` keeps it; serverData and token only when it took a reservation. */
interface ConnRecord {
  createdAt: number;
  activeAt: number;
  serverData?: string;
  token?: string;
}

/** A reservation from its id and `reserved`'s JSON of it. */
export function reservationOf(id: string, json: string): ConnectionReservation {
  return { id, ...(JSON.parse(json) as Omit<ConnectionReservation, 'id'>) };
}

export function activeConnection(id: string, record: string, connJson: string | undefined): SessionConnection {
  const conn = JSON.parse(connJson ?? '{}') as Partial<ConnRecord>;
  const activeAt = conn.activeAt ?? Date.now();
  const [, role, status] = split(record);
  return {
    id,
    status: 'active',
    role: role ?? 'publisher',
    serverData: conn.serverData ?? '',
    createdAt: conn.createdAt ?? activeAt,
    activeAt,
    peerStatus: JSON.parse(status) as Status,
    token: conn.token ?? '',
  };
}

/** Pairs of a HGETALL reply as a map. */
export function pairs(flat: string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) map.set(flat[i] as string, flat[i + 1] as string);
  return map;
}

/** `scSession`'s reply as the REST API shows it: unexpired reservations first, then the members, each oldest first. */
export function sessionInfoOf(room: string, reply: [string, string[], string[], string[]], now = Date.now()): SessionInfo {
  const [createdAt, members, conns, reserved] = reply;
  const connJson = pairs(conns);
  const pending = Array.from(pairs(reserved), ([id, json]) => reservationOf(id, json))
    .filter((reservation) => reservation.expiresAt > now)
    .map(pendingConnection);
  const active = Array.from(pairs(members), ([id, record]) => activeConnection(id, record, connJson.get(id)));
  const byAge = (a: SessionConnection, b: SessionConnection): number => (a.activeAt ?? a.createdAt) - (b.activeAt ?? b.createdAt);
  return { room, createdAt: Number(createdAt), connections: [...pending.sort(byAge), ...active.sort(byAge)] };
}
