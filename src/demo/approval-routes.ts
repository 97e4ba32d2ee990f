// Sending messages to an agent, the way an answer to an approval request reaches the server (RUNS-API.md
// §16): `POST /v1/agents/{agent_id}/messages/async` (a Run at once) and `POST /v1/conversations/{id}/messages`
// (SSE by default). Bodies are validated with FastAPI's 422; the approval rules live in approval-flow.ts.

import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  awaitingApproval,
  judgeAnswer,
  planAnswerRun,
  planRefusedRun,
  planRetryRun,
  type ApprovalDecision,
} from './approval-flow.js';
import type { RouteContext } from './route-context.js';
import { detailError, readBody, sendJson } from './responses.js';
import type { RunScript } from './scripts.js';
import { serializeRun } from './serialize.js';
import { tailRunStream } from './stream-route.js';
import { parseJsonBody, validationError } from './validation.js';
import { PyTuple, invalidIdDetail, isValidId, type PyValue } from './wire-format.js';
import type { RunRecord, World } from './world.js';
import type { Prng } from './prng.js';

/** tool_call_id → the run its answer started, per world (the "recent tool return" of §16). */
const answeredIds = new WeakMap<World, Map<string, string>>();

function answered(world: World): Map<string, string> {
  let map = answeredIds.get(world);
  if (!map) answeredIds.set(world, (map = new Map()));
  return map;
}

type Message = { kind: 'approval'; decisions: ApprovalDecision[]; otid: string | null } | { kind: 'user'; text: string };

interface MessageRequest {
  messages: Message[];
  streaming: boolean;
  background: boolean;
  includePings: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The request body as pydantic would read it; every problem collected into one 422. */
function parseRequest(raw: string, ctx: RouteContext): MessageRequest {
  const body = parseJsonBody(raw, ctx.traceRng);
  const errors: PyValue[] = [];
  const fail = (loc: Array<string | number>, type: string, msg: string, input: unknown): void => {
    errors.push({ type, loc: new PyTuple(['body', ...loc]), msg, input: JSON.stringify(input ?? null) });
  };
  if (!isObject(body)) throw validationError([{ type: 'model_attributes_type', loc: new PyTuple(['body']), msg: 'Input should be a valid dictionary or object to extract fields from', input: raw }], ctx.traceRng);
  const messages: Message[] = [];
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    fail(['messages'], 'missing', 'Field required', body.messages);
  } else {
    body.messages.forEach((m: unknown, i: number) => {
      if (!isObject(m)) return fail(['messages', i], 'model_type', 'Input should be a valid dictionary or instance of ApprovalCreate', m);
      if (m.type === 'approval') {
        if (!Array.isArray(m.approvals) || m.approvals.length === 0) return fail(['messages', i, 'ApprovalCreate', 'approvals'], 'list_type', 'Input should be a valid list', m.approvals);
        const decisions: ApprovalDecision[] = [];
        m.approvals.forEach((a: unknown, j: number) => {
          const at = ['messages', i, 'ApprovalCreate', 'approvals', j, 'approval'];
          if (!isObject(a)) return fail(at, 'model_type', 'Input should be a valid dictionary', a);
          if (typeof a.tool_call_id !== 'string') fail([...at, 'tool_call_id'], a.tool_call_id === undefined ? 'missing' : 'string_type', a.tool_call_id === undefined ? 'Field required' : 'Input should be a valid string', a);
          if (typeof a.approve !== 'boolean') fail([...at, 'approve'], a.approve === undefined ? 'missing' : 'bool_type', a.approve === undefined ? 'Field required' : 'Input should be a valid boolean', a);
          if (a.reason !== undefined && a.reason !== null && typeof a.reason !== 'string') fail([...at, 'reason'], 'string_type', 'Input should be a valid string', a.reason);
          decisions.push({ tool_call_id: String(a.tool_call_id), approve: a.approve === true, reason: typeof a.reason === 'string' ? a.reason : null });
        });
        messages.push({ kind: 'approval', decisions, otid: typeof m.otid === 'string' ? m.otid : null });
      } else if (m.role === 'user' && (typeof m.content === 'string' || Array.isArray(m.content))) {
        messages.push({ kind: 'user', text: typeof m.content === 'string' ? m.content : JSON.stringify(m.content) });
      } else {
        fail(['messages', i, 'MessageCreate', 'role'], 'missing', 'Field required', m);
      }
    });
  }
  const flag = (name: string, fallback: boolean): boolean => {
    const value = body[name];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') fail([name], 'bool_type', 'Input should be a valid boolean', value);
    return value === true;
  };
  const request = { messages, streaming: flag('streaming', true), background: flag('background', false), includePings: flag('include_pings', true) };
  if (errors.length) throw validationError(errors, ctx.traceRng);
  return request;
}

/** 409 PendingApprovalError: an ordinary message to an agent waiting for approval (§16). */
function pendingApprovalError(request: RunRecord): never {
  throw detailError(409, `Cannot send a new message: The agent is waiting for approval on a tool call. Please approve or deny the pending request before continuing. (pending request in run ${request.id})`);
}

interface Plan {
  /** Null for an ordinary message: the workload generates its run. */
  script: ((rng: Prng) => RunScript) | null;
  /** The server's refusal, for the endpoint that answers it with 400. */
  refusal: string | null;
}

/** Decide what an incoming message does in its context, and the script of the run it starts. */
function planFor(ctx: RouteContext, key: string, message: Message): Plan {
  if (message.kind === 'user') {
    const waiting = awaitingApproval(ctx.world, key);
    if (waiting) pendingApprovalError(waiting);
    return { script: null, refusal: null };
  }
  const ids = message.decisions.map((d) => d.tool_call_id);
  const verdict = judgeAnswer(ctx.world, key, ids, answered(ctx.world));
  if (verdict.kind === 'accept') return { script: (rng) => planAnswerRun(rng, verdict.calls, message.decisions), refusal: null };
  if (verdict.kind === 'retry') return { script: (rng) => planRetryRun(rng, message.decisions, verdict.answeredBy), refusal: null };
  return { script: (rng) => planRefusedRun(rng, message.decisions, verdict.message), refusal: verdict.message };
}

function startRun(ctx: RouteContext, agentId: string, conversationId: string | null, message: Message, plan: Plan, options: { runType: string; background: boolean; hasStream: boolean; includePings: boolean }): RunRecord {
  const spec = {
    agentId,
    conversationId,
    live: true,
    background: options.background,
    runType: options.runType,
    hasStream: options.hasStream,
    includePings: options.includePings,
    streamTokens: false,
    ...(plan.script ? { plan: plan.script } : { outcome: 'end_turn' as const, steps: 1 }),
  };
  const run = ctx.world.runs.get(ctx.workload.createRun(spec))!;
  if (message.kind === 'approval' && plan.refusal === null) {
    for (const d of message.decisions) if (!answered(ctx.world).has(d.tool_call_id)) answered(ctx.world).set(d.tool_call_id, run.id);
  }
  return run;
}

function findAgentId(ctx: RouteContext, agentId: string): string {
  if (!isValidId('agent', agentId)) throw detailError(400, invalidIdDetail('agent', agentId));
  if (!ctx.world.agents.has(agentId)) throw detailError(404, `Agent not found with id ${agentId}`);
  return agentId;
}

/** `POST /v1/agents/{agent_id}/messages/async`: a Run at once; a refused answer fails in that run (§16). */
export async function sendMessageAsync(ctx: RouteContext, req: IncomingMessage, res: ServerResponse, rawAgentId: string): Promise<void> {
  const request = parseRequest(await readBody(req), ctx);
  const agentId = findAgentId(ctx, rawAgentId);
  const message = request.messages[0];
  const plan = planFor(ctx, `agent:${agentId}`, message);
  const run = startRun(ctx, agentId, null, message, plan, { runType: 'send_message_async', background: true, hasStream: false, includePings: false });
  sendJson(res, 200, serializeRun(run, { fromList: false, legacyShape: ctx.options.legacyShape }));
}

/** `POST /v1/conversations/{conversation_id}/messages`: SSE of the new run, or 400 for a refused answer (§16). */
export async function sendConversationMessage(ctx: RouteContext, req: IncomingMessage, res: ServerResponse, conversationId: string): Promise<void> {
  const request = parseRequest(await readBody(req), ctx);
  const agentId = ctx.workload.agentOfConversation(conversationId);
  if (!agentId) throw detailError(404, `Conversation not found with id ${conversationId}`);
  const message = request.messages[0];
  const plan = planFor(ctx, conversationId, message);
  if (plan.refusal !== null) throw detailError(400, plan.refusal);
  const run = startRun(ctx, agentId, conversationId, message, plan, {
    runType: 'send_conversation_message',
    background: request.background,
    hasStream: true,
    includePings: request.includePings,
  });
  if (request.streaming) return tailRunStream(ctx, res, run, { startingAfter: 0, includePings: request.includePings });
  await new Promise<void>((resolve) => {
    const unwatch = ctx.world.watch(run, () => {
      if (ctx.world.isActive(run)) return;
      unwatch();
      resolve();
    });
  });
  sendJson(res, 200, {
    messages: run.messages.flatMap((m) => m.letta),
    stop_reason: { message_type: 'stop_reason', stop_reason: run.stopReason },
    usage: { message_type: 'usage_statistics', completion_tokens: 64, prompt_tokens: 3100, total_tokens: 3164, step_count: 1 },
  });
}
