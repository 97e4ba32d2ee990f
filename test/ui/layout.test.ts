import { describe, expect, it } from 'vitest';
import { computeLayout } from '../../src/ui/layout.js';
import { columnHeader, durationText, formatRunRow, layoutFor } from '../../src/ui/run-columns.js';
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
  it('adds columns strictly by priority: note, then duration, then tokens, then the status word', () => {
    const failed = { ...row, status: 'failed', group: 'failed' as const, stopReason: 'llm_api_error' };
    const ctx = { agentName: 'support-bot', tokens: 12400, now: Date.now(), staleAfterMs: 1e9 };
    // 200 columns: the run pane is 90 wide, every column shows.
    const wide = formatRunRow(failed, 88, ctx);
    for (const text of ['support-bot', '1h', 'llm_api_error', '12s', '12.4k', 'failed']) expect(wide.rest).toContain(text);
    // 120 columns (pane 54, 52 inside): the failure reason and the duration, not the tokens (issue 8).
    const medium = formatRunRow(failed, 52, ctx);
    expect(medium.rest).toContain('llm_api_err');
    expect(medium.rest).toContain('12s');
    expect(medium.rest).not.toContain('12.4k');
    expect(columnHeader(52)).toContain('NOTE');
    expect(columnHeader(52)).toContain('DURATION');
    // 80 columns (pane 38, 36 inside): the agent's name whole, not cut to five letters.
    const narrow = formatRunRow(failed, 36, ctx);
    expect(narrow.rest).toContain('support-bot');
    expect(narrow.rest).toContain('1h');
    // Never a lower-priority column without the higher ones.
    for (let width = 20; width <= 140; width++) {
      const l = layoutFor(width);
      if (l.duration) expect(l.note).toBeGreaterThan(0);
      if (l.tokens) expect(l.duration).toBe(true);
      if (l.status) expect(l.tokens).toBe(true);
    }
  });
  it('a run waiting for approval reads "waiting", not "completed", in the status column', () => {
    const cells = formatRunRow(row, 88, { agentName: 'a', tokens: null, now: Date.now(), staleAfterMs: 1e9 });
    expect(cells.rest).toContain('waiting');
    expect(cells.rest).not.toContain('completed');
  });
  it('a stalled run says so even where the note column does not fit', () => {
    const live = { ...row, status: 'running', group: 'active' as const, stopReason: null, durationMs: null, stalled: true };
    expect(formatRunRow(live, 36, { agentName: 'support-bot', tokens: null, now: Date.now(), staleAfterMs: 1e9 }).rest).toContain('stalled');
  });
  it('a live run shows a lower bound, not a running clock, when the data is as of an earlier time', () => {
    const created = Date.now() - 60_000;
    const live = { ...row, status: 'running', group: 'active' as const, stopReason: null, durationMs: null, createdAt: created };
    expect(durationText(live, created + 60_000, null)).toBe('1m 00s');
    expect(durationText(live, created + 60_000, created + 5_000)).toBe('≥5.0s');
    // A finished run's duration is final either way.
    expect(durationText(row, Date.now(), created)).toBe('12s');
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
