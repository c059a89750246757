import type { ConnectionLike } from './session-like.js';

/** A participant as the element lists it (the `participants` property). */
export interface Participant {
  /** The connection id. */
  id: string;
  /** Display name: `status.name`, else a name found in the connection data, else a short id. */
  name: string;
  /** The participant's status object (empty for sessions that have none). */
  status: Record<string, unknown>;
  /** True for this element's own connection. */
  self: boolean;
}

/** A participant from a connection of any of the supported session shapes. */
export function toParticipant(connection: ConnectionLike, self: boolean): Participant {
  const status = statusOf(connection);
  return { id: connection.connectionId, name: nameOf(status, connection), status, self };
}

function statusOf(connection: ConnectionLike): Record<string, unknown> {
  if (connection.status && typeof connection.status === 'object') return connection.status;
  const parsed = parseData(connection.data);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}

/**
 * OpenVidu apps often put `{"clientData": "Ann"}` in the connection data, sometimes
 * with server data after a `%/%`; OpenTok apps put anything in it.
 */
function parseData(data: string | undefined): unknown {
  if (!data) return undefined;
  try {
    return JSON.parse(data.split('%/%')[0] ?? data);
  } catch {
    return undefined;
  }
}

function nameOf(status: Record<string, unknown>, connection: ConnectionLike): string {
  for (const key of ['name', 'nickname', 'clientData', 'username']) {
    const v = status[key];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  const data = connection.data;
  if (data && !data.startsWith('{') && data.length <= 64) return data;
  return connection.connectionId.slice(0, 8);
}
