// Owns the one RunFollower: the selected run is followed, every other run has no open connection
// (issue 3: "never keep a stream open for a run nobody is looking at"). Also evicts the detail of runs
// long unselected, so memory stays bounded over hours.

import type { LettaClient } from '../api/client.js';
import { apply, type AppStore } from '../store/create-store.js';
import { evictIdleDetails, patchDetail, resetDetail } from '../store/detail-reducers.js';
import { ChunkBatcher } from './chunk-batcher.js';
import { RunFollower, type FollowerOptions } from './run-follower.js';

export interface DetailSyncOptions extends FollowerOptions {
  /** Drop the detail of a run not selected for this long. */
  detailIdleMs?: number;
  /**
   * Chunk flush interval. Default 50 ms (20 updates a second): smooth to read, and since Ink redraws
   * the whole screen per update (~15 ms at 120x40), streaming at 60 updates a second kept a core
   * busy and made a key press wait behind a streaming frame (fleet-latency bench, p99).
   */
  flushIntervalMs?: number;
  /**
   * Wait this long after the selection changes before loading the run: holding `j` across a
   * thousand rows must not open a thousand streams, nor flood the screen with their loading
   * updates. The old run's stream closes at once. 0 loads immediately.
   */
  selectDebounceMs?: number;
}

const STREAM_FLUSH_MS = 50;

export class DetailSync {
  readonly batcher: ChunkBatcher;
  private follower: RunFollower | null = null;
  private unsubscribe: (() => void) | null = null;
  private housekeeping: NodeJS.Timeout | null = null;
  private pendingFollow: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  /** Followers started, for tests and the benchmark. */
  followersStarted = 0;

  constructor(
    private readonly client: LettaClient,
    private readonly store: AppStore,
    private readonly options: DetailSyncOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.batcher = new ChunkBatcher(store, options.flushIntervalMs ?? STREAM_FLUSH_MS, this.now, options.maxTranscriptEntries);
  }

  start(): void {
    this.unsubscribe = this.store.subscribe((state, previous) => {
      if (state.selectedRunId !== previous.selectedRunId) this.followSoon(state.selectedRunId);
      // Still typing (a filter, a search): keep waiting, so loading the run does not draw frames
      // between the keystrokes.
      else if (this.pendingFollow && state.ui !== previous.ui) this.followSoon(state.selectedRunId);
    });
    this.follow(this.store.getState().selectedRunId);
    const idleMs = this.options.detailIdleMs ?? 5 * 60_000;
    this.housekeeping = setInterval(() => {
      apply(this.store, evictIdleDetails(this.store.getState(), this.now(), idleMs));
    }, Math.min(idleMs, 30_000));
    this.housekeeping.unref();
  }

  stop(): void {
    if (this.pendingFollow) clearTimeout(this.pendingFollow);
    this.pendingFollow = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.housekeeping) clearInterval(this.housekeeping);
    this.housekeeping = null;
    this.follower?.stop();
    this.follower = null;
    this.batcher.dispose();
  }

  /** Follow the run again from scratch (the user asked for a refresh). */
  refresh(): void {
    const runId = this.store.getState().selectedRunId;
    if (runId) apply(this.store, resetDetail(this.store.getState(), runId, this.now()));
    this.follow(runId, true);
  }

  private followSoon(runId: string | null): void {
    const delay = this.options.selectDebounceMs ?? 100;
    if (this.pendingFollow) clearTimeout(this.pendingFollow);
    this.pendingFollow = null;
    if (delay <= 0) return this.follow(runId);
    this.stopFollower();
    this.pendingFollow = setTimeout(() => {
      this.pendingFollow = null;
      this.follow(runId);
    }, delay);
  }

  private stopFollower(): void {
    const previous = this.follower;
    if (!previous) return;
    previous.stop();
    this.batcher.flush();
    apply(this.store, patchDetail(this.store.getState(), previous.runId, { lastViewedAt: this.now() }));
    this.follower = null;
  }

  private follow(runId: string | null, force = false): void {
    if (this.pendingFollow) clearTimeout(this.pendingFollow);
    this.pendingFollow = null;
    this.stopFollower();
    if (!runId) return;
    const state = this.store.getState();
    const detail = state.details[runId];
    // A finished run read whole does not change: show what we have without asking again.
    const complete = detail && detail.mode === 'static' && !detail.error && state.runs.byId[runId]?.group !== 'active';
    if (complete && !force) {
      apply(this.store, patchDetail(state, runId, { lastViewedAt: this.now() }));
      return;
    }
    if (!force) apply(this.store, resetDetail(this.store.getState(), runId, this.now()));
    this.batcher.discard(runId);
    const follower = new RunFollower(this.client, this.store, this.batcher, runId, this.options);
    this.follower = follower;
    this.followersStarted++;
    void follower.run();
  }
}
