// Background usage through the budget scheduler, over loopback HTTP to the simulated server (issue 9):
// newest first, once per run, within the budget, only the window, backing off on 429/5xx, paused while
// the connection is unhealthy, idle (no timer) once everything is known.

import { afterEach, describe, expect, it } from 'vitest';
import { LettaClient } from '../../src/api/client.js';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { apply, createAppStore } from '../../src/store/create-store.js';
import { pollFailed, pollSucceeded, upsertRuns } from '../../src/store/runs-reducers.js';
import { BudgetScheduler } from '../../src/sync/budget-scheduler.js';
import { UsageBackfill } from '../../src/sync/usage-backfill.js';
import { waitFor } from '../demo/helpers.js';

let server: DemoServer | null = null;
let client: LettaClient | null = null;
let scheduler: BudgetScheduler | null = null;
afterEach(async () => {
  scheduler?.stop();
  await client?.destroy();
  await server?.close();
  server = client = scheduler = null;
});

/** A server with finished runs `minutesAgo`, a store holding them (as a poll would), and the pieces. */
async function setup(minutesAgo: number[], requestsPerSecond: number) {
  server = await startDemoServer({ seed: 21, autoplay: false });
  const ids = minutesAgo.map((m) => server!.addRun({ live: false, steps: 2, createdAt: new Date(Date.now() - m * 60_000) }));
  client = new LettaClient({ baseUrl: server.url });
  const store = createAppStore('test');
  apply(store, upsertRuns(store.getState(), await client.listRuns({ limit: 1000 }), Date.now()));
  store.setState(pollSucceeded(store.getState(), Date.now()));
  // Observe (not replace) the requests the backfill makes: when each started, for which run.
  const started: Array<{ runId: string; at: number }> = [];
  const listRunSteps = client.listRunSteps.bind(client);
  client.listRunSteps = (runId, params, signal) => {
    started.push({ runId, at: performance.now() });
    return listRunSteps(runId, params, signal);
  };
  scheduler = new BudgetScheduler(store, { requestsPerSecond, backoffBaseMs: 200 });
  const backfill = new UsageBackfill(client, store);
  scheduler.addSource(backfill);
  return { store, ids, started, backfill, scheduler };
}

describe('background usage', () => {
  it('fetches each finished run of the window once, newest first, spaced by the budget; nothing outside the window', async () => {
    // Window 1h: the runs 90 and 200 minutes old are outside it.
    const { store, ids, started, scheduler: s } = await setup([50, 2, 30, 90, 10, 200, 20], 25);
    s.start();
    const inWindow = [ids[1], ids[4], ids[6], ids[2], ids[0]]; // 2, 10, 20, 30, 50 minutes old
    await waitFor(() => inWindow.every((id) => store.getState().runUsage[id]));
    expect(started.map((r) => r.runId)).toEqual(inWindow);
    // At most 25 a second: starts 40 ms apart. Checked at 30 ms, because on a loaded machine a start
    // was once seen 32 ms after the previous one; without the budget they are 1–5 ms apart.
    for (let i = 1; i < started.length; i++) expect(started[i].at - started[i - 1].at).toBeGreaterThanOrEqual(30);
    expect(store.getState().runUsage[ids[3]]).toBeUndefined();
    // The usage is the steps' sums, as the server's own /usage reports it.
    const usage = await client!.getRunUsage(ids[1]);
    expect(store.getState().runUsage[ids[1]].promptTokens).toBe(usage.prompt_tokens);
    expect(store.getState().runUsage[ids[1]].completionTokens).toBe(usage.completion_tokens);
    // Warm: a poll bringing the same runs again asks for nothing more.
    apply(store, upsertRuns(store.getState(), await client!.listRuns({ limit: 1000 }), Date.now()));
    store.setState({ runs: { ...store.getState().runs } });
    expect(s.started).toBe(inWindow.length);
    // Widening the window brings the older runs in, still newest first.
    store.setState({ ui: { ...store.getState().ui, window: 'all' } });
    await waitFor(() => store.getState().runUsage[ids[5]]);
    expect(started.slice(inWindow.length).map((r) => r.runId)).toEqual([ids[3], ids[5]]);
  });

  it('backs off on 429 for at least the Retry-After, then carries on', async () => {
    const { store, ids, started, scheduler: s } = await setup([1, 2, 3], 50);
    server!.setFaults({ rateLimitRate: 1, retryAfterSeconds: 1 });
    s.start();
    await waitFor(() => s.backoffs >= 1);
    server!.setFaults({ rateLimitRate: 0 });
    await waitFor(() => ids.every((id) => store.getState().runUsage[id]));
    // The refused request and the next start are at least the Retry-After apart.
    expect(started[1].at - started[0].at).toBeGreaterThanOrEqual(990);
    expect(started[0].runId).toBe(started[1].runId);
  });

  it('backs off on 5xx, and gives up on a run the server does not know', async () => {
    const { store, ids, scheduler: s, backfill } = await setup([1, 2], 50);
    server!.setFaults({ serverErrorRate: 1 });
    s.start();
    await waitFor(() => s.backoffs >= 2);
    expect(Object.keys(store.getState().runUsage)).toHaveLength(0);
    server!.setFaults({ serverErrorRate: 0 });
    await waitFor(() => ids.every((id) => store.getState().runUsage[id]));
    // A listed run the server no longer has (404): offered once, then never again.
    const ghost = 'run-00000000-0000-4000-8000-00000000dead';
    apply(store, upsertRuns(store.getState(), [{ id: ghost, status: 'completed', agent_id: 'agent-x', created_at: new Date().toISOString() }], Date.now()));
    await waitFor(() => backfill.nextRunId(store.getState()) === null);
    expect(store.getState().runUsage[ghost]).toBeUndefined();
  });

  it('pauses while the runs poll is failing and resumes when it succeeds', async () => {
    const { store, ids, scheduler: s } = await setup([1, 2], 1000);
    store.setState(pollFailed(store.getState(), { kind: 'network', message: 'down' }, Date.now() + 1000));
    s.start();
    // Store changes wake the scheduler, which decides at once: nothing starts while unhealthy.
    store.setState({ runs: { ...store.getState().runs } });
    expect(s.started).toBe(0);
    store.setState(pollSucceeded(store.getState(), Date.now()));
    expect(s.started).toBe(1);
    await waitFor(() => ids.every((id) => store.getState().runUsage[id]));
  });

  it('is off with a budget of 0', async () => {
    const { store, scheduler: s } = await setup([1], 0);
    s.start();
    store.setState({ runs: { ...store.getState().runs } });
    expect(s.enabled).toBe(false);
    expect(s.started).toBe(0);
  });
});

describe('older pages for the agents view', () => {
  it('reads older pages through the scheduler until the window is covered, only while the agents view shows', async () => {
    // 250 runs over the last ~40 minutes: the first page (100) covers ~16 of them.
    server = await startDemoServer({ seed: 22, autoplay: false });
    for (let i = 0; i < 250; i++) server.addRun({ live: false, steps: 1, createdAt: new Date(Date.now() - (250 - i) * 10_000) });
    const { createPipeline } = await import('../../src/cli/pipeline.js');
    const pipeline = createPipeline({ connection: { baseUrl: server.url, apiKey: undefined, apiKeySource: null, projectId: undefined }, intervalMs: 60_000, stallMs: 60_000, usageRequestsPerSecond: 100, stdout: process.stdout, quit: () => undefined });
    scheduler = pipeline.scheduler;
    client = pipeline.client;
    await pipeline.poller.pollNow();
    pipeline.scheduler.start();
    // The runs view: usage of the loaded page only, no older page.
    await waitFor(() => Object.keys(pipeline.store.getState().runUsage).length === 100);
    expect(pipeline.store.getState().runs.order).toHaveLength(100);
    const ui = pipeline.store.getState().ui;
    pipeline.store.setState({ ui: { ...ui, view: 'agents' } });
    await waitFor(() => pipeline.store.getState().listComplete);
    expect(pipeline.store.getState().runs.order).toHaveLength(250);
    await waitFor(() => Object.keys(pipeline.store.getState().runUsage).length === 250);
    await pipeline.stop();
  });
});
