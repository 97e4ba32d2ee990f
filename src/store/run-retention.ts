// How many runs the monitor holds: the newest `maxRuns` of the last `keepMs`, so that memory stays flat
// for a monitor left open for days on a busy server (issue 8, item 11: 300 runs a minute grew the heap
// by ~1.7 KB per run, for ever). Older runs are let go, except those that still matter: the selected
// one, live ones (their status is still followed) and those waiting for approval. What was let go
// stays reachable: the poller pages on from `olderPagesBefore` as the user scrolls (runs-poller.ts).
//
// Live and approval runs beyond the bound are kept up to a tenth of the bound, newest first: a run
// answered by a human stays `requires_approval` for ever (the approval continues in a new run), so
// keeping every one would be the same leak again, slower.

import type { AppState, RunDetail, RunRow } from './types.js';

export interface RunRetention {
  /** Newest runs kept (at least 1). */
  maxRuns: number;
  /** Runs created longer ago than this are let go. */
  keepMs: number;
}

export const DEFAULT_RETENTION: RunRetention = { maxRuns: 10_000, keepMs: 24 * 60 * 60_000 };

/**
 * The newest runs are kept whatever their age, up to one page of the runs list: on a quiet server
 * whose last run is two days old, the list must not come up empty.
 */
export const ALWAYS_KEPT = 100;

/**
 * While the user reads runs older than the bound (the selection is down there), nothing is let go
 * under them until they come back up; but never more than this many times the bound are held.
 */
export const BROWSING_FACTOR = 2;

/** Live and approval runs kept beyond the bound, at most (the selected one comes on top). */
export function islandLimit(retention: RunRetention): number {
  return Math.max(10, Math.ceil(retention.maxRuns / 10));
}

/** The most runs held at any time: scrolling stops loading older pages here. */
export function heldCeiling(retention: RunRetention): number {
  return retention.maxRuns * BROWSING_FACTOR;
}

/** Live (its status is still followed) or waiting for a human. */
function mattersStill(row: RunRow | undefined): boolean {
  return row !== undefined && (row.group === 'active' || row.group === 'approval');
}

/** Where the kept range ends: runs at this index of `order` and beyond may be let go. */
function keptLength(state: AppState, now: number, retention: RunRetention): number {
  const { order, byId } = state.runs;
  const maxRuns = Math.max(1, Math.floor(retention.maxRuns));
  const always = Math.min(ALWAYS_KEPT, maxRuns);
  const limit = Math.min(order.length, maxRuns);
  let cut = 0;
  // `order` is newest first, so the runs within the window are a prefix of it.
  while (cut < limit) {
    const created = byId[order[cut]]?.createdAt ?? null;
    if (cut >= always && (created === null || now - created > retention.keepMs)) break;
    cut++;
  }
  const selected = state.selectedRunId ? order.indexOf(state.selectedRunId) : -1;
  if (selected >= cut) cut = Math.max(cut, Math.min(order.length, heldCeiling({ ...retention, maxRuns })));
  return cut;
}

/**
 * Let go of the runs beyond the bound that nothing holds on to, with their details, and of agent names
 * no run held refers to any more. Counts them in `runs.letGo` (shown in the list's title) and moves
 * `olderPagesBefore` to the oldest run of the unbroken range kept. Null when nothing is let go.
 */
export function letGoOfOldRuns(state: AppState, now: number, retention: RunRetention = DEFAULT_RETENTION): Pick<AppState, 'runs' | 'agents' | 'details'> | null {
  const { order, byId } = state.runs;
  const cut = keptLength(state, now, retention);
  if (cut >= order.length) return null;
  const kept = order.slice(0, cut);
  const letGo: string[] = [];
  let islands = islandLimit(retention);
  for (let i = cut; i < order.length; i++) {
    const id = order[i];
    const row = byId[id];
    if (id === state.selectedRunId || (islands > 0 && mattersStill(row))) {
      kept.push(id);
      if (id !== state.selectedRunId) islands--;
    } else letGo.push(id);
  }
  if (letGo.length === 0) return null;
  const nextById: Record<string, RunRow> = {};
  for (const id of kept) if (byId[id]) nextById[id] = byId[id];
  // A gap left earlier and nearer the top stays where paging resumes.
  const previousGap = state.runs.olderPagesBefore ? order.indexOf(state.runs.olderPagesBefore) : -1;
  const olderPagesBefore = previousGap >= 0 && previousGap < cut - 1 ? state.runs.olderPagesBefore : (order[cut - 1] ?? null);
  return {
    runs: { ...state.runs, byId: nextById, order: kept, letGo: state.runs.letGo + letGo.length, olderPagesBefore },
    agents: agentsStillReferred(state.agents, nextById),
    details: detailsStillHeld(state.details, nextById, state.selectedRunId),
  };
}

/**
 * An older page arrived, loaded `before` the cursor: paging resumes after its oldest run, and the runs
 * it brought back are no longer counted as let go. `reachedEnd`: the server has nothing older.
 */
export function olderPageLoaded(state: AppState, pageIds: readonly string[], broughtBack: number, reachedEnd: boolean): Pick<AppState, 'runs'> | null {
  const { runs } = state;
  if (reachedEnd) {
    if (runs.letGo === 0 && runs.olderPagesBefore === null) return null;
    return { runs: { ...runs, letGo: 0, olderPagesBefore: null } };
  }
  if (runs.olderPagesBefore === null || pageIds.length === 0) return null;
  return { runs: { ...runs, letGo: Math.max(0, runs.letGo - broughtBack), olderPagesBefore: pageIds[pageIds.length - 1] } };
}

/** Whether scrolling can page older runs in, as the poller knows it (shown with the count let go). */
export function setOlderReachable(state: AppState, reachable: boolean): Pick<AppState, 'runs'> | null {
  return state.runs.olderReachable === reachable ? null : { runs: { ...state.runs, olderReachable: reachable } };
}

function agentsStillReferred(agents: Record<string, string>, byId: Record<string, RunRow>): Record<string, string> {
  const referred = new Set<string>();
  for (const id in byId) {
    const agentId = byId[id].agentId;
    if (agentId) referred.add(agentId);
  }
  const gone = Object.keys(agents).filter((id) => !referred.has(id));
  if (gone.length === 0) return agents;
  const next = { ...agents };
  for (const id of gone) delete next[id];
  return next;
}

function detailsStillHeld(details: Record<string, RunDetail>, byId: Record<string, RunRow>, selectedRunId: string | null): Record<string, RunDetail> {
  const gone = Object.keys(details).filter((id) => !byId[id] && id !== selectedRunId);
  if (gone.length === 0) return details;
  const next = { ...details };
  for (const id of gone) delete next[id];
  return next;
}
