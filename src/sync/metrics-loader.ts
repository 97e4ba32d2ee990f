// Where the selected run's time went (RUNS-API.md §8): `GET /v1/runs/{id}/metrics` and one
// `GET /v1/steps/{id}/metrics` per step, into the store's metrics cache for the waterfall. A finished
// run's timings never change: read once, never again while cached. A step's timings do not change once
// it is persisted either, so a live run only asks for its new steps. A server without the endpoints
// (404, 501) or with only nulls (older servers) gets a sentence instead of a picture. A failure that
// may pass (5xx, network) is said as such and is not remembered as final: the caller asks again.

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

/**
 * Reads the run's timings into the store. True when what is stored is settled: final for a finished
 * run, or as good as it gets for a live one; false after a failure that may pass (ask again later).
 */
export async function loadRunMetrics(ctx: FollowerContext, steps: readonly WireStep[], final: boolean): Promise<boolean> {
  const cached = ctx.store.getState().runMetrics[ctx.runId];
  if (cached?.final) return true;
  const put = (view: RunMetricsView) => apply(ctx.store, storeRunMetrics(ctx.store.getState(), ctx.runId, view));
  const unavailable = (note: string) => put({ state: 'unavailable', note, runStartNs: null, runNs: null, steps: [], final: true });
  const retrying = (err: unknown) => {
    // What is on screen stays (a picture already drawn, or "loading"), with why it is not complete.
    const message = isApiError(err) ? err.message : 'the metrics could not be read';
    const shown = ctx.store.getState().runMetrics[ctx.runId];
    put({ ...(shown ?? { state: 'loading', runStartNs: null, runNs: null, steps: [] }), note: `${message} (retrying)`, final: false });
  };
  let run;
  try {
    run = await ctx.client.getRunMetrics(ctx.runId, ctx.signal);
  } catch (err) {
    if (ctx.signal.aborted) return true;
    const reason = unavailableReason(err);
    if (!reason) {
      retrying(err);
      return false;
    }
    unavailable(reason);
    return true;
  }
  const known = new Map((cached?.steps ?? []).filter((t) => t.stepNs !== null).map((t) => [t.stepId, t]));
  const timings: StepTiming[] = [];
  let passing: unknown = null;
  for (let i = 0; i < steps.length; i += PARALLEL) {
    const batch = steps.slice(i, i + PARALLEL);
    const read = await Promise.all(
      batch.map(async (step) => {
        const have = known.get(step.id);
        if (have) return have;
        try {
          return stepTiming(step.id, await ctx.client.getStepMetrics(step.id, ctx.signal));
        } catch (err) {
          // A step the server has no metrics for leaves a gap in the picture, not an error; one
          // that failed for now is asked for again.
          if (!unavailableReason(err)) passing = err;
          return stepTiming(step.id, null);
        }
      }),
    );
    if (ctx.signal.aborted) return true;
    timings.push(...read);
  }
  const runStartNs = num(run.run_start_ns);
  const runNs = num(run.run_ns);
  const anyStep = timings.some((t) => t.stepNs !== null || t.llmNs !== null);
  if (passing !== null) {
    if (anyStep) put({ state: 'ok', note: null, runStartNs, runNs, steps: timings, final: false });
    retrying(passing);
    return false;
  }
  if (!anyStep && (runNs === null || steps.length > 0)) {
    if (steps.length === 0 && !final) {
      put({ state: 'loading', note: null, runStartNs, runNs, steps: [], final: false });
      return true;
    }
    unavailable('the server reports no step timings for this run (older servers leave them null)');
    return true;
  }
  put({ state: 'ok', note: null, runStartNs, runNs, steps: timings, final });
  return true;
}
