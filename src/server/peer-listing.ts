/**
 * The other peers as `joined` lists them (`peers` and `roles`), held as the
 * JSON text the native dialect writes. In a join storm every joiner gets the
 * whole room: building and encoding two objects of n entries per join made
 * the storm grow with the square of the room in the relay's CPU; a hub keeps
 * the text instead (the memory hub appends each joiner to it, the Redis hub
 * concatenates what Redis returns), and the objects are made only for a
 * dialect that asks for them (OpenVidu's), from that same text.
 */
import type { Status } from '../protocol/index.js';
import type { JoinResult } from './hub.js';
import type { Role } from './tokens.js';

export class PeerListing {
  #peers: Record<string, Status> | undefined;
  #roles: Record<string, Role> | undefined;

  constructor(
    /** `{"<id>":<status>,…}`. */
    readonly peersJson: string,
    /** `{"<id>":"<role>",…}`. */
    readonly rolesJson: string,
  ) {}

  get peers(): Record<string, Status> {
    return (this.#peers ??= JSON.parse(this.peersJson) as Record<string, Status>);
  }

  get roles(): Record<string, Role> {
    return (this.#roles ??= JSON.parse(this.rolesJson) as Record<string, Role>);
  }
}

/** `"<id>":<value JSON>`, one entry of a listing's object. */
export const listingEntry = (id: string, valueJson: string): string => `${JSON.stringify(id)}:${valueJson}`;

/** A join's answer with `listing`: its `peers` and `roles` are made from the listing's text only if read. */
export function joinedWith(listing: PeerListing, result: Omit<JoinResult, 'listing' | 'peers' | 'roles'>): { ok: true } & JoinResult {
  return {
    ok: true,
    ...result,
    listing,
    get peers() {
      return listing.peers;
    },
    get roles() {
      return listing.roles;
    },
  };
}
