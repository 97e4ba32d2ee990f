// Follows the selected run: loads its detail, then feeds its transcript from the SSE stream (background
// runs, here) or from `/messages` (messages-follower.ts: everything else, and whenever the stream is
// refused, dead or silent), with steps and usage beside it (steps-follower.ts). One RunFollower lives
// per selection; aborting it closes every socket it opened.

import type { LettaClient } from '../api/client.js';
import { ApiError, isApiError } from '../api/errors.js';
import type { StreamChunk, WireMessage, WireRun } from '../api/types.js';
import { apply, type AppStore } from '../store/create-store.js';
import { patchDetail, usageFromStream } from '../store/detail-reducers.js';
import { normalizeRun, type RunView } from '../store/normalize-run.js';
import { markRunsGone, setRunStalled, upsertRuns } from '../store/runs-reducers.js';
import { backoffDelay, sleep } from './backoff.js';
import type { ChunkBatcher } from './chunk-batcher.js';
import { toErrorInfo, type DetailPatch, type FollowerContext, type FollowerOptions } from './follower-context.js';
import { followMessages } from './messages-follower.js';
import { RunInput } from './run-input.js';
import { admitChunk, initialSeqState, type SeqState } from './seq-watermark.js';
import { followStepsAndUsage } from './steps-follower.js';

export type { FollowerOptions } from './follower-context.js';

const STREAM_TTL_MS = 3 * 60 * 60 * 1000;

/** Why we left the stream, shown in the pane ("which mode it is in", issue 3). */
type StreamOutcome =
  | { kind: 'ended'; note?: string }
  /** `mayReturn`: the stream fell silent while the run went on; worth another try once it moves again. */
  | { kind: 'fallback'; note: string; mayReturn?: boolean }
  | { kind: 'aborted' };

/** Longest wait before trying a silent stream again (it doubles from `stallMs` per silence in a row). */
const MAX_STREAM_RETRY_MS = 10 * 60_000;

export class RunFollower implements FollowerContext {
  private readonly controller = new AbortController();
  readonly now: () => number;
  private seq: SeqState;
  /** Last time the stream brought content (not pings), for stall detection. */
  private lastContentAt = 0;
  /** The run as the server last described it (for `metadata.error`). */
  private lastWire: WireRun | null = null;
  /** Silent streams in a row (no content between them): spaces out the returns to the stream. */
  private silences = 0;
  readonly persistedIds = new Set<string>();

  constructor(
    readonly client: LettaClient,
    readonly store: AppStore,
    readonly batcher: ChunkBatcher,
    readonly runId: string,
    readonly options: FollowerOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.seq = { ...initialSeqState(), watermark: store.getState().details[runId]?.seqWatermark ?? 0 };
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  stop(): void {
    this.controller.abort();
  }

  /** Runs until the transcript is complete or the follower is stopped. Never throws. */
  async run(): Promise<void> {
    let input: RunInput | null = null;
    try {
      const run = await this.loadRun();
      if (!run) return;
      void followStepsAndUsage(this);
      if (this.shouldStream(run)) {
        // The stream does not say what started the run; /messages does (run-input.ts).
        input = new RunInput(this);
        let outcome = await this.followStream(run);
        // A stream that fell silent while the run went on (a long tool call sends only pings) is
        // tried again once /messages shows the run moving: token-by-token beats step-by-step.
        while (outcome.kind === 'fallback' && (await followMessages(this, outcome.note, outcome.mayReturn ? { streamAgainAt: this.streamAgainAt() } : null)) === 'stream') {
          outcome = await this.followStream(this.currentRun() ?? run, { afterSilence: true });
        }
        if (outcome.kind === 'ended') {
          this.batcher.flush();
          // Complete means from the start: the input too, when the server has it.
          await input.settle();
          this.patch({ streamStatus: 'ended', mode: 'stream', retryAt: null, error: null, ...(outcome.note ? { modeNote: outcome.note } : {}) });
          // The stream says the run is over: show its final status now, not at the next list poll.
          if (this.currentRun()?.group === 'active') await this.refreshRun();
        }
      } else {
        const why = !run.background
          ? 'not a background run, so no stream'
          : run.runType === 'send_message_async'
            ? 'an async run writes no stream'
            : 'stream expired (older than 3 h)';
        await followMessages(this, `${why}: reading /messages`, null);
      }
    } catch (err) {
      if (!this.signal.aborted) this.patch({ error: toErrorInfo(err) });
    } finally {
      void input?.settle();
      this.batcher.flush();
      if (!this.signal.aborted) apply(this.store, setRunStalled(this.store.getState(), this.runId, false));
    }
  }

  patch(patch: DetailPatch): void {
    apply(this.store, patchDetail(this.store.getState(), this.runId, patch));
  }

  currentRun(): RunView | undefined {
    return this.store.getState().runs.byId[this.runId];
  }

  /** Retrieve the run, retrying transient failures; null when it is gone or we were stopped. */
  private async loadRun(): Promise<RunView | null> {
    for (let attempt = 1; !this.signal.aborted; attempt++) {
      try {
        return this.applyRun(await this.client.getRun(this.runId, this.signal));
      } catch (err) {
        if (this.signal.aborted) return null;
        if (isApiError(err) && err.kind === 'not_found') {
          this.patch({ gone: true, mode: 'static', error: { kind: 'not_found', message: `Run ${this.runId} no longer exists on the server.` } });
          apply(this.store, markRunsGone(this.store.getState(), [this.runId], this.now()));
          return null;
        }
        this.patch({ error: toErrorInfo(err) });
        await this.waitToRetry(err, attempt);
      }
    }
    return null;
  }

  private applyRun(wire: WireRun): RunView {
    this.lastWire = wire;
    apply(this.store, upsertRuns(this.store.getState(), [wire], this.now()));
    return this.currentRun() ?? normalizeRun(wire);
  }

  private shouldStream(run: RunView): boolean {
    if (!run.background) return false;
    // `/messages/async` runs are flagged background but never write a stream: attaching only yields
    // pings (RUNS-API.md §6, §12.7).
    if (run.runType === 'send_message_async') return false;
    const ttl = this.options.streamTtlMs ?? STREAM_TTL_MS;
    return run.createdAt === null || this.now() - run.createdAt < ttl;
  }

  async waitToRetry(err: unknown, attempt: number, fixedMs?: number): Promise<void> {
    let delay = fixedMs ?? backoffDelay(attempt, { baseMs: this.options.backoffBaseMs ?? 500, maxMs: this.options.backoffMaxMs ?? 15_000 });
    if (isApiError(err)) {
      // As long as the server asks (429, 503 with Retry-After); a rejected key will not fix itself.
      if ((err.kind === 'rate_limited' || err.kind === 'server') && err.retryAfterMs !== null) delay = Math.min(Math.max(err.retryAfterMs, 250), 10 * 60_000);
      else if (err.kind === 'auth') delay = this.options.authRetryMs ?? 60_000;
    }
    this.patch({ retryAt: this.now() + delay });
    await sleep(delay, this.signal);
  }

  // ---- stream mode ----------------------------------------------------------------------------

  private async followStream(initial: RunView, options: { afterSilence?: boolean } = {}): Promise<StreamOutcome> {
    // Another run may have been selected meanwhile: touch nothing of this one's.
    if (this.signal.aborted) return { kind: 'aborted' };
    // After a silence the transcript still holds every chunk up to the watermark, and resuming after it
    // brings the rest; messages stored meanwhile were merged whole and their chunks are skipped.
    if (options.afterSilence) apply(this.store, setRunStalled(this.store.getState(), this.runId, false));
    this.patch({ mode: 'stream', modeNote: options.afterSilence ? 'back on the stream: the run moved on after a silence' : null });
    let attempt = 0;
    let connections = 0;
    let run = initial;
    while (!this.signal.aborted) {
      this.patch({ streamStatus: connections++ === 0 ? 'connecting' : 'reconnecting' });
      const result = await this.streamOnce(run);
      if (result.kind !== 'eof' && result.kind !== 'dropped') return result;
      // A connection that moved the transcript on proves the server is back: start the backoff afresh.
      if (result.progressed) attempt = 0;
      // Cut before the run's end. Ask how the run is only when the connection brought nothing new:
      // a finished run has nothing more to send, and then we read what it persisted.
      if (!result.progressed) {
        const fresh = await this.refreshRun();
        if (fresh) run = fresh;
      }
      if (this.signal.aborted) break;
      if (!result.progressed && run.group !== 'active') {
        if (result.kind === 'eof') return { kind: 'fallback', note: 'stream ended without [DONE]: reconciled from /messages' };
        // The run is over, its stop reason is applied, and a connection that did deliver chunks brought
        // nothing new: what lies beyond the stop reason carries no seq_id to resume after (usage, [DONE],
        // RUNS-API.md §6), so a connection cut there would replay the same tail for ever. Finish from
        // the run record instead.
        if (result.sawChunk && !result.progressed && this.seq.stopApplied) return this.finishFromRunRecord();
      }
      this.patch({ reconnects: (this.store.getState().details[this.runId]?.reconnects ?? 0) + 1, streamStatus: 'reconnecting' });
      if (result.progressed) {
        // The server was healthy a moment ago (a proxy's idle cut, a connection limit): resume almost
        // at once, with a little jitter, instead of making the user wait out a backoff.
        await this.waitToRetry(null, 0, Math.random() * Math.min(100, this.options.backoffBaseMs ?? 500));
        continue;
      }
      attempt++;
      // Only now is it worth a red line: the last connection brought nothing.
      if (result.kind === 'dropped') this.patch({ error: toErrorInfo(result.error) });
      await this.waitToRetry(result.kind === 'dropped' ? result.error : null, attempt);
    }
    return { kind: 'aborted' };
  }

  /**
   * The stream keeps breaking after the run's stop reason. The only content that can follow it is the
   * error event of a failed run (§6 "Error end"), which the server also keeps as `metadata.error`
   * (§4): apply it from there, once, and call the stream ended. Usage comes from `/usage`.
   */
  private finishFromRunRecord(): StreamOutcome {
    const error = this.lastWire?.metadata && typeof this.lastWire.metadata === 'object' ? (this.lastWire.metadata as Record<string, unknown>).error : undefined;
    if (this.currentRun()?.group === 'failed' && error && typeof error === 'object' && !Array.isArray(error)) {
      const message = { message_type: 'error_message', ...(error as Record<string, unknown>) } as WireMessage;
      const seq = typeof message.seq_id === 'number' ? message.seq_id : null;
      const hasError = this.store.getState().details[this.runId]?.transcript.entries.some((e) => e.kind === 'error');
      if (seq !== null ? seq > this.seq.watermark : !hasError) {
        this.seq = { ...this.seq, watermark: Math.max(this.seq.watermark, seq ?? 0) };
        this.batcher.pushMessage(this.runId, message, this.seq.watermark);
      }
    }
    return { kind: 'ended', note: 'stream kept breaking after the stop reason: the ending was read from the run' };
  }

  /**
   * One connection. Resumes after the watermark and drops what it already has (RUNS-API.md §12.9).
   * A watchdog ends the connection when nothing but pings arrives for `stallMs`.
   */
  private async streamOnce(
    run: RunView,
  ): Promise<
    | StreamOutcome
    | { kind: 'eof'; sawChunk: boolean; progressed: boolean }
    | { kind: 'dropped'; error: unknown; sawChunk: boolean; progressed: boolean }
  > {
    const connection = new AbortController();
    const onAbort = () => connection.abort();
    this.signal.addEventListener('abort', onAbort, { once: true });
    // A run already finished replays at once; waiting the full stall time for it would be silly.
    const stallMs = run.group === 'active' ? this.options.stallMs : Math.min(this.options.stallMs, 5_000);
    this.lastContentAt = this.now();
    let stalled = false;
    const watchdog = setInterval(() => {
      if (this.now() - this.lastContentAt < stallMs) return;
      stalled = true;
      connection.abort();
    }, Math.max(50, Math.min(1_000, stallMs / 4)));
    let sawChunk = false;
    let sawStop = false;
    const before = this.seq;
    const progressed = () =>
      this.seq.watermark > before.watermark || this.seq.stopApplied !== before.stopApplied || this.seq.usageApplied !== before.usageApplied;
    try {
      for await (const chunk of this.client.streamRun(this.runId, { startingAfter: this.seq.watermark, signal: connection.signal })) {
        if (!sawChunk) {
          sawChunk = true;
          this.patch({ streamStatus: 'live', retryAt: null, error: null });
        }
        if (chunk.kind === 'stop_reason') sawStop = true;
        if (this.applyChunk(chunk) === 'end') return { kind: 'ended' };
      }
      // Some cancel paths close right after the stop_reason with no [DONE] (RUNS-API.md §6 "Cancellation").
      return sawStop ? { kind: 'ended' } : { kind: 'eof', sawChunk, progressed: progressed() };
    } catch (err) {
      if (this.signal.aborted) return { kind: 'aborted' };
      if (stalled) return this.onStall();
      if (isApiError(err) && !sawChunk && isRefusal(err)) {
        if (err.kind === 'not_found') this.patch({ gone: true });
        return { kind: 'fallback', note: refusalNote(err) };
      }
      return { kind: 'dropped', error: err, sawChunk, progressed: progressed() };
    } finally {
      clearInterval(watchdog);
      this.signal.removeEventListener('abort', onAbort);
      connection.abort();
    }
  }

  /** Nothing but pings for too long: mark it, ask the server how the run really is, and read /messages. */
  private async onStall(): Promise<StreamOutcome> {
    // One update, so the list and the pane never disagree about it.
    this.store.setState((state) => {
      const detail = patchDetail(state, this.runId, { streamStatus: 'stalled' });
      const row = setRunStalled(state, this.runId, true);
      return { ...state, ...detail, ...row };
    });
    const run = await this.refreshRun();
    const seconds = this.options.stallMs < 10_000 ? (this.options.stallMs / 1000).toFixed(1) : String(Math.round(this.options.stallMs / 1000));
    const live = !run || run.group === 'active';
    const note = live
      ? `stream silent for ${seconds}s (pings only): reading /messages`
      : `stream silent although the run is ${run.status}: reconciled from /messages`;
    this.silences++;
    return { kind: 'fallback', note, mayReturn: live };
  }

  /** Returns 'end' on the chunks that finish a stream. */
  private applyChunk(chunk: StreamChunk): 'end' | 'more' {
    const verdict = admitChunk(this.seq, chunk);
    this.seq = verdict.state;
    if (!verdict.admit) return 'more';
    switch (chunk.kind) {
      case 'message': {
        if (chunk.message.message_type === 'ping') return 'more';
        this.lastContentAt = this.now();
        const id = chunk.message.id;
        if (typeof id === 'string' && this.persistedIds.has(id)) return 'more';
        this.silences = 0;
        this.batcher.pushMessage(this.runId, chunk.message, this.seq.watermark);
        return 'more';
      }
      case 'stop_reason':
        this.lastContentAt = this.now();
        this.batcher.pushStop(this.runId, chunk.stopReason);
        return 'more';
      case 'usage':
        this.lastContentAt = this.now();
        this.patch({ usage: usageFromStream(chunk.usage) });
        return 'more';
      case 'error':
        // An error replay closes right after this chunk with no [DONE] (RUNS-API.md §6 "Error end").
        this.batcher.pushMessage(this.runId, chunk.error, this.seq.watermark);
        return 'end';
      case 'cancelled':
        this.batcher.pushStop(this.runId, 'cancelled');
        return 'end';
      case 'done':
        return 'end';
      case 'malformed':
      case 'unknown':
        this.batcher.countUnparsed(this.runId);
        return 'more';
    }
  }

  /**
   * When a silent stream is worth another try: `stallMs` after the silence, doubling with each silence
   * in a row, so that a stream that only ever pings is not retried every few seconds.
   */
  private streamAgainAt(): number {
    return this.now() + Math.min(this.options.stallMs * 2 ** Math.max(0, this.silences - 1), MAX_STREAM_RETRY_MS);
  }

  async refreshRun(): Promise<RunView | null> {
    try {
      return this.applyRun(await this.client.getRun(this.runId, this.signal));
    } catch {
      return null;
    }
  }
}

/** The refusals that mean "this run has no stream here", not "try again" (RUNS-API.md §6 preconditions). */
function isRefusal(err: ApiError): boolean {
  if (err.kind === 'protocol' || err.kind === 'bad_request' || err.kind === 'not_found') return true;
  return err.status === 503 || err.status === 501;
}

/** Which refusal it was, in words, for the pane (RUNS-API.md §6 preconditions). */
function refusalNote(err: ApiError): string {
  let why: string;
  if (err.kind === 'protocol') why = 'not an event stream';
  else if (err.status === 400) why = 'HTTP 400: not a background run';
  else if (err.status === 410) why = 'HTTP 410: expired, older than 3 h';
  else if (err.status === 503) why = 'HTTP 503: the server keeps no streams (no Redis)';
  else if (err.status === 404) why = 'HTTP 404: not found';
  else why = err.status ? `HTTP ${err.status}` : err.kind;
  return `stream refused (${why}): reading /messages`;
}
