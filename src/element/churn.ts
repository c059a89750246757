/**
 * Joins and leaves around one's own reconnection, summed up. After a relay restart
 * everyone leaves and joins again (with new connection ids) within a second or two:
 * line by line that is a screenful of "Bob left", "Bob joined". From the moment the
 * own connection drops until the room has been quiet for `QUIET_MS` after it is back,
 * joins and leaves are counted by name instead; then one line says how many came back
 * ("5 people reconnected"), and a line each names who really joined or left.
 */
import { format, type SignalChatStrings } from './strings.js';

/** Quiet time after the own reconnection before the summary is written, ms. */
const QUIET_MS = 2000;

export class Churn {
  /** Counting: between the own connection dropping and the summary. */
  active = false;
  /** Leaves and joins by display name. */
  #counts = new Map<string, { left: number; joined: number }>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #strings: () => SignalChatStrings;
  readonly #write: (lines: string[]) => void;

  constructor(strings: () => SignalChatStrings, write: (lines: string[]) => void) {
    this.#strings = strings;
    this.#write = write;
  }

  /** The own connection dropped: count from now on. */
  start(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.active = true;
  }

  /** Counts a join or a leave while active; false when not counting (write it as usual). */
  count(name: string, joined: boolean): boolean {
    if (!this.active) return false;
    let c = this.#counts.get(name);
    if (!c) this.#counts.set(name, (c = { left: 0, joined: 0 }));
    if (joined) c.joined += 1;
    else c.left += 1;
    // Once back, every change restarts the quiet time.
    if (this.#timer !== undefined) this.settle();
    return true;
  }

  /** The own connection is back: write the summary once the room is quiet. */
  settle(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#flush(), QUIET_MS);
  }

  #flush(): void {
    const s = this.#strings();
    const lines: string[] = [];
    let back = 0;
    let who = '';
    for (const [name, { left, joined }] of this.#counts) {
      const both = Math.min(left, joined);
      back += both;
      if (both) who = name;
      for (let i = both; i < joined; i++) lines.push(format(s.joined, { name }));
      for (let i = both; i < left; i++) lines.push(format(s.left, { name }));
    }
    if (back) lines.unshift(back === 1 ? format(s.reconnectedOne, { name: who }) : format(s.reconnectedMany, { count: back }));
    this.stop();
    if (lines.length) this.#write(lines);
  }

  /** Forgets what was counted (the element left the room, or wrote the summary). */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.active = false;
    this.#counts.clear();
  }
}
