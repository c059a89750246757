/**
 * Where each channel was read up to, kept in `localStorage` across reloads, per room and
 * user. Storage is a courtesy, never a condition: it may be absent (Node, SSR), throw
 * on access (storage disabled, sandboxed iframes, some private modes) or be full
 * (`QuotaExceededError`); each of these means "nothing is kept", never an error, which is
 * why every access is inside a `try`. What is read back was written by any script of the
 * origin, so it is checked, not trusted.
 *
 * Each room and user's marks have a key of their own, READ_PREFIX and the user, holding
 * `{"at": <ms when saved>, "marks": {<thread key>: [time, seq]}}`.
 */

/** A read position: the server `time` of the last message read and its `seq` (0 when the session gives none). */
export type Position = readonly [time: number, seq: number];

type Marks = Record<string, Position>;

/** `a` comes after `b`: later in time, or at the same millisecond later in the room's numbering. */
export const isAfter = (a: Position, b: Position): boolean => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);

/**
 * The prefix of every room and user's key: tabs of other rooms never write the same key,
 * so none can put back a stale copy of another's marks (each page's storage is a cached
 * copy, synced asynchronously). A `storage` event for such a key is another tab reading
 * (read-marks.ts).
 */
export const READ_PREFIX = 'signal-chat:read:';
/** Rooms × users kept: the most recently read ones win. */
const MAX_ENTRIES = 20;
/** Channels kept per room and user (a `channels` list longer than that keeps its first ones). */
const MAX_MARKS = 16;
/** A room key or a channel key longer than this is not kept (a room name and a type are far shorter). */
const MAX_KEY = 512;

/**
 * When the entry under `key` (or `text`, a value it had) was saved, and its marks that
 * look right; 0 and none when it is missing or unreadable (no storage, refused, not JSON,
 * no finite `at`).
 */
function readEntry(key: string, text?: string | null): [at: number, marks: Marks] {
  const marks: Marks = {};
  try {
    const { at, marks: kept } = JSON.parse(text ?? localStorage.getItem(key)!) as { at: unknown; marks: object };
    for (const [thread, p] of Object.entries(kept).slice(0, MAX_MARKS)) if (Array.isArray(p) && p.length === 2 && p.every(Number.isFinite)) marks[thread] = p as unknown as Position;
    if (Number.isFinite(at)) return [at as number, marks];
  } catch {
    // As if nothing was kept.
  }
  return [0, {}];
}

/** The last `at` this page wrote: saves within one millisecond still come in order. */
let lastSaved = 0;

/** The read positions kept for `user` (a room and a name, see read-marks.ts), by thread key; or those in `text`, a value of its key. */
export const loadMarks = (user: string, text?: string | null): Map<string, Position> => new Map(Object.entries(readEntry(READ_PREFIX + user, text)[1]));

/**
 * Keeps `marks` for `user`, and drops the least recently saved entries past MAX_ENTRIES.
 * Another tab of the same user may have saved meanwhile: the later of both positions wins
 * per thread, so neither tab moves the other's back.
 */
export function saveMarks(user: string, marks: ReadonlyMap<string, Position>): void {
  if (user.length > MAX_KEY) return;
  const key = READ_PREFIX + user;
  const merged = readEntry(key)[1];
  for (const [thread, p] of marks) if (thread.length <= MAX_KEY && !(merged[thread] && !isAfter(p, merged[thread]))) merged[thread] = p;
  try {
    localStorage.setItem(key, JSON.stringify({ at: (lastSaved = Math.max(Date.now(), lastSaved + 1)), marks: Object.fromEntries(Object.entries(merged).slice(0, MAX_MARKS)) }));
    const keys = Object.keys(localStorage).filter((k) => k.startsWith(READ_PREFIX));
    if (keys.length > MAX_ENTRIES) for (const [old] of keys.map((k) => [k, readEntry(k)[0]] as const).sort((a, b) => b[1] - a[1]).slice(MAX_ENTRIES)) localStorage.removeItem(old);
  } catch {
    // Full or refused: the positions live on in memory until the page goes.
  }
}
