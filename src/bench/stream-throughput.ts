// Stream one long run through the monitor (client → sync → store → Ink, rendered off-screen) and
// measure how fast chunks flow and how many frames it takes: batching should give about one frame
// per 33 ms however many chunks arrive.

import { createPipeline } from '../cli/pipeline.js';
import { startServerProcess } from './server-process.js';
import type { BenchFigure, BenchScenario } from './scenario.js';
import { renderHeadless } from './headless-app.js';
import { keylessConnection } from '../cli/config.js';

async function waitUntil(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('stream-throughput: the run did not finish in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const streamThroughput: BenchScenario = {
  name: 'stream-throughput',
  description: 'one long background run streamed token by token through the monitor',
  async run(): Promise<BenchFigure[]> {
    const text = Array.from({ length: 400 }, (_, i) => `Sentence ${i} of a long streamed answer about the quarterly numbers.`).join(' ');
    // The server in its own process, so its writing does not starve the monitor's timers.
    const server = await startServerProcess({
      options: { seed: 5, autoplay: false, tokenIntervalMs: 0.2, keepaliveMs: 60_000 },
      finishedRuns: 0,
      liveRuns: [{ live: true, background: true, steps: 4, outcome: 'end_turn', text, reasoning: text.slice(0, 4000) }],
    });
    const [runId] = server.liveRunIds;
    const pipeline = createPipeline({
      connection: keylessConnection(server.url),
      intervalMs: 1000,
      stallMs: 60_000,
      stdout: process.stdout,
      quit: () => undefined,
    });
    const app = await renderHeadless(pipeline.context);
    const started = performance.now();
    pipeline.start();
    pipeline.store.setState({ selectedRunId: runId });
    await waitUntil(() => pipeline.store.getState().details[runId]?.streamStatus === 'ended', 120_000);
    const seconds = (performance.now() - started) / 1000;
    const chunks = pipeline.detail.batcher.messagesPushed;
    const frames = app.frames();
    const renderTimes = app.renderTimes;
    const meanRender = renderTimes.reduce((a, b) => a + b, 0) / Math.max(1, renderTimes.length);
    const entries = pipeline.store.getState().details[runId]?.transcript.entries.length ?? 0;
    app.unmount();
    await pipeline.stop();
    await server.stop();
    return [
      { label: 'message chunks received', value: chunks },
      { label: 'wall time', value: seconds, unit: 's' },
      { label: 'chunks per second', value: chunks / seconds },
      { label: 'store updates (batched flushes)', value: pipeline.detail.batcher.flushes },
      { label: 'frames rendered', value: frames },
      { label: 'chunks per frame', value: chunks / Math.max(1, frames) },
      { label: 'mean render time per frame', value: meanRender, unit: 'ms' },
      { label: 'transcript entries', value: entries },
    ];
  },
};
