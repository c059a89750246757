/**
 * What the log shows, per thread: channel threads (`c:<channel>`) and private threads
 * with one participant (`p:<id>`). Plain data, no DOM; the element re-renders after
 * changing it.
 */
import type { ChatMessage } from './events.js';
import type { Participant } from './participant.js';
import { rowHeight } from './windowing.js';

/** Consecutive messages from one sender closer than this share one header. */
const GROUP_MS = 5 * 60_000;

/** One row of the log. */
export interface LogItem {
  /** Unique within the element; also the row's key. */
  key: string;
  kind: 'message' | 'system' | 'divider';
  /** The message text, or the system line / divider text. */
  text: string;
  /** For `message` rows: the public record. */
  message?: ChatMessage;
  /** Display name of the sender (message rows). */
  name?: string;
  /** Sent by this element's own connection. */
  own?: boolean;
  /** Not yet accepted by the server. */
  pending?: boolean;
  /** Same sender as the row before, close in time: no header. */
  continued?: boolean;
  /** Measured height in px, once rendered (see windowing.ts). */
  h?: number;
}

export interface Thread {
  key: string;
  items: LogItem[];
  /** Messages that arrived while another thread was shown. */
  unread: number;
  /** Has its history divider. */
  history?: boolean;
  /** Sum of the rows' heights, measured or estimated (see windowing.ts). */
  total: number;
}

const channelKeys = new Map<string, string>();
/**
 * The thread key of a channel: the same string each time, since every message looks its
 * thread up by it (a string built anew would be hashed anew).
 */
export const channelThread = (channel: string): string => {
  let key = channelKeys.get(channel);
  if (key === undefined) {
    key = `c:${channel}`;
    if (channelKeys.size < 256) channelKeys.set(channel, key);
  }
  return key;
};
export const privateThread = (participantId: string): string => `p:${participantId}`;

let counter = 0;
/** A key no other row of any element on the page has. */
export const nextKey = (): string => `r${++counter}`;

export class ChatStore {
  readonly threads = new Map<string, Thread>();
  /** Every message of every thread, in the order they were added. */
  readonly messages: ChatMessage[] = [];
  /**
   * Everyone named in `messages` (as sender, then recipients), first mention kept, so
   * a participant who left can still be named without a scan of every message.
   * `undefined` after a removal: rebuilt on the next lookup.
   */
  private _named: Map<string, Participant> | undefined = new Map();

  thread(key: string): Thread {
    let t = this.threads.get(key);
    if (!t) {
      t = { key, items: [], unread: 0, total: 0 };
      this.threads.set(key, t);
    }
    return t;
  }

  /** Appends `item` to a thread, grouping it with the row before when it can. */
  add(threadKey: string, item: LogItem): void {
    const thread = this.thread(threadKey);
    const items = thread.items;
    if (item.kind === 'message' && item.message) {
      const m = item.message;
      // History is introduced by a divider, once, before the first replayed message.
      if (m.history && !thread.history) {
        thread.history = true;
        const divider: LogItem = { key: nextKey(), kind: 'divider', text: '' };
        items.push(divider);
        thread.total += rowHeight(divider);
      }
      item.continued = groups(items.at(-1), item);
      this.messages.push(m);
      if (this._named) name(this._named, m);
    }
    items.push(item);
    thread.total += rowHeight(item);
  }

  /** Records a row's measured height, keeping its thread's total in step. */
  measured(thread: Thread, item: LogItem, h: number): void {
    thread.total += h - rowHeight(item);
    item.h = h;
  }

  /** The participant `id` as the first message naming them recorded it. */
  named(id: string): Participant | undefined {
    if (!this._named) {
      this._named = new Map();
      for (const m of this.messages) name(this._named, m);
    }
    return this._named.get(id);
  }

  /** Takes a row out again (a send that failed). */
  remove(threadKey: string, item: LogItem): void {
    const thread = this.thread(threadKey);
    const items = thread.items;
    const i = items.indexOf(item);
    if (i < 0) return;
    items.splice(i, 1);
    thread.total -= rowHeight(item);
    const next = items[i];
    if (next) next.continued = groups(items[i - 1], next);
    if (item.message) {
      const j = this.messages.indexOf(item.message);
      if (j >= 0) this.messages.splice(j, 1);
      this._named = undefined;
    }
  }

  clear(): void {
    this.threads.clear();
    this.messages.length = 0;
    this._named = new Map();
  }
}

function name(named: Map<string, Participant>, m: ChatMessage): void {
  if (m.from && !named.has(m.from.id)) named.set(m.from.id, m.from);
  for (const p of m.to ?? []) if (!named.has(p.id)) named.set(p.id, p);
}

function groups(prev: LogItem | undefined, item: LogItem): boolean {
  const a = prev?.message;
  const b = item.message;
  if (!a || !b || prev.kind !== 'message') return false;
  // Server messages (from null) may carry different names (OpenVidu's `nickname`).
  return (a.from?.id ?? null) === (b.from?.id ?? null) && prev.name === item.name && a.private === b.private && a.history === b.history && b.time - a.time < GROUP_MS;
}
