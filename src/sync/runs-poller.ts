// Keeps the runs list fresh: polls `GET /v1/runs/` every interval, refreshes live runs that fell off
// the first page, looks up agent names once each, and backs off when the server is unhappy.
// 429 honours Retry-After; 401/403 slows to one try a minute, since hammering will not fix a key.

import type { LettaClient } from '../api/client.js';
import { ApiError, isApiError } from '../api/errors.js';
import type { ListRunsParams, WireRun } from '../api/types.js';
import { apply, type AppStore } from '../store/create-store.js';
import { DEFAULT_RETENTION, heldCeiling, letGoOfOldRuns, olderPageLoaded, setOlderReachable, type RunRetention } from '../store/run-retention.js';
import { markRunsGone, pollFailed, pollSlow, pollSucceeded, setAgentNames, upsertRuns } from '../store/runs-reducers.js';
import { liveRunIds } from '../store/selectors.js';
import { sanitizeLine } from '../util/sanitize.js';
import { backoffDelay } from './backoff.js';
import { startupMark } from '../util/startup-trace.js';

/** A poll unanswered this long (or three intervals) makes the header say the server is not answering. */
const SLOW_POLL_MS = 5000;

export interface RunsPollerOptions {
  /** How long a poll may go unanswered before the header says so (default 5 s, or three intervals). */
  slowAfterMs?: number;
  intervalMs: number;
  /** Server-side filters from the command line (`--agent`, `--status`, …). */
  filters?: ListRunsParams;
  pageSize?: number;
  now?: () => number;
  /** Retry delay after a 401/403. */
  authRetryMs?: number;
  /** How many runs are held, and for how long (default: the newest 10,000 of the last 24 h). */
  retention?: RunRetention;
}

/** Live runs outside the first page refreshed individually per tick, at most. */
const MAX_OFF_PAGE_REFRESH = 25;

export class RunsPoller {
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = true;
  private inFlight: Promise<void> | null = null;
  private readonly abort = new AbortController();
  private readonly namesRequested = new Set<string>();
  private readonly now: () => number;
  /** A short page told us there is nothing older on the server. */
  private exhausted = false;
  polls = 0;

  constructor(
    private readonly client: LettaClient,
    private readonly store: AppStore,
    private readonly options: RunsPollerOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.abort.abort();
  }

  /** Poll at once (a key press, or a test), without waiting for the timer. */
  pollNow(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return this.tick();
  }

  private get retention(): RunRetention {
    return this.options.retention ?? DEFAULT_RETENTION;
  }

  /** Whether older pages remain on the server, and may be held (run-retention.ts sets a ceiling). */
  get hasMore(): boolean {
    return !this.exhausted && this.store.getState().runs.order.length < heldCeiling(this.retention);
  }

  /**
   * Fetch the page of runs older than the oldest of the unbroken range we hold. The runs endpoint
   * pages with `before` in the default descending order (RUNS-API.md §3); a short page means we
   * reached the end. Runs let go earlier come back this way.
   */
  async loadOlder(): Promise<number> {
    if (this.exhausted) return 0;
    const { order, olderPagesBefore } = this.store.getState().runs;
    const before = olderPagesBefore ?? order[order.length - 1];
    const limit = this.options.pageSize ?? 100;
    const raw = await this.client.listRuns({ ...this.options.filters, limit, before, order: 'desc' }, this.abort.signal);
    if (raw.length < limit) this.markExhausted();
    const page = raw.filter(isWireRun);
    const held = this.store.getState().runs.byId;
    const broughtBack = page.filter((run) => !held[run.id]).length;
    apply(this.store, upsertRuns(this.store.getState(), page, this.now()));
    apply(this.store, olderPageLoaded(this.store.getState(), page.map((run) => run.id), broughtBack, this.exhausted));
    apply(this.store, setOlderReachable(this.store.getState(), this.hasMore));
    this.requestAgentNames(page);
    return page.length;
  }

  /** No older page exists: the header's window counts are then complete, whatever the window. */
  private markExhausted(): void {
    this.exhausted = true;
    if (!this.store.getState().listComplete) this.store.setState({ listComplete: true });
  }

  /** Let go of old runs beyond the bound; what was let go can be paged in again. */
  private letGoOfOldRuns(): void {
    const partial = letGoOfOldRuns(this.store.getState(), this.now(), this.retention);
    if (partial) {
      apply(this.store, partial);
      // Older runs are on the server again, so counts over a window reaching back to them are partial.
      this.exhausted = false;
      if (this.store.getState().listComplete) this.store.setState({ listComplete: false });
    }
    apply(this.store, setOlderReachable(this.store.getState(), this.hasMore));
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.tick();
    }, delayMs);
  }

  private tick(): Promise<void> {
    // One poll at a time: a slow server must not pile requests up.
    this.inFlight ??= this.pollOnce().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async pollOnce(): Promise<void> {
    const signal = this.abort.signal;
    // A server that accepts the connection and never answers holds a poll until the request times
    // out: past a few intervals the header says so instead of a stale "ok".
    const sentAt = this.now();
    const slow = setTimeout(() => apply(this.store, pollSlow(this.store.getState(), sentAt)), this.options.slowAfterMs ?? Math.max(SLOW_POLL_MS, 3 * this.options.intervalMs));
    slow.unref?.();
    try {
      const limit = this.options.pageSize ?? 100;
      startupMark('first poll sent');
      const raw = await this.client.listRuns({ ...this.options.filters, limit, order: 'desc' }, signal);
      startupMark('first poll answered');
      if (raw.length < limit) this.markExhausted();
      // A null, a number or an object without an id in the array must not sink the whole list.
      const page = raw.filter(isWireRun);
      const refreshed = await this.refreshLiveRunsOffPage(page, signal);
      apply(this.store, upsertRuns(this.store.getState(), [...page, ...refreshed], this.now()));
      this.letGoOfOldRuns();
      this.store.setState(pollSucceeded(this.store.getState(), this.now()));
      this.requestAgentNames(page);
      clearTimeout(slow);
      this.failures = 0;
      this.polls++;
      this.schedule(this.options.intervalMs);
    } catch (caught) {
      clearTimeout(slow);
      if (signal.aborted) return;
      // Anything else thrown is still a failed poll the user must hear about, not a silent retry.
      const err = isApiError(caught) ? caught : new ApiError('protocol', 'Listing runs: the server sent something this client cannot read');
      this.failures++;
      const delay = this.retryDelay(err);
      apply(this.store, pollFailed(this.store.getState(), { kind: err.kind, message: err.message }, this.now() + delay, this.now()));
      this.schedule(delay);
    }
  }

  private retryDelay(err: ApiError): number {
    // 429, and a 503 that says when to come back: as long as the server asks, within reason.
    if ((err.kind === 'rate_limited' || err.kind === 'server') && err.retryAfterMs !== null) return Math.min(Math.max(err.retryAfterMs, 250), 10 * 60_000);
    if (err.kind === 'auth') return this.options.authRetryMs ?? 60_000;
    return backoffDelay(this.failures, { baseMs: Math.min(1000, this.options.intervalMs), maxMs: 30_000 });
  }

  /**
   * A run we showed as live that is no longer on the first page would otherwise stay "running" on
   * screen forever: ask for it directly.
   */
  private async refreshLiveRunsOffPage(page: WireRun[], signal: AbortSignal): Promise<WireRun[]> {
    const onPage = new Set(page.map((run) => run.id));
    const { runs } = this.store.getState();
    // From the list's search index: scanning 10,000 row objects on every poll cost ~25 ms a time.
    const missing = liveRunIds(runs)
      .filter((id) => !onPage.has(id))
      .slice(0, MAX_OFF_PAGE_REFRESH)
      .map((id) => runs.byId[id]);
    const results = await Promise.allSettled(missing.map((row) => this.client.getRun(row.id, signal)));
    const gone = missing.filter((_, i) => {
      const result = results[i];
      return result.status === 'rejected' && isApiError(result.reason) && result.reason.kind === 'not_found';
    });
    apply(this.store, markRunsGone(this.store.getState(), gone.map((row) => row.id), this.now()));
    return results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  }

  /** Agent names: one request per agent for the session; failures are retried on a later poll. */
  private requestAgentNames(runs: WireRun[]): void {
    const { agents } = this.store.getState();
    for (const run of runs) {
      const meta = run.metadata as Record<string, unknown> | null | undefined;
      const agentId = run.agent_id ?? (typeof meta?.agent_id === 'string' ? meta.agent_id : null);
      if (!agentId || agents[agentId] || this.namesRequested.has(agentId)) continue;
      this.namesRequested.add(agentId);
      this.client
        .getAgent(agentId, this.abort.signal)
        .then((agent) => {
          const name = sanitizeLine(agent.name ?? '');
          if (!name) return;
          apply(this.store, setAgentNames(this.store.getState(), { [agentId]: name }));
          // The store has it now; the store may also let it go with the agent's last run
          // (run-retention.ts), and a later run of that agent must be able to ask again.
          this.namesRequested.delete(agentId);
        })
        .catch(() => this.namesRequested.delete(agentId));
    }
  }
}

function isWireRun(value: unknown): value is WireRun {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';
}
