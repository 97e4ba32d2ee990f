// The agents view's figures cover the header's window only if the loaded runs reach back to its start:
// a fleet busier than a page (100 runs) in the last hour would otherwise show the newest few minutes
// as "the last hour". While the agents view shows, older pages are read through the budget scheduler
// until the window is covered or the server has no more (in the runs view, scrolling does this).

import type { AppState } from '../store/types.js';
import { WINDOW_MS } from '../store/ui-reducers.js';
import type { BudgetJob, JobSource } from './budget-scheduler.js';
import type { RunsPoller } from './runs-poller.js';

/** The creation time of the oldest loaded run, or null with none. */
function oldestLoaded(state: AppState): number | null {
  const { order, byId } = state.runs;
  let oldest: number | null = null;
  // `order` is newest first: the oldest sit at its end, but skip past any without a time.
  for (let i = order.length - 1; i >= 0 && i >= order.length - 50; i--) {
    const at = byId[order[i]]?.createdAt ?? null;
    if (at !== null && (oldest === null || at < oldest)) oldest = at;
  }
  return oldest;
}

export class WindowBackfill implements JobSource {
  private loading = false;
  /** The server refused a page (not a passing failure): stop asking for the session. */
  private refused = false;
  pagesLoaded = 0;

  constructor(
    private readonly poller: RunsPoller,
    private readonly now: () => number = Date.now,
  ) {}

  next(state: AppState): BudgetJob | null {
    if (state.ui.view !== 'agents' || this.loading || this.refused || state.listComplete || !this.poller.hasMore) return null;
    const windowMs = WINDOW_MS[state.ui.window];
    // "All loaded" is what is loaded, by definition.
    if (!Number.isFinite(windowMs)) return null;
    const oldest = oldestLoaded(state);
    if (oldest !== null && this.now() - oldest >= windowMs) return null;
    return {
      key: 'older page',
      run: async () => {
        this.loading = true;
        try {
          await this.poller.loadOlder();
          this.pagesLoaded++;
        } finally {
          this.loading = false;
        }
      },
      giveUp: () => {
        this.refused = true;
      },
    };
  }

  wantsWake(state: AppState, previous: AppState): boolean {
    return state.ui.view !== previous.ui.view;
  }
}
