// Where the selected run's time went (RUNS-API.md §8): `GET /v1/runs/{id}/metrics` and one
// `GET /v1/steps/{id}/metrics` per step, into the store's metrics cache for the waterfall. A finished
// run's timings never change: read once, never again while cached. A step's timings do not change once
// it is persisted either, so a live run only asks for its new steps. A server without the endpoints
// (404, 501) or with only nulls (older servers) gets a sentence instead of a picture.

import { isApiError } from '../api/errors.js';
import type { WireStep, WireStepMetrics } from '../api/types.js';
import { apply } from '../store/create-store.js';
import type { RunMetricsView, StepTiming } from '../store/types.js';
import { storeRunMetrics } from '../store/usage-reducers.js';
import type { FollowerContext } from './follower-context.js';

/** Step metrics requests in flight at once for one run. */
const PARALLEL = 4;

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

export function stepTiming(stepId: string, wire: WireStepMetrics | null): StepTiming {
  return {
    stepId,
    startNs: num(wire?.step_start_ns),
    llmStartNs: num(wire?.llm_request_start_ns),
    llmNs: num(wire?.llm_request_ns),
    toolNs: num(wire?.tool_execution_ns),
    stepNs: num(wire?.step_ns),
  };
}

/** Why there is no waterfall, for an error from the metrics endpoints; null when it is worth retrying. */
function unavailableReason(err: unknown): string | null {
  if (!isApiError(err)) return 'the metrics could not be read';
  if (err.kind === 'not_found') return 'this server has no metrics for the run (HTTP 404)';
  if (err.status === 501) return 'this server does not implement run metrics (HTTP 501)';
  if (err.kind === 'protocol' || err.kind === 'bad_request') return `the metrics could not be read: ${err.message}`;
  return null;
}

export async function loadRunMetrics(ctx: FollowerContext, steps: readonly WireStep[], final: boolean): Promise<void> {
  const cached = ctx.store.getState().runMetrics[ctx.runId];
  if (cached?.final) return;
  const put = (view: RunMetricsView) => apply(ctx.store, storeRunMetrics(ctx.store.getState(), ctx.runId, view));
  const unavailable = (note: string) => put({ state: 'unavailable', note, runStartNs: null, runNs: null, steps: [], final: true });
  let run;
  try {
    run = await ctx.client.getRunMetrics(ctx.runId, ctx.signal);
  } catch (err) {
    if (ctx.signal.aborted) return;
    const reason = unavailableReason(err);
    if (reason) unavailable(reason);
    return;
  }
  const known = new Map((cached?.steps ?? []).filter((t) => t.stepNs !== null).map((t) => [t.stepId, t]));
  const timings: StepTiming[] = [];
  for (let i = 0; i < steps.length; i += PARALLEL) {
    const batch = steps.slice(i, i + PARALLEL);
    const read = await Promise.all(
      batch.map(async (step) => {
        const have = known.get(step.id);
        if (have) return have;
        try {
          return stepTiming(step.id, await ctx.client.getStepMetrics(step.id, ctx.signal));
        } catch {
          // One step without metrics leaves a gap in the picture, not an error.
          return stepTiming(step.id, null);
        }
      }),
    );
    if (ctx.signal.aborted) return;
    timings.push(...read);
  }
  const runStartNs = num(run.run_start_ns);
  const runNs = num(run.run_ns);
  const anyStep = timings.some((t) => t.stepNs !== null || t.llmNs !== null);
  if (!anyStep && (runNs === null || steps.length > 0)) {
    if (steps.length === 0 && !final) return put({ state: 'loading', note: null, runStartNs, runNs, steps: [], final: false });
    return unavailable('the server reports no step timings for this run (older servers leave them null)');
  }
  put({ state: 'ok', note: null, runStartNs, runNs, steps: timings, final });
}
