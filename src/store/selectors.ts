// Derived views of the store. Components call these inside useMemo keyed on the slices they read,
// never as zustand selectors that build fresh objects (zustand v5 would loop, DESIGN.md).

import { answerableApprovals } from './approvals.js';
import type { StatusGroup } from './normalize-run.js';
import { compileFilter, GROUP_WORDS, type FilterColumns } from './run-filter.js';
import type { AppState, DataView, QuickFilter, RunDetail, RunRow, RunUsage, SortKey } from './types.js';

/** What the screen shows: the live data, or the snapshot taken when the user paused. */
export function dataView(state: AppState): DataView {
  return state.frozen ?? state;
}

export interface RunQuery {
  filterText: string;
  quickFilter: QuickFilter;
  sort: SortKey;
  /** Only this agent's runs (Enter on a row of the agents view). */
  agentId?: string | null;
}


/** Status order for sorting: what needs a human first, what is finished and fine last. */
const STATUS_RANK: Record<StatusGroup, number> = { approval: 0, failed: 1, active: 2, cancelled: 3, other: 4, completed: 5 };

/** Tokens of a run: its loaded detail, else the background usage cache, else unknown (-1). */
function tokensOf(details: Record<string, RunDetail>, usage: Record<string, RunUsage> | undefined, id: string): number {
  const known = details[id]?.usage?.totalTokens;
  if (known !== null && known !== undefined) return known;
  const cached = usage?.[id];
  return cached ? cached.promptTokens + cached.completionTokens : -1;
}

/**
 * The runs in list order, flattened: group, agent and times per run, built once per runs object (a
 * poll that changed something) for the header's figures and the list. Every keystroke of `/` is then
 * a plain loop over strings (about a millisecond at 10,000 runs), where reading the row objects back
 * from the 10,000-key record each time cost several.
 */
interface SearchIndex {
  ids: readonly string[];
  group: StatusGroup[];
  agent: Array<string | null>;
  createdAt: Array<number | null>;
  stopReason: Array<string | null>;
  /** Whether the row is in the runs at all (order and byId can briefly disagree). */
  present: boolean[];
  /** The lower-cased texts the filter reads: built on the first filter over these runs, not per poll. */
  text?: FilterColumns;
}

const searchIndexes = new WeakMap<DataView['runs'], SearchIndex>();

function searchIndex(runs: DataView['runs']): SearchIndex {
  let index = searchIndexes.get(runs);
  if (!index) {
    const ids = runs.order;
    index = { ids, group: [], agent: [], createdAt: [], stopReason: [], present: [] };
    for (const id of ids) {
      const row = runs.byId[id];
      index.present.push(row !== undefined);
      index.group.push(row ? row.group : 'other');
      index.agent.push(row?.agentId ?? null);
      index.createdAt.push(row?.createdAt ?? null);
      index.stopReason.push(row?.stopReason ?? row?.status ?? null);
    }
    // A request that can no longer be answered is not waiting for anyone (issue 10): the counts and
    // the approvals filter see it as the completed run it is.
    const answerable = answerableApprovals(runs);
    for (let i = 0; i < ids.length; i++) if (index.group[i] === 'approval' && !answerable.has(ids[i])) index.group[i] = 'completed';
    searchIndexes.set(runs, index);
  }
  return index;
}

const GROUP_TEXT = Object.fromEntries(Object.entries(GROUP_WORDS).map(([group, words]) => [group, words.join(' ')])) as Record<StatusGroup, string>;

interface RowText {
  id: string;
  status: string;
  stop: string;
  error: string;
  any: string;
  agentText: string;
}

/**
 * Lower-cased texts per row object. A poll replaces the runs object but keeps most row objects, so
 * the first keystroke after a poll rebuilds the columns from these instead of from the strings:
 * measured at 10,000 runs, that first keystroke was the filter's p99 (50–60 ms against ~30).
 */
const rowTexts = new WeakMap<RunRow, RowText>();

function rowText(row: RunRow): RowText {
  let text = rowTexts.get(row);
  if (!text) {
    const id = row.id.toLowerCase();
    const status = row.status.toLowerCase();
    const stop = row.stopReason?.toLowerCase() ?? '';
    const error = row.errorText?.toLowerCase() ?? '';
    text = { id, status, stop, error, any: `${id} ${status} ${GROUP_TEXT[row.group]} ${stop} ${error}`, agentText: row.agentId?.toLowerCase() ?? '' };
    rowTexts.set(row, text);
  }
  return text;
}

const NO_ROW: RowText = { id: '', status: '', stop: '', error: '', any: '', agentText: '' };

/** The filter's columns (run-filter.ts) for the index's runs, in the same order. */
function filterColumns(runs: DataView['runs'], index: SearchIndex): FilterColumns {
  if (index.text) return index.text;
  const text = { id: [] as string[], status: [] as string[], group: index.group, stop: [] as string[], error: [] as string[], any: [] as string[], agent: index.agent, agentText: [] as string[] };
  for (const id of index.ids) {
    const row = runs.byId[id];
    const t = row ? rowText(row) : NO_ROW;
    text.id.push(t.id);
    text.status.push(t.status);
    text.stop.push(t.stop);
    text.error.push(t.error);
    text.any.push(t.any);
    text.agentText.push(t.agentText);
  }
  index.text = text;
  return text;
}

/** Ids of the runs that claim to be live, from the same index (the poller asks on every poll). */
export function liveRunIds(runs: DataView['runs']): string[] {
  const index = searchIndex(runs);
  const ids: string[] = [];
  for (let i = 0; i < index.ids.length; i++) if (index.present[i] && index.group[i] === 'active') ids.push(index.ids[i]);
  return ids;
}

const QUICK_GROUPS: Record<QuickFilter, StatusGroup | null> = { all: null, active: 'active', failed: 'failed', approval: 'approval' };

/**
 * The last answer: the key handler (choosing the selection) and the App (drawing the list) ask the
 * same question in the same keystroke. Not kept for the duration sort, whose live durations move.
 */
type RunsInput = Pick<DataView, 'runs' | 'agents' | 'details'> & { usage?: Record<string, RunUsage> };

let lastVisible: { view: RunsInput; query: RunQuery; ids: string[] } | null = null;

/** The run ids the list shows, in display order. `order` is already newest first. Do not mutate. */
export function visibleRunIds(view: RunsInput, query: RunQuery, now = Date.now()): readonly string[] {
  const last = lastVisible;
  if (
    last &&
    query.sort !== 'duration' &&
    last.view.runs === view.runs &&
    last.view.agents === view.agents &&
    (query.sort !== 'tokens' || (last.view.details === view.details && last.view.usage === view.usage)) &&
    (last.query.agentId ?? null) === (query.agentId ?? null) &&
    last.query.filterText === query.filterText &&
    last.query.quickFilter === query.quickFilter &&
    last.query.sort === query.sort
  ) {
    return last.ids;
  }
  const ids = computeVisibleRunIds(view, query, now);
  lastVisible = { view, query, ids };
  return ids;
}

function computeVisibleRunIds(view: RunsInput, query: RunQuery, now: number): string[] {
  const { byId } = view.runs;
  const matches = compileFilter(query.filterText, view.agents);
  const index = searchIndex(view.runs);
  const columns = matches ? filterColumns(view.runs, index) : null;
  const onlyGroup = QUICK_GROUPS[query.quickFilter];
  const scope = query.agentId ?? null;
  const ids: string[] = [];
  for (let i = 0; i < index.ids.length; i++) {
    if (!index.present[i] || (onlyGroup !== null && index.group[i] !== onlyGroup)) continue;
    if (scope && index.agent[i] !== scope) continue;
    if (matches && !matches(columns!, i)) continue;
    ids.push(index.ids[i]);
  }
  if (query.sort === 'created') return ids;
  // Array.prototype.sort is stable: ties keep newest-first order.
  const durationOf = (row: RunRow) => row.durationMs ?? (row.group === 'active' && row.createdAt !== null ? now - row.createdAt : -1);
  const key: Record<Exclude<SortKey, 'created'>, (id: string) => number> = {
    duration: (id) => -durationOf(byId[id]),
    tokens: (id) => -tokensOf(view.details, view.usage, id),
    status: (id) => STATUS_RANK[byId[id].group],
  };
  const rank = key[query.sort];
  const ranks = new Map(ids.map((id) => [id, rank(id)]));
  return ids.sort((a, b) => ranks.get(a)! - ranks.get(b)!);
}

export type StatusCounts = Record<StatusGroup, number> & { total: number };

export interface WindowCounts {
  counts: StatusCounts;
  /**
   * Creation time of the oldest loaded run when the loaded runs do not reach back to the window's
   * start (older pages not fetched yet): the finished counts are then lower bounds.
   */
  partialFrom: number | null;
}

// The header's figures read the same flat index as the filter: with 10,000 runs, walking the row
// record after every poll showed up in keypress latency.

/**
 * What the header counts (issue 8.4): runs waiting (active, needing approval) are counted whenever
 * they were created, since they are waiting now; finished runs only when created within the window,
 * so that scrolling older pages in does not change the figures of the last hour.
 */
export function countInWindow(runs: DataView['runs'], now: number, windowMs: number, listComplete: boolean): WindowCounts {
  const index = searchIndex(runs);
  const counts: StatusCounts = { active: 0, approval: 0, completed: 0, failed: 0, cancelled: 0, other: 0, total: 0 };
  let oldest = Infinity;
  for (let i = 0; i < index.ids.length; i++) {
    if (!index.present[i]) continue;
    const group = index.group[i];
    const created = index.createdAt[i];
    if (created !== null && created < oldest) oldest = created;
    const waiting = group === 'active' || group === 'approval';
    if (!waiting && (created === null || now - created > windowMs)) continue;
    counts[group]++;
    counts.total++;
  }
  // Runs let go to bound memory leave a gap below the unbroken range held (older runs still held are
  // islands kept for being selected, live or waiting): the figures reach back only to that range's end.
  const gapAt = runs.olderPagesBefore !== null ? (runs.byId[runs.olderPagesBefore]?.createdAt ?? null) : null;
  const reach = gapAt ?? oldest;
  const covered = (listComplete && gapAt === null) || (index.ids.length > 0 && now - reach >= windowMs);
  return { counts, partialFrom: covered || reach === Infinity ? null : reach };
}

export function countByStatus(runs: DataView['runs']): StatusCounts {
  return countInWindow(runs, 0, Infinity, true).counts;
}

/**
 * Runs started per minute over the last `minutes`, oldest first, the last bucket being the current
 * minute. Buckets are whole clock minutes, so a "now" floored to the minute (the header's clock)
 * still counts this minute's runs (issue 8.5: they had a negative age and were dropped).
 */
export function startsPerMinute(runs: DataView['runs'], now: number, minutes = 20): number[] {
  const index = searchIndex(runs);
  const buckets = new Array<number>(minutes).fill(0);
  const current = Math.floor(now / 60_000);
  for (const created of index.createdAt) {
    if (created === null) continue;
    const age = current - Math.floor(created / 60_000);
    // A run stamped a little ahead of our clock (server skew) belongs to this minute.
    const slot = Math.max(0, age);
    if (slot < minutes) buckets[minutes - 1 - slot]++;
  }
  return buckets;
}

/** The most common stop reasons among failures in the last `windowMs`, most frequent first. */
export function topFailureReasons(runs: DataView['runs'], now: number, windowMs = 60 * 60_000, limit = 3): Array<[string, number]> {
  const index = searchIndex(runs);
  const counts = new Map<string, number>();
  for (let i = 0; i < index.ids.length; i++) {
    const created = index.createdAt[i];
    if (!index.present[i] || index.group[i] !== 'failed' || created === null || now - created > windowMs) continue;
    const reason = index.stopReason[i] ?? 'failed';
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
