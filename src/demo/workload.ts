// The generated workload: named agents, finished history runs from the last hour, and live runs arriving
// over time. Every run draws from its own seeded generator (seed + creation ordinal), so the same seed
// gives the same ids and content regardless of timing.

import { pickAgent, QUIET_PROFILES, storyFor, type RunStory } from './agent-stories.js';
import { AGENT_PROFILES, MODELS } from './content.js';
import type { FaultState } from './faults.js';
import { RunPlayer, composeMessage, type Clock } from './player.js';
import { Prng } from './prng.js';
import { planRun, type Outcome, type RunScript } from './scripts.js';
import { awaitingApproval, contextKey } from './approval-flow.js';
import { msToMicros, pingChunk } from './wire-format.js';
import { type AgentRecord, type DemoRunStatus, type RunRecord, type World } from './world.js';

/** A run with a fixed script, for tests (see server.ts for the public contract). */
export interface ScriptedRunSpec {
  agentId?: string;
  background?: boolean;
  runType?: string;
  createdAt?: Date;
  steps?: number;
  outcome?: Outcome;
  live?: boolean;
  text?: string;
  reasoning?: string;
  /** Extensions: token-by-token chunks (default true), stored ping at seq 1 (default true). */
  streamTokens?: boolean;
  includePings?: boolean;
  conversationId?: string | null;
  /** Generated runs only: the agent's character (agent-stories.ts). */
  story?: RunStory;
  /** Extension: a ready-made script instead of a generated one (the runs an approval starts, §16). */
  plan?: (rng: Prng, runId: string) => RunScript;
  /** Extension: write a stream whatever `background` says (a conversation message streamed to its sender). */
  hasStream?: boolean;
  /** Extension: once finished, the run record still says `running` (with its stop reason set). */
  statusLags?: boolean;
}

export interface WorkloadOptions {
  seed: number;
  speed: number;
  arrivalEveryMs: number;
  tokenIntervalMs: number;
  legacyShape: boolean;
  maxRuns: number;
  maxActiveRuns: number;
}

interface RunKind {
  background: boolean;
  runType: string;
}

const RUN_KINDS: ReadonlyArray<readonly [RunKind, number]> = [
  [{ background: true, runType: 'send_message_streaming' }, 0.58],
  [{ background: false, runType: 'send_message_streaming' }, 0.15],
  [{ background: false, runType: 'send_message' }, 0.12],
  [{ background: true, runType: 'send_message_async' }, 0.1],
  [{ background: true, runType: 'send_conversation_message' }, 0.05],
];

const OUTCOMES: ReadonlyArray<readonly [Outcome, number]> = [
  ['end_turn', 0.68],
  ['error', 0.1],
  ['cancelled', 0.08],
  ['requires_approval', 0.14],
];

const STEP_COUNTS: ReadonlyArray<readonly [number, number]> = [
  [1, 0.2],
  [2, 0.4],
  [3, 0.28],
  [4, 0.12],
];

export class Workload {
  private readonly players = new Map<string, RunPlayer>();
  private readonly choices: Prng;
  private readonly conversations = new Map<string, string[]>();
  private arrivalTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly world: World,
    private readonly clock: Clock,
    private readonly faults: FaultState,
    private readonly options: WorkloadOptions,
  ) {
    this.choices = Prng.derive(options.seed, 'workload');
  }

  createAgents(): void {
    const rng = Prng.derive(this.options.seed, 'agents');
    const nowMs = this.clock.startedAtMs;
    for (const profile of AGENT_PROFILES) {
      const agent: AgentRecord = {
        id: `agent-${rng.uuid4()}`,
        name: profile.name,
        profile,
        model: MODELS[profile.model],
        createdAtUs: msToMicros(nowMs - rng.int(2, 90) * 86_400_000) + rng.int(0, 999),
        lastRunCompletionUs: null,
        lastRunDurationMs: null,
        lastStopReason: null,
      };
      this.world.addAgent(agent);
      this.conversations.set(agent.id, [`conv-${rng.uuid4()}`, `conv-${rng.uuid4()}`]);
    }
    // The quiet agents come after, from their own generator: the first five keep their ids.
    const quiet = Prng.derive(this.options.seed, 'quiet-agents');
    for (const profile of QUIET_PROFILES) {
      const agent: AgentRecord = {
        id: `agent-${quiet.uuid4()}`,
        name: profile.name,
        profile,
        model: MODELS[profile.model],
        createdAtUs: msToMicros(nowMs - quiet.int(2, 90) * 86_400_000) + quiet.int(0, 999),
        lastRunCompletionUs: null,
        lastRunDurationMs: null,
        lastStopReason: null,
      };
      this.world.addAgent(agent);
      this.conversations.set(agent.id, [`conv-${quiet.uuid4()}`]);
    }
  }

  /** Finished runs spread over the last hour (oldest first so agents' "last run" ends up newest). */
  generateHistory(count: number): void {
    const nowMs = this.clock.startedAtMs; // not "now": same seed + start time → identical history
    const offsets = Array.from({ length: count }, () => this.choices.int(60_000, 3_600_000)).sort((a, b) => b - a);
    offsets.forEach((offsetMs, i) => {
      const spec = this.randomSpec(nowMs - offsetMs);
      let legacyStatus: DemoRunStatus | undefined;
      // The old Job shape also knew queued (`pending`) and `expired` jobs (RUNS-API.md §4).
      if (this.options.legacyShape && i === 1) legacyStatus = 'pending';
      if (this.options.legacyShape && i === 3) legacyStatus = 'expired';
      this.createRun({ ...spec, live: false, createdAt: new Date(nowMs - offsetMs) }, legacyStatus);
    });
  }

  startArrivals(): void {
    const schedule = (): void => {
      if (this.closed) return;
      const delay = this.choices.exponential(this.options.arrivalEveryMs) / this.options.speed;
      this.arrivalTimer = setTimeout(() => {
        const active = [...this.players.values()].filter((p) => !p.done).length;
        if (active < this.options.maxActiveRuns) {
          const spec = this.randomSpec(this.clock.nowMs());
          // The real server refuses a new message to an agent waiting for approval (409, RUNS-API.md §16).
          const blocked = awaitingApproval(this.world, contextKey({ agentId: spec.agentId!, conversationId: spec.conversationId ?? null })) !== null;
          if (!blocked) this.createRun({ ...spec, live: true });
        }
        this.world.prune(this.options.maxRuns);
        schedule();
      }, delay);
      this.arrivalTimer.unref();
    };
    schedule();
  }

  /** A generated run created at `createdAtMs`, shaped by its agent's character (agent-stories.ts). */
  randomSpec(createdAtMs: number): ScriptedRunSpec {
    const rng = this.choices;
    const agent = pickAgent(rng, this.world.agentOrder);
    const kind = rng.weighted(RUN_KINDS);
    const conversations = this.conversations.get(agent.id) ?? [];
    const inConversation = kind.runType === 'send_conversation_message' || rng.chance(0.25);
    const { outcome, steps, story } = storyFor(agent.name, rng, createdAtMs - this.clock.startedAtMs, { outcome: rng.weighted(OUTCOMES), steps: rng.weighted(STEP_COUNTS) });
    return {
      agentId: agent.id,
      background: kind.background,
      runType: kind.runType,
      outcome,
      steps,
      story,
      streamTokens: rng.chance(0.88),
      includePings: rng.chance(0.9),
      conversationId: inConversation && conversations.length > 0 ? rng.pick(conversations) : null,
    };
  }

  createRun(spec: ScriptedRunSpec, legacyStatus?: DemoRunStatus): string {
    const agent = spec.agentId ? this.world.agents.get(spec.agentId) : this.world.agentOrder[0];
    if (!agent) throw new Error(`unknown agent ${spec.agentId}`);
    const ordinal = this.world.nextRunOrdinal();
    const rng = Prng.derive(this.options.seed, 'run', ordinal);
    const id = `run-${rng.uuid4()}`;
    const background = spec.background ?? true;
    const runType = spec.runType ?? (background ? 'send_message_streaming' : 'send_message');
    const live = spec.live ?? false;
    const script = spec.plan ? spec.plan(rng, id) : planRun({
      rng,
      runId: id,
      agent,
      steps: Math.max(1, Math.min(8, spec.steps ?? 2)),
      outcome: spec.outcome ?? 'end_turn',
      streamTokens: spec.streamTokens ?? true,
      hostile: this.faults.config.hostile,
      text: spec.text,
      reasoning: spec.reasoning,
      story: spec.story,
    });
    const historicTickMs = this.options.tokenIntervalMs;
    const createdAtUs = spec.createdAt
      ? msToMicros(spec.createdAt.getTime()) + rng.int(0, 999)
      : live
        ? this.clock.nowUs()
        : this.clock.nowUs() - Math.round(script.totalTicks * historicTickMs * 1000);
    // Only background streaming runs write a stream; /messages/async runs never do (RUNS-API.md §6).
    const hasStream = spec.hasStream ?? (background && runType !== 'send_message_async');
    const run: RunRecord = {
      id,
      agentId: agent.id,
      ordinal,
      createdAtUs,
      updatedAtUs: createdAtUs,
      completedAtUs: null,
      status: 'created',
      stopReason: null,
      background,
      runType,
      conversationId: spec.conversationId ?? null,
      metadata: { run_type: runType },
      includePings: spec.includePings ?? true,
      hasStream,
      stream: [],
      streamClosed: false,
      messages: [],
      steps: [],
      sliceOtids: new Set(),
      watchers: new Set(),
      statusLags: spec.statusLags ?? false,
    };
    this.world.addRun(run);
    this.world.persistMessages(run, [
      {
        id: script.userMessage.id,
        letta: script.userMessage.letta.map((draft) => composeMessage(draft, id, createdAtUs, null)),
      },
    ]);
    if (hasStream && run.includePings) {
      // seq 1: the ping written when the stream starts, carrying run_id (RUNS-API.md §6).
      this.world.appendStream(run, (seq) => JSON.stringify(pingChunk(rng.uuid4(), createdAtUs, seq, id)));
    }
    if (legacyStatus) {
      this.world.setStatus(run, legacyStatus, createdAtUs);
      if (legacyStatus === 'expired') run.completedAtUs = createdAtUs + 3_600_000_000;
      return id;
    }
    const tickMs = live ? this.options.tokenIntervalMs / this.options.speed : historicTickMs;
    const player = new RunPlayer(this.world, run, script, tickMs, this.clock, (p) => this.players.delete(p.run.id));
    this.players.set(id, player);
    if (live) player.playLive();
    else player.playInstant();
    return id;
  }

  /** The agent a conversation belongs to, or null for an unknown conversation. */
  agentOfConversation(conversationId: string): string | null {
    for (const [agentId, ids] of this.conversations) if (ids.includes(conversationId)) return agentId;
    // Scripted runs (tests) may name conversations of their own.
    return this.world.runOrder.find((run) => run.conversationId === conversationId)?.agentId ?? null;
  }

  /**
   * Cancel a run (RUNS-API.md §9): active runs and runs paused on requires_approval end `cancelled`;
   * any other finished run is left alone (idempotent).
   */
  cancel(run: RunRecord): void {
    const pausedForApproval = run.stopReason === 'requires_approval';
    if (!this.world.isActive(run) && !pausedForApproval) return;
    this.players.get(run.id)?.stop();
    this.players.delete(run.id);
    this.world.finish(run, { kind: 'cancelled' }, this.clock.nowUs());
  }

  close(): void {
    this.closed = true;
    if (this.arrivalTimer) clearTimeout(this.arrivalTimer);
    this.arrivalTimer = null;
    for (const player of this.players.values()) player.stop();
    this.players.clear();
  }
}
