// Bursts become one alert (issue 10: twelve failures in ten seconds are one notification that says
// twelve). Events of one kind gather in a batch that closes after a quiet spell, or at the latest a
// fixed time after it opened; then the batch is delivered once, with its count.

import type { AlertEvent } from '../store/alerts.js';
import { ALERT_EVENT_LABEL } from '../store/alerts.js';
import { shortId } from '../util/format.js';
import type { AlertItem } from './alert-events.js';

export interface AlertBatch {
  kind: AlertEvent;
  items: AlertItem[];
  /** One line: "12 runs failed (support-bot ×7, scheduler ×5)". */
  summary: string;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const REAL_TIMERS: Timers = {
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface CoalescerOptions {
  /** A batch closes after this long without a new event of its kind. */
  quietMs: number;
  /** ... and at the latest this long after its first event. */
  maxMs: number;
}

export const DEFAULT_COALESCING: CoalescerOptions = { quietMs: 2_000, maxMs: 10_000 };

interface OpenBatch {
  items: AlertItem[];
  quiet: unknown;
  max: unknown;
}

export class Coalescer {
  private readonly open = new Map<AlertEvent, OpenBatch>();

  constructor(
    private readonly deliver: (batch: AlertBatch) => void,
    private readonly options: CoalescerOptions = DEFAULT_COALESCING,
    private readonly timers: Timers = REAL_TIMERS,
  ) {}

  add(item: AlertItem): void {
    let batch = this.open.get(item.kind);
    if (!batch) {
      batch = { items: [], quiet: null, max: this.timers.setTimeout(() => this.close(item.kind), this.options.maxMs) };
      this.open.set(item.kind, batch);
    }
    batch.items.push(item);
    if (batch.quiet !== null) this.timers.clearTimeout(batch.quiet);
    batch.quiet = this.timers.setTimeout(() => this.close(item.kind), this.options.quietMs);
  }

  /** On quit: drop open batches and their timers (the terminal is being given back). */
  stop(): void {
    for (const batch of this.open.values()) {
      this.timers.clearTimeout(batch.quiet);
      this.timers.clearTimeout(batch.max);
    }
    this.open.clear();
  }

  private close(kind: AlertEvent): void {
    const batch = this.open.get(kind);
    if (!batch) return;
    this.open.delete(kind);
    this.timers.clearTimeout(batch.quiet);
    this.timers.clearTimeout(batch.max);
    this.deliver({ kind, items: batch.items, summary: summarize(kind, batch.items) });
  }
}

function runLabel(item: AlertItem): string {
  const run = item.run;
  if (!run) return '';
  return `run ${shortId(run.id)}${run.agent_name ? ` (${run.agent_name})` : ''}`;
}

/** "N runs … (agent ×n, …)" for a burst; the run and its reason for one. */
export function summarize(kind: AlertEvent, items: AlertItem[]): string {
  const first = items[0];
  const n = items.length;
  const agents = new Map<string, number>();
  for (const item of items) {
    const name = item.run?.agent_name ?? item.run?.agent_id ?? item.agent?.name ?? null;
    if (name) agents.set(name, (agents.get(name) ?? 0) + 1);
  }
  const byAgent = agents.size ? ` (${[...agents].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([name, count]) => `${name} ×${count}`).join(', ')}${agents.size > 3 ? ', …' : ''})` : '';
  switch (kind) {
    case 'failed':
      if (n === 1) return `${runLabel(first)} failed${first.run?.stop_reason ? `: ${first.run.stop_reason}` : ''}${first.run?.error ? ` (${first.run.error})` : ''}`;
      return `${n} runs failed${byAgent}`;
    case 'approval':
      return n === 1 ? `${runLabel(first)} needs approval` : `${n} runs need approval${byAgent}`;
    case 'stalled':
      return n === 1 ? `${runLabel(first)} ${first.state === 'stale' ? 'went stale (no change for a while)' : 'stalled (its stream went quiet)'}` : `${n} live runs stalled or went stale${byAgent}`;
    case 'server':
      return `server trouble since ${first.server?.since ?? '?'}: ${first.server?.error ?? 'unknown error'}`;
    case 'failure-rate': {
      const agent = first.agent;
      if (n === 1 && agent) return `agent ${agent.name ?? agent.id}: ${agent.failed} of ${agent.finished} runs failed in the window (${Math.round(agent.failure_rate * 100)}%)`;
      return `${n} agents above the failure-rate threshold${byAgent}`;
    }
    default:
      return ALERT_EVENT_LABEL[kind];
  }
}
