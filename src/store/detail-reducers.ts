// Pure reducers for the per-run detail: transcript, steps, usage, and how it is being fed.

import type { WireMessage, WireStep, WireUsage, WireUsageStatistics } from '../api/types.js';
import { parseServerTime } from '../util/format.js';
import { sanitizeLine } from '../util/sanitize.js';
import { appendStop, countUnparsed, emptyTranscript, mergeMessages, transcriptFromMessages, withInput, withUnstored } from './transcript.js';
import type { AppState, RunDetail, StepView, UsageView } from './types.js';

/** Messages kept per run; older ones are dropped and counted on screen (issue 3, "bounded"). */
export const MAX_TRANSCRIPT_ENTRIES = 2000;

export function newDetail(runId: string, now: number): RunDetail {
  return {
    runId,
    transcript: emptyTranscript(),
    steps: null,
    usage: null,
    mode: 'loading',
    modeNote: null,
    streamStatus: 'idle',
    retryAt: null,
    reconnects: 0,
    seqWatermark: 0,
    error: null,
    stepsError: null,
    gone: false,
    lastActivityAt: null,
    lastViewedAt: now,
  };
}

function withDetail(state: AppState, runId: string, update: (detail: RunDetail) => RunDetail | null): Pick<AppState, 'details'> | null {
  const current = state.details[runId];
  if (!current) return null;
  const next = update(current);
  if (!next || next === current) return null;
  return { details: { ...state.details, [runId]: next } };
}

/** Start (or restart) the detail of a run: a fresh transcript, nothing loaded yet. */
export function resetDetail(state: AppState, runId: string, now: number): Pick<AppState, 'details'> {
  return { details: { ...state.details, [runId]: newDetail(runId, now) } };
}

export function patchDetail(state: AppState, runId: string, patch: Partial<RunDetail>): Pick<AppState, 'details'> | null {
  return withDetail(state, runId, (detail) => {
    const keys = Object.keys(patch) as Array<keyof RunDetail>;
    return keys.some((key) => detail[key] !== patch[key]) ? { ...detail, ...patch } : null;
  });
}

/** A batch of streamed or polled messages, merged by otid / tool_call_id. */
export function mergeIntoTranscript(
  state: AppState,
  runId: string,
  batch: { messages: WireMessage[]; whole?: boolean; stopReason?: string | null; unparsed?: number; seqWatermark?: number; now: number; maxEntries?: number },
): Pick<AppState, 'details'> | null {
  return withDetail(state, runId, (detail) => {
    const maxEntries = batch.maxEntries ?? MAX_TRANSCRIPT_ENTRIES;
    let transcript = mergeMessages(detail.transcript, batch.messages, { maxEntries, whole: batch.whole });
    if (batch.stopReason) transcript = appendStop(transcript, sanitizeLine(batch.stopReason), { maxEntries });
    if (batch.unparsed) transcript = countUnparsed(transcript, batch.unparsed);
    const seqWatermark = Math.max(detail.seqWatermark, batch.seqWatermark ?? 0);
    if (transcript === detail.transcript && seqWatermark === detail.seqWatermark) return null;
    const hadContent = batch.messages.length > 0 || Boolean(batch.stopReason);
    return { ...detail, transcript, seqWatermark, lastActivityAt: hadContent ? batch.now : detail.lastActivityAt };
  });
}

/**
 * Replace the transcript with the persisted messages (static read, or fallback from a stream). With
 * `keepUnstored`, entries shown so far that are not stored yet stay after them (transcript.ts).
 */
export function replaceTranscript(
  state: AppState,
  runId: string,
  messages: WireMessage[],
  stopReason: string | null,
  now: number,
  maxEntries = MAX_TRANSCRIPT_ENTRIES,
  keepUnstored = false,
): Pick<AppState, 'details'> | null {
  return withDetail(state, runId, (detail) => {
    let transcript = transcriptFromMessages(messages, { maxEntries });
    if (keepUnstored) transcript = withUnstored(transcript, detail.transcript, { maxEntries });
    if (stopReason) transcript = appendStop(transcript, sanitizeLine(stopReason), { maxEntries });
    if (detail.transcript.unparsedCount) transcript = countUnparsed(transcript, detail.transcript.unparsedCount);
    // Reading the persisted transcript is not activity: the newest message's own date is (capped at
    // now), so a run whose worker died does not look busy because we just read its old messages.
    let lastActivityAt = detail.lastActivityAt;
    for (const message of messages) {
      const date = typeof message === 'object' && message !== null ? message.date : null;
      const at = parseServerTime(typeof date === 'string' ? date : null);
      if (at !== null) lastActivityAt = Math.max(lastActivityAt ?? at, Math.min(at, now));
    }
    return { ...detail, transcript, lastActivityAt };
  });
}

/** The run's input messages, read from `/messages`, at the top of its transcript (transcript.ts `withInput`). */
export function showRunInput(state: AppState, runId: string, input: WireMessage[], maxEntries = MAX_TRANSCRIPT_ENTRIES): Pick<AppState, 'details'> | null {
  return withDetail(state, runId, (detail) => {
    const transcript = withInput(detail.transcript, input, { maxEntries });
    return transcript === detail.transcript ? null : { ...detail, transcript };
  });
}

function stepError(step: WireStep): string | null {
  const message = step.error_data?.message ?? step.error_type;
  return typeof message === 'string' && message ? sanitizeLine(message) : null;
}

export function toStepView(step: WireStep): StepView {
  const text = (value: unknown) => (typeof value === 'string' && value ? sanitizeLine(value) : null);
  return {
    id: sanitizeLine(step.id),
    model: text(step.model_handle) ?? text(step.model),
    promptTokens: step.prompt_tokens ?? null,
    completionTokens: step.completion_tokens ?? null,
    status: text(step.status),
    stopReason: text(step.stop_reason),
    error: stepError(step),
  };
}

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

export function usageFromEndpoint(usage: WireUsage, steps: WireStep[] | null): UsageView {
  // Archived servers return null details (RUNS-API.md §7): sum cache/reasoning figures from the steps.
  const sum = (field: 'cached_input_tokens' | 'reasoning_tokens') => {
    if (!steps) return null;
    const values = steps.map((s) => num(s[field])).filter((v): v is number => v !== null);
    return values.length ? values.reduce((a, b) => a + b, 0) : null;
  };
  return {
    promptTokens: num(usage.prompt_tokens),
    completionTokens: num(usage.completion_tokens),
    totalTokens: num(usage.total_tokens),
    stepCount: steps ? steps.length : null,
    cachedTokens: num(usage.prompt_tokens_details?.cached_tokens) ?? num(usage.prompt_tokens_details?.cache_read_tokens) ?? sum('cached_input_tokens'),
    reasoningTokens: num(usage.completion_tokens_details?.reasoning_tokens) ?? sum('reasoning_tokens'),
    source: 'endpoint',
  };
}

export function usageFromStream(usage: WireUsageStatistics): UsageView {
  return {
    promptTokens: num(usage.prompt_tokens),
    completionTokens: num(usage.completion_tokens),
    totalTokens: num(usage.total_tokens),
    stepCount: num(usage.step_count),
    cachedTokens: num(usage.cached_input_tokens),
    reasoningTokens: num(usage.reasoning_tokens),
    source: 'stream',
  };
}

/** Drop the detail of runs not viewed for `idleMs` (bounded memory; their streams are already closed). */
export function evictIdleDetails(state: AppState, now: number, idleMs: number): Pick<AppState, 'details'> | null {
  const stale = Object.values(state.details).filter((d) => d.runId !== state.selectedRunId && now - d.lastViewedAt > idleMs);
  if (stale.length === 0) return null;
  const details = { ...state.details };
  for (const detail of stale) delete details[detail.runId];
  return { details };
}
