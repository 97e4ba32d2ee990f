// Text of one agents-view row, laid out for a width. Pure, so the layout is tested without Ink.
//
// Columns by priority, as in the run list (run-columns.ts): what says an agent is in trouble first.
//   always: AGENT (at least NAME_MIN), FAIL% (failure rate in the window), RUNS (in the window)
//   then:   ACT (live now), APPR (approvals waiting, answerable ones), LAST (age of its newest run),
//           P50, P95 (durations), TOK/M, IN, OUT (tokens in the window), REASON (most common failure)
// Rows stay ASCII: Ink measures non-ASCII text on a slow path (~200 us a row against ~0.3 us), so a
// missing figure is "-" and a cut ASCII name ends in "~" rather than "…" (measured: string-width was
// the largest cost of an agents-view frame at 200 agents with cut names).

import type { AgentAggregate } from '../store/agent-aggregates.js';
import type { AgentSortKey } from '../store/types.js';
import { formatAge, formatDuration, formatTokens, padEnd, truncate } from '../util/format.js';

interface Column {
  key: AgentSortKey | 'reason';
  title: string;
  width: number;
  cell(a: AgentAggregate, now: number): string;
}

const NAME_MIN = 12;
const NAME_COMFORT = 22;
const REASON_MAX = 24;
const REASON_READABLE = 16;
const DASH = '-';

const dur = (ms: number | null) => (ms === null ? DASH : formatDuration(ms));
const tok = (n: number | null) => (n === null ? DASH : formatTokens(n));

/** Numeric columns, by priority; REASON takes what is left at the end. */
const COLUMNS: Column[] = [
  { key: 'failure', title: 'FAIL%', width: 6, cell: (a) => (a.failureRate === null ? DASH : `${Math.round(a.failureRate * 100)}%`) },
  { key: 'runs', title: 'RUNS', width: 5, cell: (a) => String(a.runs) },
  { key: 'active', title: 'ACT', width: 4, cell: (a) => String(a.active) },
  { key: 'approvals', title: 'APPR', width: 5, cell: (a) => String(a.approvals) },
  { key: 'lastRun', title: 'LAST', width: 5, cell: (a, now) => (a.lastRunAt === null ? DASH : formatAge(now - a.lastRunAt).replace(' ago', '')) },
  { key: 'p50', title: 'P50', width: 7, cell: (a) => dur(a.p50Ms) },
  { key: 'p95', title: 'P95', width: 7, cell: (a) => dur(a.p95Ms) },
  { key: 'tokensPerMin', title: 'TOK/M', width: 7, cell: (a) => tok(a.tokensPerMin) },
  { key: 'tokensIn', title: 'IN', width: 7, cell: (a) => (a.tokensKnown ? tok(a.tokensIn) : DASH) },
  { key: 'tokensOut', title: 'OUT', width: 7, cell: (a) => (a.tokensKnown ? tok(a.tokensOut) : DASH) },
];
const ALWAYS = 2; // FAIL% and RUNS

export interface AgentLayout {
  name: number;
  columns: Column[];
  reason: number;
}

export function agentLayoutFor(width: number): AgentLayout {
  let free = width - NAME_MIN;
  const columns: Column[] = [];
  for (const [i, column] of COLUMNS.entries()) {
    // Strictly by priority: once a column does not fit, no lower one is shown either.
    if (i >= ALWAYS && free < column.width) break;
    columns.push(column);
    free -= column.width;
  }
  // With every figure shown, the failure reason first gets enough to be read, then the name its
  // comfortable width, then the reason the rest.
  const allFit = columns.length === COLUMNS.length;
  let reason = allFit && free >= 8 ? Math.min(REASON_READABLE, free) : 0;
  free -= reason;
  const nameExtra = Math.max(0, Math.min(free, NAME_COMFORT - NAME_MIN));
  free -= nameExtra;
  const more = reason ? Math.min(free, REASON_MAX - reason) : 0;
  reason += more;
  free -= more;
  return { name: Math.max(4, NAME_MIN + nameExtra + Math.max(0, free)), columns, reason };
}

export function agentColumnHeader(width: number, sort: AgentSortKey): string {
  const l = agentLayoutFor(width);
  // The sorted column is marked with a star in the space after its title.
  let text = padEnd(sort === 'name' ? 'AGENT*' : 'AGENT', l.name);
  for (const c of l.columns) text += c.title.padStart(c.width - 1) + (c.key === sort ? '*' : ' ');
  if (l.reason) text += padEnd(' REASON', l.reason);
  return truncate(text, width);
}

const ASCII = /^[\x20-\x7e]*$/;

/** Cut to `width` columns, keeping an ASCII text ASCII. */
function cut(text: string, width: number): string {
  if (!ASCII.test(text)) return truncate(text, width);
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}~`;
}

export function formatAgentRow(a: AgentAggregate, width: number, now: number): string {
  const l = agentLayoutFor(width);
  let text = padEnd(cut(a.name, l.name - 1), l.name);
  for (const c of l.columns) text += cut(c.cell(a, now), c.width - 1).padStart(c.width - 1) + ' ';
  if (l.reason) text += ` ${cut(a.topFailure ?? '', l.reason - 1)}`;
  return cut(text, width);
}
