// The shortcuts patched into string-width, ansi-tokenize and slice-ansi (src/util/narrow-text.ts)
// must not change a single width or grapheme: each narrow character is checked against string-width
// as published and against Intl.Segmenter, and random text against both.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { styledCharsFromTokens, styledCharsToString, tokenize } from '@alcalzone/ansi-tokenize';
import { eastAsianWidth } from 'get-east-asian-width';
import stringWidth from 'string-width';
import stripAnsi from 'strip-ansi';
import { describe, expect, it } from 'vitest';
import { isNarrowText, NARROW_RANGES, segmentGraphemes } from '../../src/util/narrow-text.js';

/** string-width exactly as published (the tests load the patched one, as the bundle does). */
function publishedStringWidth(): (text: string) => number {
  const file = path.join(path.dirname(createRequire(import.meta.url).resolve('string-width')), 'index.js');
  const body = readFileSync(file, 'utf8')
    .replace(/^import .*$/gm, '')
    .replace('export default function stringWidth', 'return function stringWidth');
  return new Function('stripAnsi', 'eastAsianWidth', body)(stripAnsi, eastAsianWidth) as (text: string) => number;
}

const published = publishedStringWidth();
const intl = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const intlSegments = (text: string) => [...intl.segment(text)].map(({ segment, index }) => ({ segment, index }));
const ourSegments = (text: string) => [...segmentGraphemes(text)].map(({ segment, index }) => ({ segment, index }));

const narrowChars: string[] = NARROW_RANGES.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i)));

/** A deterministic pseudo-random generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

// Characters that do join, are wide or are invisible: the shortcuts must step aside for them.
const TRICKY = ['\u0301', '\u200d', '\ufe0f', '\u00ad', '漢', '👍', '🇫🇷', '\r\n', '\u1100\u1161', '\u0915\u094d\u0937', '\u2764'];
const ESCAPES = ['\u001b[31m', '\u001b[1;4m', '\u001b[39m', '\u001b]8;;https://example.com\u0007', '\u001b]8;;\u0007'];

function randomText(next: () => number, withTricky: boolean): string {
  let text = '';
  const length = 1 + Math.floor(next() * 24);
  for (let i = 0; i < length; i++) {
    const roll = next();
    if (withTricky && roll < 0.15) text += TRICKY[Math.floor(next() * TRICKY.length)];
    else if (roll < 0.3) text += ESCAPES[Math.floor(next() * ESCAPES.length)];
    else text += narrowChars[Math.floor(next() * narrowChars.length)];
  }
  return text;
}

describe('narrow text', () => {
  it('every character of the narrow ranges is one column for string-width as published, alone and beside others', () => {
    const wrong = narrowChars.filter((ch) => published(ch) !== 1 || published(`${ch}a${ch}`) !== 3);
    expect(wrong.map((ch) => ch.charCodeAt(0).toString(16))).toEqual([]);
  });

  it('every character of the narrow ranges is a grapheme of its own for Intl.Segmenter, whatever is beside it', () => {
    const joined = narrowChars.filter((ch) => intlSegments(`a${ch}\u001b${ch}${ch}`).length !== 5);
    expect(joined.map((ch) => ch.charCodeAt(0).toString(16))).toEqual([]);
  });

  it('is recognised only when every character is narrow', () => {
    expect(isNarrowText('● 12 running │ ✓ done ≥ 5 ⚑ …')).toBe(true);
    expect(isNarrowText('')).toBe(true);
    for (const tricky of TRICKY) expect(isNarrowText(`ok ${tricky}`)).toBe(false);
    expect(isNarrowText('tab\there')).toBe(false);
  });

  it('string-width as loaded (patched) gives the published width for random text, tricky or not', () => {
    const next = random(7);
    for (let i = 0; i < 3000; i++) {
      const text = randomText(next, i % 2 === 0);
      expect(stringWidth(text), JSON.stringify(text)).toBe(published(text));
    }
  });

  it('segmentGraphemes gives exactly the graphemes Intl.Segmenter gives', () => {
    const next = random(11);
    for (let i = 0; i < 3000; i++) {
      const text = randomText(next, i % 2 === 0);
      expect(ourSegments(text), JSON.stringify(text)).toEqual(intlSegments(text));
      // slice-ansi asks for the grapheme at an index.
      const ours = segmentGraphemes(text);
      const theirs = intl.segment(text);
      for (const index of [-1, 0, Math.floor(text.length / 2), text.length - 1, text.length]) {
        const [a, b] = [ours.containing(index), theirs.containing(index)];
        expect(a && { segment: a.segment, index: a.index }, `${JSON.stringify(text)} at ${index}`).toEqual(b && { segment: b.segment, index: b.index });
      }
    }
  });

  it('ansi-tokenize as loaded (patched) tokenizes rows as before: styles, links and wide characters', () => {
    const tokens = tokenize('\u001b[31m●\u001b[39m 漢x\u0301 ✓');
    expect(tokens.filter((t) => t.type === 'char').map((t) => [t.value, t.fullWidth])).toEqual([
      ['●', false],
      [' ', false],
      ['漢', true],
      ['x\u0301', false],
      [' ', false],
      ['✓', false],
    ]);
    expect(tokens.filter((t) => t.type === 'ansi').map((t) => t.code)).toEqual(['\u001b[31m', '\u001b[39m']);
  });
});

/** ansi-tokenize's styledChars.js exactly as published, with the package's own helpers. */
async function publishedStyledChars(): Promise<{ fromTokens: (tokens: unknown[]) => unknown[]; toString: (chars: unknown[]) => string }> {
  const dir = path.resolve('node_modules/@alcalzone/ansi-tokenize/build');
  const { ansiCodesToString } = await import(path.join(dir, 'ansiCodes.js'));
  const { diffAnsiCodes } = await import(path.join(dir, 'diff.js'));
  const { reduceAnsiCodesIncremental } = await import(path.join(dir, 'reduce.js'));
  const body = `${readFileSync(path.join(dir, 'styledChars.js'), 'utf8').replace(/^import .*$/gm, '').replace(/^export /gm, '')}\nreturn { fromTokens: styledCharsFromTokens, toString: styledCharsToString };`;
  return new Function('ansiCodesToString', 'diffAnsiCodes', 'reduceAnsiCodesIncremental', body)(ansiCodesToString, diffAnsiCodes, reduceAnsiCodesIncremental);
}

describe('styled characters (ansi-tokenize, patched to share style arrays)', () => {
  const STYLES = ['\u001b[31m', '\u001b[39m', '\u001b[1m', '\u001b[22m', '\u001b[2m', '\u001b[7m', '\u001b[27m', '\u001b[0m', '\u001b[38;5;208m', '\u001b[44m', '\u001b[49m'];

  it('gives the same characters, styles and printed row as the published code for random styled rows', async () => {
    const published = await publishedStyledChars();
    const next = random(3);
    for (let i = 0; i < 2000; i++) {
      let row = '';
      const length = 1 + Math.floor(next() * 30);
      for (let j = 0; j < length; j++) row += next() < 0.3 ? STYLES[Math.floor(next() * STYLES.length)] : narrowChars[Math.floor(next() * narrowChars.length)];
      const ours = styledCharsFromTokens(tokenize(row));
      const theirs = published.fromTokens(tokenize(row));
      expect(JSON.stringify(ours), JSON.stringify(row)).toBe(JSON.stringify(theirs));
      expect(styledCharsToString(ours), JSON.stringify(row)).toBe(published.toString(theirs));
    }
  });
});
