// Memory over an hour of a busy server (issue 8, item 11): `demo-server --speed 20` starts ~300 runs a
// minute; left following it, the monitor used to hold every run it ever saw. Here the same workload
// is played `COMPRESSION` times faster (an hour in a few minutes) against the monitor's own pipeline
// (poller and follower, as createPipeline builds them for the terminal), with a small bound so that
// it is reached early, and the runs held, the JS heap after GC and the resident memory are read at
// the start, when the bound is reached, every ten simulated minutes and at the end: flat once bounded.

import { createPipeline } from '../cli/pipeline.js';
import { islandLimit, type RunRetention } from '../store/run-retention.js';
import { forceGc, memory, type MemoryReading } from './memory.js';
import type { BenchFigure, BenchScenario } from './scenario.js';
import { startServerProcess } from './server-process.js';
import { keylessConnection } from '../cli/config.js';

/** `demo-server --speed 20`: one run every 4000/20 ms on average, ~300 a minute. */
const DEMO_SPEED = 20;
const RUNS_PER_MINUTE = (60_000 / 4_000) * DEMO_SPEED;
/** Simulated minutes (override with RUNS_TOP_RETENTION_MINUTES). */
const SIMULATED_MINUTES = Number(process.env.RUNS_TOP_RETENTION_MINUTES) || 60;
/** How much faster than real time the hour is played (override with RUNS_TOP_RETENTION_COMPRESSION). */
const COMPRESSION = Number(process.env.RUNS_TOP_RETENTION_COMPRESSION) || 20;
/**
 * Small, so that it is reached in the first simulated minutes (the monitor's default is 10,000).
 * RUNS_TOP_RETENTION_MAX_RUNS=100000 shows what an unbounded monitor does over the same hour.
 */
const RETENTION: RunRetention = { maxRuns: Number(process.env.RUNS_TOP_RETENTION_MAX_RUNS) || 2_000, keepMs: 24 * 60 * 60_000 };
/** Real-time ceiling, in case the machine cannot keep the pace. */
const MAX_WALL_MS = 10 * 60_000;

interface Sample {
  label: string;
  simulatedMinutes: number;
  created: number;
  held: number;
  letGo: number;
  mem: MemoryReading;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const runRetention: BenchScenario = {
  name: 'run-retention',
  description: `${SIMULATED_MINUTES} simulated minutes of ~${RUNS_PER_MINUTE} runs/min (demo-server --speed ${DEMO_SPEED}) played ${COMPRESSION}× faster, --max-runs ${RETENTION.maxRuns}: memory flat once bounded`,
  async run(): Promise<BenchFigure[]> {
    const gc = forceGc();
    // Arrivals and token pace both sped up, so runs last as long relative to each other as at --speed 20.
    const server = await startServerProcess({
      options: { seed: 23, autoplay: true, speed: DEMO_SPEED * COMPRESSION, historyRuns: 0, keepaliveMs: 1_000, maxRuns: 3_000 },
      finishedRuns: 0,
      liveRuns: [],
    });
    // The monitor's clocks sped up by the same factor: a poll every 2 s, details dropped after 5 min idle.
    const pipeline = createPipeline({
      connection: keylessConnection(server.url),
      intervalMs: 2_000 / COMPRESSION,
      stallMs: 60_000 / COMPRESSION,
      retention: RETENTION,
      detail: { detailIdleMs: (5 * 60_000) / COMPRESSION },
      stdout: process.stdout,
      quit: () => undefined,
    });
    const { store } = pipeline;
    pipeline.start();
    // Follow mode, as an operator leaves it: the newest live run is selected as runs start.
    const follow = setInterval(() => {
      const { runs, selectedRunId } = store.getState();
      const newest = runs.order.find((id) => runs.byId[id]?.group === 'active');
      if (newest && newest !== selectedRunId) store.setState({ selectedRunId: newest });
    }, 1_000);

    const created = async () => (await server.call<{ runsCreated: number }>({ cmd: 'stats' })).runsCreated;
    const samples: Sample[] = [];
    const sample = async (label: string) => {
      const count = await created();
      const { runs } = store.getState();
      const reading: Sample = { label, simulatedMinutes: count / RUNS_PER_MINUTE, created: count, held: runs.order.length, letGo: runs.letGo, mem: memory(gc) };
      samples.push(reading);
      const { mem } = reading;
      process.stdout.write(
        `  ${label.padEnd(14)} ${reading.simulatedMinutes.toFixed(1).padStart(5)} sim. min  ${String(count).padStart(6)} created  ${String(reading.held).padStart(5)} held  ${String(reading.letGo).padStart(6)} let go  heap ${mem.heap.toFixed(1)} MiB  rss ${mem.rss.toFixed(0)} MiB\n`,
      );
      return reading;
    };

    const started = Date.now();
    // Warm-up: modules, JIT, connection pools; a few hundred runs in.
    while ((await created()) < RUNS_PER_MINUTE) await sleep(100);
    const start = await sample('start');
    let atBound: Sample | null = null;
    let nextTenth = 10;
    const target = SIMULATED_MINUTES * RUNS_PER_MINUTE;
    let peakRss = start.mem.rss;
    for (;;) {
      const count = await created();
      peakRss = Math.max(peakRss, process.memoryUsage().rss / 1024 / 1024);
      if (!atBound && store.getState().runs.letGo > 0) atBound = await sample('bound reached');
      if (count >= target || Date.now() - started > MAX_WALL_MS) break;
      if (count / RUNS_PER_MINUTE >= nextTenth) {
        await sample(`${nextTenth} min`);
        nextTenth += 10;
      }
      await sleep(250);
    }
    clearInterval(follow);
    const end = await sample('end');
    const wallSeconds = (Date.now() - started) / 1000;
    const heldMax = Math.max(...samples.map((s) => s.held));
    await pipeline.stop();
    await server.stop();

    const bound = atBound ?? start;
    const mostHeld = RETENTION.maxRuns + islandLimit(RETENTION) + 1;
    const heapGrowth = end.mem.heap - bound.mem.heap;
    return [
      { label: 'bound (--max-runs)', value: RETENTION.maxRuns, unit: 'runs (small on purpose, to reach it early; the default is 10,000)' },
      { label: 'simulated time', value: end.simulatedMinutes, unit: 'min' },
      { label: 'wall time', value: wallSeconds, unit: 's' },
      { label: 'runs created by the server', value: end.created },
      { label: 'runs held at the bound → end', value: `${bound.held} → ${end.held} (max ${heldMax})` },
      { label: 'runs let go at the end', value: end.letGo },
      { label: `heap start → bound → end${gc ? ' (gc)' : ''}`, value: `${start.mem.heap.toFixed(1)} → ${bound.mem.heap.toFixed(1)} → ${end.mem.heap.toFixed(1)}`, unit: 'MiB' },
      { label: `rss start → bound → end${gc ? ' (gc)' : ''}`, value: `${start.mem.rss.toFixed(0)} → ${bound.mem.rss.toFixed(0)} → ${end.mem.rss.toFixed(0)}`, unit: 'MiB' },
      { label: 'rss peak', value: peakRss, unit: 'MiB' },
      // Flat: what the heap gained from the bound to the end, over most of the hour.
      { label: 'heap growth bound → end', value: heapGrowth, unit: 'MiB', target: '< 3 MiB', ok: heapGrowth < 3 },
      // The bound, the live and approval runs kept beyond it, and the selected one.
      { label: 'most runs held', value: heldMax, target: `≤ ${mostHeld}`, ok: heldMax <= mostHeld },
    ];
  },
};
