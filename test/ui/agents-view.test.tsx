// The agents view in the UI (issue 9): switching views, one row per agent, sort and filter, Enter into
// an agent's runs and Esc back to the same row, the agent in aggregate on the right, all at 80x24.

import { afterEach, describe, expect, it } from 'vitest';
import { apply } from '../../src/store/create-store.js';
import { storeRunUsage } from '../../src/store/usage-reducers.js';
import { KEYS, plain, renderApp, storeWithRuns, waitForFrame, wireRun } from './helpers.js';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

/** agent-0 (support-bot): 3 runs, 2 failed. agent-1 (research-assistant): 3 runs, one waiting for approval. */
function fleet() {
  // One clock for both ends of each run: two reads of Date.now() a millisecond apart made a 5 s run
  // 4,999 ms long, shown as 4.9s (a flake on a busy CI machine).
  const now = Date.now();
  const run = (n: number, status: string, stopReason: string, seconds: number) =>
    wireRun(n, status, { stop_reason: stopReason, created_at: new Date(now - n * 60_000).toISOString(), completed_at: new Date(now - n * 60_000 + seconds * 1000).toISOString() });
  const runs = [
    run(1, 'completed', 'requires_approval', 2),
    run(2, 'failed', 'llm_api_error', 5),
    run(3, 'completed', 'end_turn', 8),
    run(4, 'failed', 'llm_api_error', 3),
    run(5, 'completed', 'end_turn', 4),
    run(6, 'completed', 'end_turn', 9),
  ];
  const store = storeWithRuns(runs);
  apply(store, storeRunUsage(store.getState(), runs[1].id, { promptTokens: 1200, completionTokens: 30, byModel: { 'openai/gpt-4o-mini': { promptTokens: 1200, completionTokens: 30 } } }));
  return { store, runs };
}

/** The 80x24 terminal the issue asks for (ink-testing-library draws 100 columns by default). */
function at80x24(app: ReturnType<typeof renderApp>) {
  Object.defineProperty(app.stdout, 'columns', { configurable: true, get: () => 80 });
  Object.defineProperty(app.stdout, 'rows', { configurable: true, get: () => 24 });
  app.stdout.emit('resize');
}

describe('agents view', () => {
  it('v switches the left pane; the header names the view; one row per agent with its figures', async () => {
    const { store } = fleet();
    const app = renderApp(store);
    cleanup = app.unmount;
    at80x24(app);
    await waitForFrame(app.lastFrame, (f) => f.includes('Runs 1/6'));
    app.stdin.write('v');
    const frame = plain(await waitForFrame(app.lastFrame, (f) => f.includes('Agents 1/2')));
    expect(frame).toMatch(/^ Agents {2}sort: failure rate/m);
    // support-bot (even runs 2, 4, 6): 2 of 3 failed → 67%; research-assistant: 0 of 3.
    expect(frame).toMatch(/support-b\S* +67% +3 /);
    expect(frame).toMatch(/research-\S* +0% +3 /);
    expect(frame).toContain('tokens 1/6 runs');
    expect(frame).toContain('j/k move  Enter runs  v all runs');
    // Every line fits the 80 columns.
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    app.stdin.write('v');
    await waitForFrame(app.lastFrame, (f) => plain(f).includes('Runs 1/6') && /^ Runs /m.test(plain(f)));
  });

  it('the right side shows the selected agent in aggregate', async () => {
    const { store } = fleet();
    const app = renderApp(store, { settings: { baseUrl: 'https://api.letta.com' } });
    cleanup = app.unmount;
    app.stdin.write('v');
    const frame = plain(await waitForFrame(app.lastFrame, (f) => f.includes('Agent · support-bot')));
    expect(frame).toMatch(/3 runs · 2 failed \(67%\)/);
    expect(frame).toMatch(/outcomes +✓✗✗/); // runs 6, 4, 2: oldest first
    expect(frame).toMatch(/duration +\S+ p50 5\.0s p95 9\.0s/); // 9 s, 3 s, 5 s → nearest rank
    expect(frame).toContain('openai/gpt-4o-mini: in 1.2k out 30');
    expect(frame).toMatch(/stops +llm_api_error×2 {2}end_turn×1/);
    expect(frame).toContain('https://app.letta.com/agents/agent-0');
    app.stdin.write('j');
    const other = plain(await waitForFrame(app.lastFrame, (f) => f.includes('Agent · research-assistant')));
    expect(other).toContain('1 to approve');
    expect(other).toContain('not known yet (0/3 runs)');
  });

  it('s sorts by each column in turn; / filters by name and Esc clears it', async () => {
    const { store } = fleet();
    const app = renderApp(store);
    cleanup = app.unmount;
    app.stdin.write('v');
    await waitForFrame(app.lastFrame, (f) => f.includes('sort: failure rate'));
    app.stdin.write('s');
    await waitForFrame(app.lastFrame, (f) => f.includes('sort: active'));
    app.stdin.write('ss');
    // approvals waiting: research-assistant first.
    const byApprovals = plain(await waitForFrame(app.lastFrame, (f) => f.includes('sort: approvals waiting')));
    expect(byApprovals.indexOf('┃research')).toBeGreaterThan(0);
    expect(byApprovals.indexOf('┃research')).toBeLessThan(byApprovals.indexOf('┃support-'));
    app.stdin.write('/supp');
    const filtered = plain(await waitForFrame(app.lastFrame, (f) => f.includes('(filtered from 2)') && f.includes('filter: supp')));
    expect(filtered).not.toMatch(/research-as\S* +0%/);
    app.stdin.write('\r');
    app.stdin.write(KEYS.escape);
    await waitForFrame(app.lastFrame, (f) => f.includes('/2 · tokens') && !f.includes('filtered'));
    expect(store.getState().ui.agentFilter.text).toBe('');
  });

  it("Enter opens the agent's runs; Esc comes back to the same agent row", async () => {
    const { store, runs } = fleet();
    const app = renderApp(store);
    cleanup = app.unmount;
    at80x24(app);
    app.stdin.write('v');
    await waitForFrame(app.lastFrame, (f) => f.includes('Agents 1/2'));
    app.stdin.write('j');
    await waitForFrame(app.lastFrame, (f) => f.includes('Agents 2/2'));
    const agent = store.getState().ui.selectedAgentId;
    app.stdin.write('\r');
    const scoped = plain(await waitForFrame(app.lastFrame, (f) => /Runs of (support-bot|research-ass)/.test(plain(f)) && f.includes('filtered from 6')));
    const ids = store.getState().runs.order.filter((id) => store.getState().runs.byId[id].agentId === agent);
    expect(ids).toHaveLength(3);
    for (const run of runs) expect(scoped.includes(run.id.slice(4, 12))).toBe(ids.includes(run.id));
    // Keys of the runs view work there: j moves among this agent's runs only.
    app.stdin.write('j');
    await waitForFrame(app.lastFrame, (f) => f.includes('Runs 2/3'));
    app.stdin.write(KEYS.escape);
    await waitForFrame(app.lastFrame, (f) => f.includes('Agents 2/2'));
    expect(store.getState().ui.selectedAgentId).toBe(agent);
    expect(store.getState().ui.agentScope).toBeNull();
  });

  it('run keys in the agents view say where they work instead of doing nothing', async () => {
    const { store } = fleet();
    const app = renderApp(store);
    cleanup = app.unmount;
    app.stdin.write('v');
    await waitForFrame(app.lastFrame, (f) => f.includes('Agents 1/2'));
    app.stdin.write('x');
    await waitForFrame(app.lastFrame, (f) => f.includes('that key acts on runs'));
    expect(store.getState().ui.confirm).toBeNull();
  });
});
