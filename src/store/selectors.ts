// Derived views of the store. Components call these inside useMemo keyed on the slices they read,
// never as zustand selectors that build fresh objects (zustand v5 would loop, DESIGN.md).

import type { StatusGroup } from './normalize-run.js';
import type { AppState, DataView, QuickFilter, RunDetail, RunRow, SortKey } from './types.js';

/** What the screen shows: the live data, or the snapshot taken when the user paused. */
export function dataView(state: AppState): DataView {
  return state.frozen ?? state;
}

export interface RunQuery {
  filterText: string;
  quickFilter: QuickFilter;
  sort: SortKey;
}

/** `/` filter: substring over id, agent name, status and stop reason; a leading `!` inverts it. */
export function parseFilter(text: string): { needle: string; invert: boolean } {
  const trimmed = text.trim();
  const invert = trimmed.startsWith('!');
  return { needle: (invert ? trimmed.slice(1) : trimmed).trim().toLowerCase(), invert };
}

function matchesQuick(row: RunRow, quick: QuickFilter): boolean {
  switch (quick) {
    case 'all':
      return true;
    case 'active':
      return row.group === 'active';
    case 'failed':
      return row.group === 'failed';
    case 'approval':
      return row.group === 'approval';
  }
}

/** Status order for sorting: what needs a human first, what is finished and fine last. */
const STATUS_RANK: Record<StatusGroup, number> = { approval: 0, failed: 1, active: 2, cancelled: 3, other: 4, completed: 5 };

function tokensOf(details: Record<string, RunDetail>, id: string): number {
  return details[id]?.usage?.totalTokens ?? -1;
}

/** Lower-cased search text per row object; rows are replaced when they change, so this stays right. */
const haystacks = new WeakMap<RunRow, string>();

function haystackOf(row: RunRow): string {
  let text = haystacks.get(row);
  if (text === undefined) {
    text = `${row.id} ${row.status} ${row.stopReason ?? ''}`.toLowerCase();
    haystacks.set(row, text);
  }
  return text;
}

/** Agent ids whose name (or id) contains the needle: a handful of agents, checked once per filter. */
function agentsMatching(view: Pick<DataView, 'runs' | 'agents'>, needle: string): Set<string> {
  const ids = new Set<string>();
  for (const [id, name] of Object.entries(view.agents)) if (name.toLowerCase().includes(needle) || id.toLowerCase().includes(needle)) ids.add(id);
  return ids;
}

/**
 * The last filter result. Typing narrows a filter one character at a time, and every run that matches
 * "abc" matched "ab": so while the runs are unchanged, a longer needle filters the previous result
 * instead of all 10,000 rows.
 */
let lastFilter: { runs: DataView['runs']; agents: Record<string, string>; quick: QuickFilter; needle: string; ids: string[] } | null = null;

/** The run ids the list shows, in display order. `order` is already newest first. */
export function visibleRunIds(view: Pick<DataView, 'runs' | 'agents' | 'details'>, query: RunQuery, now = Date.now()): string[] {
  const { byId } = view.runs;
  const { needle, invert } = parseFilter(query.filterText);
  const narrows =
    !invert &&
    lastFilter !== null &&
    lastFilter.runs === view.runs &&
    lastFilter.agents === view.agents &&
    lastFilter.quick === query.quickFilter &&
    needle.startsWith(lastFilter.needle);
  // The same question again (the App and the key handler both ask): the same answer.
  const same = narrows && needle === lastFilter!.needle;
  const candidates = narrows ? lastFilter!.ids : view.runs.order;
  const agentHits = needle ? agentsMatching(view, needle) : null;
  const ids = same ? [...candidates] : candidates.filter((id) => {
    const row = byId[id];
    if (!row || !matchesQuick(row, query.quickFilter)) return false;
    if (!needle) return true;
    const hit = haystackOf(row).includes(needle) || (row.agentId !== null && agentHits!.has(row.agentId));
    return hit !== invert;
  });
  if (!invert) lastFilter = { runs: view.runs, agents: view.agents, quick: query.quickFilter, needle, ids: [...ids] };
  if (query.sort === 'created') return ids;
  // Array.prototype.sort is stable: ties keep newest-first order.
  const durationOf = (row: RunRow) => row.durationMs ?? (row.group === 'active' && row.createdAt !== null ? now - row.createdAt : -1);
  const key: Record<Exclude<SortKey, 'created'>, (id: string) => number> = {
    duration: (id) => -durationOf(byId[id]),
    tokens: (id) => -tokensOf(view.details, id),
    status: (id) => STATUS_RANK[byId[id].group],
  };
  const rank = key[query.sort];
  const ranks = new Map(ids.map((id) => [id, rank(id)]));
  return ids.sort((a, b) => ranks.get(a)! - ranks.get(b)!);
}

export type StatusCounts = Record<StatusGroup, number> & { total: number };

export function countByStatus(byId: Record<string, RunRow>): StatusCounts {
  const counts: StatusCounts = { active: 0, approval: 0, completed: 0, failed: 0, cancelled: 0, other: 0, total: 0 };
  for (const id in byId) {
    counts[byId[id].group]++;
    counts.total++;
  }
  return counts;
}

/** Runs started per minute over the last `minutes`, oldest first (for the header sparkline). */
export function startsPerMinute(byId: Record<string, RunRow>, now: number, minutes = 20): number[] {
  const buckets = new Array<number>(minutes).fill(0);
  for (const id in byId) {
    const created = byId[id].createdAt;
    if (created === null) continue;
    const age = Math.floor((now - created) / 60_000);
    if (age >= 0 && age < minutes) buckets[minutes - 1 - age]++;
  }
  return buckets;
}

/** The most common stop reasons among failures in the last `windowMs`, most frequent first. */
export function topFailureReasons(byId: Record<string, RunRow>, now: number, windowMs = 60 * 60_000, limit = 3): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const id in byId) {
    const row = byId[id];
    if (row.group !== 'failed' || row.createdAt === null || now - row.createdAt > windowMs) continue;
    const reason = row.stopReason ?? row.status;
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, limit);
}

const SPARK = '▁▂▃▄▅▆▇█';

export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  if (max === 0) return SPARK[0].repeat(values.length);
  return values.map((v) => SPARK[Math.min(SPARK.length - 1, Math.round((v / max) * (SPARK.length - 1)))]).join('');
}
