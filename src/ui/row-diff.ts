// What a terminal that shows `previous` needs to show `next`: for each row that differs, the cursor
// moved to the first column that changed and only the changed cells written (or the row rewritten
// whole, when its characters are not all one column wide). Rows are Ink's frame lines: every style
// is closed at the end of a line, so each row starts from the terminal's default style.

import { charWidth } from './char-width.js';
import { isNarrowStyledText } from '../util/narrow-text.js';
import { applySgr, SGR_SOURCE, styleOf, type Slot } from './sgr.js';

const ERASE_LINE = '\u001b[2K';
const ERASE_TO_END = '\u001b[K';
const RESET = '\u001b[0m';

/** Cursor to a row and column, both counted from 0. */
export function cursorTo(row: number, column: number): string {
  return `\u001b[${row + 1};${column + 1}H`;
}

/**
 * A row as cells, for rows whose characters are each one UTF-16 unit and one column wide (so a
 * character's index is its column). A cell's style is the one colour code (SGR) that sets, from the
 * default style, every attribute in force at that cell: equal styles look the same.
 */
interface Cells {
  /** The row's characters, without its colour codes: column n is chars[n]. */
  chars: string;
  styles: string[];
  /** Where the character of a column is in the row's text. */
  indexOf(column: number): number;
}

/** A run of characters in one style: from `column` on, starting at `index` of the row's text. */
interface Run {
  column: number;
  index: number;
}

// Bounded like the compositor's caches: rows come back (a pane scrolled back, a clock's second ticking over).
const CACHE_LIMIT = 2000;
const parsed = new Map<string, Cells | null>();
const SGR = new RegExp(SGR_SOURCE, 'y');
const SGR_SPLIT = new RegExp(SGR_SOURCE);

/** The row's cells, or null when it holds anything but one-column characters and colour codes. */
function cellsOf(row: string): Cells | null {
  let cells = parsed.get(row);
  if (cells !== undefined) return cells;
  cells = isNarrowStyledText(row) ? narrowCellsOf(row) : cellsCharByChar(row);
  if (parsed.size >= CACHE_LIMIT) parsed.clear();
  parsed.set(row, cells);
  return cells;
}

/**
 * Cells of a row of narrow characters and colour codes, the usual row, a run of characters at a
 * time: split at its colour codes, each run's styles filled in at once. Going character by character
 * cost 5–10 ms of the first frame with runs, while V8 still interprets this code.
 */
function narrowCellsOf(row: string): Cells | null {
  // Text, codes' parameters, text, …
  const parts = row.split(SGR_SPLIT);
  const state = new Map<Slot, string>();
  const runs: Run[] = [];
  const styles: string[] = [];
  let chars = '';
  let index = 0;
  let style = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (i % 2 === 1) {
      if (!applySgr(state, part)) return null;
      style = styleOf(state);
      index += part.length + 3; // ESC [ … m
      continue;
    }
    if (part === '') continue;
    runs.push({ column: chars.length, index });
    styles.length += part.length;
    styles.fill(style, chars.length);
    chars += part;
    index += part.length;
  }
  return {
    chars,
    styles,
    indexOf(column) {
      let run = runs[0];
      for (const next of runs) {
        if (next.column > column) break;
        run = next;
      }
      return run.index + (column - run.column);
    },
  };
}

/** Cells of a row with other characters, each checked: null when one is not one column wide. */
function cellsCharByChar(row: string): Cells | null {
  let chars = '';
  const styles: string[] = [];
  const at: number[] = [];
  const state = new Map<Slot, string>();
  let style = '';
  for (let i = 0; i < row.length; ) {
    const code = row.charCodeAt(i);
    if (code === 0x1b) {
      SGR.lastIndex = i;
      const match = SGR.exec(row);
      // Another escape sequence (a link, a cursor move) or an unknown attribute: not ours to cut up.
      if (match === null || !applySgr(state, match[1])) return null;
      style = styleOf(state);
      i += match[0].length;
      continue;
    }
    const char = row[i];
    // Wide, zero-width, combining, a surrogate pair or a control character.
    if (!((code >= 0x20 && code < 0x7f) || (code >= 0xa0 && (code < 0xd800 || code > 0xdfff) && charWidth(char) === 1))) return null;
    chars += char;
    styles.push(style);
    at.push(i);
    i++;
  }
  return { chars, styles, indexOf: (column) => at[column] };
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
  if (before === null || after === null) return cursorTo(y, 0) + ERASE_LINE + next;
  const same = (column: number) => before.chars[column] === after.chars[column] && before.styles[column] === after.styles[column];
  const width = Math.max(before.chars.length, after.chars.length);
  let first = 0;
  while (first < width && same(first)) first++;
  if (first === width) return ''; // the same cells, written with other codes
  let last = width - 1;
  while (same(last)) last--;
  const length = after.chars.length;
  // The new cells, from the style in force at the first one; the terminal is back to its default
  // style afterwards, as it was before.
  const cells = (to: number) => after.styles[first] + next.slice(after.indexOf(first), after.indexOf(to) + 1) + (after.styles[to] === '' ? '' : RESET);
  if (last < length) return cursorTo(y, first) + cells(last);
  // The row got shorter: write up to its end and erase the rest. The cursor is then left of the
  // last column, so the erase cannot take a character that is meant to stay.
  return cursorTo(y, first) + (first < length ? cells(length - 1) : '') + ERASE_TO_END;
}
