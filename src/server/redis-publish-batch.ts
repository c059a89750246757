/**
 * The Redis hub's signals on their way to Redis, a room's in batches. What a
 * relay costs per signal on Redis is mostly the write of its script call and
 * the channel message it brings back; the signals of a room that arrive
 * within `windowMs` go as one call instead (one write, one script; their
 * channel messages reach every relay together, so each recipient's frames
 * leave in one write too).
 *
 * Order: Redis runs a relay's calls in the order they are written, and any
 * other call about the room (a join, a leave, a status) first sends the
 * room's queued signals (`flush`), so nothing overtakes a signal taken
 * before it. A batch is one script, which Redis runs whole or not at all:
 * when the call fails, every signal of it is refused alike, none half
 * delivered.
 */

/** One signal's script arguments (see PUBLISH in redis-scripts.ts). */
export type PublishArgs = readonly [from: string, signalId: string, to: string, head: string, mid: string, tail: string, nameSuffix: string, ephemeral: string];

/** One signal's answer: outcome, then seq and time (or the unknown peer's id). */
export type PublishReply = [outcome: string, seqOrId: number | string, time: number];

interface Queued {
  args: PublishArgs;
  resolve(reply: PublishReply): void;
  reject(error: unknown): void;
}

/** Sends one room's batch: the signals' arguments one after another; resolves with the script's flat answer (three entries a signal). */
export type SendBatch = (room: string, args: string[]) => Promise<unknown>;

/** A batch's answer did not have three entries a signal: every signal of it is refused (the hub says `unavailable`). */
export class BatchAnswerError extends Error {
  override readonly name = 'BatchAnswerError';
}

/** Most signals in one call: a longer script would hold Redis up for everyone else. */
const MAX_BATCH = 64;

export class PublishBatches {
  private readonly queued = new Map<string, Queued[]>();
  /** A flush is due (on `timer`, or on the next turn of the event loop for a window of 0). */
  private due = false;
  /** One timer, armed again for each batch (a busy relay starts hundreds a second). */
  private timer: ReturnType<typeof setTimeout> | undefined;
  private immediate: ReturnType<typeof setImmediate> | undefined;

  /** `windowMs`: how long the first signal of a batch waits for others (0: until the event loop has read what came with it). */
  constructor(
    private readonly send: SendBatch,
    private readonly windowMs: number,
  ) {}

  add(room: string, args: PublishArgs): Promise<PublishReply> {
    return new Promise((resolve, reject) => {
      let list = this.queued.get(room);
      if (!list) {
        list = [];
        this.queued.set(room, list);
      }
      list.push({ args, resolve, reject });
      if (list.length >= MAX_BATCH) this.flush(room);
      else if (!this.due) {
        this.due = true;
        if (this.windowMs <= 0) this.immediate = setImmediate(this.flushAll);
        else if (this.timer) this.timer.refresh();
        else this.timer = setTimeout(this.flushAll, this.windowMs);
      }
    });
  }

  /** Send the room's queued signals now (before any other call about the room). */
  flush(room: string): void {
    const list = this.queued.get(room);
    if (!list) return;
    this.queued.delete(room);
    const args: string[] = [];
    for (const item of list) args.push(...item.args);
    let sent: Promise<unknown>;
    try {
      sent = this.send(room, args);
    } catch (error) {
      sent = Promise.reject(error);
    }
    sent.then(
      (reply) => {
        const answers = Array.isArray(reply) ? (reply as Array<string | number>) : [];
        // An answer of another length (a script of another version, say) says
        // nothing sure of any one signal: the whole batch is refused, as when
        // Redis is unreachable, rather than some signals given a made-up outcome.
        if (answers.length !== 3 * list.length) {
          const error = new BatchAnswerError(`Redis answered a batch of ${list.length} signals with ${answers.length} entries, not 3 a signal`);
          for (const item of list) item.reject(error);
          return;
        }
        list.forEach((item, i) => item.resolve([answers[3 * i] as string, answers[3 * i + 1] as number | string, answers[3 * i + 2] as number]));
      },
      (error: unknown) => {
        for (const item of list) item.reject(error);
      },
    );
  }

  /** Send every room's queued signals now. */
  readonly flushAll = (): void => {
    this.due = false;
    for (const room of Array.from(this.queued.keys())) this.flush(room);
  };

  /** Stop the timer (the hub is closing; what is queued is sent first). */
  close(): void {
    clearTimeout(this.timer);
    clearImmediate(this.immediate);
    this.flushAll();
  }
}
