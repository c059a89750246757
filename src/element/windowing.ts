/**
 * Windowed rendering of the log: only the rows in and near the viewport are in the
 * DOM, with padding standing in for the rest, so a 10,000-message history costs a few
 * dozen rows. Rows have different heights; a row's height is estimated until it has
 * been rendered once and measured.
 *
 * The caller keeps the sum of all row heights (`total`) up to date as rows are added,
 * removed and measured, so a window near the end (the usual case: the log follows new
 * messages) costs only the rows it covers, not one step per row of the thread.
 */

/** Height assumed for a row never rendered, px. */
const ESTIMATED_ROW_PX = 44;
/** Rows are rendered this far beyond the viewport on each side, px. */
const OVERSCAN_PX = 300;
/** Upper bound on rendered rows, whatever the viewport, to bound DOM size. */
const MAX_ROWS = 40;
/** Rows rendered before the viewport has been measured. */
const INITIAL_ROWS = 20;

export interface Measured {
  h?: number;
}

export interface RowWindow {
  /** First rendered index. */
  start: number;
  /** One past the last rendered index. */
  end: number;
  /** Space standing in for rows before `start`, px. */
  before: number;
  /** Space standing in for rows from `end` on, px. */
  after: number;
}

/** A row's height: measured, else estimated. */
export const rowHeight = (row: Measured | undefined): number => row?.h ?? ESTIMATED_ROW_PX;

/**
 * Which rows to render; `total` is the sum of `rowHeight` over `rows`. `pinned` means
 * "show the end": the window is taken from the last row backwards, so new rows appear
 * without measuring the scroll position first.
 */
export function rowWindow(
  rows: readonly Measured[],
  total: number,
  scrollTop: number,
  viewport: number,
  pinned: boolean,
  overscan = OVERSCAN_PX,
): RowWindow {
  const n = rows.length;
  if (pinned || viewport <= 0) {
    const want = viewport > 0 ? viewport + overscan : Infinity;
    const cap = viewport > 0 ? MAX_ROWS : INITIAL_ROWS;
    let start = n;
    let covered = 0;
    while (start > 0 && covered < want && n - start < cap) covered += rowHeight(rows[--start]);
    return { start, end: n, before: total - covered, after: 0 };
  }

  const from = Math.max(0, scrollTop - overscan);
  const to = scrollTop + viewport + overscan;
  // The first row that reaches below `from` (the last row at most), and the space above it.
  let start = 0;
  let y = 0;
  if (n && from > total / 2) {
    // Nearer the end: walk back from it (the same row, found in fewer steps).
    start = n - 1;
    y = total - rowHeight(rows[start]);
    while (start > 0 && y > from) y -= rowHeight(rows[--start]);
  } else while (start < n - 1 && y + rowHeight(rows[start]) <= from) y += rowHeight(rows[start++]);
  const before = y;
  let end = start;
  while (end < n && y < to && end - start < MAX_ROWS) y += rowHeight(rows[end++]);
  return { start, end, before, after: total - y };
}

/** Whether the rendered rows `shown` hold every row that is in the viewport itself. */
export function coversViewport(shown: RowWindow, rows: readonly Measured[], total: number, scrollTop: number, viewport: number, pinned: boolean): boolean {
  const needed = rowWindow(rows, total, scrollTop, viewport, pinned, 0);
  return needed.start >= shown.start && needed.end <= shown.end;
}

/** The space standing in for the rows outside `start`…`end`, with the heights known now. */
export function spacing(rows: readonly Measured[], total: number, start: number, end: number): { before: number; after: number } {
  let inside = 0;
  for (let i = start; i < end; i++) inside += rowHeight(rows[i]);
  // Walk whichever side is shorter; the other is what remains of `total`.
  let after = 0;
  let before = 0;
  if (rows.length - end <= start) {
    for (let i = end; i < rows.length; i++) after += rowHeight(rows[i]);
    before = total - inside - after;
  } else {
    for (let i = 0; i < start; i++) before += rowHeight(rows[i]);
    after = total - inside - before;
  }
  return { before, after };
}
