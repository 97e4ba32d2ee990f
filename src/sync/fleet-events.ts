// A watcher (DESIGN.md "Watchers") that turns the runs the poller writes into the store into fleet
// events, each run's in order: ADDED once, MODIFIED for each new status seen, FINISHED once (when
// the run leaves created/running; with its tokens, read from /usage). Runs created before `sinceMs`
// that had already finished by then are history, remembered silently; one created before it but still
// going at `sinceMs` (still running, or finished since: a pipeline resumed with --since must not lose
// it) is reported ADDED when first seen, so every FINISHED line has its ADDED.
//
// What it remembers is keyed by run id and status, not by connection: a reconnect that brings the
// same runs again reports nothing twice, and runs that appeared and finished during an outage are
// reported when they are first seen (ADDED, then FINISHED).

import type { AppStore } from '../store/create-store.js';
import type { RunRow, UsageView } from '../store/types.js';

export type FleetEventType = 'ADDED' | 'MODIFIED' | 'FINISHED';

export interface FleetEvent {
  type: FleetEventType;
  run: RunRow;
  previousStatus: string | null;
  /** FINISHED only: the run's tokens, null when the server would not say. */
  usage: UsageView | null;
  seenAt: number;
}

interface Seen {
  status: string;
  finished: boolean;
}

export interface FleetWatcherOptions {
  sinceMs: number;
  emit(event: FleetEvent): void;
  /** Tokens of a finished run; resolves null when they cannot be read. */
  usageOf(runId: string): Promise<UsageView | null>;
  now?: () => number;
}

export class FleetWatcher {
  private readonly seen = new Map<string, Seen>();
  /** Events in the order they happened; a FINISHED waits here for its tokens, and so do those after it. */
  private queue: Array<{ event: FleetEvent; ready: Promise<void> | null }> = [];
  private draining = false;
  private unsubscribe: (() => void) | null = null;
  private readonly now: () => number;

  constructor(
    private readonly store: AppStore,
    private readonly options: FleetWatcherOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.observe(this.store.getState().runs.byId, {});
    this.unsubscribe = this.store.subscribe((state, previous) => {
      if (state.runs.byId !== previous.runs.byId) this.observe(state.runs.byId, previous.runs.byId);
    });
  }

  /** Stop watching; events still waiting for tokens are written without them. */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const item of this.queue.splice(0)) this.options.emit(item.event);
  }

  /** Runs remembered (bounded: `forget` drops those the store no longer holds). */
  get size(): number {
    return this.seen.size;
  }

  /** Drop what is remembered of runs the store let go of (they are past the first page for good). */
  forget(keep: (runId: string) => boolean): void {
    for (const id of this.seen.keys()) if (!keep(id)) this.seen.delete(id);
  }

  private observe(byId: Record<string, RunRow>, previous: Record<string, RunRow>): void {
    for (const id in byId) {
      const run = byId[id];
      if (run === previous[id]) continue;
      const seen = this.seen.get(id);
      const finished = run.group !== 'active';
      if (!seen) {
        this.seen.set(id, { status: run.status, finished });
        // Finished history before the starting point is not reported; a run still going then is part
        // of the present (as `kubectl get -w` lists what exists first), so its FINISHED has an ADDED.
        const before = (run.createdAt ?? 0) < this.options.sinceMs;
        const endedBefore = run.completedAt === null || run.completedAt < this.options.sinceMs;
        if (before && finished && endedBefore) continue;
        this.push('ADDED', run, null);
        if (finished) this.push('FINISHED', run, null);
        continue;
      }
      if (seen.status === run.status && seen.finished === finished) continue;
      const from = seen.status;
      this.seen.set(id, { status: run.status, finished: seen.finished || finished });
      if (finished && !seen.finished) this.push('FINISHED', run, from);
      else if (from !== run.status) this.push('MODIFIED', run, from);
    }
  }

  private push(type: FleetEventType, run: RunRow, previousStatus: string | null): void {
    const event: FleetEvent = { type, run, previousStatus, usage: null, seenAt: this.now() };
    const ready =
      type === 'FINISHED'
        ? this.options.usageOf(run.id).then((usage) => {
            event.usage = usage;
          })
        : null;
    this.queue.push({ event, ready });
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length) {
        const head = this.queue[0];
        if (head.ready) await head.ready.catch(() => undefined);
        // stop() may have written it meanwhile
        if (this.queue[0] !== head) continue;
        this.queue.shift();
        this.options.emit(head.event);
      }
    } finally {
      this.draining = false;
    }
  }
}
