// The steps table and token usage of the followed run: read once, and refreshed while it is live.

import { ApiError, isApiError } from '../api/errors.js';
import { apply } from '../store/create-store.js';
import { toStepView, usageFromEndpoint } from '../store/detail-reducers.js';
import { storeRunUsage, usageFromSteps } from '../store/usage-reducers.js';
import { backoffDelay, sleep } from './backoff.js';
import type { FollowerContext } from './follower-context.js';
import { loadRunMetrics } from './metrics-loader.js';

/** The wait before the `attempt`th retry of a steps or metrics read: twice the stream's backoff. */
function retryDelay(ctx: FollowerContext, attempt: number): number {
  const baseMs = (ctx.options.backoffBaseMs ?? 500) * 2;
  return backoffDelay(attempt, { baseMs, maxMs: Math.max(baseMs, (ctx.options.backoffMaxMs ?? 15_000) * 2) });
}

/** Asks for a finished run's timings again, backing off, until they are settled or the run is left. */
async function settleRunMetrics(ctx: FollowerContext, steps: Parameters<typeof loadRunMetrics>[1]): Promise<void> {
  for (let attempt = 1; !ctx.signal.aborted; attempt++) {
    await sleep(retryDelay(ctx, attempt), ctx.signal);
    if (ctx.signal.aborted || (await loadRunMetrics(ctx, steps, true))) return;
  }
}

/** Steps and usage, refreshed while the run is live and once more when it ends. */
export async function followStepsAndUsage(ctx: FollowerContext): Promise<void> {
  let attempt = 0;
  while (!ctx.signal.aborted) {
    const wasLive = ctx.currentRun()?.group === 'active';
    try {
      const [rawSteps, usage] = await Promise.all([
        ctx.client.listRunSteps(ctx.runId, { order: 'asc', limit: 1000 }, ctx.signal),
        ctx.client.getRunUsage(ctx.runId, ctx.signal),
      ]);
      const steps = rawSteps.filter((step) => typeof step === 'object' && step !== null && typeof step.id === 'string');
      const detail = ctx.store.getState().details[ctx.runId];
      // The stream's usage_statistics has step_count and cache figures; keep it once it arrived.
      const keepStreamUsage = detail?.usage?.source === 'stream';
      ctx.patch({ steps: steps.map(toStepView), stepsError: null, ...(keepStreamUsage ? {} : { usage: usageFromEndpoint(usage, steps) }) });
      attempt = 0;
      // A finished run read here counts for the agents view too: no background request needed for it.
      if (!wasLive && !ctx.store.getState().runUsage[ctx.runId]) apply(ctx.store, storeRunUsage(ctx.store.getState(), ctx.runId, usageFromSteps(steps)));
      const settled = await loadRunMetrics(ctx, steps, !wasLive);
      // A finished run's steps are read; its timings are asked for again until they are settled.
      if (!wasLive) return settled ? undefined : await settleRunMetrics(ctx, steps);
      await sleep(ctx.options.pollIntervalMs, ctx.signal);
    } catch (err) {
      if (ctx.signal.aborted) return;
      // The pane says why there are no steps (or why they stopped changing) instead of "Loading…".
      const error = isApiError(err) ? err : new ApiError('protocol', `Steps of ${ctx.runId}: the server sent something this client cannot read`);
      ctx.patch({ stepsError: { kind: error.kind, message: error.message } });
      // A run that is gone says so through its messages; a server without the steps route has none to give.
      if (error.kind === 'not_found') return;
      await sleep(retryDelay(ctx, ++attempt), ctx.signal);
    }
  }
}
