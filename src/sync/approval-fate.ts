// For the selected run's approval request that can no longer be answered: what the run after it did
// with it. RUNS-API.md §16: "an older one was answered or overtaken, and the runs after it on the same
// agent (or conversation) show which". A watcher outside React: when such a run is selected and its
// pending calls are known, it reads the first messages of the run that came after it, once, and puts
// the answer in the store (`approvalFates`); the approval panel says "answered by run X (1 approved)"
// or "overtaken by run Y" instead of guessing.

import type { LettaClient } from '../api/client.js';
import { fateFromMessages, overtakenBy, pendingCalls, storeApprovalFate } from '../store/approvals.js';
import { apply, type AppStore } from '../store/create-store.js';
import type { AppState } from '../store/types.js';

/** The answer run starts with the approval response (§16 "After the answer"): a few messages suffice. */
const FIRST_MESSAGES = 10;
/** A read that failed is tried again when the run is selected after this long. */
const RETRY_AFTER_MS = 15_000;

interface Lookup {
  runId: string;
  laterRunId: string;
}

/** The lookup the selection needs now, or null (nothing waits, it is answerable, already known, or not ready). */
function lookupFor(state: AppState, now: number): Lookup | null {
  const runId = state.selectedRunId;
  const row = runId ? state.runs.byId[runId] : undefined;
  if (!runId || !row || row.group !== 'approval') return null;
  // Null as well for a request that can still be answered.
  const later = overtakenBy(state.runs, runId, state.approvals);
  if (!later || later.answeredHere) return null;
  const known = state.approvalFates[runId];
  if (known?.laterRunId === later.laterRunId && (known.answered !== null || now - known.at < RETRY_AFTER_MS)) return null;
  // The calls to look for are the request's own: wait until its transcript has them.
  if (pendingCalls(state.details[runId]).length === 0) return null;
  return { runId, laterRunId: later.laterRunId };
}

export class ApprovalFateWatcher {
  private unsubscribe: (() => void) | null = null;
  private readonly inFlight = new Set<string>();
  private readonly abort = new AbortController();

  constructor(
    private readonly client: LettaClient,
    private readonly store: AppStore,
  ) {}

  start(): void {
    this.unsubscribe = this.store.subscribe((state) => this.check(state));
    this.check(this.store.getState());
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.abort.abort();
  }

  private check(state: AppState): void {
    const lookup = lookupFor(state, Date.now());
    if (!lookup) return;
    const key = `${lookup.runId}>${lookup.laterRunId}`;
    if (this.inFlight.has(key)) return;
    this.inFlight.add(key);
    void this.read(lookup).finally(() => this.inFlight.delete(key));
  }

  private async read({ runId, laterRunId }: Lookup): Promise<void> {
    try {
      const messages = await this.client.listRunMessages(laterRunId, { order: 'asc', limit: FIRST_MESSAGES }, this.abort.signal);
      const calls = pendingCalls(this.store.getState().details[runId]);
      apply(this.store, storeApprovalFate(this.store.getState(), runId, fateFromMessages(laterRunId, calls, messages, Date.now())));
    } catch {
      if (this.abort.signal.aborted) return;
      // Said as such, neither answered nor overtaken; selecting the run again a while later retries.
      apply(this.store, storeApprovalFate(this.store.getState(), runId, { laterRunId, answered: null, approved: 0, denied: 0, at: Date.now() }));
    }
  }
}
