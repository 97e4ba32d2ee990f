// Step timings of the simulated runs, for `/v1/runs/{id}/metrics` and `/v1/steps/{id}/metrics`
// (RUNS-API.md §8). Numbers that add up: the steps tile the run (the first starts when the run is
// created, each next one where the previous ended, the last ends when the run ends), so the steps'
// `step_ns` sum to the run's `run_ns`; inside a step, the LLM request and then the tool execution, the
// rest is the agent loop's own time. Kept beside the world, not in it: a WeakMap per run record.

import type { Micros } from './wire-format.js';
import type { RunRecord } from './world.js';

/** What the script knows of a step, in ticks from the run's creation (scripts.ts). */
export interface StepTicks {
  llmStartTick: number;
  llmEndTick: number;
  toolTicks: number;
  tool: string | null;
}

interface StepMarks {
  stepId: string;
  llmStartUs: Micros;
  llmEndUs: Micros;
  toolEndUs: Micros;
  /** When the step was persisted: it ended there (the last one ends with the run). */
  endUs: Micros;
  tool: string | null;
}

const marksByRun = new WeakMap<RunRecord, StepMarks[]>();
const firstTokenByRun = new WeakMap<RunRecord, Micros>();

/** A step was persisted at `atUs`; `tickUs` turns the script's ticks into the run's time. */
export function recordStepTiming(run: RunRecord, stepId: string, ticks: StepTicks, atUs: Micros, tickUs: (tick: number) => Micros): void {
  const marks = marksByRun.get(run) ?? [];
  const start = marks.length ? marks[marks.length - 1].endUs : run.createdAtUs;
  // Live runs fire a little late: keep every mark inside the step as it really happened.
  const within = (us: number) => Math.min(atUs, Math.max(start, Math.round(us)));
  const llmStartUs = within(tickUs(ticks.llmStartTick));
  const llmEndUs = within(Math.max(llmStartUs, tickUs(ticks.llmEndTick)));
  const toolEndUs = within(llmEndUs + (tickUs(ticks.toolTicks) - tickUs(0)));
  marks.push({ stepId, llmStartUs, llmEndUs, toolEndUs, endUs: atUs, tool: ticks.tool });
  marksByRun.set(run, marks);
}

/** The first streamed token of the run (its time to first token). */
export function recordFirstToken(run: RunRecord, atUs: Micros): void {
  if (!firstTokenByRun.has(run)) firstTokenByRun.set(run, atUs);
}

export function ttftNs(run: RunRecord): number | null {
  const at = firstTokenByRun.get(run);
  return at === undefined ? null : Math.max(0, at - run.createdAtUs) * 1000;
}

/** Names of the tools the run executed, in order of first use. */
export function toolsUsed(run: RunRecord): string[] {
  return [...new Set((marksByRun.get(run) ?? []).flatMap((m) => (m.tool ? [m.tool] : [])))];
}

/** `StepMetrics` of one step, or null when the run has no timing for it. */
export function stepMetrics(run: RunRecord, stepId: string): Record<string, unknown> | null {
  const marks = marksByRun.get(run) ?? [];
  const index = marks.findIndex((m) => m.stepId === stepId);
  if (index < 0) return null;
  const m = marks[index];
  const startUs = index === 0 ? run.createdAtUs : marks[index - 1].endUs;
  const last = index === marks.length - 1;
  const endUs = last && run.completedAtUs !== null ? Math.max(m.endUs, run.completedAtUs) : m.endUs;
  return {
    id: stepId,
    provider_id: null,
    run_id: run.id,
    agent_id: run.agentId,
    step_start_ns: startUs * 1000,
    llm_request_start_ns: m.llmStartUs * 1000,
    llm_request_ns: (m.llmEndUs - m.llmStartUs) * 1000,
    tool_execution_ns: (m.toolEndUs - m.llmEndUs) * 1000,
    step_ns: (endUs - startUs) * 1000,
    base_template_id: null,
    template_id: null,
    project_id: null,
  };
}
