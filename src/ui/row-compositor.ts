// Ink 6 turns every frame into a grid with one object per terminal cell: it tokenises each line it
// writes into styled characters, copies them into the grid, then turns every row of the grid back
// into a string, comparing the styles of each pair of neighbouring cells. At 200x60 that is 12,000
// cells per frame and about two thirds of the time between a key press and its frame (profiled with
// the fleet-latency bench: tokenize, styledCharsFromTokens, styledCharsToString and the garbage they
// leave behind).
//
// Almost every row of our screen is a few pieces of text side by side that do not overlap (a border,
// a run row, a gap, a message line, a border). Such a row can be built by putting the pieces in
// column order with spaces between them. Each piece is normalised once, the way Ink would print it
// (`styledCharsToString` of its styled characters, which closes every style at its end), and
// remembered, so an unchanged line costs a Map lookup on the next frame. Clipping (`overflow`
// "hidden") is applied to each write first, as Ink does it. A row whose pieces overlap, stick out of
// the frame or sit at a fractional column is built by Ink's own code, and is then Ink's byte for
// byte. For the rows built here, the terminal shows the same characters with the same styles in the
// same cells (test/ui/row-compositor.test.ts checks this cell by cell on random frames); only
// redundant style codes between touching pieces differ.
//
// Ink calls composeFrame from its `Output.get()`: patches/ink@6.8.0.mjs makes that change as Ink is
// bundled (and as the tests load it), keeping Ink's own grid as `Output.inkGet()`.

import { styledCharsFromTokens, styledCharsToString, tokenize } from '@alcalzone/ansi-tokenize';
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import { isNarrowStyledText } from '../util/narrow-text.js';
import { charWidth } from './char-width.js';
import { leavesNoStyleOpen, withoutColourCodes } from './sgr.js';

type Transformer = (line: string, index: number) => string;

/** What Ink's `Output` (ink/build/output.js, internal) records during a frame. */
export type InkOperation =
  | { type: 'write'; x: number; y: number; text: string; transformers: Transformer[] }
  | { type: 'clip'; clip: Clip }
  | { type: 'unclip' };

/** A clipping rectangle; an axis without both bounds is not clipped. */
export interface Clip {
  x1?: number;
  x2?: number;
  y1?: number;
  y2?: number;
}

export interface InkOutput {
  width: number;
  height: number;
  operations: InkOperation[];
}

export interface InkFrame {
  output: string;
  height: number;
}

/** A frame built by Ink's own grid from the given operations. */
export type InkGrid = (width: number, height: number, operations: InkOperation[]) => InkFrame;

interface Piece {
  /** Columns Ink's grid advances over it: each character counts at least one. */
  width: number;
  /** The piece as Ink would print it, every style closed at its end. */
  printed: string;
}

interface Placed {
  x: number;
  line: string;
  piece: Piece;
}

// Bounded like Ink's own caches (patches/ink@6.8.0.mjs): a monitor open all day draws
// new lines all day.
const CACHE_LIMIT = 5000;

/** The value under `key`, computed once; a cache starts over once it holds CACHE_LIMIT keys. */
function recall<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = compute();
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, value);
  }
  return value;
}

const pieces = new Map<string, Piece>();

/** Printable ASCII and nothing else: printed as it is, one column a character. */
const PLAIN = /^[\x20-\x7e]*$/;

function pieceFor(line: string): Piece {
  return recall(pieces, line, () => {
    if (PLAIN.test(line)) return { width: line.length, printed: line };
    // Narrow characters between colour codes that close every style they open, as Ink's <Text>
    // prints: printed as it is, the terminal shows the same cells as from ansi-tokenize's spelling,
    // and it is not cut into one object per character (at start-up, while V8 still interprets this
    // code, that was 10-20 ms of the first frames).
    if (isNarrowStyledText(line) && leavesNoStyleOpen(line)) return { width: withoutColourCodes(line).length, printed: line };
    const chars = styledCharsFromTokens(tokenize(line));
    let width = 0;
    for (const char of chars) width += Math.max(1, charWidth(char.value));
    return { width, printed: styledCharsToString(chars) };
  });
}

/** One row from its pieces in column order, or undefined when Ink's grid must decide. */
function composeRow(placed: Placed[], frameWidth: number): string | undefined {
  const ordered = placed.length > 1 ? [...placed].sort((a, b) => a.x - b.x) : placed;
  let row = '';
  let column = 0;
  for (const { x, piece } of ordered) {
    if (piece.width === 0) continue; // an empty line writes nothing
    if (!Number.isInteger(x) || x < column || x + piece.width > frameWidth) return undefined;
    row += ' '.repeat(x - column) + piece.printed;
    column = x + piece.width;
  }
  return row.trimEnd();
}

/** The frame Ink's `Output.get()` would produce, built row by row as described above. */
export function composeFrame(output: InkOutput, inkGrid: InkGrid): InkFrame {
  const { width, height, operations } = output;
  const rows: Placed[][] = Array.from({ length: height }, () => []);
  const clips: Clip[] = [];
  for (const operation of operations) {
    if (operation.type === 'clip') clips.push(operation.clip);
    else if (operation.type === 'unclip') clips.pop();
    else {
      const write = clipWrite(operation, clips.at(-1));
      // Ink drops a write that starts above the frame or between rows, and the lines of one that run
      // off its bottom.
      if (write === undefined || write.y < 0 || !Number.isInteger(write.y)) continue;
      for (let index = 0; index < write.lines.length && write.y + index < height; index++) {
        let line = write.lines[index];
        for (const transformer of operation.transformers) line = transformer(line, index);
        rows[write.y + index].push({ x: write.x, line, piece: pieceFor(line) });
      }
    }
  }
  const printed = rows.map((placed) => {
    if (placed.length === 0) return '';
    return composeRow(placed, width) ?? inkRow(placed, width, inkGrid);
  });
  return { output: printed.join('\n'), height };
}

/** A write cut to the clipping rectangle, as ink/build/output.js cuts it; undefined when outside. */
function clipWrite(write: { x: number; y: number; text: string }, clip: Clip | undefined): { x: number; y: number; lines: string[] } | undefined {
  let { x, y } = write;
  let lines = write.text.split('\n');
  if (clip === undefined) return { x, y, lines };
  const { x1, x2, y1, y2 } = clip;
  if (x1 !== undefined && x2 !== undefined) {
    let widest = 0;
    for (const line of lines) widest = Math.max(widest, widthOf(line));
    if (x + widest < x1 || x > x2) return undefined;
  }
  if (y1 !== undefined && y2 !== undefined && (y + lines.length < y1 || y > y2)) return undefined;
  if (x1 !== undefined && x2 !== undefined) {
    const from = x < x1 ? x1 - x : 0;
    lines = lines.map((line) => {
      const lineWidth = widthOf(line);
      const to = x + lineWidth > x2 ? x2 - x : lineWidth;
      return sliced(line, from, to);
    });
    if (x < x1) x = x1;
  }
  if (y1 !== undefined && y2 !== undefined) {
    const from = y < y1 ? y1 - y : 0;
    const to = y + lines.length > y2 ? y2 - y : lines.length;
    lines = lines.slice(from, to);
    if (y < y1) y = y1;
  }
  return { x, y, lines };
}

// Always sliced, even when nothing is cut, as Ink does: slice-ansi is not a no-op then (it closes
// styles left open, and counts some zero-width characters as a column).
const slices = new Map<string, string>();

function sliced(line: string, from: number, to: number): string {
  return recall(slices, `${from}:${to}:${line}`, () => sliceAnsi(line, from, to));
}

const widths = new Map<string, number>();

/** string-width of a line, remembered like the pieces. */
function widthOf(line: string): number {
  return recall(widths, line, () => stringWidth(line));
}

/** A row Ink's own grid builds: overlapping pieces, later writes winning, exactly as Ink does it. */
function inkRow(placed: Placed[], width: number, inkGrid: InkGrid): string {
  const operations: InkOperation[] = placed.map(({ x, line }) => ({ type: 'write', x, y: 0, text: line, transformers: [] }));
  return inkGrid(width, 1, operations).output;
}
