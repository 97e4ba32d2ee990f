// Applies a run's script to the world, either all at once with synthetic timestamps (history and
// already-finished scripted runs) or over real time (live runs). Live timers are unref'd so that a test
// process can exit, and stop() cancels them (used by cancel and close()).

import type { MessageDraft, RunScript, ScriptAction } from './scripts.js';
import { isoSecondsOffset, type Micros } from './wire-format.js';
import { recordFirstToken, recordStepTiming } from './step-timings.js';
import type { RunRecord, World } from './world.js';

export interface Clock {
  /** The clock's reading when the server started, whole milliseconds: the anchor for generated history. */
  startedAtMs: number;
  /** Server wall clock in epoch milliseconds (may be shifted by the startTime option). */
  nowMs(): number;
  /** Same clock in epoch microseconds, with sub-millisecond digits. */
  nowUs(): Micros;
}

/** A LettaMessage with the common fields in the server's key order (RUNS-API.md §11.1). */
export function composeMessage(draft: MessageDraft, runId: string, atUs: Micros, seqId: number | null): Record<string, unknown> {
  return {
    id: draft.id,
    date: isoSecondsOffset(atUs),
    name: null,
    message_type: draft.message_type,
    otid: draft.otid,
    sender_id: null,
    step_id: draft.step_id,
    is_err: null,
    seq_id: seqId,
    run_id: runId,
    ...draft.fields,
  };
}

export class RunPlayer {
  private index = 0;
  private timer: NodeJS.Timeout | null = null;
  private startedAtMs = 0;
  private stopped = false;

  constructor(
    private readonly world: World,
    readonly run: RunRecord,
    private readonly script: RunScript,
    /** Milliseconds per tick. */
    private readonly tickMs: number,
    private readonly clock: Clock,
    private readonly onDone: (player: RunPlayer) => void,
  ) {}

  get done(): boolean {
    return this.stopped || this.index >= this.script.actions.length;
  }

  /** Apply everything now, dating each action `tick * tickMs` after the run's creation. */
  playInstant(): void {
    for (const action of this.script.actions) {
      this.apply(action, this.run.createdAtUs + Math.round(action.tick * this.tickMs * 1000));
    }
    this.index = this.script.actions.length;
    this.onDone(this);
  }

  playLive(): void {
    this.startedAtMs = Date.now();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private dueAt(action: ScriptAction): number {
    return this.startedAtMs + action.tick * this.tickMs;
  }

  private schedule(): void {
    if (this.done) {
      if (!this.stopped) this.onDone(this);
      return;
    }
    const delay = Math.max(0, this.dueAt(this.script.actions[this.index]) - Date.now());
    this.timer = setTimeout(() => this.fire(), delay);
    this.timer.unref();
  }

  // At high speed several actions fall due within one timer tick; apply them all (setTimeout cannot
  // fire faster than ~1 ms).
  private fire(): void {
    this.timer = null;
    const now = Date.now();
    while (!this.stopped && this.index < this.script.actions.length && this.dueAt(this.script.actions[this.index]) <= now) {
      this.apply(this.script.actions[this.index++], this.clock.nowUs());
    }
    if (!this.stopped) this.schedule();
  }

  private apply(action: ScriptAction, atUs: Micros): void {
    const { world, run } = this;
    switch (action.kind) {
      case 'running':
        world.setStatus(run, 'running', atUs);
        break;
      case 'chunk':
        recordFirstToken(run, atUs);
        world.recordSlice(run, action.message.otid);
        world.appendStream(run, (seq) => JSON.stringify(composeMessage(action.message, run.id, atUs, seq)));
        break;
      case 'persist':
        world.persistMessages(
          run,
          action.messages.map((message) => ({
            id: message.id,
            letta: message.letta.map((draft) => composeMessage(draft, run.id, atUs, null)),
          })),
        );
        if (action.step) world.persistStep(run, action.step);
        if (action.step && action.timing) recordStepTiming(run, String(action.step.id), action.timing, atUs, (tick) => run.createdAtUs + Math.round(tick * this.tickMs * 1000));
        break;
      case 'finish':
        world.finish(run, action.ending, atUs);
        break;
    }
  }
}
