import { describe, expect, it } from 'vitest';
import { helpLayout, helpRows } from '../../src/ui/HelpOverlay.js';
import { KEYMAP } from '../../src/ui/keymap.js';
import { stringWidth } from '../../src/util/format.js';

const rows = helpRows(KEYMAP);

/** Each binding's description, put back together from its lines. */
function descriptions(lines: Array<{ keys: string; text: string }>): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (line.keys) out.push(line.text);
    else out[out.length - 1] += ` ${line.text}`;
  }
  return out;
}

describe('help layout', () => {
  it('shows every binding whole, without scrolling, when the screen is large (200x60)', () => {
    const layout = helpLayout(rows, 198, 54);
    expect(layout.scrollLines).toBe(0);
    expect(descriptions(layout.columns.flat())).toEqual(rows.map((row) => row.description));
  });

  it('flows into more columns on a wide, short screen rather than scrolling (160x26)', () => {
    const layout = helpLayout(rows, 158, 22);
    expect(layout.scrollLines).toBe(0);
    expect(layout.columns.length).toBe(2);
    for (const column of layout.columns) expect(column.length).toBeLessThanOrEqual(22);
    expect(descriptions(layout.columns.flat())).toEqual(rows.map((row) => row.description));
  });

  it('uses one column and scrolls at 80x24, where descriptions wrap and nothing is cut', () => {
    const layout = helpLayout(rows, 78, 18);
    expect(layout.columns).toHaveLength(1);
    expect(layout.scrollLines).toBeGreaterThan(18);
    expect(layout.scrollLines).toBe(layout.columns[0].length);
    for (const line of layout.columns[0]) expect(layout.keyWidth + stringWidth(line.text)).toBeLessThan(78);
    expect(descriptions(layout.columns[0])).toEqual(rows.map((row) => row.description));
  });

  it('never splits a binding across two columns', () => {
    const layout = helpLayout(rows, 158, 16);
    for (const column of layout.columns) expect(column[0]?.keys).not.toBe('');
  });
});
