// Where a run's time went (issue 9): the selected run's metrics are read into the store for the
// waterfall, once for a finished run; a server without metrics (404, 501, nulls) gets a sentence.

import { describe, expect, it } from 'vitest';
import { LettaClient } from '../../src/api/client.js';
import type { FaultConfig } from '../../src/demo/faults.js';
import { createAppStore } from '../../src/store/create-store.js';
import type { FollowerContext } from '../../src/sync/follower-context.js';
import { loadRunMetrics } from '../../src/sync/metrics-loader.js';
import { demoServer, FAST_FOLLOW, startPipeline, waitFor } from './pipeline.js';

/** A finished run of `steps` steps on a server of its own, listed and selected in a pipeline. */
async function selectFinishedRun(seed: number, steps: number, faults: Partial<FaultConfig> = {}) {
  const server = await demoServer({ seed, faults });
  const runId = server.addRun({ outcome: 'end_turn', steps, live: false });
  const p = startPipeline(server.url, { detail: FAST_FOLLOW, poller: { intervalMs: 60_000 } });
  await p.poller!.pollNow();
  p.select(runId);
  return { server, runId, p };
}

describe('run metrics', () => {
  it('reads the selected run’s step timings once, and they add up to the run', async () => {
    const { runId, p } = await selectFinishedRun(41, 3);
    const metrics = await waitFor(() => p.state().runMetrics[runId]?.state === 'ok' && p.state().runMetrics[runId], 'metrics');
    expect(metrics.final).toBe(true);
    expect(metrics.steps).toHaveLength(3);
    expect(metrics.steps.reduce((sum, s) => sum + (s.stepNs ?? 0), 0)).toBe(metrics.runNs);
    // The finished run read here also counts for the agents view's tokens, without another request.
    expect(p.state().runUsage[runId]).toBeDefined();
  });

  it('a finished run’s timings are read once: asking again costs no request', async () => {
    const server = await demoServer({ seed: 43 });
    const runId = server.addRun({ outcome: 'end_turn', steps: 2, live: false });
    const client = new LettaClient({ baseUrl: server.url });
    const store = createAppStore('test');
    const ctx = { runId, client, store, signal: new AbortController().signal } as unknown as FollowerContext;
    const steps = await client.listRunSteps(runId, { order: 'asc' });
    await loadRunMetrics(ctx, steps, true);
    const first = store.getState().runMetrics[runId];
    expect(first.state).toBe('ok');
    const requests = server.stats().byKind.metrics;
    expect(requests).toBe(3); // the run's and its two steps'
    await loadRunMetrics(ctx, steps, true);
    expect(server.stats().byKind.metrics).toBe(requests);
    expect(store.getState().runMetrics[runId]).toBe(first);
    await client.destroy();
  });

  for (const [mode, sentence] of [
    ['missing', /no metrics for the run \(HTTP 404\)/],
    ['unimplemented', /does not implement run metrics \(HTTP 501\)/],
    ['null', /reports no step timings/],
  ] as const) {
    it(`says why there is no waterfall when the server's metrics are ${mode}`, async () => {
      const { runId, p } = await selectFinishedRun(42, 2, { metrics: mode });
      const metrics = await waitFor(() => p.state().runMetrics[runId]?.state === 'unavailable' && p.state().runMetrics[runId], 'a sentence');
      expect(metrics.note).toMatch(sentence);
      // The steps table has its data all the same.
      expect(p.detailOf(runId)?.steps).toHaveLength(2);
    });
  }

  it('a 500 from the run’s metrics is said, asked again, and the waterfall comes once the server recovers', async () => {
    const { server, runId, p } = await selectFinishedRun(44, 2, { metrics: 'error' });
    const failing = await waitFor(() => p.state().runMetrics[runId]?.note?.includes('(retrying)') && p.state().runMetrics[runId], 'the failure said');
    expect(failing).toMatchObject({ state: 'loading', final: false });
    const asked = server.stats().byKind.metrics;
    await waitFor(() => server.stats().byKind.metrics > asked, 'the metrics asked for again');
    server.setFaults({ metrics: 'ok' });
    const metrics = await waitFor(() => p.state().runMetrics[runId]?.state === 'ok' && p.state().runMetrics[runId], 'the waterfall');
    expect(metrics).toMatchObject({ final: true, note: null });
    expect(metrics.steps.every((step) => step.stepNs !== null)).toBe(true);
  });

  it('a 500 from the steps’ metrics is not remembered as "no timings": asked again until they are read', async () => {
    const { server, runId, p } = await selectFinishedRun(45, 2, { metrics: 'step-error' });
    await waitFor(() => p.state().runMetrics[runId]?.note?.includes('(retrying)'), 'the failure said');
    expect(p.state().runMetrics[runId].state).not.toBe('unavailable');
    server.setFaults({ metrics: 'ok' });
    const metrics = await waitFor(() => p.state().runMetrics[runId]?.final && p.state().runMetrics[runId], 'the timings');
    expect(metrics.state).toBe('ok');
    expect(metrics.steps.filter((step) => step.stepNs !== null)).toHaveLength(2);
  });
});
