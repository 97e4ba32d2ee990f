// Pure reducers of the two background caches: usage of finished runs (for the agents view and token
// sorting) and timings of selected runs (the waterfall). Both bounded: a finished run's data never
// changes, so it is kept, but not forever (DESIGN.md "Background work with a budget").

import type { WireStep } from '../api/types.js';
import { sanitizeLine } from '../util/sanitize.js';
import type { AppState, RunMetricsView, RunUsage } from './types.js';

export const MAX_USAGE_ENTRIES = 20_000;
export const MAX_METRICS_ENTRIES = 200;

/** Drop the oldest entries (insertion order) beyond `max`. */
function bounded<T>(record: Record<string, T>, max: number): Record<string, T> {
  const keys = Object.keys(record);
  if (keys.length <= max) return record;
  const kept: Record<string, T> = {};
  for (const key of keys.slice(keys.length - max)) kept[key] = record[key];
  return kept;
}

/** A run's usage from its steps: totals and per model (the usage endpoint sums only 50 steps, §12.12). */
export function usageFromSteps(steps: readonly WireStep[]): RunUsage {
  const usage: RunUsage = { promptTokens: 0, completionTokens: 0, byModel: {} };
  for (const step of steps) {
    if (!step || typeof step !== 'object') continue;
    const prompt = typeof step.prompt_tokens === 'number' && step.prompt_tokens > 0 ? step.prompt_tokens : 0;
    const completion = typeof step.completion_tokens === 'number' && step.completion_tokens > 0 ? step.completion_tokens : 0;
    usage.promptTokens += prompt;
    usage.completionTokens += completion;
    if (prompt + completion === 0) continue;
    const model = sanitizeLine(String(step.model_handle ?? step.model ?? 'unknown model')) || 'unknown model';
    const sum = usage.byModel[model] ?? { promptTokens: 0, completionTokens: 0 };
    usage.byModel[model] = { promptTokens: sum.promptTokens + prompt, completionTokens: sum.completionTokens + completion };
  }
  return usage;
}

export function storeRunUsage(state: AppState, runId: string, usage: RunUsage, max = MAX_USAGE_ENTRIES): Pick<AppState, 'runUsage'> {
  return { runUsage: bounded({ ...state.runUsage, [runId]: usage }, max) };
}

export function storeRunMetrics(state: AppState, runId: string, metrics: RunMetricsView, max = MAX_METRICS_ENTRIES): Pick<AppState, 'runMetrics'> | null {
  if (state.runMetrics[runId] === metrics) return null;
  const rest = { ...state.runMetrics };
  // Re-inserted at the end: the most recently viewed survive the bound.
  delete rest[runId];
  return { runMetrics: bounded({ ...rest, [runId]: metrics }, max) };
}
