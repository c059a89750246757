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

/** The one `localStorage` key: every room and user's marks. A `storage` event for it is another tab reading (shared/read-sync.ts). */
export const READ_KEY = 'signal-chat:read';
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

/** Every entry kept, those that do not look right left out. */
function readAll(): Record<string, Entry> {
  const all: Record<string, Entry> = {};
  try {
    const parsed: unknown = JSON.parse(storage()?.getItem(READ_KEY) ?? '{}');
    if (!parsed || typeof parsed !== 'object') return all;
    for (const [user, entry] of Object.entries(parsed as Record<string, unknown>).slice(0, MAX_ENTRIES)) {
      const { at, marks } = (entry ?? {}) as Partial<Entry>;
      if (!Number.isFinite(at) || !marks || typeof marks !== 'object') continue;
      const kept: Record<string, Position> = {};
      for (const [thread, p] of Object.entries(marks).slice(0, MAX_MARKS)) if (isPosition(p)) kept[thread] = [p[0], p[1]];
      all[user] = { at: at!, marks: kept };
    }
  } catch {
    // Unreadable or not JSON: as if nothing was kept.
  }
  return all;
}

/** The read positions kept for `user` (a room and a name, see read-marks.ts), by thread key. */
export function loadMarks(user: string): Map<string, Position> {
  return new Map(Object.entries(readAll()[user]?.marks ?? {}));
}

/**
 * Keeps `marks` for `user`. Another tab of the same user may have saved meanwhile: the
 * later of both positions wins per thread, so neither tab moves the other's back.
 */
export function saveMarks(user: string, marks: ReadonlyMap<string, Position>): void {
  if (user.length > MAX_KEY) return;
  const all = readAll();
  const merged: Record<string, Position> = { ...all[user]?.marks };
  for (const [thread, p] of marks) {
    const kept = merged[thread];
    if (thread.length <= MAX_KEY && (!kept || isAfter(p, kept))) merged[thread] = p;
  }
  all[user] = { at: Date.now(), marks: Object.fromEntries(Object.entries(merged).slice(0, MAX_MARKS)) };
  const newest = Object.entries(all).sort((a, b) => b[1].at - a[1].at).slice(0, MAX_ENTRIES);
  try {
    storage()?.setItem(READ_KEY, JSON.stringify(Object.fromEntries(newest)));
  } catch {
    // Full or refused: the positions live on in memory until the page goes.
  }
}
