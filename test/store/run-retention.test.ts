// Issue 8, item 11: the runs held are bounded by count and age; older runs are let go unless selected,
// live or waiting for approval; the count let go is kept for the title, and paging resumes where the
// unbroken range ends.

import { describe, expect, it } from 'vitest';
import type { WireRun } from '../../src/api/types.js';
import { apply, createAppStore, type AppStore } from '../../src/store/create-store.js';
import { resetDetail } from '../../src/store/detail-reducers.js';
import { ALWAYS_KEPT, heldCeiling, islandLimit, letGoOfOldRuns, olderPageLoaded } from '../../src/store/run-retention.js';
import { setAgentNames, upsertRuns } from '../../src/store/runs-reducers.js';
import { countInWindow } from '../../src/store/selectors.js';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
const id = (n: number) => `run-${String(n).padStart(8, '0')}`;

/** Run n was created n minutes ago: run 0 is the newest. */
function run(n: number, extra: Partial<WireRun> = {}): WireRun {
  return { id: id(n), status: 'completed', stop_reason: 'end_turn', agent_id: `agent-${n % 3}`, created_at: new Date(NOW - n * MINUTE).toISOString(), ...extra };
}

function storeWith(runs: WireRun[]): AppStore {
  const store = createAppStore('test');
  apply(store, upsertRuns(store.getState(), runs, NOW));
  return store;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('letGoOfOldRuns', () => {
  it('keeps the newest maxRuns, lets the rest go and counts them', () => {
    const store = storeWith(range(0, 250).map((n) => run(n)));
    apply(store, letGoOfOldRuns(store.getState(), NOW, { maxRuns: 200, keepMs: 24 * 60 * MINUTE }));
    const { runs } = store.getState();
    expect(runs.order).toEqual(range(0, 200).map(id));
    expect(Object.keys(runs.byId)).toHaveLength(200);
    expect(runs.letGo).toBe(50);
    // Paging resumes before the oldest run kept.
    expect(runs.olderPagesBefore).toBe(id(199));
    // Nothing more to let go: no store update at all.
    expect(letGoOfOldRuns(store.getState(), NOW, { maxRuns: 200, keepMs: 24 * 60 * MINUTE })).toBeNull();
  });

  it('lets go of runs older than the window, but always keeps the newest page', () => {
    const store = storeWith(range(0, 300).map((n) => run(n)));
    // 150 minutes: runs 0..150 are inside.
    apply(store, letGoOfOldRuns(store.getState(), NOW, { maxRuns: 10_000, keepMs: 150 * MINUTE }));
    expect(store.getState().runs.order).toEqual(range(0, 151).map(id));
    expect(store.getState().runs.letGo).toBe(149);
    // A quiet server whose runs are all days old still shows its newest page.
    const quiet = storeWith(range(0, 300).map((n) => run(n + 5 * 24 * 60)));
    apply(quiet, letGoOfOldRuns(quiet.getState(), NOW, { maxRuns: 10_000, keepMs: 24 * 60 * MINUTE }));
    expect(quiet.getState().runs.order).toHaveLength(ALWAYS_KEPT);
  });

  it('holds on to the selected run, live runs and runs waiting for approval, wherever they are', () => {
    const store = storeWith([
      ...range(0, 100).map((n) => run(n)),
      run(150, { status: 'running', stop_reason: null }),
      run(160, { stop_reason: 'requires_approval' }),
      run(170, { status: 'failed', stop_reason: 'error' }),
      run(180),
      run(190, { status: 'created', stop_reason: null }),
    ]);
    store.setState({ selectedRunId: id(40) });
    apply(store, letGoOfOldRuns(store.getState(), NOW, { maxRuns: 100, keepMs: 24 * 60 * MINUTE }));
    const { runs } = store.getState();
    expect(runs.order.slice(100)).toEqual([id(150), id(160), id(190)]);
    expect(runs.byId[id(170)]).toBeUndefined();
    expect(runs.letGo).toBe(2);
    // The kept old runs are beyond a gap: paging goes on from the unbroken range, not from them.
    expect(runs.olderPagesBefore).toBe(id(99));
  });

  it('keeps live and approval runs beyond the bound up to a tenth of it, newest first', () => {
    const retention = { maxRuns: 200, keepMs: 24 * 60 * MINUTE };
    // Approved runs stay `requires_approval` for ever: 50 of them beyond the bound.
    const store = storeWith([...range(0, 200).map((n) => run(n)), ...range(200, 250).map((n) => run(n, { stop_reason: 'requires_approval' }))]);
    store.setState({ selectedRunId: id(0) });
    apply(store, letGoOfOldRuns(store.getState(), NOW, retention));
    const { runs } = store.getState();
    expect(islandLimit(retention)).toBe(20);
    expect(runs.order.slice(200)).toEqual(range(200, 220).map(id));
    expect(runs.letGo).toBe(30);
  });

  it('a selected run beyond the bound holds on to the older runs around it, up to the ceiling', () => {
    const retention = { maxRuns: 100, keepMs: 24 * 60 * MINUTE };
    const store = storeWith(range(0, 150).map((n) => run(n)));
    // The user scrolled down and reads run 140: the runs paged in under it stay.
    store.setState({ selectedRunId: id(140) });
    expect(letGoOfOldRuns(store.getState(), NOW, retention)).toBeNull();
    // Past the ceiling (twice the bound), even then the oldest go; the selected one stays.
    apply(store, upsertRuns(store.getState(), range(150, 260).map((n) => run(n)), NOW));
    apply(store, letGoOfOldRuns(store.getState(), NOW, retention));
    expect(store.getState().runs.order).toHaveLength(heldCeiling(retention));
    expect(store.getState().runs.byId[id(140)]).toBeDefined();
    // Back at the top: down to the bound.
    store.setState({ selectedRunId: id(0) });
    apply(store, letGoOfOldRuns(store.getState(), NOW, retention));
    expect(store.getState().runs.order).toHaveLength(100);
    expect(store.getState().runs.letGo).toBe(160);
  });

  it('lets go of the details and agent names only the let-go runs used', () => {
    const store = storeWith([run(0, { agent_id: 'agent-kept' }), ...range(1, 120).map((n) => run(n, { agent_id: 'agent-old' }))]);
    apply(store, setAgentNames(store.getState(), { 'agent-kept': 'kept', 'agent-old': 'old' }));
    apply(store, resetDetail(store.getState(), id(110), NOW));
    apply(store, resetDetail(store.getState(), id(1), NOW));
    apply(store, letGoOfOldRuns(store.getState(), NOW, { maxRuns: 1, keepMs: 24 * 60 * MINUTE }));
    const state = store.getState();
    expect(state.runs.order).toEqual([id(0)]);
    expect(state.agents).toEqual({ 'agent-kept': 'kept' });
    expect(Object.keys(state.details)).toEqual([]);
  });
});

describe('olderPageLoaded', () => {
  it('resumes after the page and stops counting the runs it brought back', () => {
    const store = storeWith(range(0, 250).map((n) => run(n)));
    apply(store, letGoOfOldRuns(store.getState(), NOW, { maxRuns: 200, keepMs: 24 * 60 * MINUTE }));
    apply(store, olderPageLoaded(store.getState(), range(200, 230).map(id), 30, false));
    expect(store.getState().runs).toMatchObject({ letGo: 20, olderPagesBefore: id(229) });
    apply(store, olderPageLoaded(store.getState(), range(230, 240).map(id), 10, true));
    expect(store.getState().runs).toMatchObject({ letGo: 0, olderPagesBefore: null });
  });

  it('changes nothing when nothing was let go', () => {
    const store = storeWith(range(0, 10).map((n) => run(n)));
    expect(olderPageLoaded(store.getState(), [id(11)], 1, false)).toBeNull();
  });
});

describe('the header counts once runs were let go', () => {
  it('reach back only to the end of the unbroken range held: lower bounds, even when the whole list had been loaded', () => {
    // Two hours of runs, one a minute, the whole list loaded; one old run waits for approval (kept).
    const store = storeWith([...range(0, 120).map((n) => run(n, n % 2 ? { status: 'failed', stop_reason: 'error' } : {})), run(100, { stop_reason: 'requires_approval' })]);
    store.setState({ listComplete: true });
    const hour = 60 * MINUTE;
    expect(countInWindow(store.getState().runs, NOW, hour, true).partialFrom).toBeNull();
    // Only the newest 30 are held (plus the waiting island at 100 minutes): the last hour is not.
    apply(store, letGoOfOldRuns(store.getState(), NOW, { maxRuns: 30, keepMs: 24 * 60 * MINUTE }));
    expect(store.getState().runs.order).toContain(id(100));
    const { counts, partialFrom } = countInWindow(store.getState().runs, NOW, hour, true);
    expect(partialFrom).toBe(NOW - 29 * MINUTE);
    expect(counts.failed + counts.completed).toBe(30);
    // A window the range held does cover is exact.
    expect(countInWindow(store.getState().runs, NOW, 15 * MINUTE, true).partialFrom).toBeNull();
  });
});
