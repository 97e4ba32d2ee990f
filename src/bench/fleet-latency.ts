// 10,000 runs in the list, some streaming: how long from a key press to the frame that shows it
// (selection moves and filter typing), and how long a frame takes to render.

import { createPipeline } from '../cli/pipeline.js';
import { startServerProcess } from './server-process.js';
import type { AppContextValue } from '../ui/app-context.js';
import type { BenchFigure, BenchScenario } from './scenario.js';
import { percentile, renderHeadless } from './headless-app.js';
import { keylessConnection } from '../cli/config.js';

const RUNS = 10_000;
const P99_TARGET_MS = 50;

const SIZES = [
  { columns: 120, rows: 40 },
  { columns: 200, rows: 60 },
];

async function measure(context: AppContextValue, size: { columns: number; rows: number }): Promise<BenchFigure[]> {
  const app = await renderHeadless(context, size);
  await app.nextFrame();
  const framesBefore = app.frames();
  const moves: number[] = [];
  for (let i = 0; i < 400; i++) {
    // Down through the middle of the list and back: every press changes the selection.
    moves.push(await app.press(i % 80 < 40 ? 'j' : 'k'));
    await new Promise((resolve) => setTimeout(resolve, 35));
  }
  const typing: number[] = [];
  // What operators type: agent names, statuses, stop reasons, id prefixes, an inverted filter.
  const filters = ['support', 'failed', 'llm_api', 'run-1', '!completed', 'data-an', 'cancel', 'run-a', 'sched', 'requires'];
  for (const text of [...filters, ...filters]) {
    await app.press('/');
    for (const ch of text) {
      typing.push(await app.press(ch));
      await new Promise((resolve) => setTimeout(resolve, 35));
    }
    await app.press('\u001b');
    await new Promise((resolve) => setTimeout(resolve, 35));
  }
  const renderTimes = app.renderTimes.slice(framesBefore);
  app.unmount();
  const at = `${size.columns}x${size.rows}`;
  const p99 = percentile(moves, 99);
  const p99Typing = percentile(typing, 99);
  return [
    { label: `${at} move selection p50`, value: percentile(moves, 50), unit: 'ms' },
    { label: `${at} move selection p99`, value: p99, unit: 'ms', target: `< ${P99_TARGET_MS} ms`, ok: p99 < P99_TARGET_MS },
    { label: `${at} filter keystroke p50`, value: percentile(typing, 50), unit: 'ms' },
    { label: `${at} filter keystroke p99`, value: p99Typing, unit: 'ms', target: `< ${P99_TARGET_MS} ms`, ok: p99Typing < P99_TARGET_MS },
    { label: `${at} render time per frame p50`, value: percentile(renderTimes, 50), unit: 'ms' },
    { label: `${at} render time per frame p99`, value: percentile(renderTimes, 99), unit: 'ms' },
  ];
}

export const fleetLatency: BenchScenario = {
  name: 'fleet-latency',
  description: `${RUNS.toLocaleString('en')} runs loaded through the API, keypress-to-frame latency`,
  async run(): Promise<BenchFigure[]> {
    // New runs keep arriving and streaming while we type, as on a busy fleet (a run every ~1.5 s);
    // the server runs in its own process, so only the monitor's work is timed.
    const server = await startServerProcess({
      options: { seed: 9, autoplay: true, historyRuns: 0, arrivalEveryMs: 1500, maxRuns: RUNS + 500, keepaliveMs: 60_000 },
      finishedRuns: RUNS,
      liveRuns: [],
    });
    const pipeline = createPipeline({
      connection: keylessConnection(server.url),
      intervalMs: 2000,
      stallMs: 60_000,
      // The monitor's own page size (100): the history loads the way scrolling loads it, and the poll
      // every 2 s reads what the monitor reads.
      stdout: process.stdout,
      quit: () => undefined,
    });
    const loadStarted = performance.now();
    await pipeline.poller.pollNow();
    while (pipeline.poller.hasMore) if ((await pipeline.poller.loadOlder()) === 0) break;
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const loaded = pipeline.store.getState().runs.order.length;
    pipeline.start();
    const figures: BenchFigure[] = [
      { label: 'runs loaded (paged, 100 per page)', value: loaded },
      { label: 'load time', value: loadSeconds, unit: 's' },
    ];
    // Ink redraws the whole frame, so the cost grows with the terminal: measure a common size and a
    // large one.
    for (const size of SIZES) figures.push(...(await measure(pipeline.context, size)));
    await pipeline.stop();
    await server.stop();
    return figures;
  },
};
