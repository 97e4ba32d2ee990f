// Pure reducers for the runs list and connection health. Each takes the state and returns the part
// that changed, so they are tested without React or a network and applied with one setState.

import type { WireRun } from '../api/types.js';
import { parseServerTime } from '../util/format.js';
import { normalizeRun, type RunView } from './normalize-run.js';
import type { AppState, ErrorInfo, RunRow } from './types.js';

function sameView(a: RunView, b: RunView): boolean {
  return (
    a.status === b.status &&
    a.stopReason === b.stopReason &&
    a.agentId === b.agentId &&
    a.completedAt === b.completedAt &&
    a.durationMs === b.durationMs &&
    a.errorText === b.errorText &&
    a.createdAt === b.createdAt &&
    a.background === b.background
  );
}

/** Newest first; ties by id so the order is total and stable across polls. */
export function compareNewestFirst(a: RunRow, b: RunRow): number {
  const ta = a.createdAt ?? 0;
  const tb = b.createdAt ?? 0;
  if (ta !== tb) return tb - ta;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * Merge runs from any list or retrieve call. Unchanged runs keep their object identity so memoised
 * rows do not re-render; a status change is stamped for the list's highlight.
 */
export function upsertRuns(state: AppState, wireRuns: WireRun[], now: number): Pick<AppState, 'runs'> | null {
  let byId: Record<string, RunRow> | null = null;
  let added = false;
  for (const wire of wireRuns) {
    if (!wire || typeof wire.id !== 'string') continue;
    const view = normalizeRun(wire);
    const previous = (byId ?? state.runs.byId)[view.id];
    // A single retrieve has no total_duration_ns (RUNS-API.md §12.4): keep the list's figure.
    if (previous && view.durationMs === null && previous.durationMs !== null && view.group === previous.group) {
      view.durationMs = previous.durationMs;
    }
    if (previous && sameView(previous, view)) continue;
    byId ??= { ...state.runs.byId };
    if (!previous) added = true;
    byId[view.id] = {
      ...view,
      statusChangedAt: previous && previous.status !== view.status ? now : (previous?.statusChangedAt ?? null),
      updatedAt: previous ? now : firstSeenUpdate(wire, view, now),
      // A run that moved on is no longer stalled.
      stalled: previous && previous.status === view.status ? previous.stalled : false,
    };
  }
  if (!byId) return null;
  let order = state.runs.order;
  if (added) {
    order = Object.keys(byId);
    const rows = byId;
    order.sort((a, b) => compareNewestFirst(rows[a], rows[b]));
  }
  // How many runs are held is bounded by the poller, with run-retention.ts.
  return { runs: { ...state.runs, byId, order } };
}

/**
 * What we know of a run's last change when we first see it: the server's own `updated_at` (old Job
 * shape), else its completion or creation. Using "now" would make a run stuck for days look fresh to a
 * monitor that just started (RUNS-API.md §12.6).
 */
function firstSeenUpdate(wire: WireRun, view: RunView, now: number): number {
  const serverUpdated = parseServerTime(typeof wire.updated_at === 'string' ? wire.updated_at : null);
  const known = serverUpdated ?? view.completedAt ?? view.createdAt;
  return known === null ? now : Math.min(now, known);
}

/**
 * New content arrived for the run (stream chunks, new persisted messages): it is alive, whatever its
 * fields say. At most one row update per `minIntervalMs`, so a streaming run does not re-render its
 * list row every frame.
 */
export function touchRun(state: AppState, runId: string, now: number, minIntervalMs = 5_000): Pick<AppState, 'runs'> | null {
  const row = state.runs.byId[runId];
  if (!row || now - row.updatedAt < minIntervalMs) return null;
  return { runs: { ...state.runs, byId: { ...state.runs.byId, [runId]: { ...row, updatedAt: now } } } };
}

/**
 * Runs the server no longer knows (404 on retrieve: deleted, or lost in a restart of a server without
 * persistence). They would otherwise stay "running" on screen forever; they stay listed, marked gone.
 */
export function markRunsGone(state: AppState, runIds: readonly string[], now: number): Pick<AppState, 'runs'> | null {
  const gone = runIds.filter((id) => state.runs.byId[id] && state.runs.byId[id].status !== 'gone');
  if (gone.length === 0) return null;
  const byId = { ...state.runs.byId };
  for (const id of gone) byId[id] = { ...byId[id], status: 'gone', group: 'other', stalled: false, statusChangedAt: now, updatedAt: now };
  return { runs: { ...state.runs, byId } };
}

export function setRunStalled(state: AppState, runId: string, stalled: boolean): Pick<AppState, 'runs'> | null {
  const row = state.runs.byId[runId];
  if (!row || row.stalled === stalled) return null;
  return { runs: { ...state.runs, byId: { ...state.runs.byId, [runId]: { ...row, stalled } } } };
}

export function pollSucceeded(state: AppState, now: number): Pick<AppState, 'health'> {
  return { health: { lastOkAt: now, error: null, errorSince: null, waitingSince: null, retryAt: null, connecting: false } };
}

export function pollFailed(state: AppState, error: ErrorInfo, retryAt: number, now = Date.now()): Pick<AppState, 'health'> {
  const errorSince = state.health.error ? (state.health.errorSince ?? now) : now;
  return { health: { ...state.health, error, errorSince, waitingSince: null, retryAt, connecting: false } };
}

/** A poll sent at `since` has had no answer for unusually long (see Health.waitingSince). */
export function pollSlow(state: AppState, since: number): Pick<AppState, 'health'> | null {
  if (state.health.waitingSince === since) return null;
  return { health: { ...state.health, waitingSince: since } };
}

export function setAgentNames(state: AppState, names: Record<string, string>): Pick<AppState, 'agents'> | null {
  const changed = Object.entries(names).some(([id, name]) => state.agents[id] !== name);
  return changed ? { agents: { ...state.agents, ...names } } : null;
}

/** Ages of runs that claim to be live but have not changed in `staleAfterMs` (RUNS-API.md §12.6). */
export function isStaleRun(row: RunRow, now: number, staleAfterMs: number): boolean {
  if (row.group !== 'active') return false;
  const since = Math.max(row.updatedAt, row.createdAt ?? 0);
  return now - since > staleAfterMs;
}
