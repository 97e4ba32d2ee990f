// Writing only the changed rows (src/ui/changed-rows-stdout.ts) must leave the terminal exactly as a
// full redraw of the same frame would. The exact bytes written are replayed into a headless xterm
// and its screen compared, cell by cell (character, width, colours, attributes), with a fresh
// terminal that was sent only the full frame, after every frame of seeded random sequences of
// frames, resizes and foreign writes. Frames come as Ink writes them: log-update's (erase the last
// frame's lines, write the rows and a newline; the first frame bare) or a full-screen one (clear the
// terminal, write the rows).

import { EventEmitter } from 'node:events';
import xtermHeadless from '@xterm/headless';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { changedRowsStdout } from '../../src/ui/changed-rows-stdout.js';

const { Terminal } = xtermHeadless;
type Term = InstanceType<typeof Terminal>;

const CLEAR = '\u001b[2J\u001b[3J\u001b[H';
const BSU = '\u001b[?2026h';
const ESU = '\u001b[?2026l';

/** ansi-escapes' eraseLines, as log-update writes it before every frame. */
function eraseLines(count: number): string {
  let clear = '';
  for (let i = 0; i < count; i++) clear += `\u001b[2K${i < count - 1 ? '\u001b[1A' : ''}`;
  return count ? `${clear}\u001b[G` : '';
}

class FakeTty extends EventEmitter {
  readonly isTTY = true;
  written: string[] = [];
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write(chunk: string): boolean {
    this.written.push(chunk);
    return true;
  }
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const WORDS = ['run', 'ok', ' ', '  ', 'x', 'completed', '│', '─', '┃', '●', '✓', '…', 'é', '漢字', '🙂', 'a b', '▁▅█'];
const STYLES: Array<[string, string]> = [
  ['\u001b[1m', '\u001b[22m'],
  ['\u001b[2m', '\u001b[22m'],
  ['\u001b[31m', '\u001b[39m'],
  ['\u001b[36m', '\u001b[39m'],
  ['\u001b[90m', '\u001b[39m'],
  ['\u001b[7m', '\u001b[27m'],
  ['\u001b[44m', '\u001b[49m'],
  ['\u001b[4m', '\u001b[24m'],
];

/** A row as Ink prints one: styled pieces, every style closed, never wider than the terminal. */
function randomRow(next: () => number, columns: number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  let row = '';
  let width = 0;
  const target = Math.floor(next() * (columns + 1));
  while (width < target) {
    const word = pick(WORDS);
    const wordWidth = stringWidth(word);
    if (width + wordWidth > columns) break;
    width += wordWidth;
    if (next() < 0.5) row += word;
    else {
      const [open, close] = pick(STYLES);
      row += open + word + close;
    }
  }
  return row;
}

/** The next frame: mostly the last one, with a few rows changed, shortened, lengthened or blanked. */
function nextFrame(next: () => number, last: string[] | null, columns: number, rows: number): string[] {
  if (last === null || last.length !== rows) return Array.from({ length: rows }, () => randomRow(next, columns));
  return last.map((row) => {
    const roll = next();
    if (roll < 0.7) return row;
    if (roll < 0.8) return '';
    if (roll < 0.9) return randomRow(next, columns);
    // A small change inside the row: the same start, another end.
    const keep = row.slice(0, Math.floor(next() * row.length)).replace(/\u001b\[?[0-9;]*$/, '');
    const opened = (keep.match(/\u001b\[[0-9;]*m/g) ?? []).length;
    const closedKeep = keep + (opened > 0 ? '\u001b[0m' : '');
    const rest = randomRow(next, Math.max(0, columns - stringWidth(closedKeep)));
    return closedKeep + rest;
  });
}

function write(term: Term, data: string): Promise<void> {
  return new Promise((resolve) => term.write(data, resolve));
}

/** Every cell: its character, width, colours and attributes. */
function screen(term: Term): string[] {
  const buffer = term.buffer.active;
  const rows: string[] = [];
  const cell = buffer.getNullCell();
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    let row = '';
    for (let x = 0; x < term.cols; x++) {
      line?.getCell(x, cell);
      row += `${cell.getChars() || ' '}:${cell.getWidth()}:${cell.getFgColorMode()}/${cell.getFgColor()}:${cell.getBgColorMode()}/${cell.getBgColor()}:`;
      row += `${cell.isBold()}${cell.isDim()}${cell.isInverse()}${cell.isUnderline()}${cell.isItalic()}|`;
    }
    rows.push(row);
  }
  return rows;
}

async function fullRedraw(columns: number, rows: number, frame: string[]): Promise<string[]> {
  const reference = new Terminal({ cols: columns, rows, allowProposedApi: true });
  await write(reference, CLEAR + frame.join('\r\n'));
  const cells = screen(reference);
  reference.dispose();
  return cells;
}

describe('changed rows only', () => {
  it('leaves the screen as a full redraw would, after every frame, resize and foreign write', async () => {
    let framesCompared = 0;
    let diffedFrames = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const next = random(seed * 7919);
      // Ink's two ways of writing a frame: log-update below the terminal's height, clear-and-write at it.
      const fullScreen = seed % 2 === 0;
      let columns = 8 + Math.floor(next() * 50);
      let rows = 2 + Math.floor(next() * 10);
      const tty = new FakeTty(columns, rows);
      const live = new Terminal({ cols: columns, rows, allowProposedApi: true });
      const stdout = changedRowsStdout(tty);
      let frame: string[] | null = null;
      let previousLineCount = 0;
      for (let step = 0; step < 40; step++) {
        const roll = next();
        if (roll < 0.08) {
          columns = 8 + Math.floor(next() * 50);
          rows = 2 + Math.floor(next() * 10);
          tty.columns = columns;
          tty.rows = rows;
          live.resize(columns, rows);
          tty.emit('resize');
          // Ink clears its output when the terminal got narrower.
          if (!fullScreen && next() < 0.5) stdout.write(eraseLines(previousLineCount));
          frame = null;
        } else if (roll < 0.12) {
          // Something else writes: a console message, our own escape sequences.
          stdout.write(`\u001b[${1 + Math.floor(next() * rows)};3Hstray text`);
        }
        frame = nextFrame(next, frame, columns, fullScreen ? rows : rows - 1);
        const before = tty.written.length;
        stdout.write(BSU);
        if (fullScreen) stdout.write(CLEAR + frame.join('\n'));
        else stdout.write(eraseLines(previousLineCount) + frame.join('\n') + '\n');
        stdout.write(ESU);
        previousLineCount = frame.length + 1;
        if (!tty.written.slice(before).join('').includes('\u001b[2J')) diffedFrames++;
        // The terminal's tty turns "\n" into "\r\n" (ONLCR); xterm is given what the terminal receives.
        await write(live, tty.written.splice(0).join('').replace(/\n/g, '\r\n'));
        expect(screen(live), `seed ${seed} step ${step}:\n${frame.join('\n')}`).toEqual(await fullRedraw(columns, rows, frame));
        framesCompared++;
      }
      live.dispose();
    }
    expect(framesCompared).toBe(1200);
    // Most frames were diffs, not redraws: the comparison above is about the diffs.
    expect(diffedFrames).toBeGreaterThan(900);
  });

  it('a one-row change writes that cell only; other writes and resizes make the next frame whole', () => {
    const tty = new FakeTty(20, 4);
    const stdout = changedRowsStdout(tty);
    const HOME_CLEAR = '\u001b[H\u001b[2J';
    // Before any frame: a write that is not one goes through as it is.
    stdout.write('\u001b[?25l');
    // The first frame (log-update writes it bare) is drawn whole from the top left; the next is diffed.
    stdout.write('aaa\nbbb\nccc\n');
    stdout.write(eraseLines(4) + 'aaa\nbbb\nccc\n');
    expect(tty.written.splice(0)).toEqual(['\u001b[?25l', HOME_CLEAR + 'aaa\nbbb\nccc\n', '']);
    // Once a frame is drawn, a bare write is not taken for one (log-update writes a frame bare again
    // after a console message, below it).
    stdout.write('a message\n');
    stdout.write('aaa\nbbb\nccc\n');
    stdout.write(eraseLines(4) + 'aaa\nbbb\nccc\n');
    expect(tty.written.splice(0)).toEqual(['a message\n', 'aaa\nbbb\nccc\n', HOME_CLEAR + 'aaa\nbbb\nccc\n']);
    stdout.write(eraseLines(4) + 'aaa\nbXb\nccc\n');
    // Row 2, column 2: "X"; then the cursor back below the last row, where log-update left it.
    expect(tty.written.splice(0)).toEqual(['\u001b[2;2HX\u001b[4;1H']);
    stdout.write(eraseLines(4) + 'aaa\nbXb\nccc\n');
    expect(tty.written.splice(0)).toEqual(['']);
    stdout.write('\u001b[1;1Hhello');
    stdout.write(eraseLines(4) + 'aaa\nbXb\nccc\n');
    expect(tty.written.splice(0)).toEqual(['\u001b[1;1Hhello', HOME_CLEAR + 'aaa\nbXb\nccc\n']);
    tty.emit('resize');
    stdout.write(CLEAR + 'aaa\nbYb\nccc\nddd');
    stdout.write(CLEAR + 'aaa\nbYb\nccc\ndZd');
    expect(tty.written.splice(0)).toEqual([HOME_CLEAR + 'aaa\nbYb\nccc\nddd', '\u001b[4;2HZ\u001b[4;4H']);
  });
});
