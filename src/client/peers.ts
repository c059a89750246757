/**
 * The difference between the participants the session knew and those a
 * `joined` frame lists, so a reconnection raises exactly the
 * connectionCreated / connectionDestroyed / connectionStatusChanged events
 * for what changed while the client was away.
 */
import type { Status } from '../protocol/frames.js';
import { Connection } from './connection.js';

export interface PeerChanges {
  created: Connection[];
  destroyed: Connection[];
  changed: Array<{ connection: Connection; previousStatus: Status }>;
}

/** Brings `known` up to date with `peers` in place, and says what changed. */
export function syncPeers(known: Map<string, Connection>, peers: Record<string, Status>, roles: Record<string, string> = {}): PeerChanges {
  const changes: PeerChanges = { created: [], destroyed: [], changed: [] };
  for (const [id, connection] of known) {
    if (!Object.prototype.hasOwnProperty.call(peers, id)) {
      known.delete(id);
      changes.destroyed.push(connection);
    }
  }
  for (const [id, status] of Object.entries(peers)) {
    const connection = known.get(id);
    if (!connection) {
      const created = new Connection(id, status, typeof roles[id] == 'string' ? roles[id] : undefined);
      known.set(id, created);
      changes.created.push(created);
    } else if (JSON.stringify(connection.status) !== JSON.stringify(status)) {
      changes.changed.push({ connection, previousStatus: connection.status });
      connection.setStatus(status);
    }
  }
  return changes;
}
