// Ink redraws a full-screen frame whole: it clears the terminal and writes every row again (ink.js,
// `onRender`, when the last frame filled the screen), about 16 KB at 200x60 for a one-row selection
// move. In the alternate screen runs-top owns every cell, so this wrapper of the stdout Ink writes
// to turns such a frame into the rows that changed since the frame before (row-diff.ts).
//
// It only diffs what it can trust: a frame that follows a frame it wrote, at the same size. Anything
// else (the first frame, a resize, any other write: Ink erasing lines, a console message, our own
// escape sequences) goes through untouched and makes the next frame a full redraw, exactly as Ink
// wrote it. Ink's own incremental mode (`incrementalRendering`) works from where it believes the
// cursor is, and left stale characters in tmux; here every changed span is cursor-addressed.

import stringWidth from 'string-width';
import { cursorTo, rowUpdates } from './row-diff.js';

/** ansi-escapes' clearTerminal, which starts every full-screen frame Ink writes. */
const CLEAR_TERMINAL = '\u001b[2J\u001b[3J\u001b[H';
/** Synchronized output (DEC mode 2026), which Ink writes around a frame: it changes nothing on screen. */
const SYNC_MARKS = new Set(['\u001b[?2026h', '\u001b[?2026l']);

/** What this needs of a terminal stream. */
export interface ScreenStream {
  write(chunk: string, ...rest: never[]): boolean;
  columns?: number;
  rows?: number;
  on(event: 'resize', listener: () => void): unknown;
}

/** A stdout for Ink that writes only the changed rows of full-screen frames; everything else is `stdout`'s. */
export function changedRowsStdout<T extends ScreenStream>(stdout: T): T {
  let shown: string[] | null = null;
  let shownSize = '';
  const size = () => `${stdout.columns}x${stdout.rows}`;
  // A resize may reflow or clip the screen: the next frame is drawn whole.
  stdout.on('resize', () => {
    shown = null;
  });
  const write = ((chunk: unknown, ...rest: unknown[]) => {
    const original = stdout.write as (...args: unknown[]) => boolean;
    if (typeof chunk !== 'string' || !chunk.startsWith(CLEAR_TERMINAL)) {
      if (typeof chunk !== 'string' || !SYNC_MARKS.has(chunk)) shown = null;
      return original.call(stdout, chunk, ...rest);
    }
    const rows = chunk.slice(CLEAR_TERMINAL.length).split('\n');
    if (shown === null || shown.length !== rows.length || shownSize !== size()) {
      shown = rows;
      shownSize = size();
      return original.call(stdout, chunk, ...rest);
    }
    const update = rowUpdates(shown, rows);
    shown = rows;
    // Leave the cursor where Ink's full write would have: after the last row (Ink's next write
    // may be relative to it, e.g. when it erases lines before a console message).
    const last = rows.length - 1;
    const end = cursorTo(last, Math.min(stringWidth(rows[last]), (stdout.columns ?? 80) - 1));
    return original.call(stdout, update === '' ? '' : update + end, ...rest);
  }) as T['write'];
  return new Proxy(stdout, {
    get(target, property, receiver) {
      if (property === 'write') return write;
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
