// Ink redraws a frame whole: it erases the lines of the last frame and writes every row again
// (log-update), or clears the terminal first when a frame fills it (ink.js, `onRender`): about 16 KB
// at 200x60 for a one-row selection move. In the alternate screen runs-top owns every cell, so this
// wrapper of the stdout Ink writes to turns such a frame into the cells that changed since the frame
// before (row-diff.ts), each written at an absolute cursor position.
//
// It diffs only against a frame it drew itself, at the same size, from the top-left corner. Anything
// else (a resize, a write that is not a frame: Ink erasing lines, a console message, our own escape
// sequences) goes through untouched and makes the next frame a full redraw from the top-left corner.
// Ink's own incremental mode (`incrementalRendering`) works from where it believes the cursor is,
// and left stale characters in tmux; this never relies on the cursor being where a frame left it.

import stringWidth from 'string-width';
import { startupFrame } from '../util/startup-trace.js';
import { cursorTo, rowUpdates } from './row-diff.js';

const ESC = '\u001b[';
/** ansi-escapes' clearTerminal: how Ink starts a frame that fills the terminal. */
const CLEAR_TERMINAL = `${ESC}2J${ESC}3J${ESC}H`;
/** ansi-escapes' eraseLines(n): how log-update starts every other frame (n-1 times up, then left). */
const ERASE_LINES = /^(?:\u001b\[2K\u001b\[1A)*\u001b\[2K\u001b\[G/;
/** Synchronized output (DEC mode 2026), which Ink writes around a frame: it changes nothing on screen. */
const SYNC_MARKS = new Set([`${ESC}?2026h`, `${ESC}?2026l`]);
const HOME_AND_CLEAR = `${ESC}H${ESC}2J`;

/** What this needs of a terminal stream. */
export interface ScreenStream {
  write(chunk: string, ...rest: never[]): boolean;
  columns?: number;
  rows?: number;
  on(event: 'resize', listener: () => void): unknown;
}

/** A control sequence other than a colour code (SGR): a cursor move, an erase, a mode. */
const CONTROL_SEQUENCE = /\u001b\[[0-9;?]*[^0-9;?m]/;

/**
 * A frame in one of Ink's writes: its rows, and whether a newline follows the last one. Ink's very
 * first frame comes bare, with nothing erased before it (log-update has drawn nothing yet): taken as
 * a frame when `first`, it is drawn whole from the top left and the next frame is a diff, instead of
 * going through as it is and making the next one a second whole frame (9 KB at 160x45, in start-up).
 */
function frameIn(chunk: string, first: boolean): { rows: string[]; newline: boolean } | undefined {
  let body: string;
  if (chunk.startsWith(CLEAR_TERMINAL)) body = chunk.slice(CLEAR_TERMINAL.length);
  else if (first && chunk.endsWith('\n') && !CONTROL_SEQUENCE.test(chunk)) body = chunk;
  else {
    const erase = ERASE_LINES.exec(chunk);
    // Erasing with nothing after it is Ink clearing its output (a resize, a console message).
    if (erase === null || !chunk.endsWith('\n')) return undefined;
    body = chunk.slice(erase[0].length);
  }
  const newline = body.endsWith('\n');
  return { rows: (newline ? body.slice(0, -1) : body).split('\n'), newline };
}

/** A stdout for Ink that writes only the changed cells of its frames; everything else is `stdout`'s. */
export function changedRowsStdout<T extends ScreenStream>(stdout: T): T {
  let shown: string[] | null = null;
  let shownSize = '';
  let drawn = false;
  const size = () => `${stdout.columns}x${stdout.rows}`;
  // A resize may reflow or clip the screen: the next frame is drawn whole.
  stdout.on('resize', () => {
    shown = null;
  });
  const original = stdout.write.bind(stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const write = (chunk: unknown, ...rest: unknown[]): boolean => {
    const frame = typeof chunk === 'string' ? frameIn(chunk, !drawn) : undefined;
    if (frame === undefined) {
      if (typeof chunk !== 'string' || !SYNC_MARKS.has(chunk)) shown = null;
      return original(chunk, ...rest);
    }
    drawn = true;
    const { rows, newline } = frame;
    // Where Ink leaves the cursor after a frame, and expects it for the next one (log-update erases
    // upwards from there): after the newline below the last row, or at the end of the last row.
    const last = rows.length - 1;
    const end = newline ? cursorTo(rows.length, 0) : cursorTo(last, Math.min(stringWidth(rows[last]), (stdout.columns ?? 80) - 1));
    if (shown === null || shown.length !== rows.length || shownSize !== size()) {
      shown = rows;
      shownSize = size();
      startupFrame(HOME_AND_CLEAR.length + rows.join('\n').length);
      return original(HOME_AND_CLEAR + rows.join('\n') + (newline ? '\n' : ''), ...rest);
    }
    const update = rowUpdates(shown, rows);
    shown = rows;
    startupFrame(update.length);
    return original(update === '' ? '' : update + end, ...rest);
  };
  return new Proxy(stdout, {
    get(target, property, receiver) {
      if (property === 'write') return write;
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
