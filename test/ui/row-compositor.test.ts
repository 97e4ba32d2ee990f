// The row compositor must print what Ink's own grid prints: the same characters with the same
// styles in the same cells, on every frame. Random frames (seeded, so a failure reproduces) mix
// styled, wide, unbalanced and multi-line text, transformers, nested clips, overlaps and writes
// that fall outside the frame; each is built by both and compared cell by cell.

import { createRequire } from 'node:module';
import path from 'node:path';
import { styledCharsFromTokens, tokenize } from '@alcalzone/ansi-tokenize';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { composeFrame, type InkGrid, type InkOperation, type InkOutput } from '../../src/ui/row-compositor.js';

/** Ink's Output (ink/build/output.js, internal) as patches/ink@6.8.0.mjs leaves it. */
interface PatchedOutput extends InkOutput {
  write(x: number, y: number, text: string, options: { transformers: [] }): void;
  get(): { output: string; height: number };
  inkGet(): { output: string; height: number };
}
let Output: new (options: { width: number; height: number }) => PatchedOutput;
let inkGrid: InkGrid;

beforeAll(async () => {
  // The module Ink's renderer imports, loaded (and patched) the way the tests load Ink.
  const file = path.join(path.dirname(createRequire(import.meta.url).resolve('ink')), 'output.js');
  Output = ((await import(file)) as { default: typeof Output }).default;
  if (typeof Output.prototype.inkGet !== 'function') throw new Error('Ink was loaded without patches/ink@6.8.0.mjs (vitest.config.ts)');
  inkGrid = (width, height, operations) => {
    const output = new Output({ width, height });
    output.operations = operations;
    return output.inkGet();
  };
});

afterEach(() => {
  delete process.env.RUNS_TOP_INK_GRID;
});

/** What a terminal shows on each row: each character with the set of styles it is drawn with. */
function cells(frame: string): string[][] {
  return frame.split('\n').map((row) =>
    styledCharsFromTokens(tokenize(row)).map((char) => `${char.value}|${char.styles.map((style) => style.code).sort().join(',')}`),
  );
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

// Zero-width characters (U+200B, a soft hyphen) and ZWJ emoji: clipping counts them differently.
const WORDS = ['run', 'ok', '  ', 'x', '漢字', '🙂', 'tool_call', '│', '─', 'é', 'a b', 'a\u200bb', 'co\u00adop', '👨‍👩‍👧', '\u3000'];
const STYLES: Array<[string, string]> = [
  ['\u001b[1m', '\u001b[22m'],
  ['\u001b[31m', '\u001b[39m'],
  ['\u001b[32m', '\u001b[39m'],
  ['\u001b[7m', '\u001b[27m'],
  ['\u001b[44m', '\u001b[49m'],
  ['\u001b[4m', '\u001b[24m'],
];
// No dim: bold and dim share one end code, and where a bold cell meets a dim one Ink's own string
// closes both and never reopens dim (the compositor prints that cell correctly, so they would differ).

function randomFrame(next: () => number): InkOutput {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const int = (from: number, to: number) => from + Math.floor(next() * (to - from + 1));
  const width = int(4, 40);
  const height = int(1, 6);
  const line = () => {
    let text = '';
    for (let i = int(0, 4); i > 0; i--) {
      const word = pick(WORDS);
      const roll = next();
      if (roll < 0.4) text += word;
      else if (roll < 0.9) {
        const [open, close] = pick(STYLES);
        text += open + word + close;
      } else text += pick(STYLES)[0] + word; // left open: the style must not leak into the next write
    }
    return text;
  };
  const operations: InkOperation[] = [];
  let depth = 0;
  for (let i = int(1, 10); i > 0; i--) {
    const roll = next();
    if (roll < 0.2) {
      const horizontal = next() < 0.7;
      const vertical = next() < 0.7;
      operations.push({
        type: 'clip',
        clip: {
          ...(horizontal ? { x1: int(0, width), x2: int(0, width + 2) } : {}),
          ...(vertical ? { y1: int(0, height), y2: int(0, height + 1) } : {}),
        },
      });
      depth++;
    } else if (roll < 0.28 && depth > 0) {
      operations.push({ type: 'unclip' });
      depth--;
    } else {
      const lines = Array.from({ length: int(1, 3) }, line).join('\n');
      const transformers =
        next() < 0.2 ? [(text: string, index: number) => (index % 2 === 0 ? `[${text}]` : `\u001b[4m${text}\u001b[24m`)] : [];
      // Mostly inside the frame and side by side, like a real screen; sometimes overlapping or outside.
      operations.push({ type: 'write', x: next() < 0.9 ? int(0, width - 1) : int(-3, width + 3), y: next() < 0.9 ? int(0, height - 1) : int(-2, height + 2), text: lines, transformers });
    }
  }
  return { width, height, operations };
}

describe('row compositor', () => {
  it("draws every random frame exactly as Ink's grid does", () => {
    const next = random(20261130);
    let rowsCompared = 0;
    for (let frame = 0; frame < 2000; frame++) {
      const output = randomFrame(next);
      const expected = inkGrid(output.width, output.height, output.operations);
      const actual = composeFrame(output, inkGrid);
      expect(actual.height).toBe(expected.height);
      const context = JSON.stringify(output, null, 1);
      expect(cells(actual.output), context).toEqual(cells(expected.output));
      rowsCompared += output.height;
    }
    expect(rowsCompared).toBeGreaterThan(4000);
  });

  it('builds side-by-side rows without Ink, and leaves overlapping rows to Ink, byte for byte', () => {
    let inkCalls = 0;
    const countingGrid: InkGrid = (width, height, operations) => {
      inkCalls++;
      return inkGrid(width, height, operations);
    };
    const ink = (output: InkOutput) => inkGrid(output.width, output.height, output.operations).output;
    const write = (x: number, y: number, text: string): InkOperation => ({ type: 'write', x, y, text, transformers: [] });
    const sideBySide: InkOutput = {
      width: 30,
      height: 2,
      operations: [write(0, 0, '│\n│'), write(2, 0, '\u001b[7mrun-1  running\u001b[27m\nrun-2'), write(18, 0, '\u001b[32mok\u001b[39m 漢字'), write(29, 0, '│\n│')],
    };
    const frame = composeFrame(sideBySide, countingGrid);
    expect(inkCalls).toBe(0);
    expect(frame.output).toBe(ink(sideBySide));

    // Between two rows: Ink drops it.
    const fractional: InkOutput = { width: 10, height: 2, operations: [write(0, 0.5, 'lost'), write(0, 1, 'kept')] };
    expect(composeFrame(fractional, countingGrid).output).toBe(ink(fractional));

    const overlapping: InkOutput = { width: 10, height: 1, operations: [write(0, 0, 'abcdef'), write(3, 0, '\u001b[1mXY\u001b[22m')] };
    expect(composeFrame(overlapping, countingGrid).output).toBe(ink(overlapping));
    expect(inkCalls).toBe(1);
  });

  // Two touching pieces in the same colour: Ink's grid merges them into one styled run, the
  // compositor keeps each piece's own codes. Which string comes out says who built the frame.
  const touching = () => {
    const output = new Output({ width: 4, height: 1 });
    output.write(0, 0, '\u001b[31ma\u001b[39m', { transformers: [] });
    output.write(1, 0, '\u001b[31mb\u001b[39m', { transformers: [] });
    return output;
  };
  const COMPOSED = '\u001b[31ma\u001b[39m\u001b[31mb\u001b[39m';
  const INK_GRID = '\u001b[31mab\u001b[39m';

  it("Ink's Output.get builds frames with the compositor (patched as Ink loads), and Ink's frames reach the terminal", async () => {
    expect(touching().get().output).toBe(COMPOSED);
    expect(touching().inkGet().output).toBe(INK_GRID);
    const { render, Box, Text } = await import('ink');
    const { PassThrough } = await import('node:stream');
    const React = await import('react');
    const stdout = Object.assign(new PassThrough(), { columns: 20, rows: 5, isTTY: true });
    let written = '';
    stdout.on('data', (chunk: Buffer) => (written += chunk.toString()));
    const red = (text: string) => React.createElement(Text, { color: 'red' }, text);
    const instance = render(React.createElement(Box, null, red('a'), red('b')), {
      stdout: stdout as unknown as NodeJS.WriteStream,
      debug: true,
      patchConsole: false,
    });
    instance.unmount();
    expect(written).toContain(COMPOSED);
  });

  it("stays out of the way when RUNS_TOP_INK_GRID=1 asks for Ink's own grid", () => {
    process.env.RUNS_TOP_INK_GRID = '1';
    expect(touching().get().output).toBe(INK_GRID);
  });
});
