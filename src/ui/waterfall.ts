// Where a run's time went, as text (issue 9): one bar per step on the run's timeline, split into LLM
// request time, tool execution time and the rest of the step, with the run's time to first token
// marked. Pure: metrics in, cells out; the steps pane colours them.

import type { RunMetricsView } from '../store/types.js';

export type CellKind = 'outside' | 'llm' | 'tool' | 'rest' | 'ttft';

export const CELL_GLYPH: Record<CellKind, string> = { outside: ' ', llm: '█', tool: '▒', rest: '░', ttft: '┃' };

export interface WaterfallRow {
  /** Step number, 1-based. */
  index: number;
  /** Runs of equal cells: [kind, count]. */
  segments: Array<[CellKind, number]>;
  durationNs: number | null;
}

export interface Waterfall {
  rows: WaterfallRow[];
  totalNs: number;
  /** Shares of the run's time, 0..1, over the steps with timings. */
  share: { llm: number; tool: number; rest: number };
}

interface Span {
  start: number;
  end: number;
  llmStart: number;
  llmEnd: number;
  toolEnd: number;
}

/** Step spans relative to the run's start; a step without a start follows the one before it. */
function spans(metrics: RunMetricsView): { spans: Array<Span | null>; totalNs: number } {
  const first = metrics.steps.find((s) => s.startNs !== null)?.startNs ?? null;
  const origin = metrics.runStartNs ?? first ?? 0;
  let cursor = 0;
  const out: Array<Span | null> = [];
  for (const step of metrics.steps) {
    if (step.stepNs === null && step.llmNs === null) {
      out.push(null);
      continue;
    }
    const start = step.startNs !== null ? step.startNs - origin : cursor;
    const llmStart = step.llmStartNs !== null ? step.llmStartNs - origin : start;
    const llmEnd = llmStart + (step.llmNs ?? 0);
    const toolEnd = llmEnd + (step.toolNs ?? 0);
    const end = step.stepNs !== null ? start + step.stepNs : toolEnd;
    out.push({ start, end: Math.max(end, start), llmStart, llmEnd, toolEnd });
    cursor = Math.max(cursor, end);
  }
  return { spans: out, totalNs: Math.max(metrics.runNs ?? 0, cursor) };
}

function kindAt(span: Span, t: number): CellKind {
  if (t < span.start || t >= span.end) return 'outside';
  if (t >= span.llmStart && t < span.llmEnd) return 'llm';
  if (t >= span.llmEnd && t < span.toolEnd) return 'tool';
  return 'rest';
}

function runsOf(cells: CellKind[]): Array<[CellKind, number]> {
  const segments: Array<[CellKind, number]> = [];
  for (const cell of cells) {
    const last = segments[segments.length - 1];
    if (last && last[0] === cell) last[1]++;
    else segments.push([cell, 1]);
  }
  return segments;
}

/** The waterfall in `width` cells per bar; `ttftMs` (the run's, when known) is marked on its step. */
export function buildWaterfall(metrics: RunMetricsView, width: number, ttftMs: number | null): Waterfall {
  const { spans: all, totalNs } = spans(metrics);
  const cellsWide = Math.max(1, width);
  const unit = totalNs > 0 ? totalNs / cellsWide : 1;
  const ttftNs = ttftMs === null ? null : ttftMs * 1e6;
  let llm = 0;
  let tool = 0;
  let timed = 0;
  const rows = all.map((span, i): WaterfallRow => {
    if (!span) return { index: i + 1, segments: [], durationNs: null };
    llm += span.llmEnd - span.llmStart;
    tool += span.toolEnd - span.llmEnd;
    timed += span.end - span.start;
    const cells: CellKind[] = [];
    for (let c = 0; c < cellsWide; c++) cells.push(kindAt(span, (c + 0.5) * unit));
    // A part too short for a cell of its own still shows, in the cell where it starts.
    const nudge = (kind: CellKind, from: number, to: number) => {
      if (to > from && !cells.includes(kind)) cells[Math.min(cellsWide - 1, Math.floor(from / unit))] = kind;
    };
    nudge('rest', span.start, span.end);
    nudge('llm', span.llmStart, span.llmEnd);
    nudge('tool', span.llmEnd, span.toolEnd);
    if (ttftNs !== null && ttftNs >= span.start && ttftNs < span.end) cells[Math.min(cellsWide - 1, Math.floor(ttftNs / unit))] = 'ttft';
    return { index: i + 1, segments: runsOf(cells), durationNs: span.end - span.start };
  });
  const whole = timed > 0 ? timed : 1;
  return { rows, totalNs, share: { llm: llm / whole, tool: tool / whole, rest: Math.max(0, (timed - llm - tool) / whole) } };
}

/** A row as plain text (tests, and the width check). */
export function rowText(row: WaterfallRow): string {
  return row.segments.map(([kind, n]) => CELL_GLYPH[kind].repeat(n)).join('');
}
