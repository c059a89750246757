/**
 * Batched presence for join and reconnect storms. When a webinar starts or a
 * relay restarts, hundreds of peers join within a second, and each join sent
 * to each member as its own frame makes the work grow with the square of the
 * room, one WebSocket frame (and one render) at a time. A peer whose `join`
 * asked with `batchPresence: true` gets the changes of one room that happen
 * close together as one `presence` frame instead: the first change after a
 * quiet spell at once, the next ones at most every `windowMs`. Peers that did
 * not ask (seed clients, OpenVidu's dialect) get every frame on its own, as
 * before. Used by both hubs; knows nothing of rooms beyond their readers.
 */
import type { PresenceChange } from '../protocol/index.js';
import { Delivery } from './delivery.js';
import type { PeerSink } from './hub.js';
import { DEFAULTS } from './options.js';

/** A peer as the batch sees it. */
export interface PresenceReader {
  readonly sink: PeerSink | null;
  /** It asked for batches in its `join`. */
  readonly batchPresence: boolean;
  /** The mark of the last change its `joined` (or what it was sent directly) already covers. */
  readonly presenceSince: number;
}

interface Change {
  /** Increasing per room (the Redis hub uses the room's event counter). */
  mark: number;
  /** The peer the change is about, who does not get it (null: everyone does, as with peer_role). */
  about: string | null;
  delivery: Delivery;
}

/** One frame for a run of presence changes: a lone change goes as its own frame (what a quiet room always sent). */
export function presenceFrame(changes: readonly Delivery[]): Delivery {
  if (changes.length === 1) return changes[0] as Delivery;
  const frame = { type: 'presence', changes: changes.map((change) => change.frame as PresenceChange) } as const;
  return new Delivery(frame, `{"type":"presence","changes":[${changes.map((change) => change.text).join(',')}]}`);
}

const frameOf = (changes: readonly Change[]): Delivery => presenceFrame(changes.map((change) => change.delivery));

export class PresenceBatch {
  #changes: Change[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #sentAt = -Infinity;
  /** The mark of the last change queued. */
  lastMark = 0;

  constructor(
    /** The room's peers now, by id. */
    private readonly readers: () => Iterable<[string, PresenceReader]>,
    /** How long presence changes collect after a batch went out, ms. */
    private readonly windowMs: number = DEFAULTS.presenceBatchMs,
  ) {}

  /** Queue a change for the peers that batch (the caller sends it to the others itself). */
  add(mark: number, about: string | null, delivery: Delivery): void {
    this.#changes.push({ mark, about, delivery });
    this.lastMark = mark;
    if (this.#timer !== undefined) return;
    const wait = this.#sentAt + this.windowMs - performance.now();
    if (wait <= 0) {
      this.flush();
      return;
    }
    this.#timer = setTimeout(() => this.flush(), wait);
    this.#timer.unref?.();
  }

  /**
   * Send what is queued now. Called by the timer, and before any signal of
   * the room goes out: a peer must hear of a join before the joiner's first
   * message.
   */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const changes = this.#changes;
    if (changes.length === 0) return;
    this.#changes = [];
    const first = (changes[0] as Change).mark;
    const about = new Set(changes.map((change) => change.about));
    let whole: Delivery | undefined;
    let sent = false;
    for (const [id, reader] of this.readers()) {
      if (!reader.batchPresence || !reader.sink) continue;
      // Most readers get every change: one frame, made once, for all of them.
      const mine =
        reader.presenceSince < first && !about.has(id) ? changes : changes.filter((change) => change.mark > reader.presenceSince && change.about !== id);
      if (mine.length === 0) continue;
      reader.sink.send(mine === changes ? (whole ??= frameOf(changes)) : frameOf(mine));
      sent = true;
    }
    // The window starts with a frame someone got: a change nobody batching heard of leaves the room quiet.
    if (sent) this.#sentAt = performance.now();
  }

  /** Drop what is queued (the room is gone). */
  close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#changes = [];
  }
}
