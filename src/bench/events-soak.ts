// Events soak: `runs-top events` (runEvents, in this process) against a fast workload in its own
// process, with long server outages during which more runs start and end than one page holds. Every
// run the server created must be reported ADDED, every run that ended FINISHED, nothing twice; the
// runs held in memory must stay bounded however many went by.

import { Writable } from 'node:stream';
import { runEvents } from '../cli/events-command.js';
import type { BenchFigure, BenchScenario } from './scenario.js';
import { startServerProcess } from './server-process.js';
import { forceGc, memory } from './memory.js';
import { keylessConnection } from '../cli/config.js';

const SECONDS = Number(process.env.RUNS_TOP_EVENTS_SOAK_SECONDS) || 60;
const SPEED = 40;
const PAGE = 100;
const KEEP = 200;
const RESTART_EVERY_MS = 20_000;
/** Long enough that more runs start during the outage than one page holds (~10 a second). */
const DOWN_MS = 11_000;
/** Runs created or ended this close to the end may not have been polled yet: not counted. */
const SETTLE_MS = 3_000;

interface WireRunLite {
  id: string;
  created_at: string;
  completed_at: string | null;
}

async function allRuns(url: string): Promise<WireRunLite[]> {
  const out: WireRunLite[] = [];
  for (let before: string | undefined; ; ) {
    const page = (await (await fetch(`${url}/v1/runs/?limit=1000${before ? `&before=${before}` : ''}`)).json()) as WireRunLite[];
    out.push(...page);
    if (page.length < 1000) return out;
    before = page[page.length - 1].id;
  }
}

const time = (iso: string | null) => (iso ? Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(iso) ? iso : `${iso}Z`) : null);

export const eventsSoak: BenchScenario = {
  name: 'events-soak',
  description: `~${SECONDS} s of ${SPEED}× arrivals through runs-top events, ${DOWN_MS / 1000} s outages every ${RESTART_EVERY_MS / 1000} s, page ${PAGE}`,
  async run(): Promise<BenchFigure[]> {
    const gc = forceGc();
    const server = await startServerProcess({ options: { seed: 29, autoplay: true, speed: SPEED, historyRuns: 0, maxRuns: 1_000_000 }, finishedRuns: 0, liveRuns: [] });
    const seen = new Set<string>();
    const added = new Set<string>();
    const finishedIds = new Set<string>();
    let lines = 0;
    let repeats = 0;
    let outOfOrder = 0;
    let pending = '';
    const out = new Writable({
      write(chunk: Buffer, _encoding, done) {
        pending += chunk.toString('utf8');
        let at: number;
        while ((at = pending.indexOf('\n')) >= 0) {
          const event = JSON.parse(pending.slice(0, at)) as { type: string; run_id: string; status: string };
          pending = pending.slice(at + 1);
          lines++;
          const key = `${event.run_id}|${event.type}|${event.status}`;
          if (seen.has(key)) repeats++;
          seen.add(key);
          if (event.type === 'ADDED') added.add(event.run_id);
          else if (!added.has(event.run_id)) outOfOrder++;
          if (event.type === 'FINISHED') finishedIds.add(event.run_id);
        }
        done();
      },
    });
    let stderr = '';
    const err = new Writable({
      write(chunk: Buffer, _encoding, done) {
        stderr += chunk.toString('utf8');
        done();
      },
    });
    const probe: { counts: { runsHeld(): number; runsRemembered(): number } | null } = { counts: null };
    let peakHeld = 0;
    const controller = new AbortController();
    const startedAt = Date.now();
    const events = runEvents(
      keylessConnection(server.url),
      { filters: {}, intervalMs: 250, pageSize: PAGE, keepRuns: KEEP, signal: controller.signal, out, err, probe: (c) => (probe.counts = c) },
    );
    const peakTimer = setInterval(() => (peakHeld = Math.max(peakHeld, probe.counts?.runsHeld() ?? 0)), 100);
    // Each call resolves once the server listens again.
    const restarts: Array<Promise<unknown>> = [];
    const restartTimer = setInterval(() => {
      restarts.push(server.call({ cmd: 'restart', downMs: DOWN_MS }).catch(() => undefined));
    }, RESTART_EVERY_MS);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const start = memory(gc);
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000 - 5_000));
    clearInterval(restartTimer);
    // Let an outage still going end and the poller say it is back, then let it catch up before
    // judging. A fixed wait raced the last restart, which falls at the very end of the period when
    // the timers fire in that order: the poller's next retry (backoff) then came after the count.
    await Promise.all(restarts);
    const outages = () => (stderr.match(/reconnecting/g) ?? []).length;
    const backAgain = () => (stderr.match(/connected again/g) ?? []).length;
    const deadline = Date.now() + 30_000;
    while (backAgain() < outages() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 2 * SETTLE_MS));
    const endedAt = Date.now() - SETTLE_MS;
    const end = memory(gc);
    const held = probe.counts?.runsHeld() ?? 0;
    const remembered = probe.counts?.runsRemembered() ?? 0;
    controller.abort();
    await events;
    clearInterval(peakTimer);
    const runs = (await allRuns(server.url)).filter((run) => (time(run.created_at) ?? 0) >= startedAt);
    await server.stop();
    const mustAdd = runs.filter((run) => (time(run.created_at) ?? 0) <= endedAt);
    const mustFinish = runs.filter((run) => run.completed_at !== null && (time(run.completed_at) ?? Infinity) <= endedAt);
    const missingAdded = mustAdd.filter((run) => !added.has(run.id)).length;
    const missingFinished = mustFinish.filter((run) => !finishedIds.has(run.id)).length;
    return [
      { label: 'runs the server started', value: runs.length },
      { label: 'lines written', value: lines },
      { label: 'server outages seen / restarts', value: `${outages()} / ${restarts.length}` },
      { label: 'runs not reported ADDED', value: missingAdded, target: '0', ok: missingAdded === 0 },
      { label: 'ended runs not reported FINISHED', value: missingFinished, target: '0', ok: missingFinished === 0 },
      { label: 'repeated (run, type, status)', value: repeats, target: '0', ok: repeats === 0 },
      { label: 'lines before their ADDED', value: outOfOrder, target: '0', ok: outOfOrder === 0 },
      { label: 'runs held at end / peak', value: `${held} / ${peakHeld}` },
      { label: 'runs remembered at end', value: remembered },
      { label: 'heap used start → end', value: `${start.heap.toFixed(1)} → ${end.heap.toFixed(1)}`, unit: 'MiB' },
    ];
  },
};
