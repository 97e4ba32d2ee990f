// Which runs waiting for approval can still be answered (RUNS-API.md §16): the server accepts an answer
// only while the approval request is the last thing in the agent's default history, or in the
// conversation's. So a run is answerable when it waits for approval and it is the newest run of its
// scope (its conversation when it has one, else its agent's runs outside conversations): nothing came
// after it. Shared by the agents view (its "approvals waiting" column) and the approval keys.

import type { RunView } from './normalize-run.js';

type Runs = { byId: Record<string, Pick<RunView, 'id' | 'agentId' | 'conversationId' | 'createdAt' | 'group'>>; order: readonly string[] };

/** The scope whose last message decides: the conversation, or the agent's default history. */
export function answerScope(run: Pick<RunView, 'agentId' | 'conversationId'>): string | null {
  if (run.conversationId && run.conversationId !== 'default') return `conversation:${run.conversationId}`;
  return run.agentId ? `agent:${run.agentId}` : null;
}

const cache = new WeakMap<object, ReadonlySet<string>>();

/** Ids of the answerable runs. Memoised per runs object: computed once per poll that changed something. */
export function answerableRunIds(runs: Runs): ReadonlySet<string> {
  const cached = cache.get(runs);
  if (cached) return cached;
  // Only the agents with a run waiting matter: a scope is looked at only for their runs (at 10,000
  // runs, building a scope key for every run cost ~15 ms per poll).
  const waiting = new Set<string>();
  for (const id of runs.order) {
    const run = runs.byId[id];
    if (run?.group === 'approval' && run.agentId) waiting.add(run.agentId);
  }
  // Newest run per scope; ties on creation time go to the run listed first (the list is newest first).
  const newest = new Map<string, { id: string; at: number }>();
  for (const id of runs.order) {
    const run = runs.byId[id];
    if (!run || !run.agentId || !waiting.has(run.agentId)) continue;
    const scope = answerScope(run);
    if (scope === null) continue;
    const at = run.createdAt ?? -Infinity;
    const seen = newest.get(scope);
    if (!seen || at > seen.at) newest.set(scope, { id, at });
  }
  const answerable = new Set<string>();
  for (const { id } of newest.values()) if (runs.byId[id]?.group === 'approval') answerable.add(id);
  cache.set(runs, answerable);
  return answerable;
}

export function isAnswerable(runs: Runs, runId: string): boolean {
  return answerableRunIds(runs).has(runId);
}
