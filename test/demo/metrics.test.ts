// The simulated server's metrics endpoints (RUNS-API.md §8) and the workload's story (issue 9).

import { afterEach, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { getJson } from './helpers.js';

let server: DemoServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

interface StepMetrics {
  step_start_ns: number;
  llm_request_start_ns: number;
  llm_request_ns: number;
  tool_execution_ns: number;
  step_ns: number;
}

async function timings(url: string, runId: string) {
  const run = (await getJson(`${url}/v1/runs/${runId}/metrics`)).body;
  const steps = (await getJson(`${url}/v1/runs/${runId}/steps?order=asc`)).body as Array<{ id: string; prompt_tokens: number; completion_tokens: number }>;
  const stepMetrics: StepMetrics[] = [];
  for (const step of steps) stepMetrics.push((await getJson(`${url}/v1/steps/${step.id}/metrics`)).body);
  return { run, steps, stepMetrics };
}

describe('metrics endpoints', () => {
  it('step timings tile the run: they sum to run_ns, each inside its step, LLM then tool', async () => {
    server = await startDemoServer({ seed: 5, autoplay: false });
    for (const outcome of ['end_turn', 'error', 'requires_approval', 'cancelled'] as const) {
      const runId = server.addRun({ outcome, steps: 4, live: false });
      const { run, steps, stepMetrics } = await timings(server.url, runId);
      expect(run.num_steps).toBe(steps.length);
      expect(stepMetrics.length).toBeGreaterThan(0);
      expect(stepMetrics.reduce((sum, m) => sum + m.step_ns, 0)).toBe(run.run_ns);
      // Epoch nanoseconds are beyond a double's exact integers (2^53): equal within its rounding.
      const near = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1024);
      near(stepMetrics[0].step_start_ns, run.run_start_ns);
      stepMetrics.forEach((m, i) => {
        if (i > 0) near(m.step_start_ns, stepMetrics[i - 1].step_start_ns + stepMetrics[i - 1].step_ns);
        expect(m.llm_request_start_ns).toBeGreaterThanOrEqual(m.step_start_ns);
        expect(m.llm_request_start_ns + m.llm_request_ns + m.tool_execution_ns).toBeLessThanOrEqual(m.step_start_ns + m.step_ns);
        expect(m.llm_request_ns).toBeGreaterThanOrEqual(0);
      });
    }
  });

  it('the list reports the time to first token of streamed runs; retrieve leaves it null (§4)', async () => {
    server = await startDemoServer({ seed: 5, autoplay: false });
    const runId = server.addRun({ outcome: 'end_turn', steps: 2, live: false });
    const listed = (await getJson(`${server.url}/v1/runs/?limit=5`)).body.find((r: { id: string }) => r.id === runId);
    expect(listed.ttft_ns).toBeGreaterThan(0);
    expect(listed.ttft_ns).toBeLessThan(listed.total_duration_ns);
    expect((await getJson(`${server.url}/v1/runs/${runId}`)).body.ttft_ns).toBeNull();
  });

  it('plays servers without metrics: 404, 501, or every timing null', async () => {
    server = await startDemoServer({ seed: 5, autoplay: false });
    const runId = server.addRun({ outcome: 'end_turn', steps: 2, live: false });
    const stepId = (await getJson(`${server.url}/v1/runs/${runId}/steps`)).body[0].id;
    server.setFaults({ metrics: 'missing' });
    expect((await getJson(`${server.url}/v1/runs/${runId}/metrics`)).status).toBe(404);
    server.setFaults({ metrics: 'unimplemented' });
    expect((await getJson(`${server.url}/v1/steps/${stepId}/metrics`)).status).toBe(501);
    server.setFaults({ metrics: 'null' });
    const nulls = (await getJson(`${server.url}/v1/steps/${stepId}/metrics`)).body;
    expect(nulls.step_ns).toBeNull();
    expect(nulls.id).toBe(stepId);
    server.setFaults({ metrics: 'ok' });
    expect((await getJson(`${server.url}/v1/steps/step-00000000-0000-4000-8000-000000000000/metrics`)).status).toBe(404);
    expect((await getJson(`${server.url}/v1/steps/nope/metrics`)).status).toBe(400);
  });
});

describe('the workload tells a story', () => {
  async function history(seed: number) {
    const s = await startDemoServer({ seed, historyRuns: 300, arrivalEveryMs: 3_600_000, startTime: Date.UTC(2026, 0, 5, 12, 0) });
    try {
      const agents = (await getJson(`${s.url}/v1/agents/`)).body as Array<{ id: string; name: string }>;
      const runs = (await getJson(`${s.url}/v1/runs/?limit=1000`)).body as Array<{ agent_id: string; stop_reason: string | null; total_duration_ns: number | null }>;
      const byName = (name: string) => runs.filter((r) => r.agent_id === agents.find((a) => a.name === name)!.id);
      return { runs, byName };
    } finally {
      await s.close();
    }
  }

  it('flaky, slow, approval-hungry and quiet agents are told apart by their runs, the same for the same seed', async () => {
    const { runs, byName } = await history(11);
    const rate = (name: string, reason: string) => byName(name).filter((r) => r.stop_reason === reason).length / Math.max(1, byName(name).length);
    expect(rate('support-bot', 'llm_api_error')).toBeGreaterThan(0.1);
    expect(rate('data-analyst', 'llm_api_error')).toBeLessThan(0.1);
    expect(rate('scheduler', 'requires_approval')).toBeGreaterThan(0.4);
    const median = (name: string) => {
      const d = byName(name).map((r) => r.total_duration_ns ?? 0).sort((a, b) => a - b);
      return d[Math.floor(d.length / 2)];
    };
    expect(median('code-reviewer')).toBeGreaterThan(2 * median('faq-helper'));
    expect(byName('digest-writer').length).toBeGreaterThan(0);
    const again = await history(11);
    expect(again.runs.map((r) => r.stop_reason)).toEqual(runs.map((r) => r.stop_reason));
  });
});
