/**
 * What the log shows, per thread: channel threads (`c:<channel>`) and private threads
 * with one participant (`p:<id>`). Plain data, no DOM; the element re-renders after
 * changing it.
 */
import type { ChatMessage } from './events.js';

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
}

export const channelThread = (channel: string): string => `c:${channel}`;
export const privateThread = (participantId: string): string => `p:${participantId}`;

let counter = 0;
/** A key no other row of any element on the page has. */
export const nextKey = (): string => `r${++counter}`;

export class ChatStore {
  readonly threads = new Map<string, Thread>();
  /** Every message of every thread, in the order they were added. */
  readonly messages: ChatMessage[] = [];

  thread(key: string): Thread {
    let t = this.threads.get(key);
    if (!t) {
      t = { key, items: [], unread: 0 };
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
        items.push({ key: nextKey(), kind: 'divider', text: '' });
      }
      item.continued = groups(items.at(-1), item);
      this.messages.push(m);
    }
    items.push(item);
  }

  /** Takes a row out again (a send that failed). */
  remove(threadKey: string, item: LogItem): void {
    const items = this.thread(threadKey).items;
    const i = items.indexOf(item);
    if (i < 0) return;
    items.splice(i, 1);
    const next = items[i];
    if (next) next.continued = groups(items[i - 1], next);
    if (item.message) {
      const j = this.messages.indexOf(item.message);
      if (j >= 0) this.messages.splice(j, 1);
    }
  }

  clear(): void {
    this.threads.clear();
    this.messages.length = 0;
  }
}

function groups(prev: LogItem | undefined, item: LogItem): boolean {
  const a = prev?.message;
  const b = item.message;
  if (!a || !b || prev.kind !== 'message') return false;
  // Server messages (from null) may carry different names (OpenVidu's `nickname`).
  return (a.from?.id ?? null) === (b.from?.id ?? null) && prev.name === item.name && a.private === b.private && a.history === b.history && b.time - a.time < GROUP_MS;
}
