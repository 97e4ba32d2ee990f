// The simulated server's state: agents, runs, their persisted messages and steps, and each run's stored
// stream (what Redis holds in the real server, RUNS-API.md §6). Mutations notify stream watchers so a
// live tail sees new chunks as they are produced. Pure state: no timers, no HTTP.

import type { AgentProfile, ModelProfile } from './content.js';
import type { Micros } from './wire-format.js';

export interface AgentRecord {
  id: string;
  name: string;
  profile: AgentProfile;
  model: ModelProfile;
  createdAtUs: Micros;
  lastRunCompletionUs: Micros | null;
  lastRunDurationMs: number | null;
  lastStopReason: string | null;
}

/** One stored stream entry. Every entry gets a seq, even those whose JSON has no seq_id (§6). */
export interface StreamEntry {
  seq: number;
  /** SSE event name; `error` for the error_message chunk, otherwise unnamed. */
  event: 'error' | null;
  /** The SSE data payload: compact JSON, or the `[DONE]` sentinel. */
  data: string;
}

/** One stored message; it expands into one or more LettaMessages on `/messages` (§5). */
export interface PersistedMessage {
  id: string;
  /** Global insertion order, the `sequence_id` the message cursors follow. */
  sequenceId: number;
  letta: Array<Record<string, unknown>>;
}

export type DemoRunStatus = 'created' | 'running' | 'completed' | 'failed' | 'cancelled' | 'pending' | 'expired';

export interface RunRecord {
  id: string;
  agentId: string;
  ordinal: number;
  createdAtUs: Micros;
  updatedAtUs: Micros;
  completedAtUs: Micros | null;
  status: DemoRunStatus;
  stopReason: string | null;
  background: boolean;
  runType: string;
  conversationId: string | null;
  metadata: Record<string, unknown>;
  /** Whether the originating request asked for pings: seq 1 is then a stored ping (§6). */
  includePings: boolean;
  /** Only background streaming runs write a stream; send_message_async runs never do (§6). */
  hasStream: boolean;
  stream: StreamEntry[];
  /** The terminal entry (`[DONE]` or the error event) has been stored. */
  streamClosed: boolean;
  messages: PersistedMessage[];
  steps: Array<Record<string, unknown>>;
  /** Distinct message slices (otids) produced so far, for expectedMessageCount(). */
  sliceOtids: Set<string>;
  watchers: Set<() => void>;
  /**
   * Extension: the run record keeps saying `running` after the run stopped, with its stop reason set
   * (a lagging status, as lettactl #170 saw on a real server). Clients must trust the stop reason.
   */
  statusLags?: boolean;
}

export type RunEnding =
  | { kind: 'end_turn' | 'requires_approval'; usage: Record<string, unknown> }
  | { kind: 'error'; stopReason: string; errorType: string; message: string; detail: string }
  | { kind: 'cancelled' };

// The cancellation stop_reason is serialised with json.dumps' default spacing, unlike every other
// chunk (RUNS-API.md §6 "Cancellation"); keep the exact bytes.
export const CANCELLED_STOP_REASON = '{"message_type": "stop_reason", "stop_reason": "cancelled"}';

export class World {
  readonly agents = new Map<string, AgentRecord>();
  readonly agentOrder: AgentRecord[] = [];
  readonly runs = new Map<string, RunRecord>();
  /** Sorted by (createdAtUs, id) ascending: the list endpoint's keyset order (§3). */
  readonly runOrder: RunRecord[] = [];
  private messageSequence = 0;
  private runOrdinal = 0;

  addAgent(agent: AgentRecord): void {
    this.agents.set(agent.id, agent);
    this.agentOrder.push(agent);
  }

  /** Runs created since the server started, pruned ones included. */
  get runsCreated(): number {
    return this.runOrdinal;
  }

  nextRunOrdinal(): number {
    return this.runOrdinal++;
  }

  addRun(run: RunRecord): void {
    this.runs.set(run.id, run);
    let lo = 0;
    let hi = this.runOrder.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareRuns(this.runOrder[mid], run) < 0) lo = mid + 1;
      else hi = mid;
    }
    this.runOrder.splice(lo, 0, run);
  }

  /** Store one chunk; `build` receives the seq so the JSON can carry it. No-op for stream-less runs. */
  appendStream(run: RunRecord, build: (seq: number) => string, event: 'error' | null = null): number | null {
    if (!run.hasStream || run.streamClosed) return null;
    const seq = run.stream.length + 1;
    const data = build(seq);
    run.stream.push({ seq, event, data });
    if (data === '[DONE]' || event === 'error') run.streamClosed = true;
    this.notify(run);
    return seq;
  }

  recordSlice(run: RunRecord, otid: string): void {
    run.sliceOtids.add(otid);
  }

  persistMessages(run: RunRecord, messages: Array<Omit<PersistedMessage, 'sequenceId'>>): void {
    for (const message of messages) {
      run.messages.push({ ...message, sequenceId: ++this.messageSequence });
    }
  }

  persistStep(run: RunRecord, step: Record<string, unknown>): void {
    run.steps.push(step);
  }

  setStatus(run: RunRecord, status: DemoRunStatus, atUs: Micros): void {
    run.status = status;
    run.updatedAtUs = atUs;
    this.notify(run);
  }

  isActive(run: RunRecord): boolean {
    return run.status === 'created' || run.status === 'running';
  }

  /** Terminal bookkeeping plus the stream ending for each outcome (RUNS-API.md §6). */
  finish(run: RunRecord, ending: RunEnding, atUs: Micros): void {
    if (ending.kind === 'end_turn' || ending.kind === 'requires_approval') {
      this.appendStream(run, () => JSON.stringify({ message_type: 'stop_reason', stop_reason: ending.kind }));
      this.appendStream(run, () => JSON.stringify({ message_type: 'usage_statistics', ...ending.usage }));
      this.appendStream(run, () => '[DONE]');
      run.status = 'completed';
      run.stopReason = ending.kind;
    } else if (ending.kind === 'error') {
      const error = {
        message_type: 'error_message',
        run_id: run.id,
        error_type: ending.errorType,
        message: ending.message,
        detail: ending.detail,
      };
      this.appendStream(run, () => JSON.stringify({ message_type: 'stop_reason', stop_reason: ending.stopReason }));
      // The error chunk is the replay's completion marker: no usage, no [DONE] after it (§6 "Error end").
      const errorSeq = this.appendStream(run, (seq) => JSON.stringify({ ...error, seq_id: seq }), 'error');
      run.status = 'failed';
      run.stopReason = ending.stopReason;
      run.metadata = { ...run.metadata, error: { ...error, seq_id: errorSeq } };
    } else {
      this.appendStream(run, () => CANCELLED_STOP_REASON);
      this.appendStream(run, () => '[DONE]');
      run.status = 'cancelled';
      run.stopReason = 'cancelled';
    }
    run.completedAtUs = atUs;
    run.updatedAtUs = atUs;
    const agent = this.agents.get(run.agentId);
    if (agent) {
      agent.lastRunCompletionUs = atUs;
      agent.lastRunDurationMs = Math.round((atUs - run.createdAtUs) / 1000);
      agent.lastStopReason = run.stopReason;
    }
    this.notify(run);
  }

  watch(run: RunRecord, watcher: () => void): () => void {
    run.watchers.add(watcher);
    return () => run.watchers.delete(watcher);
  }

  /** Forget the oldest finished runs beyond `maxRuns`, so hours of autoplay stay bounded in memory. */
  prune(maxRuns: number): void {
    let excess = this.runOrder.length - maxRuns;
    for (let i = 0; excess > 0 && i < this.runOrder.length; ) {
      const run = this.runOrder[i];
      if (!this.isActive(run) && run.watchers.size === 0) {
        this.runOrder.splice(i, 1);
        this.runs.delete(run.id);
        excess--;
      } else {
        i++;
      }
    }
  }

  private notify(run: RunRecord): void {
    for (const watcher of [...run.watchers]) watcher();
  }
}

export function compareRuns(a: RunRecord, b: RunRecord): number {
  if (a.createdAtUs !== b.createdAtUs) return a.createdAtUs - b.createdAtUs;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
