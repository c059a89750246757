/**
 * Where each channel was read up to, kept in `localStorage` across reloads, per room and
 * user. Storage is a courtesy, never a condition: it may be absent (Node, SSR), throw
 * on access (storage disabled, sandboxed iframes, some private modes) or be full
 * (`QuotaExceededError`); each of these means "nothing is kept", never an error. What
 * is read back was written by any script of the origin, so it is checked, not trusted.
 */

/** A read position: the server `time` of the last message read and its `seq` (0 when the session gives none). */
export type Position = readonly [time: number, seq: number];

/** `a` comes after `b`: later in time, or at the same millisecond later in the room's numbering. */
export const isAfter = (a: Position, b: Position): boolean => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);

/**
 * Each room and user's marks have a `localStorage` key of their own, this prefix and the
 * user: tabs of other rooms never write the same key, so none can put back a stale copy
 * of another's marks (each page's storage is a cached copy, synced asynchronously). A
 * `storage` event for such a key is another tab reading (read-marks.ts).
 */
export const READ_PREFIX = 'signal-chat:read:';
/** Rooms × users kept: the most recently read ones win. */
const MAX_ENTRIES = 20;
/** Channels kept per room and user (a `channels` list longer than that keeps its first ones). */
const MAX_MARKS = 16;
/** A room key or a channel key longer than this is not kept (a room name and a type are far shorter). */
const MAX_KEY = 512;

interface Entry {
  /** When it was last saved, ms: the oldest entries go first. */
  at: number;
  marks: Record<string, Position>;
}

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

const isPosition = (p: unknown): p is Position =>
  Array.isArray(p) && p.length === 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]);

/** The entry kept under `key`, the marks that do not look right left out; `at` 0 when unreadable. */
function readEntry(key: string): Entry {
  const entry: Entry = { at: 0, marks: {} };
  try {
    const { at, marks } = (JSON.parse(storage()?.getItem(key) ?? '{}') ?? {}) as Partial<Entry>;
    if (!Number.isFinite(at) || !marks || typeof marks !== 'object') return entry;
    entry.at = at!;
    for (const [thread, p] of Object.entries(marks).slice(0, MAX_MARKS)) if (isPosition(p)) entry.marks[thread] = [p[0], p[1]];
  } catch {
    // Unreadable or not JSON: as if nothing was kept.
  }
  return entry;
}

/** The last `at` this page wrote: saves within one millisecond still come in order. */
let lastSaved = 0;

/** Drops the least recently saved entries past MAX_ENTRIES. */
function bound(store: Storage): void {
  const keys: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key?.startsWith(READ_PREFIX)) keys.push(key);
  }
  if (keys.length <= MAX_ENTRIES) return;
  const byAge = keys.map((key) => [key, readEntry(key).at] as const).sort((a, b) => b[1] - a[1]);
  for (const [key] of byAge.slice(MAX_ENTRIES)) store.removeItem(key);
}

/** The read positions kept for `user` (a room and a name, see read-marks.ts), by thread key. */
export function loadMarks(user: string): Map<string, Position> {
  return new Map(Object.entries(readEntry(READ_PREFIX + user).marks));
}

/**
 * Keeps `marks` for `user`. Another tab of the same user may have saved meanwhile: the
 * later of both positions wins per thread, so neither tab moves the other's back.
 */
export function saveMarks(user: string, marks: ReadonlyMap<string, Position>): void {
  if (user.length > MAX_KEY) return;
  const key = READ_PREFIX + user;
  const merged = readEntry(key).marks;
  for (const [thread, p] of marks) {
    const kept = merged[thread];
    if (thread.length <= MAX_KEY && (!kept || isAfter(p, kept))) merged[thread] = p;
  }
  const entry: Entry = { at: (lastSaved = Math.max(Date.now(), lastSaved + 1)), marks: Object.fromEntries(Object.entries(merged).slice(0, MAX_MARKS)) };
  try {
    const store = storage();
    if (!store) return;
    store.setItem(key, JSON.stringify(entry));
    bound(store);
  } catch {
    // Full or refused: the positions live on in memory until the page goes.
  }
}
