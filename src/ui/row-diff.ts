// What a terminal that shows `previous` needs to show `next`: for each row that differs, the cursor
// moved to the first column that changed and only the changed cells written (or the row rewritten
// whole, when its characters are not all one column wide). Rows are Ink's frame lines: every style
// is closed at the end of a line (styledCharsToString), so the terminal's colours are the default
// between rows and an erase paints the default background.

import { styledCharsFromTokens, styledCharsToString, tokenize, type StyledChar } from '@alcalzone/ansi-tokenize';
import { charWidth } from './char-width.js';

const ERASE_LINE = '\u001b[2K';
const ERASE_TO_END = '\u001b[K';

/** Cursor to a row and column, both counted from 0. */
export function cursorTo(row: number, column: number): string {
  return `\u001b[${row + 1};${column + 1}H`;
}

interface Cells {
  chars: StyledChar[];
  /** What each cell looks like (character and styles), to compare two rows. */
  keys: string[];
  /** Every character takes exactly one column: columns can be counted in characters. */
  narrow: boolean;
}

// Bounded like the compositor's caches: rows come back (a pane scrolled back, a clock's second ticking over).
const CACHE_LIMIT = 2000;
const parsed = new Map<string, Cells>();

/** One UTF-16 unit, no surrogate, one column: combining marks, emoji and CJK are left to whole rows. */
function isNarrow(value: string): boolean {
  return value.length === 1 && charWidth(value) === 1;
}

function cellsOf(row: string): Cells {
  let cells = parsed.get(row);
  if (cells === undefined) {
    const chars = styledCharsFromTokens(tokenize(row));
    const keys = chars.map((char) => (char.styles.length === 0 ? char.value : `${char.value}\u0000${char.styles.map((style) => style.code).join('')}`));
    cells = { chars, keys, narrow: chars.every((char) => isNarrow(char.value)) };
    if (parsed.size >= CACHE_LIMIT) parsed.clear();
    parsed.set(row, cells);
  }
  return cells;
}

/** The bytes that turn `previous` (on screen) into `next` (same number of rows); '' when nothing changed. */
export function rowUpdates(previous: readonly string[], next: readonly string[]): string {
  let out = '';
  for (let y = 0; y < next.length; y++) {
    if (previous[y] !== next[y]) out += rowUpdate(y, previous[y] ?? '', next[y]);
  }
  return out;
}

function rowUpdate(y: number, previous: string, next: string): string {
  const before = cellsOf(previous);
  const after = cellsOf(next);
  if (!before.narrow || !after.narrow) return cursorTo(y, 0) + ERASE_LINE + next;
  const { keys: old } = before;
  const { keys: now, chars } = after;
  // Narrow rows: a character's index is its column.
  const width = Math.max(old.length, now.length);
  let first = 0;
  while (first < width && old[first] === now[first]) first++;
  if (first === width) return ''; // the same cells, written with other codes
  let last = width - 1;
  while (old[last] === now[last]) last--;
  if (last < now.length) return cursorTo(y, first) + styledCharsToString(chars.slice(first, last + 1));
  // The row got shorter: write up to its end and erase the rest. The cursor is then left of the
  // last column, so the erase cannot take a character that is meant to stay.
  return cursorTo(y, first) + styledCharsToString(chars.slice(first)) + ERASE_TO_END;
}
