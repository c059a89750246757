/**
 * Typing indicators as plain logic with the clock passed in (no timers, no DOM), so the
 * element, its tests and the bench all run the same rules.
 *
 * The constants, and why (issue 14; compare Ably Chat's 10 s heartbeat + 2 s grace,
 * Matrix's typing timeout of at most 30 s, XEP-0085's "paused" after about 5 s):
 * - RESEND_MS 3 s: while keys keep coming, a typist re-sends at most once per 3 s, so
 *   1,000 people typing at once make at most about 333 signals/s, not one per key.
 * - IDLE_MS 5 s: no key for 5 s and the typist says "stopped" (XEP-0085's paused).
 * - TTL_MS 8 s = RESEND_MS + IDLE_MS: how long a receiver shows someone after their last
 *   signal. A steady typist's next refresh is due with 5 s of it left, so one lost or
 *   late refresh causes no flicker; and when the "stopped" is lost too, the indicator
 *   ends 5–8 s after the last key by itself, sooner than Ably's 12 s or Matrix's 30 s.
 */

export const RESEND_MS = 3_000;
export const IDLE_MS = 5_000;
export const TTL_MS = RESEND_MS + IDLE_MS;

/** One person's typing as they send it: when a "typing" or a "stopped" is due. */
export class TypingSender {
  /** A "typing" went out and no "stopped" since. */
  active = false;
  /** When the last key came (see `idleAt`). */
  keyAt = -Infinity;
  #sentAt = -Infinity;

  /** A key that leaves text in the composer, at `now`: true when a "typing" is due. */
  pressed(now: number): boolean {
    this.keyAt = now;
    if (this.active && now - this.#sentAt < RESEND_MS) return false;
    this.#sentAt = now;
    return (this.active = true);
  }

  /** Sent, emptied, idle or another thread: true when a "stopped" is due. */
  stop(): boolean {
    const was = this.active;
    this.active = false;
    return was;
  }
}

/**
 * When `sender` counts as stopped if no key comes first. (The element runs this rule as a
 * timer restarted by each key; the bench and the tests read it here.)
 */
export const idleAt = (sender: TypingSender): number => sender.keyAt + IDLE_MS;

/** Someone shown typing in a thread, until when, and where their signal came from. */
export interface Typist {
  thread: string;
  person: string;
  until: number;
  channel: string;
  private: boolean;
}

/** Who is typing where, as a receiver sees it, in the order they started. */
export class TypingBoard {
  readonly typists = new Map<string, Typist>();

  /** Shows (or prolongs) a typist; true when they were not shown before. */
  show(t: Typist): boolean {
    const key = t.thread + ' ' + t.person;
    const fresh = !this.typists.has(key);
    this.typists.set(key, t);
    return fresh;
  }

  /** Takes out everyone in `thread` from `person` (all threads when `thread` is empty), or expired by `now`. */
  sweep(now: number, person?: string, thread?: string): Typist[] {
    const gone: Typist[] = [];
    for (const [key, t] of this.typists) {
      if (t.until <= now || (t.person === person && (!thread || t.thread === thread))) {
        this.typists.delete(key);
        gone.push(t);
      }
    }
    return gone;
  }
}
