/**
 * The difference between the participants the session knew and those a
 * `joined` frame lists, so a reconnection raises exactly the
 * connectionCreated / connectionDestroyed / connectionStatusChanged events
 * for what changed while the client was away.
 */
import type { Status } from '../protocol/frames.js';
import { Connection } from './connection.js';
import type { SessionEventMap } from './events.js';

type PeerEventName = 'connectionDestroyed' | 'connectionCreated' | 'connectionStatusChanged';
/** An event to raise: its name and what it carries. */
export type PeerEvent = { [K in PeerEventName]: [K, SessionEventMap[K][0]] }[PeerEventName];

/**
 * Brings the participant `id` in `known` up to date with `status`: a new Connection (with
 * `role`) for one not known, else the new status; returns the event to raise, none for a
 * status that did not change unless `always`.
 */
export function updatePeer(known: Map<string, Connection>, id: string, status: Status, role: string | undefined, always: boolean): PeerEvent | undefined {
  const connection = known.get(id);
  if (!connection) {
    const created = new Connection(id, status, role);
    known.set(id, created);
    return ['connectionCreated', { connection: created }];
  }
  const previousStatus = connection.status;
  if (!always && JSON.stringify(previousStatus) === JSON.stringify(status)) return undefined;
  connection.status = status;
  return ['connectionStatusChanged', { connection, status, previousStatus }];
}

/**
 * Brings `known` up to date with `peers` in place, and returns the events for what changed,
 * in the order they are raised: who left (unseen: reason `unknown`), who came, whose status changed.
 */
export function syncPeers(known: Map<string, Connection>, peers: Record<string, Status>, roles: Record<string, string> = {}): PeerEvent[] {
  const events: PeerEvent[] = [];
  const changed: PeerEvent[] = [];
  for (const [id, connection] of known) {
    if (!Object.hasOwn(peers, id)) {
      known.delete(id);
      events.push(['connectionDestroyed', { connection, reason: 'unknown' }]);
    }
  }
  for (const [id, status] of Object.entries(peers)) {
    const event = updatePeer(known, id, status, roles[id], false);
    if (event) (event[0] === 'connectionCreated' ? events : changed).push(event);
  }
  return events.concat(changed);
}
