// Streams deliver hundreds of token chunks a second; React should see a few updates a second, not
// one per chunk. Chunks are parked here per run and applied with a single setState every
// `intervalMs` (DESIGN.md: letta-code throttles at ~16 ms; we use 50 ms, see detail-sync.ts).

import type { WireMessage } from '../api/types.js';
import { mergeIntoTranscript } from '../store/detail-reducers.js';
import { touchRun } from '../store/runs-reducers.js';
import type { AppStore } from '../store/create-store.js';
import type { AppState } from '../store/types.js';

interface PendingBatch {
  messages: WireMessage[];
  stopReason: string | null;
  unparsed: number;
  seqWatermark: number;
}

export class ChunkBatcher {
  private pending = new Map<string, PendingBatch>();
  private timer: NodeJS.Timeout | null = null;
  /** Store updates made, for the benchmark. */
  flushes = 0;
  /** Message chunks taken in, for the benchmark. */
  messagesPushed = 0;

  constructor(
    private readonly store: AppStore,
    private readonly intervalMs = 50,
    private readonly now: () => number = Date.now,
    /** Transcript entries kept per run (default: the store's cap). */
    private readonly maxEntries?: number,
  ) {}

  private batchFor(runId: string): PendingBatch {
    let batch = this.pending.get(runId);
    if (!batch) {
      batch = { messages: [], stopReason: null, unparsed: 0, seqWatermark: 0 };
      this.pending.set(runId, batch);
    }
    if (!this.timer) this.timer = setTimeout(() => this.flush(), this.intervalMs);
    return batch;
  }

  pushMessage(runId: string, message: WireMessage, seqWatermark: number): void {
    const batch = this.batchFor(runId);
    this.messagesPushed++;
    batch.messages.push(message);
    batch.seqWatermark = Math.max(batch.seqWatermark, seqWatermark);
  }

  pushStop(runId: string, stopReason: string): void {
    this.batchFor(runId).stopReason = stopReason;
  }

  countUnparsed(runId: string, count = 1): void {
    this.batchFor(runId).unparsed += count;
  }

  /** Forget what is parked for a run (its detail is being replaced). */
  discard(runId: string): void {
    this.pending.delete(runId);
  }

  /** Apply everything parked, for all runs, in one store update. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pending.size === 0) return;
    const batches = this.pending;
    this.pending = new Map();
    const now = this.now();
    this.store.setState((state) => {
      let next: AppState = state;
      for (const [runId, batch] of batches) {
        const partial = mergeIntoTranscript(next, runId, { ...batch, now, maxEntries: this.maxEntries });
        if (partial) next = { ...next, ...partial };
        // Content is a sign of life for the list's staleness flag too.
        const touched = batch.messages.length > 0 ? touchRun(next, runId, now) : null;
        if (touched) next = { ...next, ...touched };
      }
      return next;
    });
    this.flushes++;
  }

  dispose(): void {
    this.flush();
  }
}
