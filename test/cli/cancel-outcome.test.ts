// What `y` reports after a cancel is the run's real outcome, read back from the server (issue 8.6),
// over loopback against the simulated server.

import { afterEach, describe, expect, it } from 'vitest';
import { createPipeline, type Pipeline } from '../../src/cli/pipeline.js';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';

let server: DemoServer | null = null;
let pipeline: Pipeline | null = null;

afterEach(async () => {
  await pipeline?.stop();
  pipeline = null;
  await server?.close();
  server = null;
});

async function setUp(): Promise<Pipeline> {
  server = await startDemoServer({ seed: 3, autoplay: false });
  pipeline = createPipeline({
    connection: { baseUrl: server.url, apiKey: undefined, projectId: undefined },
    intervalMs: 60_000,
    stallMs: 60_000,
    stdout: process.stdout,
    quit: () => undefined,
  });
  return pipeline;
}

describe('cancel reports what happened to the run', () => {
  it('a run that had already failed: the server still answers "cancelled", the footer says nothing was cancelled', async () => {
    const p = await setUp();
    const id = server!.addRun({ live: false, outcome: 'error' });
    const run = await p.client.getRun(id);
    const sentence = await p.context.commands.cancelRun(id, run.agent_id!);
    expect(sentence).toMatch(/had already ended failed.*nothing was cancelled/);
    expect(p.store.getState().runs.byId[id]?.group).toBe('failed');
  });

  it('a live run: cancelled, as the server confirms on reading it back', async () => {
    const p = await setUp();
    const id = server!.addRun({ live: true, steps: 6 });
    const run = await p.client.getRun(id);
    const sentence = await p.context.commands.cancelRun(id, run.agent_id!);
    expect(sentence).toMatch(/cancelled \(the server confirms: cancelled\)/);
    expect(p.store.getState().runs.byId[id]?.group).toBe('cancelled');
  });
});
