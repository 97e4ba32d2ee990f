// Text of one run-list row, laid out for a given width. Pure, so the layout is tested without Ink.
//
// Columns by priority (issue 8, "columns by priority at every width"): what tells an operator that
// something is wrong comes before what merely describes a run.
//   always:   status glyph, run id, agent (at least AGENT_MIN), age
//   then:     NOTE (stalled, stale?, or a stop reason worth reading: failures, approval, max steps)
//   then:     DURATION, then room for a readable agent name, then TOKENS, then the STATUS word
// Width left over goes to the agent name (up to AGENT_COMFORT), then to the note. Where the note
// column does not fit (80 columns), a stalled or stale run says so after its agent name, so the
// warning is never invisible. `w` (wide) gives the list the room for every column.

import type { RunRow } from '../store/types.js';
import { formatAge, formatDuration, formatTokens, padEnd, shortId, truncate } from '../util/format.js';
import { STATUS_GLYPH } from './theme.js';

export interface RowCells {
  /** The status glyph and a space: coloured by status. */
  badge: string;
  rest: string;
}

const BADGE = 2;
const ID = 9;
const AGE = 5;
const AGENT_MIN = 10;
const AGENT_READABLE = 15;
const AGENT_COMFORT = 22;
const NOTE = 14;
const NOTE_MAX = 28;
const DURATION = 9;
const TOKENS = 8;
const STATUS = 11;

export interface ColumnLayout {
  agent: number;
  note: number;
  duration: boolean;
  tokens: boolean;
  status: boolean;
}

export function layoutFor(width: number): ColumnLayout {
  let free = width - BADGE - ID - AGE - AGENT_MIN;
  // Strictly by priority: once a column does not fit, no lower one is shown either.
  let room = true;
  const take = (cost: number) => {
    room = room && free >= cost;
    if (room) free -= cost;
    return room;
  };
  const note = take(NOTE);
  const duration = take(DURATION);
  // A readable agent name comes before the token count: names cut to eight letters read as ids.
  const agentReadable = Math.max(0, Math.min(free, AGENT_READABLE - AGENT_MIN));
  free -= agentReadable;
  const tokens = take(TOKENS);
  const status = take(STATUS);
  const agentExtra = Math.max(0, Math.min(free, AGENT_COMFORT - AGENT_MIN - agentReadable));
  free -= agentExtra;
  const noteExtra = note ? Math.min(free, NOTE_MAX - NOTE) : 0;
  free -= noteExtra;
  return { agent: Math.max(4, AGENT_MIN + agentReadable + agentExtra + free), note: note ? NOTE + noteExtra : 0, duration, tokens, status };
}

export function columnHeader(width: number): string {
  const l = layoutFor(width);
  let text = ' '.repeat(BADGE) + padEnd('RUN', ID) + padEnd('AGENT', l.agent) + 'AGE'.padStart(AGE - 1) + ' ';
  if (l.note) text += padEnd(' NOTE', l.note);
  if (l.duration) text += 'DURATION'.padStart(DURATION - 1) + ' ';
  if (l.tokens) text += 'TOKENS'.padStart(TOKENS - 1) + ' ';
  if (l.status) text += padEnd(' STATUS', STATUS);
  return truncate(text, width);
}

/** A run is suspected stale when it claims to be live long after anything happened (RUNS-API.md §12.6). */
export function healthNote(row: RunRow, now: number, staleAfterMs: number): string | null {
  if (row.stalled) return 'stalled';
  if (row.group === 'active' && row.createdAt !== null && now - Math.max(row.createdAt, row.updatedAt) > staleAfterMs) return 'stale?';
  return null;
}

/** The stop reason, unless it is the ordinary end of a run (nothing to read there). */
function stopNote(row: RunRow): string {
  if (row.stopReason === 'requires_approval') return 'approval';
  // `cancelled` says what the glyph (and the status word) already say.
  return row.stopReason && row.stopReason !== 'end_turn' && row.stopReason !== row.status ? row.stopReason : '';
}

/** Age as k9s shows it: "8m", "3h", "now"; the column heading says what it is. */
function shortAge(ms: number | null): string {
  return formatAge(ms).replace(' ago', '');
}

/** The status word; a run paused on a human says so rather than "completed" (RUNS-API.md §12.5). */
export function statusWord(row: RunRow): string {
  return row.group === 'approval' ? 'waiting' : row.status;
}

export interface RowContext {
  agentName: string | undefined;
  /** Total tokens when known (the run's detail has been loaded). */
  tokens: number | null;
  now: number;
  staleAfterMs: number;
  /**
   * When the data shown was last known true (paused, or the server unreachable), else null. A live
   * run's duration then reads "≥ as of then": it may have finished since, so it must not keep counting.
   */
  asOf?: number | null;
}

/** Duration of the run as the list shows it: final, counting (live), or a lower bound (stale data). */
export function durationText(row: RunRow, now: number, asOf: number | null | undefined): string {
  if (row.durationMs !== null) return formatDuration(row.durationMs);
  if (row.group !== 'active' || row.createdAt === null) return formatDuration(null);
  if (asOf !== null && asOf !== undefined) return `≥${formatDuration(Math.max(0, asOf - row.createdAt))}`;
  return formatDuration(now - row.createdAt);
}

export function formatRunRow(row: RunRow, width: number, ctx: RowContext): RowCells {
  const { now } = ctx;
  const l = layoutFor(width);
  const badge = padEnd(STATUS_GLYPH[row.group], BADGE);
  const agent = ctx.agentName ?? (row.agentId ? shortId(row.agentId) : '—');
  const health = healthNote(row, now, ctx.staleAfterMs);
  // Without a note column a stalled or stale run says so at the end of its agent cell.
  const flag = !l.note && health ? ` ${health}` : '';
  let rest = padEnd(shortId(row.id), ID) + padEnd(truncate(agent, l.agent - 1 - flag.length) + flag, l.agent);
  rest += shortAge(row.createdAt === null ? null : now - row.createdAt).padStart(AGE - 1) + ' ';
  if (l.note) rest += ` ${padEnd(truncate(health ?? stopNote(row), l.note - 2), l.note - 1)}`;
  if (l.duration) rest += durationText(row, now, ctx.asOf).padStart(DURATION - 1) + ' ';
  if (l.tokens) rest += (ctx.tokens === null ? '' : formatTokens(ctx.tokens)).padStart(TOKENS - 1) + ' ';
  if (l.status) rest += ` ${padEnd(truncate(statusWord(row), STATUS - 1), STATUS - 1)}`;
  return { badge, rest: truncate(rest, Math.max(0, width - BADGE)) };
}
