// JSON endpoints under /v1/runs (RUNS-API.md §3–§8). Three different pagination conventions live here
// on purpose: runs (`before` = next page, unknown cursor ignored), messages (chronological cursors,
// unknown → 404) and steps (`after` = next page in the chosen order, unknown → 404). See §12.2.

import type { ServerResponse } from 'node:http';
import { STOP_REASONS } from '../api/types.js';
import type { RouteContext } from './route-context.js';
import { detailError, sendJson } from './responses.js';
import { serializeRun, serializeUsage } from './serialize.js';
import { Validator } from './validation.js';
import { invalidIdDetail, isValidId } from './wire-format.js';
import { compareRuns, type RunRecord } from './world.js';

/** Today's RunStatus enum; an unknown value is a ValueError → 400 (§3). */
const RUN_STATUS_VALUES = ['created', 'running', 'completed', 'failed', 'cancelled'];

/** StopReasonType in the server's declaration order (it shows in the 422 message). */
const STOP_REASON_ENUM = [
  'end_turn',
  'error',
  'llm_api_error',
  'invalid_llm_response',
  'invalid_tool_call',
  'max_steps',
  'max_tokens_exceeded',
  'no_tool_call',
  'tool_rule',
  'cancelled',
  'insufficient_credits',
  'requires_approval',
  'context_window_overflow_in_system_prompt',
].filter((reason) => (STOP_REASONS as readonly string[]).includes(reason));

export function findRun(ctx: RouteContext, runId: string): RunRecord {
  if (!isValidId('run', runId)) throw detailError(400, invalidIdDetail('run', runId));
  const run = ctx.world.runs.get(runId);
  if (!run) throw detailError(404, `Run not found with id ${runId}`);
  return run;
}

/** Keyset cursor (§3): `before` continues down the list in either order, `after` goes back up. */
function applyRunCursors(runs: RunRecord[], before: RunRecord | undefined, after: RunRecord | undefined, desc: boolean): RunRecord[] {
  let out = runs;
  if (before) out = out.filter((run) => (desc ? compareRuns(run, before) < 0 : compareRuns(run, before) > 0));
  if (after) out = out.filter((run) => (desc ? compareRuns(run, after) > 0 : compareRuns(run, after) < 0));
  return out;
}

export function listRuns(ctx: RouteContext, res: ServerResponse, query: URLSearchParams): void {
  const legacy = ctx.options.legacyShape;
  const v = new Validator(query, ctx.traceRng);
  const active = v.bool('active') ?? false;
  const background = v.bool('background');
  const stopReason = v.enumValue('stop_reason', STOP_REASON_ENUM);
  // The old Job list had limit 50 and no bounds (§4); today 1..1000, default 100 (§3).
  const limit = legacy ? v.int('limit', 50) : v.int('limit', 100, { ge: 1, le: 1000 });
  const order = legacy ? 'desc' : v.literal('order', ['asc', 'desc'] as const, 'desc');
  if (!legacy) v.literal('order_by', ['created_at'] as const, 'created_at');
  const ascending = legacy ? false : (v.bool('ascending') ?? false);
  v.throwIfInvalid();

  const statuses = legacy ? [] : query.getAll('statuses');
  for (const status of statuses) {
    if (!RUN_STATUS_VALUES.includes(status)) throw detailError(400, `'${status}' is not a valid RunStatus`);
  }
  const agentId = query.get('agent_id');
  const agentIds = agentId ? [agentId] : query.getAll('agent_ids');
  const conversationId = legacy ? null : query.get('conversation_id');
  const beforeId = query.get('before');
  const afterId = query.get('after');
  // An id that does not exist is silently ignored (§3).
  const before = beforeId ? ctx.world.runs.get(beforeId) : undefined;
  const after = afterId ? ctx.world.runs.get(afterId) : undefined;
  const desc = ascending ? false : order === 'desc';

  const matchesAgent = (run: RunRecord): boolean => agentIds.length === 0 || agentIds.includes(run.agentId);
  const matchesBackground = (run: RunRecord): boolean => background === undefined || run.background === background;

  let runs = ctx.world.runOrder.filter((run) => {
    if (statuses.length > 0 ? !statuses.includes(run.status) : active && !ctx.world.isActive(run)) return false;
    if (stopReason !== undefined && run.stopReason !== stopReason) return false;
    if (conversationId !== null && run.conversationId !== conversationId) return false;
    // The old endpoint filtered agent/background after the limit (§4); today they are part of the query.
    if (!legacy && (!matchesAgent(run) || !matchesBackground(run))) return false;
    return true;
  });
  runs = applyRunCursors(runs, before, after, desc);
  if (desc) runs = [...runs].reverse();
  runs = runs.slice(0, Math.max(0, limit));
  if (legacy) runs = runs.filter((run) => matchesAgent(run) && matchesBackground(run));
  sendJson(
    res,
    200,
    runs.map((run) => serializeRun(run, { fromList: true, legacyShape: legacy })),
  );
}

/** Deprecated `GET /v1/runs/active`: created+running, at most 100 (§2). */
export function listActiveRuns(ctx: RouteContext, res: ServerResponse, query: URLSearchParams): void {
  const v = new Validator(query, ctx.traceRng);
  const background = v.bool('background');
  v.throwIfInvalid();
  const agentId = query.get('agent_id');
  const runs = ctx.world.runOrder
    .filter((run) => ctx.world.isActive(run))
    .filter((run) => !agentId || run.agentId === agentId)
    .filter((run) => background === undefined || run.background === background)
    .reverse()
    .slice(0, 100);
  sendJson(
    res,
    200,
    runs.map((run) => serializeRun(run, { fromList: true, legacyShape: ctx.options.legacyShape })),
  );
}

export function retrieveRun(ctx: RouteContext, res: ServerResponse, runId: string): void {
  const run = findRun(ctx, runId);
  sendJson(res, 200, serializeRun(run, { fromList: false, legacyShape: ctx.options.legacyShape }));
}

/** `GET /v1/runs/{id}/messages`: persisted messages only, chronological cursors (§5). */
export function listRunMessages(ctx: RouteContext, res: ServerResponse, runId: string, query: URLSearchParams): void {
  const v = new Validator(query, ctx.traceRng);
  const limit = v.int('limit', 100);
  const order = v.literal('order', ['asc', 'desc'] as const, 'asc');
  v.literal('order_by', ['created_at'] as const, 'created_at');
  v.throwIfInvalid();
  const run = findRun(ctx, runId);
  const cursor = (name: string): number | null => {
    const id = query.get(name);
    if (id === null) return null;
    const found = run.messages.find((message) => message.id === id);
    if (!found) throw detailError(404, `Message not found with id ${id}`);
    return found.sequenceId;
  };
  const afterSeq = cursor('after');
  const beforeSeq = cursor('before');
  let stored = run.messages.filter(
    (message) => (afterSeq === null || message.sequenceId > afterSeq) && (beforeSeq === null || message.sequenceId < beforeSeq),
  );
  if (order === 'desc') stored = [...stored].reverse();
  // `limit` counts stored messages; each may expand into several LettaMessages (§5, §12.13).
  stored = stored.slice(0, Math.max(0, limit));
  const letta = stored.flatMap((message) => (order === 'desc' ? [...message.letta].reverse() : message.letta));
  sendJson(res, 200, letta);
}

/** `GET /v1/runs/{id}/steps`: order desc by default, `after` = next page in the chosen order (§8). */
export function listRunSteps(ctx: RouteContext, res: ServerResponse, runId: string, query: URLSearchParams): void {
  const v = new Validator(query, ctx.traceRng);
  const limit = v.int('limit', 100);
  v.throwIfInvalid();
  const order = query.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw detailError(400, "Order must be 'asc' or 'desc'");
  const run = findRun(ctx, runId);
  const failWith = ctx.faults.config.stepsStatus;
  if (failWith !== null) throw detailError(failWith, failWith === 404 ? 'Not Found' : 'Internal server error');
  let steps = order === 'desc' ? [...run.steps].reverse() : [...run.steps];
  const position = (name: string): number | null => {
    const id = query.get(name);
    if (id === null) return null;
    const index = steps.findIndex((step) => step.id === id);
    if (index < 0) throw detailError(404, `Step not found with id ${id}`);
    return index;
  };
  const after = position('after');
  const before = position('before');
  if (before !== null) steps = steps.slice(0, before);
  if (after !== null) steps = steps.slice(after + 1);
  sendJson(res, 200, steps.slice(0, Math.max(0, limit)));
}

export function retrieveRunUsage(ctx: RouteContext, res: ServerResponse, runId: string): void {
  sendJson(res, 200, serializeUsage(findRun(ctx, runId)));
}

/** The archived DELETE handler calls a method RunManager does not have: 500 (§9). */
export function deleteRun(ctx: RouteContext, res: ServerResponse, runId: string): void {
  findRun(ctx, runId);
  sendJson(res, 500, { detail: 'An unknown error occurred' });
}
