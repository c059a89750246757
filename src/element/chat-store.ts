/**
 * What the log shows, per thread: one thread per channel and one private thread per
 * participant. Plain data, no DOM; the element re-renders after changing it. Only this
 * file builds or reads a thread key; everyone else asks a `Thread` for its `channel`
 * or `peer`.
 */
import type { Convo } from './conversation.js';
import { memo } from './memo.js';
import type { ChatMessage } from './events.js';
import type { Participant } from './participant.js';
import { rowHeight } from './windowing.js';

/** Consecutive messages from one sender closer than this share one header. */
const GROUP_MS = 5 * 60_000;

interface Row {
  /** Unique within the page; also the row's key. */
  key: string;
  /** Measured height in px, once rendered (see windowing.ts). */
  h?: number;
}

/** A message, sent or received. */
export interface MessageRow extends Row {
  kind: 'message';
  message: ChatMessage;
  /** Display name of the sender. */
  name: string;
  /** Sent by this element's own connection (or, in a history, by the same identity). */
  own: boolean;
  /** Not yet accepted by the server. */
  pending: boolean;
  /** Same sender as the row before, close in time: no header. */
  continued: boolean;
  /** The relay's number for it, when the session gives one (our relay does). */
  seq?: number | undefined;
  /** The first message missed since the last visit: the "New since you left" line goes above it. */
  since?: boolean;
  /** Its meta mentions this user: highlighted. */
  mention?: boolean;
  /** The thread whose unread count it counted in (it came while another thread was shown). */
  counted?: Thread | false;
  /** Its reactions, edits, delete and reply (conversation.ts), once its id is known. */
  c?: Convo;
}

/** A quiet line: a join, a leave, "3 people reconnected". */
export interface SystemRow extends Row {
  kind: 'system';
  text: string;
}

/** Where messages may be missing (a reconnection that could not pick up where it was). */
export interface GapRow extends Row {
  kind: 'gap';
  text: string;
}

/** The line above messages replayed from the room's history. */
export interface HistoryRow extends Row {
  kind: 'history';
}

/** The line above the first message of a day. */
export interface DayRow extends Row {
  kind: 'day';
  /** A time on that day, ms since the epoch. */
  time: number;
}

/** The "New since you left" line, above the first message that came after the last visit. */
export interface SinceRow extends Row {
  kind: 'since';
}

/** One row of the log. */
export type LogItem = MessageRow | SystemRow | GapRow | HistoryRow | DayRow | SinceRow;

export interface Thread {
  /** The channel shown, for a channel thread. */
  readonly channel?: string | undefined;
  /** The other participant's id, for a private thread. */
  readonly peer?: string | undefined;
  items: LogItem[];
  /** Messages that arrived while another thread was shown. */
  unread: number;
  /** Of those, the ones that mention this user (a badge of their own). */
  mentionCount: number;
  /** Message rows in `items`. */
  messages: number;
  /** Has its history divider. */
  history?: boolean;
  /** Has its "New since you left" line (read-marks.ts). */
  since?: boolean;
  /** Sum of the rows' heights, measured or estimated (see windowing.ts). */
  total: number;
  /** Start and end (ms) of the day of the last message, which has its day line. */
  day?: [number, number] | undefined;
}

/**
 * The thread key of a channel. The last one is kept (memo.ts): a history asks for the same
 * key once per message and compares it with the shown thread's, one string, not a new one each time.
 */
export const channelThread = memo((channel: string): string => `c:${channel}`);
export const privateThread = memo((participantId: string): string => `p:${participantId}`);

let counter = 0;
/** A key no other row of any element on the page has. */
export const nextKey = (): string => `r${++counter}`;

/** The local day `time` falls in, as [midnight, next midnight) in ms. */
function dayAround(time: number): [number, number] {
  const d = new Date(time);
  d.setHours(0, 0, 0, 0);
  const start = d.getTime();
  d.setDate(d.getDate() + 1);
  return [start, d.getTime()];
}

export class ChatStore {
  readonly threads = new Map<string, Thread>();
  /** Every message of every thread, in the order they were added. */
  readonly messages: ChatMessage[] = [];
  /**
   * Everyone named in `messages` (as sender, then recipients), first mention kept, so
   * a participant who left can still be named without a scan of every message. Built on
   * the first lookup (a history is taken in without it), kept up to date from then on;
   * `undefined` again after a removal.
   */
  #named: Map<string, Participant> | undefined;

  thread(key: string): Thread {
    let t = this.threads.get(key);
    if (!t) {
      const rest = key.slice(2);
      t = { ...(key[0] === 'p' ? { peer: rest } : { channel: rest }), items: [], unread: 0, mentionCount: 0, messages: 0, total: 0 };
      this.threads.set(key, t);
    }
    return t;
  }

  /**
   * Appends `item` to a thread, after a history divider (before the first replayed
   * message), a day line (before the first message of a day) and the "New since you
   * left" line (before the first message missed) when it needs one, and
   * grouped with the message before when it can.
   */
  add(threadKey: string, item: LogItem): void {
    const thread = this.thread(threadKey);
    const items = thread.items;
    const from = items.length;
    if (item.kind === 'message') {
      const m = item.message;
      if (m.history && !thread.history) {
        thread.history = true;
        items.push({ key: nextKey(), kind: 'history' });
      }
      thread.day = place(items, item, thread.day);
      thread.messages += 1;
      this.messages.push(m);
      if (this.#named) name(this.#named, m);
    } else items.push(item);
    for (let i = from; i < items.length; i++) thread.total += rowHeight(items[i]);
  }

  /**
   * Puts older messages at the top of their threads: `rows` (each with its thread key)
   * are oldest first and older than anything the threads hold, as a page of older
   * history is. Each thread gets them under its history divider, with their day lines,
   * and a day line below that repeats their last day goes.
   */
  prependOlder(rows: ReadonlyArray<[string, MessageRow]>): void {
    const byThread = new Map<string, MessageRow[]>();
    for (const [key, row] of rows) {
      const list = byThread.get(key);
      if (list) list.push(row);
      else byThread.set(key, [row]);
    }
    for (const [key, list] of byThread) this.#prependTo(this.thread(key), list);
    this.messages.unshift(...rows.map(([, row]) => row.message));
    if (this.#named) for (const [, row] of rows) name(this.#named, row.message);
  }

  #prependTo(thread: Thread, rows: MessageRow[]): void {
    const old = thread.items;
    const top: LogItem[] = [{ key: nextKey(), kind: 'history' }];
    let day: [number, number] | undefined;
    for (const row of rows) day = place(top, row, day);
    // The thread's divider moves up to the new top; a day line for the same day goes.
    let from = thread.history && old[0]?.kind === 'history' ? 1 : 0;
    const first = old[from];
    if (first?.kind === 'day' && day && first.time >= day[0] && first.time < day[1]) from++;
    let px = 0;
    for (const item of top) px += rowHeight(item);
    for (let i = 0; i < from; i++) px -= rowHeight(old[i]);
    const next = old[from];
    if (next?.kind === 'message') next.continued = groups(top.at(-1), next);
    thread.items = from ? top.concat(old.slice(from)) : top.concat(old);
    thread.total += px;
    thread.messages += rows.length;
    thread.history = true;
    thread.day ??= day;
  }

  /** Puts `item` at `index` of a thread (a gap line where a reconnection began). */
  insert(threadKey: string, index: number, item: SystemRow | GapRow): void {
    const thread = this.thread(threadKey);
    thread.items.splice(index, 0, item);
    thread.total += rowHeight(item);
    const next = thread.items[index + 1];
    if (next?.kind === 'message') next.continued = false;
  }

  /** The participant `id` as the first message naming them recorded it. */
  named(id: string): Participant | undefined {
    if (!this.#named) {
      this.#named = new Map();
      for (const m of this.messages) name(this.#named, m);
    }
    return this.#named.get(id);
  }

  /** Takes a message out again (a send that failed). */
  remove(threadKey: string, item: MessageRow): void {
    const thread = this.thread(threadKey);
    const items = thread.items;
    let i = items.indexOf(item);
    if (i < 0) return;
    items.splice(i, 1);
    thread.total -= rowHeight(item);
    thread.messages -= 1;
    // A day line left with no message under it goes too.
    const above = items[i - 1];
    if (above?.kind === 'day' && items[i]?.kind !== 'message') {
      items.splice(--i, 1);
      thread.total -= rowHeight(above);
      thread.day = undefined;
    }
    const next = items[i];
    if (next?.kind === 'message') next.continued = groups(items[i - 1], next);
    const j = this.messages.indexOf(item.message);
    if (j >= 0) this.messages.splice(j, 1);
    this.#named = undefined;
  }

  clear(): void {
    this.threads.clear();
    this.messages.length = 0;
    this.#named = undefined;
  }
}

/**
 * Appends message `row` to `list` after a day line (before the first message of a day,
 * `day` being the day of the message before) and the "New since you left" line (before
 * the first message missed) when it needs them, grouped with the message before when it
 * can. Returns the day of `row`. Most messages fall in the day of the one before: two
 * comparisons, no Date.
 */
function place(list: LogItem[], row: MessageRow, day: [number, number] | undefined): [number, number] {
  const time = row.message.time;
  if (!day || time < day[0] || time >= day[1]) {
    day = dayAround(time);
    list.push({ key: nextKey(), kind: 'day', time });
  }
  if (row.since) list.push({ key: nextKey(), kind: 'since' });
  row.continued = groups(list.at(-1), row);
  list.push(row);
  return day;
}

function name(named: Map<string, Participant>, m: ChatMessage): void {
  if (m.from && !named.has(m.from.id)) named.set(m.from.id, m.from);
  if (m.to) for (const p of m.to) if (!named.has(p.id)) named.set(p.id, p);
}

function groups(prev: LogItem | undefined, item: MessageRow): boolean {
  if (prev?.kind !== 'message') return false;
  const a = prev.message;
  const b = item.message;
  // Server messages (from null) may carry different names (OpenVidu's `nickname`).
  return a.from?.id === b.from?.id && prev.name === item.name && a.private === b.private && a.history === b.history && b.time - a.time < GROUP_MS;
}
