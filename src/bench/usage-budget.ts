// The background usage fetch against its budget (issue 9): how many usage requests a second the server
// sees (highest over any one-second span, and on average) at the default budget and a larger one, how
// long the cache takes to fill, and the monitor's CPU once it is warm. The server runs in its own
// process, so only the monitor's work is counted.

import { createPipeline } from '../cli/pipeline.js';
import type { BenchFigure, BenchScenario } from './scenario.js';
import { startServerProcess, type ServerProcess } from './server-process.js';
import { keylessConnection } from '../cli/config.js';

const RUNS = 300;
const SAMPLE_MS = 100;
const WARM_IDLE_MS = 20_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function stepsSeen(server: ServerProcess): Promise<number> {
  return (await server.call<{ byKind: Record<string, number> }>({ cmd: 'stats' })).byKind.steps ?? 0;
}

/** A monitor pipeline with every run loaded (as scrolling to the end would), not started yet. */
async function pipelineAt(url: string, rate: number) {
  const pipeline = createPipeline({ connection: keylessConnection(url), intervalMs: 2000, stallMs: 60_000, usageRequestsPerSecond: rate, stdout: process.stdout, quit: () => undefined });
  await pipeline.poller.pollNow();
  while (pipeline.poller.hasMore) if ((await pipeline.poller.loadOlder()) === 0) break;
  return pipeline;
}

/** Requests a second the server saw while the fetch ran at `rate`, sampled every 100 ms. */
async function underBudget(rate: number, seconds: number): Promise<BenchFigure[]> {
  const server = await startServerProcess({ options: { seed: 12, autoplay: false }, finishedRuns: RUNS, liveRuns: [] });
  const pipeline = await pipelineAt(server.url, rate);
  const samples: Array<{ at: number; count: number }> = [];
  const base = await stepsSeen(server);
  pipeline.start();
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    samples.push({ at: performance.now(), count: (await stepsSeen(server)) - base });
    await sleep(SAMPLE_MS);
  }
  await pipeline.stop();
  await server.stop();
  // The most requests in any one-second span between two samples.
  let peak = 0;
  for (let i = 0; i < samples.length; i++) {
    let j = i;
    while (j + 1 < samples.length && samples[j + 1].at - samples[i].at <= 1000) j++;
    peak = Math.max(peak, samples[j].count - samples[i].count);
  }
  const last = samples[samples.length - 1];
  const average = last.count / ((last.at - samples[0].at) / 1000);
  return [
    { label: `budget ${rate}/s: most in any 1 s`, value: peak, unit: 'requests', target: `<= ${Math.ceil(rate)}`, ok: peak <= Math.ceil(rate) },
    { label: `budget ${rate}/s: average`, value: average, unit: 'requests/s' },
  ];
}

/** Fill the cache fast, then watch the monitor pipeline idle with everything known. */
async function warmIdle(): Promise<BenchFigure[]> {
  const server = await startServerProcess({ options: { seed: 13, autoplay: false }, finishedRuns: 200, liveRuns: [] });
  const pipeline = await pipelineAt(server.url, 50);
  const filling = performance.now();
  pipeline.start();
  while (Object.keys(pipeline.store.getState().runUsage).length < 200) await sleep(50);
  const fillSeconds = (performance.now() - filling) / 1000;
  await sleep(1000);
  const startedRequests = pipeline.scheduler.started;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await sleep(WARM_IDLE_MS);
  const used = process.cpuUsage(cpu);
  const wall = performance.now() - started;
  const extra = pipeline.scheduler.started - startedRequests;
  await pipeline.stop();
  await server.stop();
  const percent = ((used.user + used.system) / 1000 / wall) * 100;
  return [
    { label: '200 runs filled at 50/s in', value: fillSeconds, unit: 's' },
    { label: 'usage requests once warm (20 s)', value: extra, target: '0', ok: extra === 0 },
    { label: 'pipeline CPU once warm (polls only)', value: percent, unit: '% of one core' },
  ];
}

export const usageBudget: BenchScenario = {
  name: 'usage-budget',
  description: `background usage of ${RUNS} finished runs: requests/s the server saw against the budget, CPU once warm`,
  async run(): Promise<BenchFigure[]> {
    return [...(await underBudget(2, 15)), ...(await underBudget(10, 10)), ...(await warmIdle())];
  },
};
