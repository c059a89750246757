/**
 * What the reader has seen, and how far each channel has been read, for this room and
 * user, and what follows from it after a reload: which replayed messages were missed
 * (they count as unread, and a "New since you left" line goes above the first) and which
 * were read before.
 *
 * Seen is the latest message of the shown thread that is in the log's viewport, while the
 * page is visible (Page Visibility) and the log is in the page's viewport
 * (IntersectionObserver). Merely receiving a message, in a hidden tab or in an element
 * scrolled out of the page, is not seeing it. Checked after each update (a message, a
 * scroll, a thread switched: each renders), when the page becomes visible and when the
 * log comes into view; the rows checked are the windowed ones in the DOM (windowing.ts),
 * from the end: a few dozen at most.
 *
 * A position is the message's server `time` and `seq`, not its id: an id (a sender and a
 * hash of the text, see TEAM.md's rule) names a message but does not order it, so a
 * message never seen before could not be placed before or after the mark. `seq` alone is
 * not enough either: a restarted relay numbers from 1 again (and sessions of other kinds
 * give none), while time goes on. Ordered by time, then seq: within one relay run seq
 * grows with time, and across a restart the later time wins.
 *
 * Private threads are not kept: the relay never replays private messages (nothing to
 * count after a reload) and the other side's connection id changes with each visit.
 *
 * Unread counts are the same in every tab of a user: when one tab reads a channel, the
 * others hear of it through the `storage` event of the marks it saves (read-storage.ts)
 * and count as unread only what came after. With or without `shared`: two tabs of one
 * user are one reader either way.
 */
import type { ReactiveController } from 'lit';
import type { ChatHost } from './chat-context.js';
import type { ChatStore, MessageRow } from './chat-store.js';
import { READ_PREFIX, isAfter, loadMarks, saveMarks, type Position } from './read-storage.js';

/** Saving waits this long for more reading, ms; leaving the page (or hiding it) saves at once. */
const SAVE_DELAY_MS = 1000;

const positionOf = (item: MessageRow): Position => [item.message.time, item.seq ?? 0];

export class ReadMarks implements ReactiveController {
  /** Whose marks are loaded: the room and the name (see `#current`), '' for none. */
  #user = '';
  /** The `url` and `name` that `#user` was made of. */
  #from = ['', ''];
  #marks = new Map<string, Position>();
  /** The marks as the last visit left them: what the room's history is held against. */
  #left: ReadonlyMap<string, Position> = new Map();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #observer: IntersectionObserver | undefined;
  /** The log is in the page's viewport. */
  #inView = false;

  readonly #store: ChatStore;
  readonly #host: ChatHost;
  /** The key of the thread shown. */
  readonly #shown: () => string;
  /** Besides the mark, who else hears that the reader had `item` of thread `key` on screen (receipts.ts). */
  readonly #seen: (key: string, item: MessageRow) => void;

  constructor(store: ChatStore, host: ChatHost, shown: () => string, seen: (key: string, item: MessageRow) => void) {
    this.#store = store;
    this.#host = host;
    this.#shown = shown;
    this.#seen = seen;
    host.addController(this);
  }

  hostConnected(): void {
    this.#listen(addEventListener);
  }

  hostDisconnected(): void {
    this.#listen(removeEventListener);
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#inView = false;
    this.#flush();
  }

  /** Adds or removes (`on`, window's) the page's listeners: hidden, gone, another tab's marks. */
  #listen(on: typeof addEventListener): void {
    on.call(document, 'visibilitychange', this.#onVisibility);
    on('pagehide', this.#flush);
    on('storage', this.#onStorage);
  }

  hostUpdated(): void {
    if (!this.#observer) {
      const log = this.#host.renderRoot.querySelector('.log');
      if (!log || typeof IntersectionObserver !== 'function') return;
      this.#observer = new IntersectionObserver((entries) => {
        this.#inView = entries.at(-1)?.isIntersecting ?? false;
        this.#check();
      });
      this.#observer.observe(log);
    }
    this.#check();
  }

  #onVisibility = (): void => {
    if (document.visibilityState === 'visible') this.#check();
    else this.#flush();
  };

  /**
   * Another tab of this user saved how far it read. Taken from the event, not from
   * storage: by now a third tab may have written its merge of an older copy there
   * (localStorage has no atomic read-modify-write), which would hide this news for good.
   */
  #onStorage = (e: StorageEvent): void => {
    if (this.#user && e.key === READ_PREFIX + this.#user && this.#adopt(loadMarks(this.#user, e.newValue))) this.#host.requestUpdate();
  };

  /** The latest message of the shown thread on screen now, if any, is seen: read up to there. */
  #check(): void {
    const log = this.#host.renderRoot.querySelector<HTMLElement>('.log');
    if (!this.#inView || document.visibilityState !== 'visible' || !log) return;
    const key = this.#shown();
    const items = this.#store.thread(key).items;
    const top = log.scrollTop;
    const bottom = top + log.clientHeight;
    for (const row of [...log.querySelectorAll<HTMLElement>('.rows > *')].reverse()) {
      // Offsets are within the log (it is the rows' positioned ancestor), as log-controller.ts measures them.
      if (row.offsetTop + row.offsetHeight <= top) return;
      const item = items[Number(row.dataset['i'])];
      if (item?.kind === 'message' && row.offsetTop < bottom) {
        this.read(key, item);
        return this.#seen(key, item);
      }
    }
  }

  /**
   * The marks of the room and user now, loaded when that changed. The room is the
   * relay's host and path (a token in the query changes with each visit); the user is
   * the name, as for one's own earlier messages (README). No `url`: nothing is kept.
   */
  #current(): Map<string, Position> {
    const { url, name } = this.#host;
    if (url !== this.#from[0] || name !== this.#from[1]) {
      this.#from = [url, name];
      let who = '';
      try {
        const u = new URL(url, location.href);
        if (url) who = `${u.host}${u.pathname}\n${name}`;
      } catch {
        // Not a URL: the connection will say so; nothing to keep meanwhile.
      }
      if (who !== this.#user) {
        this.#flush();
        this.#user = who;
        this.#marks = who ? loadMarks(who) : new Map();
        this.#left = new Map(this.#marks);
      }
    }
    return this.#marks;
  }

  /**
   * A received message is about to be added to thread `key`. Returns true when it was
   * missed: replayed from the room's history, not one's own, and after the mark. The first
   * such message of the thread gets the "New since you left" line.
   */
  arrive(key: string, item: MessageRow, history: boolean): boolean {
    const thread = this.#store.thread(key);
    if (thread.channel === undefined) return false;
    const mark = this.#current().get(key);
    const left = this.#left.get(key);
    const at = positionOf(item);
    // One's own message, written from another tab or before the reload: read up to there.
    if (item.own) this.#move(key, at);
    // A first visit: what is in the history counts as read (as the element always did); a
    // live message nobody has read yet marks the place just before itself, so that a
    // reload counts it.
    else if (!left) {
      if (history) this.#move(key, at);
      else if (!mark) this.#move(key, [at[0], at[1] - 1]);
    } else if (history && isAfter(at, left)) {
      if (!thread.since) thread.since = item.since = true;
      return true;
    }
    return false;
  }

  /** `item` of thread `key` has been on screen (or was sent): read up to there. */
  read(key: string, item: MessageRow): void {
    if (!item.pending && this.#store.thread(key).channel !== undefined) this.#move(key, positionOf(item));
  }

  #move(key: string, at: Position): void {
    const marks = this.#current();
    const mark = marks.get(key);
    if (mark && !isAfter(at, mark)) return;
    marks.set(key, at);
    this.#timer ??= setTimeout(this.#flush, SAVE_DELAY_MS);
  }

  /**
   * Another tab of this user saved how far it read (`saved`, from a `storage` event): the
   * later marks are taken, and a thread whose mark moved counts as unread only what came after it;
   * where it saved an earlier mark than this tab's (it merged an older copy of the storage), this
   * tab's is saved again. Returns whether any count went down.
   */
  #adopt(saved: Map<string, Position>): boolean {
    let fewer = false;
    for (const [key, at] of saved) {
      const thread = this.#store.threads.get(key);
      const mark = this.#marks.get(key);
      if (mark && isAfter(mark, at)) this.#timer ??= setTimeout(this.#flush, SAVE_DELAY_MS);
      if (!thread || (mark && !isAfter(at, mark))) continue;
      this.#marks.set(key, at);
      const after = thread.items.filter((item) => item.kind === 'message' && !item.own && isAfter(positionOf(item), at)).length;
      if (after < thread.unread) {
        thread.unread = after;
        fewer = true;
      }
    }
    return fewer;
  }

  /** Saves now what waits to be saved (leaving or hiding the page, another room or name). */
  #flush = (): void => {
    if (!this.#timer) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#user) saveMarks(this.#user, this.#marks);
  };
}
