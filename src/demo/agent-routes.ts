// Agent endpoints a monitor needs: names (GET /v1/agents/{id}, GET /v1/agents/) and cancellation
// (POST /v1/agents/{id}/messages/cancel, RUNS-API.md §9).

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteContext } from './route-context.js';
import { detailError, readBody, sendJson } from './responses.js';
import { findRun } from './run-routes.js';
import { agentDisplayName, serializeAgent } from './serialize.js';
import { Validator, parseJsonBody, validationError } from './validation.js';
import { PyTuple, invalidIdDetail, isValidId } from './wire-format.js';
import type { AgentRecord, RunRecord } from './world.js';

function findAgent(ctx: RouteContext, agentId: string): AgentRecord {
  if (!isValidId('agent', agentId)) throw detailError(400, invalidIdDetail('agent', agentId));
  const agent = ctx.world.agents.get(agentId);
  if (!agent) throw detailError(404, `Agent not found with id ${agentId}`);
  return agent;
}

function agentJson(ctx: RouteContext, agent: AgentRecord): Record<string, unknown> {
  const index = ctx.world.agentOrder.indexOf(agent);
  return serializeAgent(agent, agentDisplayName(agent, index, ctx.faults.config.hostile));
}

export function retrieveAgent(ctx: RouteContext, res: ServerResponse, agentId: string): void {
  sendJson(res, 200, agentJson(ctx, findAgent(ctx, agentId)));
}

export function listAgents(ctx: RouteContext, res: ServerResponse, query: URLSearchParams): void {
  const v = new Validator(query, ctx.traceRng);
  const limit = v.int('limit', 50, { ge: 1, le: 1000 });
  v.throwIfInvalid();
  let agents = [...ctx.world.agentOrder];
  const name = query.get('name');
  if (name !== null) agents = agents.filter((agent) => agent.name === name);
  const after = query.get('after');
  if (after !== null) {
    const index = agents.findIndex((agent) => agent.id === after);
    if (index >= 0) agents = agents.slice(index + 1);
  }
  sendJson(
    res,
    200,
    agents.slice(0, limit).map((agent) => agentJson(ctx, agent)),
  );
}

/**
 * With `run_ids`, cancel those runs; with `{}` (or an empty list), every active run of the agent, across
 * conversations, up to 100; 409 when there is none. Finished runs are left alone (§9, §12.14).
 */
export async function cancelAgentRuns(ctx: RouteContext, req: IncomingMessage, res: ServerResponse, agentId: string): Promise<void> {
  const raw = await readBody(req);
  let runIds: string[] = [];
  if (raw.trim() !== '') {
    const body = parseJsonBody(raw, ctx.traceRng);
    const ids = body && typeof body === 'object' ? (body as Record<string, unknown>).run_ids : undefined;
    if (ids !== undefined && ids !== null) {
      if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
        throw validationError(
          [{ type: 'list_type', loc: new PyTuple(['body', 'run_ids']), msg: 'Input should be a valid list', input: JSON.stringify(ids) }],
          ctx.traceRng,
        );
      }
      runIds = ids as string[];
    }
  }
  const agent = findAgent(ctx, agentId);
  let targets: RunRecord[];
  if (runIds.length === 0) {
    targets = ctx.world.runOrder.filter((run) => run.agentId === agent.id && ctx.world.isActive(run)).slice(0, 100);
    if (targets.length === 0) throw detailError(409, `No active runs found for agent ${agent.id}`);
  } else {
    targets = runIds.map((id) => findRun(ctx, id));
  }
  const results: Record<string, string> = {};
  for (const run of targets) {
    ctx.workload.cancel(run);
    results[run.id] = 'cancelled';
  }
  sendJson(res, 200, results);
}
