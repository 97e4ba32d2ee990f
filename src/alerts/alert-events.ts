// What counts as an alert (issue 10): found by comparing the previous and the next store state, never
// by looking at the state alone, so the history loaded at start-up fires nothing. Time-based events
// (a run gone stale, the server down for a while) are checked on a timer with a memory of what fired.

import { liveRunIds } from '../store/selectors.js';
import type { AlertEvent } from '../store/alerts.js';
import type { AppState, RunRow } from '../store/types.js';

export interface AlertRun {
  id: string;
  agent_id: string | null;
  agent_name: string | null;
  status: string;
  stop_reason: string | null;
  error: string | null;
}

export interface AlertItem {
  kind: AlertEvent;
  at: number;
  run?: AlertRun;
  /** stalled: "stalled" (the stream went quiet) or "stale" (no change for --stale-after). */
  state?: 'stalled' | 'stale';
  agent?: { id: string; name: string | null; failed: number; finished: number; failure_rate: number };
  server?: { error: string; kind: string; since: string };
}

export interface DetectorOptions {
  staleAfterMs: number;
  /** The server unreachable or refusing the key this long. */
  serverDownAfterMs: number;
  /** An agent's share of failed runs among its finished runs in the window. */
  failureRate: number;
  /** ... counted once it has at least this many finished runs there. */
  failureRateMinRuns: number;
  failureRateWindowMs: number;
}

export const DEFAULT_DETECTOR_OPTIONS: DetectorOptions = {
  staleAfterMs: 30 * 60_000,
  serverDownAfterMs: 60_000,
  failureRate: 0.5,
  failureRateMinRuns: 4,
  failureRateWindowMs: 60 * 60_000,
};

/** What has fired and must not fire again until it clears. */
export interface DetectorMemory {
  stale: Set<string>;
  server: boolean;
  agentsOverRate: Set<string>;
}

export function newMemory(): DetectorMemory {
  return { stale: new Set(), server: false, agentsOverRate: new Set() };
}

export function alertRun(state: Pick<AppState, 'agents'>, row: RunRow): AlertRun {
  return {
    id: row.id,
    agent_id: row.agentId,
    agent_name: row.agentId ? (state.agents[row.agentId] ?? null) : null,
    status: row.status,
    stop_reason: row.stopReason,
    error: row.errorText,
  };
}

/** Events in the change from `prev` to `next`. Runs created before `sinceCreated` are history. */
export function detectChanges(prev: AppState, next: AppState, now: number, sinceCreated: number, memory: DetectorMemory, options: DetectorOptions): AlertItem[] {
  if (next.runs === prev.runs) return [];
  const items: AlertItem[] = [];
  const failedAgents = new Set<string>();
  for (const id of next.runs.order) {
    const row = next.runs.byId[id];
    const before = prev.runs.byId[id];
    if (!row || row === before) continue;
    // A run not seen before counts only if it is new: an older page scrolled in is history.
    if (!before && (row.createdAt === null || row.createdAt < sinceCreated)) continue;
    if (row.group !== before?.group) {
      if (row.group === 'failed') {
        items.push({ kind: 'failed', at: now, run: alertRun(next, row) });
        if (row.agentId) failedAgents.add(row.agentId);
      } else if (row.group === 'approval') {
        items.push({ kind: 'approval', at: now, run: alertRun(next, row) });
      }
    }
    if (before && row.stalled && !before.stalled) items.push({ kind: 'stalled', at: now, state: 'stalled', run: alertRun(next, row) });
  }
  for (const agentId of failedAgents) {
    const rate = failureRate(next, agentId, now, options.failureRateWindowMs);
    const over = rate.finished >= options.failureRateMinRuns && rate.failed / rate.finished > options.failureRate;
    if (over && !memory.agentsOverRate.has(agentId)) {
      memory.agentsOverRate.add(agentId);
      items.push({ kind: 'failure-rate', at: now, agent: { id: agentId, name: next.agents[agentId] ?? null, ...rate, failure_rate: rate.failed / rate.finished } });
    } else if (!over) {
      memory.agentsOverRate.delete(agentId);
    }
  }
  return items;
}

function failureRate(state: AppState, agentId: string, now: number, windowMs: number): { failed: number; finished: number } {
  let failed = 0;
  let finished = 0;
  for (const id of state.runs.order) {
    const row = state.runs.byId[id];
    if (!row || row.agentId !== agentId || row.createdAt === null || now - row.createdAt > windowMs) continue;
    if (row.group === 'active' || row.group === 'approval') continue;
    finished++;
    if (row.group === 'failed') failed++;
  }
  return { failed, finished };
}

/** Time-based events: live runs with no change for the stale limit, the server down for a while. */
export function detectTimed(state: AppState, now: number, memory: DetectorMemory, options: DetectorOptions): AlertItem[] {
  const items: AlertItem[] = [];
  const live = new Set(liveRunIds(state.runs));
  for (const id of memory.stale) if (!live.has(id)) memory.stale.delete(id);
  for (const id of live) {
    const row = state.runs.byId[id];
    if (!row || memory.stale.has(id) || now - row.updatedAt < options.staleAfterMs) continue;
    memory.stale.add(id);
    items.push({ kind: 'stalled', at: now, state: 'stale', run: alertRun(state, row) });
  }
  items.push(...detectServerDown(state, now, memory, options));
  return items;
}

/**
 * The server unreachable or refusing the key for `serverDownAfterMs`. Needs no first answer to
 * compare with: a monitor started against a server that is down, or with a wrong key, alerts too.
 */
export function detectServerDown(state: AppState, now: number, memory: DetectorMemory, options: DetectorOptions): AlertItem[] {
  const { error, errorSince } = state.health;
  if (!error) memory.server = false;
  else if (!memory.server && errorSince !== null && now - errorSince >= options.serverDownAfterMs) {
    memory.server = true;
    return [{ kind: 'server', at: now, server: { error: error.message, kind: error.kind, since: new Date(errorSince).toISOString() } }];
  }
  return [];
}

/** At start-up: what is already stale or down is history too, and fires nothing later. */
export function primeMemory(state: AppState, now: number, memory: DetectorMemory, options: DetectorOptions): void {
  detectTimed(state, now, memory, options);
}
