// The one scheduler for background requests (DESIGN.md "Background work with a budget"): at most
// `requestsPerSecond` request starts a second, one at a time, whatever asks for them. Sources hand out
// their most wanted job (newest run first); the scheduler backs off on 429/5xx and network errors
// (Retry-After honoured), pauses while the runs poll is failing, and sleeps with no timer at all when
// no source has work, so a warm cache costs no CPU. Store changes wake it.

import { isApiError } from '../api/errors.js';
import type { AppState } from '../store/types.js';
import type { AppStore } from '../store/create-store.js';
import { backoffDelay } from './backoff.js';

export interface BudgetJob {
  /** What it fetches, for tests and the bench. */
  key: string;
  run(signal: AbortSignal): Promise<void>;
  /** The server will not give it (404, bad answer): the source should not offer it again. */
  giveUp(): void;
}

export interface JobSource {
  /** The most wanted job now, or null when there is nothing to do. */
  next(state: AppState): BudgetJob | null;
  /** Whether a store change may have given this source new work. */
  wantsWake?(state: AppState, previous: AppState): boolean;
}

export interface BudgetSchedulerOptions {
  /** At most this many requests started per second; 0 turns background fetching off. */
  requestsPerSecond: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  now?: () => number;
}

export class BudgetScheduler {
  private readonly sources: JobSource[] = [];
  private readonly abort = new AbortController();
  private unsubscribe: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private stopped = true;
  private nextStartAt = 0;
  private failures = 0;
  private readonly now: () => number;
  /** Requests started, and failures that made it back off (tests, bench). */
  started = 0;
  backoffs = 0;

  constructor(
    private readonly store: AppStore,
    private readonly options: BudgetSchedulerOptions,
  ) {
    // A monotonic clock: the budget must hold when the wall clock is adjusted.
    this.now = options.now ?? (() => performance.now());
  }

  get enabled(): boolean {
    return this.options.requestsPerSecond > 0;
  }

  addSource(source: JobSource): void {
    this.sources.push(source);
  }

  start(): void {
    if (!this.stopped || !this.enabled) return;
    this.stopped = false;
    this.unsubscribe = this.store.subscribe((state, previous) => {
      const healthChanged = state.health !== previous.health;
      if (healthChanged || state.runs !== previous.runs || state.ui.window !== previous.ui.window || this.sources.some((s) => s.wantsWake?.(state, previous))) this.pump();
    });
    this.pump();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.abort.abort();
  }

  /** Start the next job if the budget, the backoff and the connection allow it. */
  private pump(): void {
    if (this.stopped || this.busy || this.timer) return;
    const state = this.store.getState();
    // Paused while the server is unreachable: the runs poll's own backoff decides when to try again,
    // and its success (a store change) wakes us.
    if (state.health.connecting || state.health.error) return;
    const wait = this.nextStartAt - this.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.pump();
      }, wait);
      return;
    }
    const job = this.sources.map((source) => source.next(state)).find((candidate) => candidate !== null) ?? null;
    if (!job) return; // idle: no timer; a store change wakes us
    this.busy = true;
    this.started++;
    this.nextStartAt = this.now() + 1000 / this.options.requestsPerSecond;
    job.run(this.abort.signal).then(
      () => {
        this.failures = 0;
      },
      (error: unknown) => {
        if (this.abort.signal.aborted) return;
        const transient = !isApiError(error) || error.kind === 'rate_limited' || error.kind === 'server' || error.kind === 'network';
        if (!transient) return job.giveUp();
        this.failures++;
        this.backoffs++;
        const base = this.options.backoffBaseMs ?? 1000;
        const retryAfter = isApiError(error) && error.retryAfterMs !== null ? error.retryAfterMs : 0;
        const delay = Math.max(retryAfter, backoffDelay(this.failures, { baseMs: base, maxMs: this.options.backoffMaxMs ?? 60_000 }));
        this.nextStartAt = Math.max(this.nextStartAt, this.now() + delay);
      },
    ).finally(() => {
      this.busy = false;
      this.pump();
    });
  }
}
