// `GET /v1/runs/{id}/metrics` and `GET /v1/steps/{id}/metrics` (RUNS-API.md §8; schemas RunMetrics and
// StepMetrics in openapi-runs.json), from the step timings the player records (step-timings.ts). The
// `metrics` fault knob plays the servers that have none: 404 (not there), 501 (not implemented), or
// every timing null (older servers); and one in trouble: 500 for the run's (`error`) or only for the
// steps' (`step-error`).

import type { ServerResponse } from 'node:http';
import type { RouteContext } from './route-context.js';
import { detailError, sendJson } from './responses.js';
import { findRun } from './run-routes.js';
import { stepMetrics, toolsUsed } from './step-timings.js';
import { invalidIdDetail, isValidId } from './wire-format.js';
import type { RunRecord } from './world.js';

export type MetricsMode = 'ok' | 'missing' | 'unimplemented' | 'null' | 'error' | 'step-error';

/** Tool ids as the server lists them: a stable `tool-<uuid4>` per tool name. */
function toolId(name: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const ch of name) {
    h1 = Math.imul(h1 ^ ch.charCodeAt(0), 16777619) >>> 0;
    h2 = Math.imul(h2 + ch.charCodeAt(0), 2246822519) >>> 0;
  }
  const hex = (h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0')).repeat(2);
  return `tool-${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Answer for a server without metrics, or false to serve them. */
function refused(ctx: RouteContext, res: ServerResponse): boolean {
  const mode = ctx.faults.config.metrics;
  if (mode === 'missing') sendJson(res, 404, { detail: 'Not Found' });
  else if (mode === 'unimplemented') sendJson(res, 501, { detail: 'Not Implemented' });
  else if (mode === 'error') sendJson(res, 500, { detail: 'Internal server error' });
  else return false;
  return true;
}

const NULL_TIMINGS = { run_start_ns: null, run_ns: null, step_start_ns: null, llm_request_start_ns: null, llm_request_ns: null, tool_execution_ns: null, step_ns: null };

export function retrieveRunMetrics(ctx: RouteContext, res: ServerResponse, runId: string): void {
  if (refused(ctx, res)) return;
  const run = findRun(ctx, runId);
  const nulls = ctx.faults.config.metrics === 'null';
  sendJson(res, 200, {
    id: run.id,
    agent_id: run.agentId,
    project_id: null,
    run_start_ns: nulls ? null : run.createdAtUs * 1000,
    run_ns: nulls || run.completedAtUs === null ? null : (run.completedAtUs - run.createdAtUs) * 1000,
    num_steps: run.steps.length,
    tools_used: toolsUsed(run).map(toolId),
    template_id: null,
    base_template_id: null,
  });
}

function findStepRun(ctx: RouteContext, stepId: string): RunRecord | null {
  // A few hundred runs of a few steps: a scan is cheaper than an index that must follow pruning.
  for (let i = ctx.world.runOrder.length - 1; i >= 0; i--) {
    const run = ctx.world.runOrder[i];
    if (run.steps.some((step) => step.id === stepId)) return run;
  }
  return null;
}

export function retrieveStepMetrics(ctx: RouteContext, res: ServerResponse, stepId: string): void {
  if (refused(ctx, res)) return;
  if (ctx.faults.config.metrics === 'step-error') return sendJson(res, 500, { detail: 'Internal server error' });
  if (!isValidId('step', stepId)) throw detailError(400, invalidIdDetail('step', stepId));
  const run = findStepRun(ctx, stepId);
  const metrics = run ? stepMetrics(run, stepId) : null;
  if (!run || !metrics) throw detailError(404, `Step metrics not found with id ${stepId}`);
  sendJson(res, 200, ctx.faults.config.metrics === 'null' ? { ...metrics, ...NULL_TIMINGS } : metrics);
}
