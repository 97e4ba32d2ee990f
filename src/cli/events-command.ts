// `runs-top events`: a never-ending JSON Lines stream of fleet changes for log pipelines, like
// `kubectl get -w --output-watch-events`. The monitor's runs poller fills a store, a FleetWatcher turns
// its changes into lines; outages go to stderr, reconnects are the poller's. Memory stays bounded:
// finished runs beyond the newest `keepRuns` are let go of, store and watcher alike.

import { LettaClient } from '../api/client.js';
import { isApiError } from '../api/errors.js';
import type { ListRunsParams, WireRun } from '../api/types.js';
import { apply, createAppStore, type AppStore } from '../store/create-store.js';
import { usageFromEndpoint } from '../store/detail-reducers.js';
import { pollFailed, upsertRuns } from '../store/runs-reducers.js';
import type { RunRow, UsageView } from '../store/types.js';
import { FleetWatcher, type FleetEvent } from '../sync/fleet-events.js';
import { RunsPoller } from '../sync/runs-poller.js';
import { backoffDelay, sleep } from '../sync/backoff.js';
import { parseServerTime } from '../util/format.js';
import { ConfigError, type ConnectionConfig } from './config.js';
import { EXIT, runOutcome } from './run-outcome.js';
import { toSafeJson } from './safe-json.js';

export interface EventsOptions {
  filters: ListRunsParams;
  /** `--since`: an ISO time or a duration ago (90s, 15m, 2h, 1d). Default: now. */
  since?: string;
  intervalMs: number;
  signal?: AbortSignal;
  out?: NodeJS.WritableStream;
  err?: NodeJS.WritableStream;
  /** Runs per list page (default 1000, the API's maximum). */
  pageSize?: number;
  /** Finished runs kept in memory beyond the newest page (default 2 pages). */
  keepRuns?: number;
  /** For the benchmark: how many runs are held and remembered, to show memory stays bounded. */
  probe?(counts: { runsHeld(): number; runsRemembered(): number }): void;
}

const DURATION = /^(\d+(?:\.\d+)?)(s|m|h|d)$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** Older pages read after an outage to catch up, at most (10,000 runs with the default page). */
const MAX_CATCH_UP_PAGES = 10;
/** Concurrent /usage reads for FINISHED lines. */
const USAGE_CONCURRENCY = 4;

export function parseSince(value: string | undefined, now: number): number {
  if (value === undefined) return now;
  const text = value.trim();
  const ago = DURATION.exec(text);
  if (ago) return now - Number(ago[1]) * UNIT_MS[ago[2] as keyof typeof UNIT_MS];
  const at = parseServerTime(text);
  if (at === null || !/^\d{4}-\d{2}-\d{2}/.test(text)) throw new ConfigError(`--since must be an ISO time (2026-12-01T18:00:00Z) or a duration ago (90s, 15m, 2h, 1d), got "${value}"`);
  return at;
}

/** One line of `runs-top events` (README "events fields"). */
export function eventRecord(event: FleetEvent, agentName: string | null): Record<string, unknown> {
  const { run } = event;
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const usage = event.usage;
  return {
    type: event.type,
    time: iso(event.seenAt),
    run_id: run.id,
    agent_id: run.agentId,
    agent_name: agentName,
    status: run.status,
    previous_status: event.previousStatus,
    stop_reason: run.stopReason,
    outcome: event.type === 'FINISHED' ? runOutcome(run) : null,
    created_at: iso(run.createdAt),
    completed_at: iso(run.completedAt),
    duration_ms: run.durationMs === null ? null : Math.round(run.durationMs),
    background: run.background,
    tokens: usage ? { prompt: usage.promptTokens, completion: usage.completionTokens, total: usage.totalTokens } : null,
  };
}

export async function runEvents(connection: ConnectionConfig, options: EventsOptions): Promise<number> {
  const out = options.out ?? process.stdout;
  const err = options.err ?? process.stderr;
  const sinceMs = parseSince(options.since, Date.now());
  const pageSize = options.pageSize ?? 1000;
  const keepRuns = options.keepRuns ?? pageSize * 2;
  const client = new LettaClient({ baseUrl: connection.baseUrl, apiKey: connection.apiKey, apiKeySource: connection.apiKeySource, projectId: connection.projectId });
  const store = createAppStore(client.displayUrl);
  const poller = new RunsPoller(client, store, { intervalMs: options.intervalMs, filters: options.filters, pageSize });
  const usage = usageReader(client);
  const watcher = new FleetWatcher(store, {
    sinceMs,
    usageOf: usage,
    emit: (event) => out.write(`${toSafeJson(eventRecord(event, store.getState().agents[event.run.agentId ?? ''] ?? null), 0)}\n`),
  });
  let stdoutClosed = false;
  out.on?.('error', () => {
    // The reader went away (`| head`): nothing left to write to.
    stdoutClosed = true;
  });
  // The newest run known before each poll: a page with nothing older than it may hide a gap.
  let newestBefore = sinceMs;
  // One catch-up at a time, and no trimming while it runs: a run let go of must never be read again,
  // or it would look new and be reported twice.
  let catchingUp: Promise<void> | null = null;
  const catchUpTo = (horizon: number): Promise<void> =>
    (catchingUp ??= catchUp(client, store, options.filters, pageSize, horizon, options.signal).finally(() => {
      catchingUp = null;
    }));
  watcher.start();
  options.probe?.({ runsHeld: () => store.getState().runs.order.length, runsRemembered: () => watcher.size });
  const health = watchHealth(store, err, () => void catchUpTo(newestBefore));
  // A rejected key does not pass by itself: end with exit 3, as list and watch do, so that whatever
  // supervises the pipeline hears of it instead of a stream gone silent.
  let rejected = false;
  const stopOnRejectedKey = store.subscribe((state) => {
    if (state.health.error?.kind === 'auth') rejected = true;
  });
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.health.lastOkAt === previous.health.lastOkAt || state.health.lastOkAt === null) return;
    if (!catchingUp) {
      trimFinished(store, keepRuns);
      watcher.forget((id) => id in store.getState().runs.byId);
    }
    const newer = state.runs.order.filter((id) => (state.runs.byId[id]?.createdAt ?? 0) > newestBefore).length;
    if (newer >= pageSize) void catchUpTo(newestBefore);
    newestBefore = Math.max(newestBefore, newestCreated(store.getState().runs.byId, state.runs.order));
  });
  try {
    // Runs created since --since that are past the first page: read them before following.
    if (options.since !== undefined) await catchUpTo(sinceMs);
    poller.start();
    await untilAborted(options.signal, () => stdoutClosed || rejected);
    return options.signal?.aborted ? EXIT.interrupted : stdoutClosed ? EXIT.readerGone : rejected ? EXIT.auth : EXIT.ok;
  } finally {
    unsubscribe();
    stopOnRejectedKey();
    health();
    poller.stop();
    watcher.stop();
    await client.destroy().catch(() => undefined);
  }
}

function untilAborted(signal: AbortSignal | undefined, closed: () => boolean): Promise<void> {
  return (async () => {
    while (!signal?.aborted && !closed()) await sleep(500, signal);
  })();
}

/** Outages on stderr: one line when the server stops answering, one when it answers again. */
function watchHealth(store: AppStore, err: NodeJS.WritableStream, onBack: () => void): () => void {
  let downSince: number | null = null;
  return store.subscribe((state, previous) => {
    if (state.health === previous.health) return;
    const error = state.health.error;
    if (error && downSince === null) {
      downSince = Date.now();
      err.write(`runs-top: ${error.message}${error.kind === 'auth' ? '' : '; reconnecting'}\n`);
    } else if (!error && state.health.lastOkAt !== null && downSince !== null) {
      err.write(`runs-top: connected again after ${Math.round((Date.now() - downSince) / 1000)} s\n`);
      downSince = null;
      onBack();
    }
  });
}

/**
 * Read older pages until reaching runs created at or before `horizon`: after an outage more runs may
 * have started than one page holds, and none of them may go unreported.
 */
async function catchUp(client: LettaClient, store: AppStore, filters: ListRunsParams, pageSize: number, horizon: number, signal?: AbortSignal): Promise<void> {
  const { byId, order } = store.getState().runs;
  const newer = order.filter((id) => (byId[id]?.createdAt ?? 0) > horizon);
  let before: string | undefined = newer[newer.length - 1];
  for (let page = 0, failures = 0; page < MAX_CATCH_UP_PAGES && !signal?.aborted; ) {
    let runs: WireRun[];
    try {
      runs = await client.listRuns({ ...filters, limit: pageSize, order: 'desc', ...(before ? { before } : {}) }, signal);
    } catch (error) {
      // A rejected key is said like a poll's (the stream then ends with exit 3), not retried here.
      if (isApiError(error) && error.kind === 'auth') {
        apply(store, pollFailed(store.getState(), { kind: error.kind, message: error.message }, Date.now(), Date.now()));
        return;
      }
      // The server is not back for good yet: a page skipped would be a gap, so ask again.
      await sleep(backoffDelay(++failures, { baseMs: 500, maxMs: 15_000 }), signal);
      continue;
    }
    failures = 0;
    page++;
    apply(store, upsertRuns(store.getState(), runs, Date.now()));
    const last = runs[runs.length - 1];
    if (runs.length < pageSize || !last || (parseServerTime(last.created_at) ?? 0) <= horizon) return;
    before = last.id;
  }
}

function newestCreated(byId: Record<string, RunRow>, order: readonly string[]): number {
  return order.length ? (byId[order[0]]?.createdAt ?? 0) : 0;
}

/** Let go of finished runs past the newest `keep`: they can no longer change or come back on a page. */
function trimFinished(store: AppStore, keep: number): void {
  const { byId, order } = store.getState().runs;
  if (order.length <= keep) return;
  const drop = order.slice(keep).filter((id) => byId[id] && byId[id].group !== 'active');
  if (!drop.length) return;
  const next = { ...byId };
  for (const id of drop) delete next[id];
  const gone = new Set(drop);
  store.setState({ runs: { ...store.getState().runs, byId: next, order: order.filter((id) => !gone.has(id)) } });
}

/** /usage for FINISHED lines, a few at a time; null when it cannot be read. */
function usageReader(client: LettaClient): (runId: string) => Promise<UsageView | null> {
  let running = 0;
  const waiting: Array<() => void> = [];
  const slot = () => (running < USAGE_CONCURRENCY ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve)));
  return async (runId) => {
    await slot();
    running++;
    try {
      return usageFromEndpoint(await client.getRunUsage(runId, AbortSignal.timeout(10_000)), null);
    } catch {
      return null;
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
