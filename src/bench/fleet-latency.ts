// 10,000 runs in the list, some streaming: how long from a key press to the frame that shows it
// (selection moves and filter typing), and how long a frame takes to render.

import { createPipeline } from '../cli/pipeline.js';
import { startServerProcess } from './server-process.js';
import type { BenchFigure, BenchScenario } from './scenario.js';
import { percentile, renderHeadless } from './headless-app.js';

const RUNS = 10_000;
const P99_TARGET_MS = 50;

export const fleetLatency: BenchScenario = {
  name: 'fleet-latency',
  description: `${RUNS.toLocaleString('en')} runs loaded through the API, keypress-to-frame latency`,
  async run(): Promise<BenchFigure[]> {
    // A few runs streaming while we type, as on a busy fleet; the server runs in its own process.
    const server = await startServerProcess({
      options: { seed: 9, autoplay: false, maxRuns: RUNS + 100, keepaliveMs: 60_000 },
      finishedRuns: RUNS,
      liveRuns: Array.from({ length: 5 }, () => ({ live: true, background: true, steps: 4 })),
    });
    const pipeline = createPipeline({
      connection: { baseUrl: server.url, apiKey: undefined, projectId: undefined },
      intervalMs: 2000,
      stallMs: 60_000,
      poller: { pageSize: 1000 },
      stdout: process.stdout,
      quit: () => undefined,
    });
    const loadStarted = performance.now();
    await pipeline.poller.pollNow();
    while (pipeline.poller.hasMore) if ((await pipeline.poller.loadOlder()) === 0) break;
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const loaded = pipeline.store.getState().runs.order.length;
    const app = renderHeadless(pipeline.context);
    await app.nextFrame();
    pipeline.start();
    const framesBefore = app.frames();

    const moves: number[] = [];
    for (let i = 0; i < 400; i++) {
      // Down through the middle of the list and back: every press changes the selection.
      moves.push(await app.press(i % 80 < 40 ? 'j' : 'k'));
      await new Promise((resolve) => setTimeout(resolve, 35));
    }
    const typing: number[] = [];
    for (const round of [0, 1, 2]) {
      await app.press('/');
      for (const ch of `run-${round}`) {
        typing.push(await app.press(ch));
        await new Promise((resolve) => setTimeout(resolve, 35));
      }
      await app.press('\u001b');
      await new Promise((resolve) => setTimeout(resolve, 35));
    }
    const renderTimes = app.renderTimes.slice(framesBefore);
    app.unmount();
    await pipeline.stop();
    await server.stop();
    const p99 = percentile(moves, 99);
    const p99Typing = percentile(typing, 99);
    return [
      { label: 'runs loaded (paged, 1000 per page)', value: loaded },
      { label: 'load time', value: loadSeconds, unit: 's' },
      { label: 'move selection p50', value: percentile(moves, 50), unit: 'ms' },
      { label: 'move selection p99', value: p99, unit: 'ms', target: `< ${P99_TARGET_MS} ms`, ok: p99 < P99_TARGET_MS },
      { label: 'filter keystroke p50', value: percentile(typing, 50), unit: 'ms' },
      { label: 'filter keystroke p99', value: p99Typing, unit: 'ms', target: `< ${P99_TARGET_MS} ms`, ok: p99Typing < P99_TARGET_MS },
      { label: 'render time per frame p50', value: percentile(renderTimes, 50), unit: 'ms' },
      { label: 'render time per frame p99', value: percentile(renderTimes, 99), unit: 'ms' },
    ];
  },
};
