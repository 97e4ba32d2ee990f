// `runs-top list`: the runs once, as a table or JSON, then exit. Also what plain `runs-top` prints
// when stdout is not a terminal (a pipe, a file, cron).

import { LettaClient } from '../api/client.js';
import { isApiError } from '../api/errors.js';
import type { ListRunsParams } from '../api/types.js';
import { normalizeRun, type RunView } from '../store/normalize-run.js';
import { formatAge, formatDuration, padEnd, shortId, truncate } from '../util/format.js';
import { sanitizeLine } from '../util/sanitize.js';
import type { ConnectionConfig } from './config.js';
import { toSafeJson } from './safe-json.js';

export interface ListOptions {
  json: boolean;
  filters: ListRunsParams;
  now?: number;
}

/** Agent names, one request per distinct agent, a few at a time; a failed lookup leaves the id. */
async function agentNames(client: LettaClient, runs: RunView[]): Promise<Map<string, string>> {
  const ids = [...new Set(runs.map((r) => r.agentId).filter((id): id is string => Boolean(id)))];
  const names = new Map<string, string>();
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.shift(); id; id = queue.shift()) {
      try {
        const agent = await client.getAgent(id);
        if (agent.name) names.set(id, sanitizeLine(agent.name));
      } catch {
        // the id is shown instead
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, ids.length) }, worker));
  return names;
}

/** A `requires_approval` run is "completed" on the wire but waits for a human, as the monitor shows it. */
export function listStatus(run: RunView): string {
  return run.group === 'approval' ? 'waiting' : run.status;
}

export function formatTable(runs: RunView[], names: Map<string, string>, now: number): string {
  const header = `${padEnd('STATUS', 11)}${padEnd('RUN', 42)}${padEnd('AGENT', 22)}${padEnd('AGE', 9)}${padEnd('DURATION', 10)}STOP REASON`;
  const lines = runs.map((run) => {
    const agent = run.agentId ? (names.get(run.agentId) ?? shortId(run.agentId)) : '—';
    const age = formatAge(run.createdAt === null ? null : now - run.createdAt);
    // A live run has no duration yet: show how long it has been going.
    const duration = run.durationMs ?? (run.group === 'active' && run.createdAt !== null ? now - run.createdAt : null);
    return `${padEnd(listStatus(run), 11)}${padEnd(run.id, 42)}${padEnd(truncate(agent, 21), 22)}${padEnd(age, 9)}${padEnd(formatDuration(duration), 10)}${run.stopReason ?? ''}`.trimEnd();
  });
  return [header, ...lines].join('\n');
}

/** Prints the runs; returns the exit code. Errors are one line on stderr, never with the key. */
export async function runList(connection: ConnectionConfig, options: ListOptions, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const client = new LettaClient({ baseUrl: connection.baseUrl, apiKey: connection.apiKey, apiKeySource: connection.apiKeySource, projectId: connection.projectId });
  try {
    const wire = await client.listRuns({ limit: 50, ...options.filters });
    const runs = wire.filter((r) => r && typeof r.id === 'string').map(normalizeRun);
    const names = await agentNames(client, runs);
    if (options.json) {
      const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
      const rows = runs.map((run) => ({
        ...run,
        createdAt: iso(run.createdAt),
        completedAt: iso(run.completedAt),
        agentName: run.agentId ? (names.get(run.agentId) ?? null) : null,
      }));
      out.write(`${toSafeJson(rows)}\n`);
    } else {
      out.write(`${runs.length === 0 ? 'no runs' : formatTable(runs, names, options.now ?? Date.now())}\n`);
    }
    return 0;
  } catch (error) {
    const message = isApiError(error) ? error.message : 'unexpected error';
    err.write(`runs-top: ${message}\n`);
    return isApiError(error) && error.kind === 'auth' ? 3 : 2;
  } finally {
    await client.destroy();
  }
}
