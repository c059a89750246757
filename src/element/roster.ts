/**
 * Who is in the room as the element knows it: participants by connection id, the
 * connections themselves (to address private signals), which one is this element's
 * own, and the labels that tell two people of one name apart.
 */
import { toParticipant, type Participant } from './participant.js';
import type { ConnectionLike } from './session-like.js';

/** Characters of the connection id that follow a name shared by several people. */
const ID_SUFFIX = 4;

const key = (name: string): string => name.trim().toLowerCase();

export class Roster {
  readonly people = new Map<string, Participant>();
  readonly conns = new Map<string, ConnectionLike>();
  selfId = '';
  /**
   * Who in `people` has each name (its `key`), listed again after a change to `people`:
   * a label (one per row and per chip) is found without a look at everyone.
   */
  #named: Map<string, string[]> | undefined;
  /**
   * Senders not in the room (history, mostly) as participants, by connection: their
   * connection data is parsed once, not once per message.
   */
  #strangers = new WeakMap<ConnectionLike, [data: string | undefined, self: boolean, participant: Participant]>();

  /** Everyone, own entry first. */
  get participants(): Participant[] {
    // (A stable sort: the others stay in the order they came.)
    return [...this.people.values()].sort((a, b) => +b.self - +a.self);
  }

  get self(): Participant | undefined {
    return this.people.get(this.selfId);
  }

  /** Adds or updates the participant of connection `c`. */
  remember(c: ConnectionLike): Participant {
    const p = toParticipant(c, c.connectionId === this.selfId);
    this.#named = undefined;
    this.people.set(p.id, p);
    this.conns.set(p.id, c);
    return p;
  }

  /**
   * The `to` of a signal to the participants `ids`: their connections (a stand-in with the
   * id for one not known); none (`{}`) without `ids`.
   */
  signalTo(ids: string[] | undefined): { to?: ConnectionLike[] } {
    return ids ? { to: ids.map((id) => this.conns.get(id) ?? { connectionId: id }) } : {};
  }

  forget(id: string): void {
    this.#named = undefined;
    this.people.delete(id);
    this.conns.delete(id);
  }

  clear(): void {
    this.people.clear();
    this.#named = undefined;
    this.conns.clear();
    this.selfId = '';
  }

  /**
   * The name to show for `p`: its name, and when someone else in the room has the same
   * name (letter case and spaces aside), the first characters of its connection id in
   * brackets, `Bob (u4Qs)`: short, and the same wherever that person appears for as
   * long as they stay connected. One's own entry is told apart by "(you)" instead, and
   * someone no longer here (a sender in the history) keeps the plain name.
   */
  label(p: Participant): string {
    return p.self || !this.people.has(p.id) || !this.#ids(key(p.name)).some((id) => id !== p.id) ? p.name : `${p.name} (${p.id.slice(0, ID_SUFFIX)})`;
  }

  /** The ids of the people in `people` named `name` (a `key`). */
  #ids(name: string): string[] {
    if (!this.#named) {
      this.#named = new Map();
      for (const o of this.people.values()) this.#ids(key(o.name)).push(o.id);
    }
    return this.#named.get(name) ?? (this.#named.set(name, []).get(name) as string[]);
  }

  /**
   * The sender of a signal who is not (or no longer) in the room. A connection without a
   * status object is read from its `data` string, which a history replays for every
   * message of one sender: parsed once per connection and `data`.
   */
  stranger(c: ConnectionLike, self: boolean): Participant {
    if (c.status && typeof c.status === 'object') return toParticipant(c, self);
    const known = this.#strangers.get(c);
    if (known && known[0] === c.data && known[1] === self && known[2].id === c.connectionId) return known[2];
    const participant = toParticipant(c, self);
    this.#strangers.set(c, [c.data, self, participant]);
    return participant;
  }
}
