/**
 * One sender's order across a Redis outage. The relay refuses a signal with
 * `unavailable` while it cannot reach Redis, and the client sends it again
 * later with the same id; but a later signal may already be on its way, and
 * if Redis is back when it arrives it would be delivered first. So once a
 * signal of a connection was refused, the connection's later signals are
 * refused too (with `unavailable`, so the client keeps them queued behind it)
 * until the refused ones come again, in the order they were refused.
 *
 * A refused signal whose sender gave up on it (a client that does not retry)
 * holds the others back at most `giveUpMs` from its refusal.
 */
export class SendOrder {
  /** Ids refused with `unavailable`, oldest first, with when each was first refused. */
  readonly #refused: Array<{ id: string; at: number }> = [];

  constructor(private readonly giveUpMs = 30_000) {}

  /** Whether the signal with `id` may go to the hub now (else it is refused with `unavailable`, and must come again). */
  mayGo(id: string, now = Date.now()): boolean {
    const refused = this.#refused;
    while (refused.length > 0 && now - (refused[0] as { at: number }).at > this.giveUpMs) refused.shift();
    if (refused.length === 0 || (refused[0] as { id: string }).id === id) return true;
    if (!refused.some((entry) => entry.id === id) && refused.length < 1000) refused.push({ id, at: now });
    return false;
  }

  /** The hub answered the signal `id` that went: refused (`unavailable`) or taken. */
  answered(id: string, unavailable: boolean, now = Date.now()): void {
    const refused = this.#refused;
    const head = refused[0];
    if (unavailable) {
      if (head?.id !== id) refused.push({ id, at: now });
    } else if (head?.id === id) refused.shift();
  }
}
