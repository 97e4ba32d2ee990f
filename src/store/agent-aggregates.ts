// The agents view's figures: one aggregate per agent seen in the loaded runs, over the header's time
// window (issue 9). Pure and memoised: computed once per change of the runs, the usage cache, the
// window or the minute, never per frame, and tested against hand-computed fixtures.

import { answerableApprovals } from './approvals.js';
import type { StatusGroup } from './normalize-run.js';
import type { AgentSortKey, DataView, RunUsage } from './types.js';

export interface AgentAggregate {
  agentId: string;
  name: string;
  /** Live now (created or running), whenever they started. */
  active: number;
  /** Runs created within the window. */
  runs: number;
  /** Finished runs in the window (everything not live): the failure rate's denominator. */
  finished: number;
  /** Failed in the window: status failed, or completed with an error stop reason (RUNS-API.md §12.5). */
  failed: number;
  /** failed / finished, or null with nothing finished. */
  failureRate: number | null;
  /** Runs waiting for approval that can still be answered (RUNS-API.md §16), whenever they started. */
  approvals: number;
  p50Ms: number | null;
  p95Ms: number | null;
  tokensIn: number;
  tokensOut: number;
  /** Finished runs in the window whose usage is known, of `finished`. */
  tokensKnown: number;
  tokensPerMin: number | null;
  /** Creation time of its newest run (any time). */
  lastRunAt: number | null;
  /** Its most common failing stop reason in the window. */
  topFailure: string | null;
  /** Outcomes of its most recent runs in the window, oldest first (the outcome strip). */
  recentGroups: StatusGroup[];
  /** Durations of its most recent finished runs in the window, oldest first (the sparkline). */
  recentDurations: number[];
  /** Tokens per model over the window, most first. */
  byModel: Array<[string, { promptTokens: number; completionTokens: number }]>;
  /** Stop reasons in the window, most frequent first. */
  stopReasons: Array<[string, number]>;
}

/** How many recent runs the strip and the sparkline show. */
export const RECENT_RUNS = 40;

/**
 * Nearest-rank percentile: the smallest value with at least p% of the values at or below it. No
 * interpolation, so every figure shown is a duration some run really took. `sorted` must be ascending.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

function countInto(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function byCountDesc(map: Map<string, number>): Array<[string, number]> {
  return [...map.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

interface Acc {
  agg: AgentAggregate;
  durations: number[];
  reasons: Map<string, number>;
  failures: Map<string, number>;
  models: Map<string, { promptTokens: number; completionTokens: number }>;
  oldestInWindow: number;
}

export function computeAgentAggregates(
  runs: DataView['runs'],
  agents: Record<string, string>,
  usage: Record<string, RunUsage>,
  now: number,
  windowMs: number,
): AgentAggregate[] {
  // One rule for what can be answered, shared with the a/d keys (RUNS-API.md §16).
  const answerable = answerableApprovals(runs);
  const accs = new Map<string, Acc>();
  const accFor = (agentId: string): Acc => {
    let acc = accs.get(agentId);
    if (!acc) {
      acc = {
        agg: {
          agentId,
          name: agents[agentId] ?? agentId,
          active: 0,
          runs: 0,
          finished: 0,
          failed: 0,
          failureRate: null,
          approvals: 0,
          p50Ms: null,
          p95Ms: null,
          tokensIn: 0,
          tokensOut: 0,
          tokensKnown: 0,
          tokensPerMin: null,
          lastRunAt: null,
          topFailure: null,
          recentGroups: [],
          recentDurations: [],
          byModel: [],
          stopReasons: [],
        },
        durations: [],
        reasons: new Map(),
        failures: new Map(),
        models: new Map(),
        oldestInWindow: Infinity,
      };
      accs.set(agentId, acc);
    }
    return acc;
  };
  // `order` is newest first: the recent strips fill newest first and are reversed at the end.
  for (const id of runs.order) {
    const run = runs.byId[id];
    if (!run || !run.agentId) continue;
    const acc = accFor(run.agentId);
    const a = acc.agg;
    if (run.createdAt !== null && (a.lastRunAt === null || run.createdAt > a.lastRunAt)) a.lastRunAt = run.createdAt;
    if (run.group === 'active') a.active++;
    if (answerable.has(id)) a.approvals++;
    if (run.createdAt === null || now - run.createdAt > windowMs) continue;
    a.runs++;
    acc.oldestInWindow = Math.min(acc.oldestInWindow, run.createdAt);
    if (a.recentGroups.length < RECENT_RUNS) a.recentGroups.push(run.group);
    if (run.group === 'active') continue;
    a.finished++;
    if (run.stopReason) countInto(acc.reasons, run.stopReason);
    if (run.group === 'failed') {
      a.failed++;
      countInto(acc.failures, run.stopReason ?? run.status);
    }
    if (run.durationMs !== null) {
      acc.durations.push(run.durationMs);
      if (a.recentDurations.length < RECENT_RUNS) a.recentDurations.push(run.durationMs);
    }
    const used = usage[id];
    if (used) {
      a.tokensKnown++;
      a.tokensIn += used.promptTokens;
      a.tokensOut += used.completionTokens;
      for (const [model, t] of Object.entries(used.byModel)) {
        const sum = acc.models.get(model) ?? { promptTokens: 0, completionTokens: 0 };
        acc.models.set(model, { promptTokens: sum.promptTokens + t.promptTokens, completionTokens: sum.completionTokens + t.completionTokens });
      }
    }
  }
  const result: AgentAggregate[] = [];
  for (const acc of accs.values()) {
    const a = acc.agg;
    const sorted = acc.durations.sort((x, y) => x - y);
    a.p50Ms = percentile(sorted, 50);
    a.p95Ms = percentile(sorted, 95);
    a.failureRate = a.finished > 0 ? a.failed / a.finished : null;
    a.topFailure = byCountDesc(acc.failures)[0]?.[0] ?? null;
    a.stopReasons = byCountDesc(acc.reasons);
    a.byModel = [...acc.models.entries()].sort((x, y) => y[1].promptTokens + y[1].completionTokens - (x[1].promptTokens + x[1].completionTokens));
    // Per minute of the window; "all loaded" has no length, so the span since its oldest run there.
    const spanMs = Number.isFinite(windowMs) ? windowMs : acc.oldestInWindow === Infinity ? 0 : now - acc.oldestInWindow;
    a.tokensPerMin = a.tokensKnown > 0 ? (a.tokensIn + a.tokensOut) / Math.max(1, spanMs / 60_000) : null;
    a.recentGroups.reverse();
    a.recentDurations.reverse();
    result.push(a);
  }
  return result;
}

let last: { runs: DataView['runs']; agents: Record<string, string>; usage: Record<string, RunUsage>; minute: number; windowMs: number; value: AgentAggregate[] } | null = null;

/**
 * Memoised on the inputs' identities and the minute: the key handler and the panes ask in the same
 * frame, and a keypress that changes none of them costs nothing.
 */
export function agentAggregates(runs: DataView['runs'], agents: Record<string, string>, usage: Record<string, RunUsage>, now: number, windowMs: number): AgentAggregate[] {
  const minute = Math.floor(now / 60_000);
  if (last && last.runs === runs && last.agents === agents && last.usage === usage && last.minute === minute && last.windowMs === windowMs) return last.value;
  const value = computeAgentAggregates(runs, agents, usage, minute * 60_000 + 59_999, windowMs);
  last = { runs, agents, usage, minute, windowMs, value };
  return value;
}

/** Each column's sort: the worst (or biggest) first; names A→Z. Missing figures sort last. */
const SORT_VALUE: Record<AgentSortKey, (a: AgentAggregate) => number | null> = {
  failure: (a) => a.failureRate,
  active: (a) => a.active,
  runs: (a) => a.runs,
  approvals: (a) => a.approvals,
  p50: (a) => a.p50Ms,
  p95: (a) => a.p95Ms,
  tokensIn: (a) => (a.tokensKnown ? a.tokensIn : null),
  tokensOut: (a) => (a.tokensKnown ? a.tokensOut : null),
  tokensPerMin: (a) => a.tokensPerMin,
  lastRun: (a) => a.lastRunAt,
  name: () => 0,
};

export const AGENT_SORT_ORDER: AgentSortKey[] = ['failure', 'active', 'runs', 'approvals', 'p50', 'p95', 'tokensIn', 'tokensOut', 'tokensPerMin', 'lastRun', 'name'];
export const AGENT_SORT_LABEL: Record<AgentSortKey, string> = {
  failure: 'failure rate',
  active: 'active',
  runs: 'runs',
  approvals: 'approvals waiting',
  p50: 'p50 duration',
  p95: 'p95 duration',
  tokensIn: 'tokens in',
  tokensOut: 'tokens out',
  tokensPerMin: 'tokens/min',
  lastRun: 'last run',
  name: 'name',
};

/** `/` in the agents view: substring of name or id; a leading `!` inverts. */
export function filterAndSortAgents(aggregates: readonly AgentAggregate[], filterText: string, sort: AgentSortKey): AgentAggregate[] {
  const trimmed = filterText.trim();
  const invert = trimmed.startsWith('!');
  const needle = (invert ? trimmed.slice(1) : trimmed).trim().toLowerCase();
  const kept = needle ? aggregates.filter((a) => (a.name.toLowerCase().includes(needle) || a.agentId.toLowerCase().includes(needle)) !== invert) : [...aggregates];
  const value = SORT_VALUE[sort];
  return kept.sort((x, y) => {
    if (sort !== 'name') {
      const vx = value(x);
      const vy = value(y);
      if (vx !== vy) {
        if (vx === null) return 1;
        if (vy === null) return -1;
        return vy - vx;
      }
    }
    return x.name.localeCompare(y.name) || x.agentId.localeCompare(y.agentId);
  });
}

let lastVisible: { aggregates: readonly AgentAggregate[]; filterText: string; sort: AgentSortKey; value: AgentAggregate[] } | null = null;

/** The agents view's rows in display order (memoised like the runs list). */
export function visibleAgents(aggregates: readonly AgentAggregate[], filterText: string, sort: AgentSortKey): AgentAggregate[] {
  if (lastVisible && lastVisible.aggregates === aggregates && lastVisible.filterText === filterText && lastVisible.sort === sort) return lastVisible.value;
  const value = filterAndSortAgents(aggregates, filterText, sort);
  lastVisible = { aggregates, filterText, sort, value };
  return value;
}

/** Usage completeness over the window: finished runs whose tokens are known, of all finished runs. */
export function usageCompleteness(aggregates: readonly AgentAggregate[]): { known: number; finished: number } {
  let known = 0;
  let finished = 0;
  for (const a of aggregates) {
    known += a.tokensKnown;
    finished += a.finished;
  }
  return { known, finished };
}
