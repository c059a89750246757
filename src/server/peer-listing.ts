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

/**
 * A room's members as `joined` lists them: each member's two entries, and the text of
 * all of them, kept while members only joined since it was made (each appended): a
 * join storm appends each joiner instead of listing the room again.
 */
export class ListingEntries {
  readonly #entries = new Map<string, [peer: string, role: string]>();
  #whole: [peers: string, roles: string] | undefined;

  /** `id`'s entries in `peers` and `roles`. */
  get(id: string): readonly [peer: string, role: string] | undefined {
    return this.#entries.get(id);
  }

  /** A member with its status (JSON text) and role. */
  add(id: string, statusJson: string, role: string): void {
    this.set(id, listingEntry(id, statusJson), listingEntry(id, JSON.stringify(role)));
  }

  /** A member's entries, new (appended to the kept text) or changed (the text is made again when next needed). */
  set(id: string, peer: string, role: string): void {
    const whole = this.#whole;
    if (this.#entries.has(id) || !whole) this.#whole = undefined;
    else {
      const comma = whole[0] === '' ? '' : ',';
      whole[0] += comma + peer;
      whole[1] += comma + role;
    }
    this.#entries.set(id, [peer, role]);
  }

  delete(id: string): void {
    if (this.#entries.delete(id)) this.#whole = undefined;
  }

  /** Every member but `id`. The kept text lists everyone: a member (a resumed peer) is left out of its own list. */
  listingFor(id: string): PeerListing {
    let text = this.#whole;
    if (!text || this.#entries.has(id)) {
      const peers: string[] = [];
      const roles: string[] = [];
      for (const [member, [peer, role]] of this.#entries) {
        if (member === id) continue;
        peers.push(peer);
        roles.push(role);
      }
      text = [peers.join(','), roles.join(',')];
      // Kept only when it is the whole list: the joiner is appended to it next.
      if (!this.#entries.has(id)) this.#whole = text;
    }
    return new PeerListing(`{${text[0]}}`, `{${text[1]}}`);
  }
}

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
