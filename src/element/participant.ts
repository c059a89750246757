import { metadataObject, nameFromMetadata, nameFromObject } from '../protocol/openvidu-conventions.js';
import type { ConnectionLike } from './session-like.js';

/** A participant as the element lists it (the `participants` property). */
export interface Participant {
  /** The connection id. */
  id: string;
  /** Display name: `status.name`, else the name in the connection data (as the relay reads it), else a short id. */
  name: string;
  /** The participant's status object (empty for sessions that have none). */
  status: Record<string, unknown>;
  /** True for this element's own connection. */
  self: boolean;
}

/** A participant from a connection of any of the supported session shapes. */
export function toParticipant(connection: ConnectionLike, self: boolean): Participant {
  const own = connection.status;
  const status = (own && typeof own === 'object' ? own : metadataObject(connection.data ?? '')) ?? {};
  return { id: connection.connectionId, name: nameOf(connection, status), status, self };
}

/**
 * Our client's status names its user in `name`. Other sessions have only
 * connection data, read the way the relay reads an OpenVidu participant's
 * (`{"clientData": "Ann"}` first, server data after `%/%` ignored), so one
 * participant has one name whichever way the element meets it.
 */
function nameOf(connection: ConnectionLike, status: Record<string, unknown>): string {
  const name = connection.status?.['name'];
  if (typeof name === 'string' && name.trim()) return name.trim();
  return nameFromObject(status) ?? nameFromMetadata(connection.data ?? '') ?? connection.connectionId.slice(0, 8);
}
