import { describe, expect, it } from 'vitest';
import { helpEntries, helpLayout } from '../../src/ui/HelpOverlay.js';
import { KEYMAP } from '../../src/ui/keymap.js';
import { STATUS_GLYPH } from '../../src/ui/theme.js';
import { stringWidth } from '../../src/util/format.js';

// What the overlay lists: the bindings, then the legend.
const rows = helpEntries(KEYMAP, 30 * 60_000);

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

  it('flows into more columns on a wide, short screen rather than scrolling (360x30)', () => {
    const layout = helpLayout(rows, 358, 26);
    expect(layout.scrollLines).toBe(0);
    expect(layout.columns.length).toBeGreaterThan(1);
    for (const column of layout.columns) expect(column.length).toBeLessThanOrEqual(26);
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
    const layout = helpLayout(rows, 358, 16);
    for (const column of layout.columns) expect(column[0]?.keys).not.toBe('');
  });
});

describe('legend in the help', () => {
  const entries = rows;

  it('follows the keys and scrolls with them at 80x24', () => {
    const layout = helpLayout(entries, 78, 18);
    expect(layout.columns).toHaveLength(1);
    expect(descriptions(layout.columns[0])).toEqual(entries.map((row) => row.description));
    const keys = layout.columns[0].map((line) => line.keys).filter(Boolean);
    expect(keys.slice(-10)).toEqual(['Legend', '●', STATUS_GLYPH.approval, '✓', '✗', '⊘', '·', 'stalled', 'stale?', '≥ 3m']);
    expect(layout.scrollLines).toBe(layout.columns[0].length);
    for (const line of layout.columns[0]) expect(layout.keyWidth + stringWidth(line.text)).toBeLessThan(78);
  });

  it('says what each glyph and note means, with the --stale-after threshold', () => {
    const text = (keys: string) => entries.find((row) => row.keys === keys)?.description ?? '';
    expect(text(STATUS_GLYPH.approval)).toMatch(/waiting for a human/);
    expect(text('stalled')).toMatch(/\/messages/);
    expect(helpEntries(KEYMAP, 5 * 60_000).find((row) => row.keys === 'stale?')?.description).toMatch(/5 minutes \(--stale-after\)/);
    expect(text('≥ 3m')).toMatch(/lower bound/);
  });
});

describe('status glyphs', () => {
  it('the approval glyph is one column, not an emoji, and no glyph is a key', () => {
    const approval = STATUS_GLYPH.approval;
    expect(approval).not.toBe('?');
    expect(stringWidth(approval)).toBe(1);
    expect(/\p{Emoji_Presentation}|\p{Extended_Pictographic}/u.test(approval)).toBe(false);
    const keys = new Set(KEYMAP.flatMap((binding) => binding.keys));
    for (const glyph of Object.values(STATUS_GLYPH)) expect(keys.has(glyph), glyph).toBe(false);
    expect(new Set(Object.values(STATUS_GLYPH)).size).toBe(Object.values(STATUS_GLYPH).length);
  });
});
