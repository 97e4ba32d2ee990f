// Text of one run-list row, laid out for a given width. Pure, so the layout is tested without Ink.
// Columns appear by priority as the pane widens: status, id, agent and age always; then duration,
// then stop reason / health flag, then tokens.

import type { RunRow } from '../store/types.js';
import { formatAge, formatDuration, formatTokens, padEnd, shortId, truncate } from '../util/format.js';
import { STATUS_GLYPH } from './theme.js';

export interface RowCells {
  badge: string;
  rest: string;
}

const BADGE = 12; // "● completed "
const ID = 9;
const AGE = 8;
const DURATION = 9;
const EXTRA = 18;
const TOKENS = 8;

interface Layout {
  agent: number;
  duration: boolean;
  extra: boolean;
  tokens: boolean;
}

export function layoutFor(width: number): Layout {
  const base = BADGE + ID + AGE;
  const duration = width - base - DURATION >= 12;
  const extra = duration && width - base - DURATION - EXTRA >= 12;
  const tokens = extra && width - base - DURATION - EXTRA - TOKENS >= 14;
  const agent = Math.max(4, width - base - (duration ? DURATION : 0) - (extra ? EXTRA : 0) - (tokens ? TOKENS : 0));
  return { agent, duration, extra, tokens };
}

export function columnHeader(width: number): string {
  const l = layoutFor(width);
  let text = padEnd('  STATUS', BADGE) + padEnd('RUN', ID) + padEnd('AGENT', l.agent) + 'AGE'.padStart(AGE - 1) + ' ';
  if (l.duration) text += 'DURATION'.padStart(DURATION - 1) + ' ';
  if (l.extra) text += ` ${padEnd('STOP / NOTE', EXTRA - 1)}`;
  if (l.tokens) text += 'TOKENS'.padStart(TOKENS);
  return truncate(text, width);
}

/** A run is suspected stale when it claims to be live long after anything happened (RUNS-API.md §12.6). */
export function healthNote(row: RunRow, now: number, staleAfterMs: number): string | null {
  if (row.stalled) return 'stalled';
  if (row.group === 'active' && row.createdAt !== null && now - Math.max(row.createdAt, row.updatedAt) > staleAfterMs) return 'stale?';
  return null;
}

export interface RowContext {
  agentName: string | undefined;
  /** Total tokens when known (the run's detail has been loaded). */
  tokens: number | null;
  now: number;
  staleAfterMs: number;
}

export function formatRunRow(row: RunRow, width: number, ctx: RowContext): RowCells {
  const { now } = ctx;
  const l = layoutFor(width);
  const badge = padEnd(`${STATUS_GLYPH[row.group]} ${row.status}`, BADGE);
  const agent = ctx.agentName ?? (row.agentId ? shortId(row.agentId) : '—');
  let rest = padEnd(shortId(row.id), ID) + padEnd(truncate(agent, l.agent - 1), l.agent);
  rest += formatAge(row.createdAt === null ? null : now - row.createdAt).padStart(AGE - 1) + ' ';
  if (l.duration) {
    const duration = row.durationMs ?? (row.group === 'active' && row.createdAt !== null ? now - row.createdAt : null);
    rest += formatDuration(duration).padStart(DURATION - 1) + ' ';
  }
  if (l.extra) {
    const note = healthNote(row, now, ctx.staleAfterMs) ?? row.stopReason ?? '';
    rest += ` ${padEnd(truncate(note, EXTRA - 1), EXTRA - 1)}`;
  }
  if (l.tokens) rest += (ctx.tokens === null ? '' : formatTokens(ctx.tokens)).padStart(TOKENS);
  return { badge, rest: truncate(rest, Math.max(0, width - BADGE)) };
}
