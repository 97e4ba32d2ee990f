// Issue 3, "Old servers": runs in the older Job shape (agent_id and background inside metadata,
// statuses pending/expired), timestamps without an offset and null durations are shown correctly, not
// as errors (RUNS-API.md §4, §12.3, §12.4).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { startPipeline, waitFor, type Pipeline } from './pipeline.js';

let server: DemoServer;
let pipeline: Pipeline;
let wire: Array<Record<string, any>>;

beforeAll(async () => {
  server = await startDemoServer({ autoplay: false, seed: 41, historyRuns: 8, legacyShape: true });
  wire = (await (await fetch(`${server.url}/v1/runs/?limit=50`)).json()) as Array<Record<string, any>>;
  pipeline = startPipeline(server.url, { poller: { intervalMs: 50 }, shared: true });
  await waitFor(() => pipeline.state().runs.order.length === wire.length && pipeline.state().health.lastOkAt !== null, 'the runs');
});

afterAll(async () => {
  await pipeline.stop();
  await server.close();
});

describe('runs from a server that speaks the old Job shape', () => {
  it('is really the old shape', () => {
    expect(wire.length).toBe(8);
    for (const run of wire) {
      expect(run.agent_id).toBeUndefined();
      expect(run.background).toBeUndefined();
      expect(run.job_type).toBe('run');
      expect(typeof run.metadata.agent_id).toBe('string');
    }
    expect(wire.map((run) => run.status)).toEqual(expect.arrayContaining(['pending', 'expired']));
    expect(wire.some((run) => typeof run.completed_at === 'string' && !/(Z|[+-]\d\d:\d\d)$/.test(run.completed_at))).toBe(true);
  });

  it('takes the agent and background flag from metadata and names the agents', async () => {
    const { byId } = pipeline.state().runs;
    for (const run of wire) {
      const row = byId[run.id];
      expect(row.agentId).toBe(run.metadata.agent_id);
      expect(row.background).toBe(run.metadata.background);
    }
    await waitFor(() => wire.every((run) => pipeline.state().agents[run.metadata.agent_id]), 'agent names');
    expect(pipeline.state().health.error).toBeNull();
  });

  it('groups pending as live and expired as failed', () => {
    const { byId } = pipeline.state().runs;
    for (const run of wire) {
      const row = byId[run.id];
      if (run.status === 'pending') expect(row.group).toBe('active');
      if (run.status === 'expired') expect(row.group).toBe('failed');
      expect(row.status).toBe(run.status);
    }
  });

  it('reads naive timestamps as UTC and fills durations the list or the clock give', () => {
    const { byId } = pipeline.state().runs;
    for (const run of wire) {
      const row = byId[run.id];
      expect(row.createdAt).toBe(Math.floor(Date.parse(run.created_at)));
      if (run.completed_at) {
        expect(row.completedAt).toBe(Date.parse(`${run.completed_at.slice(0, 23)}Z`));
        expect(row.durationMs).not.toBeNull();
        expect(row.durationMs).toBeGreaterThan(0);
      }
    }
  });

  it('keeps the duration when a single retrieve has none, and streams background runs', async () => {
    const run = wire.find((r) => r.status === 'completed' && r.metadata.background === true && r.metadata.run_type !== 'send_message_async');
    expect(run).toBeDefined();
    const single = (await (await fetch(`${server.url}/v1/runs/${run!.id}`)).json()) as Record<string, any>;
    expect(single.total_duration_ns).toBeNull();
    const before = pipeline.state().runs.byId[run!.id].durationMs;
    pipeline.select(run!.id);
    const detail = await pipeline.waitDone(run!.id);
    expect(detail.mode).toBe('stream');
    expect(detail.error).toBeNull();
    expect(pipeline.state().runs.byId[run!.id].durationMs).toBe(before);
    expect(detail.transcript.entries.at(-1)?.kind).toBe('stop');
  });
});
