/**
 * Windowed rendering of the log: only the rows in and near the viewport are in the
 * DOM, with padding standing in for the rest, so a 10,000-message history costs a few
 * dozen rows. Rows have different heights; a row's height is estimated until it has
 * been rendered once and measured.
 */

/** Height assumed for a row never rendered, px. */
export const ESTIMATED_ROW_PX = 44;
/** Rows are rendered this far beyond the viewport on each side, px. */
const OVERSCAN_PX = 300;
/** Upper bound on rendered rows, whatever the viewport, to bound DOM size. */
export const MAX_ROWS = 40;
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

const height = (row: Measured | undefined): number => row?.h ?? ESTIMATED_ROW_PX;

/**
 * Which rows to render. `pinned` means "show the end": the window is taken from the
 * last row backwards, so new rows appear without measuring the scroll position first.
 */
export function rowWindow(rows: readonly Measured[], scrollTop: number, viewport: number, pinned: boolean): RowWindow {
  const n = rows.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += height(rows[i]);

  if (pinned || viewport <= 0) {
    const want = viewport > 0 ? viewport + OVERSCAN_PX : Infinity;
    const cap = viewport > 0 ? MAX_ROWS : INITIAL_ROWS;
    let start = n;
    let covered = 0;
    while (start > 0 && covered < want && n - start < cap) covered += height(rows[--start]);
    return { start, end: n, before: total - covered, after: 0 };
  }

  const from = Math.max(0, scrollTop - OVERSCAN_PX);
  const to = scrollTop + viewport + OVERSCAN_PX;
  let start = 0;
  let y = 0;
  while (start < n - 1 && y + height(rows[start]) <= from) y += height(rows[start++]);
  const before = y;
  let end = start;
  while (end < n && y < to && end - start < MAX_ROWS) y += height(rows[end++]);
  return { start, end, before, after: total - y };
}

/** The space standing in for the rows outside `start`…`end`, with the heights known now. */
export function spacing(rows: readonly Measured[], start: number, end: number): { before: number; after: number } {
  let before = 0;
  let after = 0;
  for (let i = 0; i < rows.length; i++) {
    if (i < start) before += height(rows[i]);
    else if (i >= end) after += height(rows[i]);
  }
  return { before, after };
}
