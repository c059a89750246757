/**
 * Read receipts both ways. Out: when the reader has had the messages of a thread on screen
 * (read-marks.ts), a "read up to here" marker names the latest one (one's own too:
 * read up to there, as the unread marks count it), as Matrix's
 * m.receipt and XEP-0333's `displayed` do: one per reader per thread, a later one
 * replacing the earlier. It is an ephemeral `<channel>~read` signal (in no history, no
 * resume), to the other side of a private thread; markers go out together once per
 * `THROTTLE_MS` at most, the latest per thread. In: the others' markers, folded into what one's
 * own latest message of a thread says under it: sent (the server accepted it), seen (a
 * private thread: the other person had it on screen) or seen by N (a channel, with their
 * names).
 *
 * Markers name a message by the id every receiver derives (protocol/message-id.ts, given
 * to each row by the messenger as `row.c.id`); one naming a message this side does not
 * have among the thread's recent rows is dropped (only those count for the line). Being
 * looked up, a marker's id needs no other check: no id that names no message gets out.
 */
import { readJsonObject } from '../protocol/read-convention.js';
import type { MessageRow } from './chat-store.js';
import { fire } from './events.js';
import type { Participant } from './participant.js';
import type { Receipt } from './render-log.js';
import { READ_SUFFIX, type Heard, type SessionController, type SessionFollower } from './session-controller.js';
import type { SignalEventLike } from './session-like.js';
import { format } from './strings.js';

/**
 * Markers wait this long, ms, and go out together: a reader scrolling through a busy
 * channel sends one a second, the latest, not one per message; a second is also about
 * as long as a person takes to notice a "Seen".
 */
const THROTTLE_MS = 1000;
/** The line shows for one's latest message while it is among the thread's last rows this many; markers count within them. */
const RECENT_ROWS = 100;
/** Channel markers are not sent in a room larger than this: each one reaches everyone, so their number grows with the square of the room. */
const MAX_CHANNEL_RECEIPT_ROOM = 100;

export class Receipts implements SessionFollower {
  readonly #conn: SessionController;
  /** Per reader and thread (its id, then the thread key): the row they read up to, and who they are. */
  #readers = new Map<string, [MessageRow, Participant]>();
  /** Per thread key: the row the last marker named. */
  #sent = new Map<string, MessageRow>();
  /** Per thread key: the row the next marker names. */
  #next = new Map<string, MessageRow>();
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(conn: SessionController) {
    this.#conn = conn;
    conn.followers.push(this);
  }

  /** The reader had the messages of thread `key` on screen, up to `item`. */
  onScreen(key: string, item: MessageRow): void {
    const items = this.#conn.chatContext.store.thread(key).items;
    const before = this.#next.get(key) ?? this.#sent.get(key);
    // Only forward: scrolling back up does not take a marker back.
    if (!item.c || (before && items.lastIndexOf(before) >= items.lastIndexOf(item))) return;
    this.#next.set(key, item);
    this.#timer ??= setTimeout(() => {
      const conn = this.#conn;
      const people = conn.roster.people;
      this.#timer = undefined;
      for (const [key, item] of this.#next) {
        this.#sent.set(key, item);
        const peer = conn.chatContext.store.thread(key).peer;
        // Somebody to tell, and not too many.
        if (peer ? people.has(peer) : people.size <= MAX_CHANNEL_RECEIPT_ROOM) conn.sendEphemeral(item.message.channel + READ_SUFFIX, { id: item.c!.id }, peer);
      }
      this.#next.clear();
    }, THROTTLE_MS);
  }

  /** A signal: a read marker is taken in, anything else left alone. */
  signal(e: SignalEventLike, { channel, kind, person: from, thread: key, private: priv }: Heard): void {
    const { chatContext: ctx, roster } = this.#conn;
    const participant = kind === READ_SUFFIX && roster.people.get(from);
    if (!participant) return;
    const id = readJsonObject(e.data)?.['id'];
    const item = ctx.store.threads
      .get(key)
      ?.items.slice(-RECENT_ROWS)
      .find((r): r is MessageRow => r.kind === 'message' && r.c?.id === id && r.message.channel === channel);
    if (!item) return;
    this.#readers.set(from + '\n' + key, [item, participant]);
    ctx.host.requestUpdate();
    fire(ctx.host, 'signal-chat-read', { from: participant, channel, private: priv, id: id as string });
  }

  /** The connection dropped: markers waiting are not worth sending late. (Someone who left: what they read stays read.) */
  reset(): void {
    this.#next.clear();
  }

  /** What one's latest message of thread `key` says under it, when it is recent and accepted (one from the history too: it was). */
  view(key: string): Receipt | undefined {
    const { chatContext: ctx, roster } = this.#conn;
    const thread = ctx.store.threads.get(key);
    const items = thread?.items.slice(-RECENT_ROWS) ?? [];
    const i = items.findLastIndex((r) => r.kind === 'message' && r.own);
    const item = items[i] as MessageRow | undefined;
    if (!item || item.pending) return undefined;
    const s = ctx.strings();
    // Rows of other threads, or gone, are not found: -1.
    const readers = [...this.#readers.values()].filter(([row]) => items.indexOf(row) >= i);
    const names = thread!.peer ? '' : readers.map(([, p]) => roster.label(roster.people.get(p.id) ?? p)).join(', ');
    return { item, text: !readers.length ? s.sent : thread!.peer ? s.seen : format(s.seenBy, { count: readers.length }), names };
  }
}
