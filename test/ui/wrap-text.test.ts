import { describe, expect, it } from 'vitest';
import { wrapText } from '../../src/ui/transcript-lines.js';
import { stringWidth } from '../../src/util/format.js';

// The demo's run_code call, compact as the messages pane shows it.
const CODE_CALL = `run_code(${JSON.stringify({ code: 'import pandas as pd\ndf = pd.read_csv("the-cache-invalidation-change.csv")\nprint(df.describe())' })})`;
const SEARCH_CALL = `web_search(${JSON.stringify({ query: 'the cache invalidation change 2026', topics: ['caching', 'invalidation', 'distributed systems'], num_results: 5 })})`;

/** A line that ends inside a backslash escape: an odd run of trailing `\`, or `\u` with fewer than four hex digits. */
function endsInsideEscape(line: string): boolean {
  const trailing = /\\+$/.exec(line)?.[0].length ?? 0;
  if (trailing % 2 === 1) return true;
  const unicode = /(\\+)u[0-9a-fA-F]{0,3}$/.exec(line);
  return unicode !== null && unicode[1].length % 2 === 1;
}

/** The text put back together: a break drops only the spaces at it. */
function rejoined(lines: string[]): string {
  return lines.join('').replace(/ /g, '');
}

describe('wrapText', () => {
  it('never splits an escape: `\\nprint(` stays whole instead of reading `nprint(`', () => {
    // At 51 columns the old wrap cut between the backslash and the n.
    const lines = wrapText(CODE_CALL, 51);
    expect(lines.some((line) => line.startsWith('nprint('))).toBe(false);
    expect(lines).toEqual(['run_code({"code":"import pandas as pd\\ndf =', 'pd.read_csv(\\"the-cache-invalidation-change.', 'csv\\")\\nprint(df.describe())"})']);
    for (let width = 4; width <= 80; width++) {
      for (const line of wrapText(CODE_CALL, width)) expect(endsInsideEscape(line), `width ${width}: ${line}`).toBe(false);
    }
  });

  it('keeps \\uXXXX, \\" and \\\\ whole', () => {
    const text = '{"text":"caf\\u00e9 \\"quoted\\" C:\\\\temp\\\\x \\u4e2d\\u6587"}';
    for (let width = 8; width <= 40; width++) {
      const lines = wrapText(text, width);
      for (const line of lines) {
        expect(endsInsideEscape(line), `width ${width}: ${line}`).toBe(false);
        expect(stringWidth(line)).toBeLessThanOrEqual(width);
      }
      expect(rejoined(lines)).toBe(text.replace(/ /g, ''));
    }
  });

  it('breaks compact JSON after commas and other seams rather than inside words (no `…cs`)', () => {
    // The old wrap cut "csv" as `.c` / `sv` at 45 columns, and "topics" as `"topi` / `cs"` at 11.
    expect(wrapText(CODE_CALL, 45)[1]).toBe('pd.read_csv(\\"the-cache-invalidation-change.');
    expect(wrapText(SEARCH_CALL, 30)).toEqual([
      'web_search({"query":"the',
      'cache invalidation change',
      '2026","topics":["caching",',
      '"invalidation","distributed',
      'systems"],"num_results":5})',
    ]);
    expect(wrapText('{"query":"the cache invalidation change 2026","topics":["caching"]}', 11)).toContain('"topics":[');
  });

  it('cuts a word only when it is longer than the line, and never exceeds the width', () => {
    expect(wrapText('supercalifragilistic', 8)).toEqual(['supercal', 'ifragili', 'stic']);
    for (const text of [CODE_CALL, SEARCH_CALL]) {
      for (let width = 1; width <= 60; width++) {
        const lines = wrapText(text, width);
        for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(width);
        expect(rejoined(lines)).toBe(text.replace(/ /g, ''));
      }
    }
  });

  it('keeps prose breaking after spaces', () => {
    expect(wrapText('the quick brown fox jumps over the lazy dog', 12)).toEqual(['the quick', 'brown fox', 'jumps over', 'the lazy dog']);
    // A bracket that opens a word stays with it.
    expect(wrapText('asked approval for a tool call (requires_approval)', 40)).toEqual(['asked approval for a tool call', '(requires_approval)']);
  });
});

describe('colons', () => {
  it('a JSON value with colons (a time) is not broken at them while a seam is at hand', () => {
    const call = 'create_calendar_event({"title":"the design review","start":"2026-03-24T10:30:00","duration_minutes":15})';
    // Widths at which the colons of the time were the nearest break before this.
    for (const width of [40, 76, 80]) {
      const lines = wrapText(call, width);
      // Nothing lost but the spaces a line ends at.
      expect(lines.join('').replace(/ /g, ''), `at ${width}`).toBe(call.replace(/ /g, ''));
      expect(lines.some((line) => /T10:(30:)?$/.test(line)), `at ${width}: ${lines.join(' | ')}`).toBe(false);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
    }
  });
});
