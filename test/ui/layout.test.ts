import { describe, expect, it } from 'vitest';
import { computeLayout } from '../../src/ui/layout.js';
import { columnHeader, formatRunRow } from '../../src/ui/run-columns.js';
import { wrapText } from '../../src/ui/transcript-lines.js';
import { stringWidth } from '../../src/util/format.js';
import { normalizeRun } from '../../src/store/normalize-run.js';
import { stepRows, stepsThatFit } from '../../src/ui/StepsPane.js';

describe('layout', () => {
  it('fills the terminal less one row, side by side from 80 columns, stacked below', () => {
    for (const [columns, rows] of [
      [200, 60],
      [120, 40],
      [80, 24],
      [79, 24],
      [60, 20],
      [40, 12],
      [20, 6],
    ]) {
      const l = computeLayout(columns, rows);
      expect(l.height).toBe(Math.max(6, rows - 1));
      if (columns >= 80) {
        expect(l.stacked).toBe(false);
        expect(l.runs.width + l.messages.width).toBe(l.width);
        expect(l.runs.height).toBe(l.body);
        expect(l.messages.height + (l.steps?.height ?? 0)).toBe(l.body);
      } else {
        expect(l.stacked).toBe(true);
        expect(l.runs.height + l.messages.height + (l.steps?.height ?? 0)).toBe(l.body);
      }
      expect(l.body + 3).toBe(l.height);
    }
  });

  it('keeps the steps pane at 80x24 and drops it when there is no room', () => {
    expect(computeLayout(80, 24).steps).not.toBeNull();
    expect(computeLayout(80, 16).steps).toBeNull();
  });
});

describe('run row', () => {
  const row = {
    ...normalizeRun({ id: 'run-6a0e2f5c-1b7d-4c1e-9a4f-0c2d8e3b7a11', status: 'completed', stop_reason: 'requires_approval', created_at: new Date(Date.now() - 3_600_000).toISOString(), total_duration_ns: 12e9 }),
    statusChangedAt: null,
    updatedAt: 0,
    stalled: false,
  };
  it('never grows past its width, whatever the width', () => {
    for (let width = 20; width <= 140; width++) {
      const cells = formatRunRow(row, width, { agentName: '研究助手-research-assistant-with-a-long-name', tokens: 123456, now: Date.now(), staleAfterMs: 1e9 });
      expect(stringWidth(cells.badge + cells.rest)).toBeLessThanOrEqual(width);
      expect(stringWidth(columnHeader(width))).toBeLessThanOrEqual(width);
    }
  });
  it('shows duration, stop reason and tokens as the width allows', () => {
    const wide = formatRunRow(row, 100, { agentName: 'support-bot', tokens: 12400, now: Date.now(), staleAfterMs: 1e9 });
    expect(wide.rest).toContain('12s');
    expect(wide.rest).toContain('requires_approval');
    expect(wide.rest).toContain('12.4k');
    expect(wide.rest).toContain('1h ago');
    const narrow = formatRunRow(row, 38, { agentName: 'support-bot', tokens: 12400, now: Date.now(), staleAfterMs: 1e9 });
    expect(narrow.rest).toContain('1h ago');
    expect(narrow.rest).not.toContain('requires_approval');
  });
  it('flags a live run unchanged for longer than the threshold as stale', () => {
    const live = { ...row, status: 'running', group: 'active' as const, stopReason: null, updatedAt: Date.now() - 3_600_000 };
    expect(formatRunRow(live, 100, { agentName: 'a', tokens: null, now: Date.now(), staleAfterMs: 60_000 }).rest).toContain('stale?');
  });
});

describe('steps table height', () => {
  it('takes one line per step under the borders, the heading and its rule', () => {
    expect(stepsThatFit(4)).toBe(0);
    expect(stepsThatFit(5)).toBe(1);
    expect(stepsThatFit(6)).toBe(2);
    expect(stepsThatFit(7)).toBe(3);
    // 120x40: the steps pane leaves 8 lines to the table, enough for a 4-step run.
    expect(stepsThatFit(computeLayout(120, 40).steps!.height - 4)).toBe(4);
  });
});

describe('text in panes', () => {
  it('wraps long lines within the width, wide characters included', () => {
    const text = 'word '.repeat(50) + '長い日本語のテキスト'.repeat(5) + 'x'.repeat(90);
    for (const width of [8, 13, 40]) for (const line of wrapText(text, width)) expect(stringWidth(line)).toBeLessThanOrEqual(width);
  });
  it('the steps table fits its pane by cutting and dropping columns', () => {
    const steps = [{ id: 's1', model: 'anthropic/claude-sonnet-4-5-20250929', promptTokens: 9412, completionTokens: 187, status: 'success', stopReason: 'context_window_overflow_in_system_prompt', error: null }];
    for (const width of [30, 38, 50, 80]) {
      const [first] = stepRows(steps, 0, width);
      const cells = Object.values(first).map(String);
      // ink-table: each column is its widest cell plus a space each side, plus one border per column and one closing.
      const tableWidth = cells.reduce((sum, cell, i) => sum + Math.max(cell.length, Object.keys(first)[i].length) + 3, 0) + 1;
      expect(tableWidth).toBeLessThanOrEqual(width);
    }
  });
});
