// Request pipeline: latency fault → proxy faults (429/5xx) → password check → route, with FastAPI's
// edges: 307 to the other slash spelling (RUNS-API.md §12.1), 404/405 bodies, 500 for anything thrown.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { cancelAgentRuns, listAgents, retrieveAgent } from './agent-routes.js';
import { retrieveRunMetrics, retrieveStepMetrics } from './metrics-routes.js';
import { sendConversationMessage, sendMessageAsync } from './approval-routes.js';
import type { RouteContext } from './route-context.js';
import { HttpError, sendError, sendJson, sendRaw } from './responses.js';
import {
  deleteRun,
  listActiveRuns,
  listRunMessages,
  listRunSteps,
  listRuns,
  retrieveRun,
  retrieveRunUsage,
} from './run-routes.js';
import { handleStream } from './stream-route.js';

type Handler = (
  ctx: RouteContext,
  req: IncomingMessage,
  res: ServerResponse,
  params: string[],
  query: URLSearchParams,
) => void | Promise<void>;

interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

const SEGMENT = '([^/]+)';
const route = (method: string, path: string, handler: Handler): Route => ({
  method,
  pattern: new RegExp(`^${path.replace(/\{\w+\}/g, SEGMENT)}$`),
  handler,
});

// Order matters where FastAPI's does: /v1/runs/active is declared before /v1/runs/{run_id}.
const ROUTES: Route[] = [
  route('GET', '/v1/health/', (_ctx, _req, res) => sendJson(res, 200, { version: '0.16.8', status: 'ok' })),
  route('GET', '/v1/runs/', (ctx, _req, res, _p, query) => listRuns(ctx, res, query)),
  route('GET', '/v1/runs/active', (ctx, _req, res, _p, query) => listActiveRuns(ctx, res, query)),
  route('GET', '/v1/runs/{run_id}', (ctx, _req, res, [id]) => retrieveRun(ctx, res, id)),
  route('DELETE', '/v1/runs/{run_id}', (ctx, _req, res, [id]) => deleteRun(ctx, res, id)),
  route('GET', '/v1/runs/{run_id}/messages', (ctx, _req, res, [id], query) => listRunMessages(ctx, res, id, query)),
  route('GET', '/v1/runs/{run_id}/steps', (ctx, _req, res, [id], query) => listRunSteps(ctx, res, id, query)),
  route('GET', '/v1/runs/{run_id}/usage', (ctx, _req, res, [id]) => retrieveRunUsage(ctx, res, id)),
  route('GET', '/v1/runs/{run_id}/metrics', (ctx, _req, res, [id]) => retrieveRunMetrics(ctx, res, id)),
  route('POST', '/v1/runs/{run_id}/stream', (ctx, req, res, [id]) => handleStream(ctx, req, res, id)),
  route('GET', '/v1/steps/{step_id}/metrics', (ctx, _req, res, [id]) => retrieveStepMetrics(ctx, res, id)),
  route('GET', '/v1/agents/', (ctx, _req, res, _p, query) => listAgents(ctx, res, query)),
  route('GET', '/v1/agents/{agent_id}', (ctx, _req, res, [id]) => retrieveAgent(ctx, res, id)),
  route('POST', '/v1/agents/{agent_id}/messages/cancel', (ctx, req, res, [id]) => cancelAgentRuns(ctx, req, res, id)),
  route('POST', '/v1/agents/{agent_id}/messages/async', (ctx, req, res, [id]) => sendMessageAsync(ctx, req, res, id)),
  route('POST', '/v1/conversations/{conversation_id}/messages', (ctx, req, res, [id]) => sendConversationMessage(ctx, req, res, id)),
];

function match(path: string): { routes: Array<{ route: Route; params: string[] }> } {
  const routes: Array<{ route: Route; params: string[] }> = [];
  for (const candidate of ROUTES) {
    const found = candidate.pattern.exec(path);
    if (found) routes.push({ route: candidate, params: found.slice(1).map((p) => decodeURIComponent(p)) });
  }
  return { routes };
}

/** Requests by kind, for the bench: background usage reads are the steps lists. */
function countRequest(stats: RouteContext['stats'], url: string): void {
  const kind = /^\/v1\/runs\/[^/?]+\/steps/.test(url) ? 'steps' : /\/metrics(\?|$)/.test(url) ? 'metrics' : /^\/v1\/runs\/(\?|$)/.test(url) ? 'list' : 'other';
  stats.byKind[kind] = (stats.byKind[kind] ?? 0) + 1;
}

const isStreamRequest = (method: string, path: string): boolean => method === 'POST' && /^\/v1\/runs\/[^/]+\/stream$/.test(path);

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

export async function handleRequest(ctx: RouteContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  ctx.stats.requests++;
  countRequest(ctx.stats, req.url ?? '');
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://placeholder');
  const path = url.pathname;
  try {
    const latency = ctx.faults.config.latencyMs;
    if (latency > 0) await delay(latency);
    if (res.destroyed) return;

    if (!isStreamRequest(method, path)) {
      const fault = ctx.faults.httpFault();
      if (fault) {
        sendRaw(res, fault.status, fault.body, { ...fault.headers });
        return;
      }
    }

    // CheckPasswordMiddleware runs before routing and spares only the health check (RUNS-API.md §1).
    if (ctx.options.apiKey !== null && path !== '/v1/health/') {
      if (req.headers.authorization !== `Bearer ${ctx.options.apiKey}`) {
        const presented = req.headers.authorization ?? '(none)';
        sendJson(res, 401, { detail: ctx.faults.config.echoAuth ? `Unauthorized: invalid credentials "${presented}"` : 'Unauthorized' });
        return;
      }
    }

    const { routes } = match(path);
    if (routes.length === 0) {
      // Starlette's redirect_slashes: retry with the other spelling and answer 307 (§12.1).
      const other = path.endsWith('/') ? path.slice(0, -1) : `${path}/`;
      if (match(other).routes.length > 0) {
        const host = req.headers.host ?? 'localhost';
        res.writeHead(307, { location: `http://${host}${other}${url.search}`, 'content-length': '0', server: 'uvicorn' });
        res.end();
        return;
      }
      sendJson(res, 404, { detail: 'Not Found' });
      return;
    }
    const chosen = routes.find((candidate) => candidate.route.method === method);
    if (!chosen) {
      sendJson(res, 405, { detail: 'Method Not Allowed' }, { allow: [...new Set(routes.map((r) => r.route.method))].join(', ') });
      return;
    }
    await chosen.route.handler(ctx, req, res, chosen.params, url.searchParams);
  } catch (error) {
    if (error instanceof HttpError) sendError(res, error);
    else sendJson(res, 500, { detail: 'An unknown error occurred' });
  }
}
