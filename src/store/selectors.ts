// Derived views of the store. Components call these inside useMemo keyed on the slices they read,
// never as zustand selectors that build fresh objects (zustand v5 would loop, DESIGN.md).

import type { StatusGroup } from './normalize-run.js';
import type { AppState, RunRow } from './types.js';

/** The run ids the list shows, in display order. */
export function visibleRunIds(runs: AppState['runs']): string[] {
  return runs.order;
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
