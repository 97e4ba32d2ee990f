// Wire Run → the RunView the UI reads. Tolerates both the current shape and the older Job shape
// (agent_id/background in metadata, statuses pending/expired), naive timestamps and null durations
// (RUNS-API.md §4, §12.3–§12.6). All server text is sanitised here, once.

import { STOP_REASON_STATUS, type WireRun } from '../api/types.js';
import { parseServerTime } from '../util/format.js';
import { sanitizeLine } from '../util/sanitize.js';

/** How the UI groups a run: drives badge colour, filters and header counts. */
export type StatusGroup = 'active' | 'approval' | 'completed' | 'failed' | 'cancelled' | 'other';

export interface RunView {
  id: string;
  agentId: string | null;
  /** The status as the server said it (sanitised), e.g. `running`, `pending`, `expired`. */
  status: string;
  group: StatusGroup;
  stopReason: string | null;
  createdAt: number | null;
  completedAt: number | null;
  /** From the list's `total_duration_ns`, else completed − created; null while live. */
  durationMs: number | null;
  /** Time to first token (`ttft_ns`), when the server reports it (RUNS-API.md §4: often null). */
  ttftMs: number | null;
  background: boolean | null;
  runType: string | null;
  conversationId: string | null;
  /** `metadata.error`, flattened to one line. */
  errorText: string | null;
}

/** A stop reason that means failure, whatever status the run reports (RUNS-API.md §4, §12.5). */
function isFailureReason(stopReason: string): boolean {
  return (STOP_REASON_STATUS as Record<string, string>)[stopReason] === 'failed';
}

/** What a stop reason says about how the run ended (RUNS-API.md §4 table). */
function groupOfStopReason(stopReason: string): StatusGroup {
  if (stopReason === 'requires_approval') return 'approval';
  const status = (STOP_REASON_STATUS as Record<string, string>)[stopReason];
  if (status === 'failed' || status === 'cancelled' || status === 'completed') return status;
  // An unknown reason still ends the run; how it ended is not ours to guess.
  return 'other';
}

export function statusGroup(status: string, stopReason: string | null): StatusGroup {
  switch (status) {
    case 'created':
    case 'running':
    case 'pending':
      // A stop reason is only written when the run stops: a "running" run that has one is over, and
      // the status lags behind (lettactl #170 saw exactly that). Trust the stop reason.
      return stopReason ? groupOfStopReason(stopReason) : 'active';
    case 'completed':
      // `requires_approval` is "completed" but paused on a human; an error stop reason on a completed
      // run is a failure (RUNS-API.md §12.5).
      if (stopReason === 'requires_approval') return 'approval';
      if (stopReason && isFailureReason(stopReason)) return 'failed';
      return 'completed';
    case 'failed':
    case 'expired':
      return 'failed';
    case 'cancelled':
      return 'cancelled';
    default:
      return 'other';
  }
}

function metadataField(run: WireRun, key: string): unknown {
  const metadata = run.metadata;
  return metadata && typeof metadata === 'object' ? (metadata as Record<string, unknown>)[key] : undefined;
}

function errorText(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') return sanitizeLine(value);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    const text = [v.error_type, v.message, v.detail].filter((part) => typeof part === 'string' && part).join(': ');
    return sanitizeLine(text || JSON.stringify(value));
  }
  return sanitizeLine(String(value));
}

export function normalizeRun(run: WireRun): RunView {
  const rawAgent = run.agent_id ?? metadataField(run, 'agent_id');
  const rawBackground = run.background ?? metadataField(run, 'background');
  const status = sanitizeLine(run.status ?? 'unknown') || 'unknown';
  const stopReason = run.stop_reason ? sanitizeLine(run.stop_reason) : null;
  const createdAt = parseServerTime(run.created_at);
  const completedAt = parseServerTime(run.completed_at);
  const nanos = typeof run.total_duration_ns === 'number' && run.total_duration_ns > 0 ? run.total_duration_ns : null;
  let durationMs: number | null = nanos !== null ? nanos / 1e6 : null;
  if (durationMs === null && createdAt !== null && completedAt !== null && completedAt >= createdAt) {
    durationMs = completedAt - createdAt;
  }
  const runType = metadataField(run, 'run_type');
  return {
    id: sanitizeLine(run.id),
    agentId: typeof rawAgent === 'string' && rawAgent ? sanitizeLine(rawAgent) : null,
    status,
    group: statusGroup(status, stopReason),
    stopReason,
    createdAt,
    completedAt,
    durationMs,
    ttftMs: typeof run.ttft_ns === 'number' && run.ttft_ns > 0 ? run.ttft_ns / 1e6 : null,
    background: typeof rawBackground === 'boolean' ? rawBackground : null,
    runType: typeof runType === 'string' ? sanitizeLine(runType) : null,
    conversationId: typeof run.conversation_id === 'string' ? sanitizeLine(run.conversation_id) : null,
    errorText: errorText(metadataField(run, 'error')),
  };
}

/** Whether the run may still produce messages. */
export function isLive(run: Pick<RunView, 'group'>): boolean {
  return run.group === 'active';
}
