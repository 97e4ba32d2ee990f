// Usage of every finished run in the window, not only the visited ones (issue 9): the agents view's
// token columns and the token sort are honest only then. One job per run, newest first, through the
// budget scheduler. A run's usage is read from its steps, which also say which model spent what
// (the usage endpoint sums only 50 steps and names no model, RUNS-API.md §7, §12.12). Runs outside
// the window are never asked for; runs filtered out server-side are never loaded in the first place.

import type { LettaClient } from '../api/client.js';
import { apply, type AppStore } from '../store/create-store.js';
import type { AppState } from '../store/types.js';
import { WINDOW_MS } from '../store/ui-reducers.js';
import { storeRunUsage, usageFromSteps } from '../store/usage-reducers.js';
import type { BudgetJob, JobSource } from './budget-scheduler.js';

/** Runs whose usage could not be read are not offered again for the session, up to this many. */
const MAX_GIVEN_UP = 10_000;

export class UsageBackfill implements JobSource {
  private readonly givenUp = new Set<string>();
  private inFlight: string | null = null;
  /** Requests made, for tests and the bench. */
  fetched = 0;

  constructor(
    private readonly client: LettaClient,
    private readonly store: AppStore,
    private readonly now: () => number = Date.now,
  ) {}

  next(state: AppState): BudgetJob | null {
    const runId = this.nextRunId(state);
    if (!runId) return null;
    return {
      key: `usage ${runId}`,
      run: async (signal) => {
        this.inFlight = runId;
        try {
          this.fetched++;
          const steps = await this.client.listRunSteps(runId, { order: 'asc', limit: 1000 }, signal);
          apply(this.store, storeRunUsage(this.store.getState(), runId, usageFromSteps(steps)));
        } finally {
          this.inFlight = null;
        }
      },
      giveUp: () => {
        if (this.givenUp.size < MAX_GIVEN_UP) this.givenUp.add(runId);
      },
    };
  }

  /** The newest finished run in the window whose usage we do not have. */
  nextRunId(state: AppState): string | null {
    const windowMs = WINDOW_MS[state.ui.window];
    const now = this.now();
    const { byId, order } = state.runs;
    let best: string | null = null;
    let bestAt = -Infinity;
    for (const id of order) {
      const run = byId[id];
      if (!run || run.group === 'active' || run.createdAt === null || now - run.createdAt > windowMs) continue;
      if (state.runUsage[id] || this.givenUp.has(id) || id === this.inFlight) continue;
      // `order` is newest first in practice; compare anyway, it costs nothing.
      if (run.createdAt > bestAt) {
        best = id;
        bestAt = run.createdAt;
      }
    }
    return best;
  }
}
