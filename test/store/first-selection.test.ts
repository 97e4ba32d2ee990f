// The first runs to arrive come with one selected, in the same store update (src/store/first-selection.ts):
// whatever subscribed after it (the screen) never sees runs without a selection.

import { describe, expect, it } from 'vitest';
import type { WireRun } from '../../src/api/types.js';
import { apply, createAppStore, type AppStore } from '../../src/store/create-store.js';
import { selectOnFirstRuns } from '../../src/store/first-selection.js';
import { upsertRuns } from '../../src/store/runs-reducers.js';
import type { AppState } from '../../src/store/types.js';

const run = (n: number, status: string, agent = 'agent-a'): WireRun => ({
  id: `run-${n}`,
  agent_id: agent,
  status,
  stop_reason: status === 'running' ? null : 'end_turn',
  created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, 60 - n)).toISOString(),
});

/** A store with the first selection armed, and the states a later subscriber (the screen) sees. */
function watched(setUp: (store: AppStore) => void = () => {}): { store: AppStore; seen: AppState[] } {
  const store = createAppStore('test');
  setUp(store);
  selectOnFirstRuns(store);
  const seen: AppState[] = [];
  store.subscribe((state) => seen.push(state));
  return { store, seen };
}

const arrive = (store: AppStore, runs: WireRun[]) => apply(store, upsertRuns(store.getState(), runs, Date.now()));

describe('the first runs to arrive', () => {
  it('come with the first row selected: the screen never sees them without a selection', () => {
    const { store, seen } = watched();
    arrive(store, [run(1, 'completed'), run(2, 'completed'), run(3, 'failed')]);
    expect(store.getState().selectedRunId).toBe('run-1');
    const withRuns = seen.filter((state) => state.runs.order.length > 0);
    expect(withRuns.length).toBeGreaterThan(0);
    expect(withRuns.every((state) => state.selectedRunId === 'run-1')).toBe(true);
  });

  it('select as the screen would: the row the filter leaves first, the newest live run in follow mode', () => {
    const filtered = watched((store) => store.setState({ ui: { ...store.getState().ui, runFilter: { text: 'status:failed', editing: false } } }));
    arrive(filtered.store, [run(1, 'completed'), run(2, 'completed'), run(3, 'failed')]);
    expect(filtered.store.getState().selectedRunId).toBe('run-3');

    const following = watched((store) => store.setState({ ui: { ...store.getState().ui, follow: true } }));
    arrive(following.store, [run(1, 'completed'), run(2, 'running'), run(3, 'running')]);
    expect(following.store.getState().selectedRunId).toBe('run-2');
  });

  it('leave a selection made before them alone, and only the first arrival selects', () => {
    const early = watched((store) => store.setState({ selectedRunId: 'run-9' }));
    arrive(early.store, [run(1, 'completed')]);
    expect(early.store.getState().selectedRunId).toBe('run-9');

    const { store } = watched();
    arrive(store, []); // an empty first page: nothing to select yet
    expect(store.getState().selectedRunId).toBeNull();
    arrive(store, [run(1, 'completed')]);
    expect(store.getState().selectedRunId).toBe('run-1');
    // From then on the screen keeps the selection valid (App's effect), not this.
    store.setState({ selectedRunId: null });
    arrive(store, [run(2, 'completed')]);
    expect(store.getState().selectedRunId).toBeNull();
  });
});
