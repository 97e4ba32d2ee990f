import { describe, expect, it } from 'vitest';
import type { WireRun } from '../../src/api/types.js';
import { apply, createAppStore } from '../../src/store/create-store.js';
import { upsertRuns } from '../../src/store/runs-reducers.js';
import { ensureSelection, followNewest, moveMessageCursor, moveSelection } from '../../src/store/ui-reducers.js';

const run = (n: number, status = 'running', extra: Partial<WireRun> = {}): WireRun => ({
  id: `run-${String(n).padStart(8, '0')}`,
  status,
  agent_id: 'agent-1',
  created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  ...extra,
});

describe('upsertRuns', () => {
  it('orders newest first and keeps unchanged rows as the same objects', () => {
    const store = createAppStore('test');
    store.setState(upsertRuns(store.getState(), [run(1), run(3), run(2)], 1000)!);
    expect(store.getState().runs.order).toEqual(['run-00000003', 'run-00000002', 'run-00000001']);
    const before = store.getState().runs.byId['run-00000001'];
    const partial = upsertRuns(store.getState(), [run(1), run(2, 'completed')], 2000)!;
    store.setState(partial);
    expect(store.getState().runs.byId['run-00000001']).toBe(before);
    expect(store.getState().runs.byId['run-00000002'].statusChangedAt).toBe(2000);
    expect(store.getState().runs.byId['run-00000001'].statusChangedAt).toBeNull();
  });

  it('returns null when nothing changed, so no subscriber wakes up', () => {
    const store = createAppStore('test');
    store.setState(upsertRuns(store.getState(), [run(1)], 1000)!);
    expect(upsertRuns(store.getState(), [run(1)], 2000)).toBeNull();
  });

  it('keeps the list duration when a single retrieve has none (RUNS-API.md §12.4)', () => {
    const store = createAppStore('test');
    store.setState(upsertRuns(store.getState(), [run(1, 'completed', { total_duration_ns: 5e9 })], 1)!);
    expect(upsertRuns(store.getState(), [run(1, 'completed', { total_duration_ns: null })], 2)).toBeNull();
    expect(store.getState().runs.byId['run-00000001'].durationMs).toBe(5000);
  });
});

describe('selection', () => {
  it('follows the run, not the row, when new runs arrive on top', () => {
    const store = createAppStore('test');
    store.setState(upsertRuns(store.getState(), [run(1), run(2)], 1)!);
    store.setState(ensureSelection(store.getState(), store.getState().runs.order)!);
    store.setState(moveSelection(store.getState(), store.getState().runs.order, 1)!);
    expect(store.getState().selectedRunId).toBe('run-00000001');
    store.setState(upsertRuns(store.getState(), [run(5), run(6)], 2)!);
    expect(store.getState().selectedRunId).toBe('run-00000001');
    expect(store.getState().runs.order.indexOf('run-00000001')).toBe(3);
    store.setState(moveSelection(store.getState(), store.getState().runs.order, 'first')!);
    expect(store.getState().selectedRunId).toBe('run-00000006');
    expect(moveSelection(store.getState(), store.getState().runs.order, -1)).toBeNull();
  });

  it('moving the message cursor up leaves follow mode; reaching the last message re-enters it', () => {
    const store = createAppStore('test');
    const keys = ['a', 'b', 'c', 'd'];
    store.setState(moveMessageCursor(store.getState(), keys, -1)!);
    expect(store.getState().ui.messageCursor).toBe('c');
    store.setState(moveMessageCursor(store.getState(), keys, 'top')!);
    expect(store.getState().ui.messageCursor).toBe('a');
    store.setState(moveMessageCursor(store.getState(), keys, 10)!);
    expect(store.getState().ui.messageCursor).toBeNull();
  });

  it('a manual move leaves follow mode; follow picks the newest live run', () => {
    const store = createAppStore('test');
    apply(store, upsertRuns(store.getState(), [run(1), run(2, 'completed'), run(3)], 1));
    store.setState({ ui: { ...store.getState().ui, follow: true } });
    apply(store, followNewest(store.getState(), store.getState().runs.order));
    expect(store.getState().selectedRunId).toBe('run-00000003');
    apply(store, upsertRuns(store.getState(), [run(4, 'completed'), run(5)], 2));
    apply(store, followNewest(store.getState(), store.getState().runs.order));
    expect(store.getState().selectedRunId).toBe('run-00000005');
    apply(store, moveSelection(store.getState(), store.getState().runs.order, 1));
    expect(store.getState().ui.follow).toBe(false);
    expect(store.getState().selectedRunId).toBe('run-00000004');
  });
});
