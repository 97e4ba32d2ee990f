// `runs-top watch RUN_ID`: follow one run with the monitor's own follower (stream for background runs,
// `/messages` otherwise, resume by seq_id, fall back, reconnect) and print its transcript as it
// arrives, then how it ended. Exits when the run ends; --exit-status maps the outcome to an exit code
// (run-outcome.ts), like `gh run watch --exit-status`. A run we cannot follow never exits 0.

import { LettaClient } from '../api/client.js';
import { isApiError } from '../api/errors.js';
import type { WireRun } from '../api/types.js';
import { apply, createAppStore, type AppStore } from '../store/create-store.js';
import { resetDetail, usageFromEndpoint } from '../store/detail-reducers.js';
import { upsertRuns } from '../store/runs-reducers.js';
import type { RunRow, UsageView } from '../store/types.js';
import { sleep } from '../sync/backoff.js';
import { ChunkBatcher } from '../sync/chunk-batcher.js';
import { RunFollower } from '../sync/run-follower.js';
import { formatDuration, formatTokens } from '../util/format.js';
import { sanitizeLine } from '../util/sanitize.js';
import type { ConnectionConfig } from './config.js';
import { EXIT, outcomeExitCode, runOutcome, type RunOutcome } from './run-outcome.js';
import { toSafeJson } from './safe-json.js';
import { TranscriptPrinter } from './transcript-printer.js';

export interface WatchOptions {
  runId: string;
  json: boolean;
  exitStatus: boolean;
  intervalMs: number;
  stallMs: number;
  out?: NodeJS.WriteStream | NodeJS.WritableStream;
  err?: NodeJS.WritableStream;
  /** Stops the watch (Ctrl-C). The CLI wires SIGINT/SIGTERM to it. */
  signal?: AbortSignal;
}

/** Merged deltas reach the printer at most this often (the monitor's pace). */
const FLUSH_MS = 50;

export async function runWatch(connection: ConnectionConfig, options: WatchOptions): Promise<number> {
  const out = options.out ?? process.stdout;
  const err = options.err ?? process.stderr;
  const runId = sanitizeLine(options.runId).trim();
  if (!runId || runId !== options.runId.trim()) {
    err.write('runs-top: watch needs a run id (e.g. run-1b2c…)\n');
    return EXIT.unreachable;
  }
  // Ctrl-C, or the reader of stdout going away (`| head`): either stops the follow, quietly.
  const stop = new AbortController();
  const onInterrupt = () => stop.abort();
  options.signal?.addEventListener('abort', onInterrupt, { once: true });
  if (options.signal?.aborted) stop.abort();
  let readerGone = false;
  const onOutError = () => {
    readerGone = true;
    stop.abort();
  };
  out.on('error', onOutError);
  const client = new LettaClient({ baseUrl: connection.baseUrl, apiKey: connection.apiKey, apiKeySource: connection.apiKeySource, projectId: connection.projectId });
  try {
    // Asked once up front, so that a wrong id, URL or key fails at once instead of retrying for ever.
    let first: WireRun;
    try {
      first = await client.getRun(runId, stop.signal);
    } catch (error) {
      if (stop.signal.aborted) return readerGone ? EXIT.readerGone : EXIT.interrupted;
      const message = isApiError(error) ? error.message : 'unexpected error';
      err.write(`runs-top: ${message}\n`);
      return isApiError(error) && error.kind === 'auth' ? EXIT.auth : EXIT.unreachable;
    }
    const store = createAppStore(client.displayUrl);
    apply(store, upsertRuns(store.getState(), [first], Date.now()));
    store.setState({ selectedRunId: runId, ...resetDetail(store.getState(), runId, Date.now()) });
    const code = await follow(client, store, runId, { ...options, signal: stop.signal }, out, err);
    return readerGone ? EXIT.readerGone : code;
  } finally {
    options.signal?.removeEventListener('abort', onInterrupt);
    // The error listener stays: an EPIPE for the last lines arrives after we are done.
    await client.destroy().catch(() => undefined);
  }
}

async function follow(
  client: LettaClient,
  store: AppStore,
  runId: string,
  options: WatchOptions,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const live = Boolean((out as NodeJS.WriteStream).isTTY);
  const printer = new TranscriptPrinter({ json: options.json, live, runId, out });
  const batcher = new ChunkBatcher(store, FLUSH_MS);
  const follower = new RunFollower(client, store, batcher, runId, { pollIntervalMs: options.intervalMs, stallMs: options.stallMs });
  const onAbort = () => follower.stop();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let lastError: string | null = null;
  const unsubscribe = store.subscribe((state, previous) => {
    const detail = state.details[runId];
    if (!detail) return;
    if (detail.transcript !== previous.details[runId]?.transcript) printer.update(detail.transcript.entries, false);
    // Outages go to stderr, once each, so a pipe reading stdout sees only the transcript.
    const error = detail.error?.message ?? null;
    if (error !== lastError) {
      if (error) err.write(`runs-top: ${error} (retrying)\n`);
      else if (lastError) err.write('runs-top: following again\n');
      lastError = error;
    }
  });
  try {
    await follower.run();
    if (!options.signal?.aborted) await waitForEnd(client, store, runId, options);
    batcher.flush();
    if (options.signal?.aborted) return EXIT.interrupted;
    const detail = store.getState().details[runId];
    if (detail?.gone) {
      err.write(`runs-top: run ${runId} no longer exists on the server\n`);
      return EXIT.unreachable;
    }
    printer.update(detail?.transcript.entries ?? [], true);
    const run = store.getState().runs.byId[runId];
    const outcome = runOutcome(run);
    const usage = detail?.usage ?? (await usageOnce(client, runId));
    out.write(options.json ? `${toSafeJson(endRecord(run, outcome, usage, printer.printedCount), 0)}\n` : `${endLine(run, outcome, usage)}\n`);
    return outcomeExitCode(outcome, options.exitStatus);
  } finally {
    unsubscribe();
    options.signal?.removeEventListener('abort', onAbort);
    follower.stop();
    batcher.dispose();
  }
}

/**
 * The follower returns once the transcript is complete; the run record can lag behind its stream
 * (`[DONE]` sent, status not yet written). Ask until the record says the run is over.
 */
async function waitForEnd(client: LettaClient, store: AppStore, runId: string, options: WatchOptions): Promise<void> {
  for (let attempt = 0; !options.signal?.aborted; attempt++) {
    const state = store.getState();
    if (state.details[runId]?.gone || state.runs.byId[runId]?.group !== 'active') return;
    if (attempt > 0) await sleep(options.intervalMs, options.signal);
    try {
      apply(store, upsertRuns(store.getState(), [await client.getRun(runId, options.signal)], Date.now()));
    } catch {
      // an outage: ask again next interval
    }
  }
}

async function usageOnce(client: LettaClient, runId: string): Promise<UsageView | null> {
  try {
    return usageFromEndpoint(await client.getRunUsage(runId), null);
  } catch {
    return null;
  }
}

function usageRecord(usage: UsageView | null): Record<string, number | null> | null {
  return usage && { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.totalTokens };
}

/** The last line of `watch --json` (README "watch --json fields"). */
export function endRecord(run: RunRow, outcome: RunOutcome, usage: UsageView | null, messages: number): Record<string, unknown> {
  return {
    type: 'end',
    run_id: run.id,
    status: run.status,
    stop_reason: run.stopReason,
    outcome,
    duration_ms: run.durationMs === null ? null : Math.round(run.durationMs),
    usage: usageRecord(usage),
    error: run.errorText,
    messages,
  };
}

function endLine(run: RunRow, outcome: RunOutcome, usage: UsageView | null): string {
  const parts = [`run ${outcome.replace('_', ' ')}`];
  if (run.stopReason) parts.push(`stop reason ${run.stopReason}`);
  if (run.durationMs !== null) parts.push(formatDuration(run.durationMs));
  if (usage?.totalTokens !== null && usage?.totalTokens !== undefined) parts.push(`tokens in ${formatTokens(usage.promptTokens)} · out ${formatTokens(usage.completionTokens)}`);
  if (run.errorText) parts.push(run.errorText);
  return `── ${parts.join(' · ')}`;
}
