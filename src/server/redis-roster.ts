/**
 * A relay's own copy of one room's member list, kept from the room's
 * channel. A fresh join's `joined` lists every member; read from Redis for
 * each join, that list made a join storm cost Redis and every relay work that
 * grows with the square of the room (each reply decoded, each status parsed,
 * each list encoded again). The relay hears every presence change on the
 * channel anyway, in order and without gaps (or it notices the gap), so once
 * it has the list of one moment it can keep it; the join script then sends
 * the list only to a relay that does not keep it (or keeps an older life's).
 *
 * A fresh joiner gets the list as it was at its own `peer_joined` on the
 * channel (the join script's last event), a resumed one as it was at its own
 * `R`: exactly what its join's ev covers (a status change of its own that
 * follows is not in its own list); the events after it reach it as usual.
 */
import { listingEntry, type ListingEntries, type PeerListing } from './peer-listing.js';
import type { RoomEvent } from './redis-delivery.js';

type Wait = (listing: PeerListing | undefined) => void;

export class Roster {
  #members: ListingEntries | undefined;
  /** The room's life the list is of; '' while none is kept. */
  life = '';
  /** Fresh joins of this relay whose own peer_joined has not come yet, and who waits for each. */
  readonly #expected = new Map<string, Wait | undefined>();
  /** Lists taken at a joiner's own peer_joined before its join's reply came. */
  readonly #taken = new Map<string, PeerListing>();

  get kept(): boolean {
    return this.#members !== undefined;
  }

  /**
   * Start from a join's reply: the others as Redis listed them at the join's
   * ev (taken over, not copied), the joiner itself, then the channel's events
   * after that ev which came meanwhile.
   */
  seed(life: string, others: ListingEntries, joiner: { id: string; statusText: string; role: string }, ev: number, later: readonly RoomEvent[]): void {
    others.add(joiner.id, joiner.statusText, joiner.role);
    this.#members = others;
    this.life = life;
    for (const event of later) if (event.ev > ev) this.apply(event);
  }

  /** A join of this relay is about to run for `id` (its list is taken at its own peer_joined, or R for a resume). */
  expect(id: string): void {
    this.#expected.set(id, undefined);
  }

  /** The join ended without taking its list (refused, or answered with a list by Redis). */
  unexpect(id: string): void {
    this.#expected.delete(id);
    this.#taken.delete(id);
  }

  /** The list for the joiner `id`: taken at its own event (now, or once the channel brings it); undefined if the list was lost meanwhile. */
  listingFor(id: string): Promise<PeerListing | undefined> {
    const taken = this.#taken.get(id);
    if (taken || !this.#expected.has(id)) {
      this.unexpect(id);
      return Promise.resolve(taken);
    }
    return new Promise((resolve) => this.#expected.set(id, resolve));
  }

  /** One channel event, in order (the caller forgets the list on a gap). */
  apply(event: RoomEvent): void {
    const members = this.#members;
    if (!members) return;
    if (event.kind === 'L' || event.kind === 'K') {
      members.delete(event.peer);
      return;
    }
    // A resumed peer's own event: the list now is what its `joined` holds.
    // (Not among the members: the list missed something; better to have Redis list the room again.)
    if (event.kind === 'R' && this.#expected.has(event.peer)) {
      if (members.get(event.peer)) this.take(event.peer);
      else this.forget();
      return;
    }
    // P: joins and statuses; O: a role the REST API changed.
    if ((event.kind !== 'P' && event.kind !== 'O') || !event.frame) return;
    const frame = event.frame.frame;
    const known = members.get(event.peer);
    if (frame.type === 'peer_joined') {
      if (this.#expected.has(frame.peer)) this.take(frame.peer);
      members.add(frame.peer, JSON.stringify(frame.status), frame.role ?? 'publisher');
    } else if (frame.type === 'peer_status') {
      if (known) members.set(frame.peer, listingEntry(frame.peer, JSON.stringify(frame.status)), known[1]);
    } else if (frame.type === 'peer_role') {
      if (known) members.set(frame.peer, known[0], listingEntry(frame.peer, JSON.stringify(frame.role)));
    } else this.forget();
  }

  /** The channel lost events, or the room began a new life: the list is no longer known. */
  forget(): void {
    this.#members = undefined;
    this.life = '';
    this.#taken.clear();
    const waits = Array.from(this.#expected.values());
    this.#expected.clear();
    for (const wait of waits) wait?.(undefined);
  }

  /** `id`'s own peer_joined is here: the list now, before it, is what its `joined` holds. */
  private take(id: string): void {
    const listing = (this.#members as ListingEntries).listingFor(id);
    const wait = this.#expected.get(id);
    this.#expected.delete(id);
    if (wait) wait(listing);
    else this.#taken.set(id, listing);
  }
}
