// Soak: many runs streaming at speed with periodic disconnects, mid-chunk cuts and server restarts,
// followed one after another through the real sync pipeline (client → RunsPoller + DetailSync → store),
// with quick selection changes in between. For every run followed to its end, the distinct messages in
// the transcript must equal what the server produced (issue 3, "Benchmark"). The simulated server runs
// in a child process so the resident memory measured is the monitor's alone.

import { LettaClient } from '../api/client.js';
import type { FaultConfig } from '../demo/faults.js';
import { createAppStore, type AppStore } from '../store/create-store.js';
import type { EntryKind } from '../store/transcript-types.js';
import type { RunDetail } from '../store/types.js';
import { DetailSync } from '../sync/detail-sync.js';
import { RunsPoller } from '../sync/runs-poller.js';
import { forceGc, memory } from './memory.js';
import type { BenchFigure, BenchScenario } from './scenario.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

/** Wall time of the stretch (override with RUNS_TOP_SOAK_SECONDS). */
const SOAK_SECONDS = Number(process.env.RUNS_TOP_SOAK_SECONDS) || 60;
/** Following before the first memory reading (modules, JIT, pools, steady-state buffers). */
const WARM_UP_MS = 5_000;
/** Details of runs not looked at for this long are dropped (the monitor's default is 5 min). */
const DETAIL_IDLE_MS = 3_000;
/** Workload speed-up: 20× the demo's arrivals and token rate. */
const SPEED = 20;
/** Fault phases, applied in turn every few seconds. */
const FAULT_PHASES: Array<Partial<FaultConfig>> = [
  { dropAfterChunks: null, dropMidChunk: false },
  { dropAfterChunks: 17, dropMidChunk: false },
  { dropAfterChunks: 9, dropMidChunk: true },
  { dropAfterChunks: 40, dropMidChunk: true, splitWrites: true },
  { dropAfterChunks: 5, dropMidChunk: false, splitWrites: false },
];
const PHASE_MS = 4_000;
const RESTART_EVERY_MS = 20_000;
const RESTART_DOWN_MS = 700;
/** Transcript entries that are not messages the server produced (RUNS-API.md §6). */
const NOT_MESSAGES = new Set<EntryKind>(['stop', 'user', 'error', 'unknown']);

// ---- the monitor side ------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(check: () => T | null | undefined | false, timeoutMs: number): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) return null;
    await sleep(10);
  }
}

function finished(detail: RunDetail | undefined): boolean {
  if (!detail || detail.error) return false;
  return (detail.mode === 'stream' && detail.streamStatus === 'ended') || detail.mode === 'static';
}

function messagesIn(detail: RunDetail): number {
  return new Set(detail.transcript.entries.filter((e) => !NOT_MESSAGES.has(e.kind)).map((e) => e.key)).size;
}

interface Tally {
  runsFollowed: number;
  followedLive: number;
  received: number;
  expected: number;
  mismatches: string[];
  timeouts: number;
  reconnects: number;
  quickSwitches: number;
  duplicateStops: number;
  /** Followed runs whose transcript starts with the user message that started them, shown once. */
  inputFirst: number;
}

/** Follow one run to its end, with an interruption now and then; add its counts to the tally. */
async function followToEnd(store: AppStore, server: ServerProcess, runId: string, others: string[], tally: Tally, interrupt: boolean): Promise<void> {
  const select = (id: string | null) => store.setState({ selectedRunId: id });
  let reconnects = 0;
  const track = () => {
    reconnects = Math.max(reconnects, store.getState().details[runId]?.reconnects ?? 0);
  };
  if (store.getState().runs.byId[runId]?.group === 'active') tally.followedLive++;
  select(runId);
  if (interrupt && others.length) {
    // Look at it until something arrives, glance at another run, come back: the detail starts again.
    await until(() => (store.getState().details[runId]?.transcript.entries.length ?? 0) > 0, 3_000);
    track();
    tally.reconnects += reconnects;
    reconnects = 0;
    select(others[Math.floor(Math.random() * others.length)]);
    await sleep(30 + Math.random() * 120);
    select(runId);
    tally.quickSwitches++;
  }
  const detail = await until(() => {
    track();
    const d = store.getState().details[runId];
    return store.getState().selectedRunId === runId && finished(d) ? d : null;
  }, 30_000);
  tally.reconnects += reconnects;
  if (!detail) {
    tally.timeouts++;
    return;
  }
  const expected = await server.call<number>({ cmd: 'expected', runId });
  const received = messagesIn(detail);
  tally.runsFollowed++;
  tally.expected += expected;
  tally.received += received;
  if (received !== expected) tally.mismatches.push(`${runId}: ${received} of ${expected} (${detail.mode}${detail.modeNote ? `, ${detail.modeNote}` : ''})`);
  if (detail.transcript.entries.filter((e) => e.kind === 'stop').length > 1) tally.duplicateStops++;
  // Every run of the demo starts with a user message; the stream does not carry it (issue 8, item 9).
  if (detail.transcript.entries[0]?.kind === 'user' && detail.transcript.entries.filter((e) => e.kind === 'user').length === 1) tally.inputFirst++;
}

export const soak: BenchScenario = {
  name: 'soak',
  description: `~${SOAK_SECONDS} s of ${SPEED}× workload, periodic disconnects and restarts, every followed run checked message for message`,
  async run(): Promise<BenchFigure[]> {
    const gc = forceGc();
    // Its own process, so that the resident memory measured is the monitor's alone.
    const server = await startServerProcess({
      options: { seed: 17, autoplay: true, speed: SPEED, historyRuns: 10, keepaliveMs: 1_000, maxRuns: 400 },
      finishedRuns: 0,
      liveRuns: [],
    });
    const client = new LettaClient({ baseUrl: server.url });
    const store = createAppStore(server.url);
    const poller = new RunsPoller(client, store, { intervalMs: 500 });
    const detail = new DetailSync(client, store, { pollIntervalMs: 250, stallMs: 10_000, backoffBaseMs: 100, backoffMaxMs: 2_000, detailIdleMs: DETAIL_IDLE_MS });
    poller.start();
    detail.start();

    const tally: Tally = { runsFollowed: 0, followedLive: 0, received: 0, expected: 0, mismatches: [], timeouts: 0, reconnects: 0, quickSwitches: 0, duplicateStops: 0, inputFirst: 0 };
    const followed = new Set<string>();
    let phase = 0;
    let restarts = 0;
    const phases = setInterval(() => {
      phase = (phase + 1) % FAULT_PHASES.length;
      // Fire and forget; one still in flight when the soak stops the server fails, harmlessly.
      void server.call({ cmd: 'faults', faults: FAULT_PHASES[phase] }).catch(() => undefined);
    }, PHASE_MS);
    const restartTimer = setInterval(() => {
      restarts++;
      void server.call({ cmd: 'restart', downMs: RESTART_DOWN_MS }).catch(() => undefined);
    }, RESTART_EVERY_MS);

    await until(() => store.getState().runs.order.length > 0, 10_000);
    const started = Date.now();
    const deadline = started + SOAK_SECONDS * 1000;
    let start: ReturnType<typeof memory> | null = null;
    let peakRss = 0;
    while (Date.now() < deadline) {
      if (!start && Date.now() - started >= WARM_UP_MS) start = memory(gc);
      const { runs } = store.getState();
      // In turn: the newest live run nobody followed yet (a live tail), then the oldest run not followed
      // (often finished by now: a replay). Every run picked is followed to its end.
      const unfollowed = runs.order.filter((id) => !followed.has(id));
      const live = unfollowed.find((id) => runs.byId[id]?.group === 'active');
      const next = tally.runsFollowed % 2 === 0 && live ? live : unfollowed.at(-1);
      if (!next) {
        await sleep(50);
        continue;
      }
      followed.add(next);
      const others = runs.order.slice(0, 20).filter((id) => id !== next);
      await followToEnd(store, server, next, others, tally, tally.runsFollowed % 3 === 0);
      peakRss = Math.max(peakRss, process.memoryUsage().rss / 1024 / 1024);
    }
    start ??= memory(gc);
    const seconds = (Date.now() - started) / 1000;
    clearInterval(phases);
    clearInterval(restartTimer);
    store.setState({ selectedRunId: null });
    // Let eviction drop the details of runs nobody looks at, as it would in a long session.
    await until(() => Object.keys(store.getState().details).length === 0, DETAIL_IDLE_MS * 3);
    const end = memory(gc);
    const detailsKept = Object.keys(store.getState().details).length;
    const stats = await server.call<{ requests: number; chunksSent: number; openStreams: number; openSockets: number }>({ cmd: 'stats' });
    poller.stop();
    detail.stop();
    await client.destroy();
    await server.stop();

    const equal = tally.received === tally.expected && tally.mismatches.length === 0 && tally.timeouts === 0;
    if (tally.mismatches.length) process.stdout.write(`  mismatches:\n${tally.mismatches.slice(0, 10).map((m) => `    ${m}\n`).join('')}`);
    const growth = end.rss - start.rss;
    const heapGrowth = end.heap - start.heap;
    return [
      { label: 'wall time', value: seconds, unit: 's' },
      { label: 'runs followed to the end', value: tally.runsFollowed },
      { label: '… of which live when selected', value: tally.followedLive },
      { label: 'messages received', value: tally.received },
      { label: 'messages expected', value: tally.expected },
      { label: 'received = expected', value: equal ? 'yes' : `NO (${tally.mismatches.length} runs differ, ${tally.timeouts} timed out)`, target: 'equal', ok: equal },
      { label: 'duplicate stop entries', value: tally.duplicateStops, target: '0', ok: tally.duplicateStops === 0 },
      { label: 'runs with their input first, once', value: tally.inputFirst, target: 'all followed', ok: tally.inputFirst === tally.runsFollowed },
      { label: 'stream reconnects', value: tally.reconnects },
      { label: 'quick selection changes', value: tally.quickSwitches },
      { label: 'server restarts', value: restarts },
      { label: 'chunks the server sent', value: stats.chunksSent },
      { label: 'streams open at the end', value: stats.openStreams, target: '0', ok: stats.openStreams === 0 },
      { label: 'details kept after idle', value: detailsKept },
      { label: `resident memory at start${gc ? ' (gc)' : ''}`, value: start.rss, unit: 'MiB' },
      { label: `resident memory at end${gc ? ' (gc)' : ''}`, value: end.rss, unit: 'MiB' },
      { label: 'resident memory peak', value: peakRss, unit: 'MiB' },
      { label: 'heap used start → end', value: `${start.heap.toFixed(1)} → ${end.heap.toFixed(1)}`, unit: 'MiB' },
      { label: 'external (buffers) start → end', value: `${start.external.toFixed(1)} → ${end.external.toFixed(1)}`, unit: 'MiB' },
      { label: 'resident memory growth', value: growth, unit: 'MiB' },
      // RSS includes the native allocator's slack, which comes and goes; the JS heap is what the
      // monitor's own data occupies, and it must stay flat.
      { label: 'heap growth', value: heapGrowth, unit: 'MiB', target: '< 10 MiB', ok: heapGrowth < 10 },
    ];
  },
};
