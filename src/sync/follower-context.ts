// What the parts of a run's follower share: the run, the connections, the store, and a few moves
// (patch the detail, ask how the run is, wait before retrying). RunFollower implements it; the
// /messages mode (messages-follower.ts) and the steps and usage poll (steps-follower.ts) use it.

import type { LettaClient } from '../api/client.js';
import { isApiError, type ApiError } from '../api/errors.js';
import type { AppStore } from '../store/create-store.js';
import type { patchDetail } from '../store/detail-reducers.js';
import type { RunView } from '../store/normalize-run.js';
import type { ChunkBatcher } from './chunk-batcher.js';

export interface FollowerOptions {
  /** Poll interval for `/messages`, steps and usage while the run is live. */
  pollIntervalMs: number;
  /** No content (pings at most) for this long while the run claims to be live: stalled (RUNS-API.md §6 "Pings"). */
  stallMs: number;
  /** Stream retention on the server (RUNS-API.md §6 precondition 3). */
  streamTtlMs?: number;
  /** First reconnect/retry delay; doubles per failed attempt, with jitter (default 500 ms). */
  backoffBaseMs?: number;
  /** Ceiling of the reconnect/retry delay (default 15 s). */
  backoffMaxMs?: number;
  /** Retry delay after a 401/403 (default 60 s). */
  authRetryMs?: number;
  /** Transcript entries kept per run; older ones are dropped and counted (default 2000). */
  maxTranscriptEntries?: number;
  now?: () => number;
}

export type DetailPatch = Parameters<typeof patchDetail>[2];

export interface FollowerContext {
  readonly runId: string;
  readonly client: LettaClient;
  readonly store: AppStore;
  readonly batcher: ChunkBatcher;
  readonly options: FollowerOptions;
  readonly signal: AbortSignal;
  /**
   * Ids of the messages read whole from `/messages`. Back on the stream after a silence, chunks of
   * these messages are already shown in full and are skipped (all chunks of one LLM turn carry the
   * stored message's id, RUNS-API.md §6).
   */
  readonly persistedIds: Set<string>;
  now(): number;
  patch(patch: DetailPatch): void;
  /** The run as the list shows it. */
  currentRun(): RunView | undefined;
  /** Ask the server how the run is now (applied to the list); null when that failed. */
  refreshRun(): Promise<RunView | null>;
  /** Back off after a failure, as long as the error says (Retry-After, auth), shown in the pane. */
  waitToRetry(err: unknown, attempt: number): Promise<void>;
}

/** An error as the pane shows it. */
export function toErrorInfo(err: unknown): { kind: ApiError['kind']; message: string } {
  if (isApiError(err)) return { kind: err.kind, message: err.message };
  return { kind: 'protocol', message: 'unexpected error while following the run' };
}
