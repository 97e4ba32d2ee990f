// The first runs to arrive come with one of them selected, in the same store update, as the screen
// would select it (ui-reducers.ts: follow mode first, then the first visible row). The screen keeps
// the selection valid from then on (App's effect), but that effect runs only after a frame is drawn:
// the first frame with runs showed none selected, and a second whole render, 30–60 ms into start-up,
// selected one and started loading its messages.

import { apply, type AppStore } from './create-store.js';
import { visibleRunIds } from './selectors.js';
import { ensureSelection, followNewest } from './ui-reducers.js';

/** Selects a run when the first runs arrive, unless one is selected by then; returns the unsubscribe. */
export function selectOnFirstRuns(store: AppStore): () => void {
  const stop = store.subscribe((state) => {
    if (state.runs.order.length === 0) return;
    stop();
    if (state.selectedRunId !== null) return;
    const { runFilter, quickFilter, sort, agentScope } = state.ui;
    const ids = visibleRunIds({ runs: state.runs, agents: state.agents, details: state.details, usage: state.runUsage }, { filterText: runFilter.text, quickFilter, sort, agentId: agentScope });
    apply(store, followNewest(state, ids));
    apply(store, ensureSelection(store.getState(), ids));
  });
  return stop;
}
