// The agents view's figures against fixtures computed by hand (issue 9), percentiles included.

import { describe, expect, it } from 'vitest';
import type { WireRun } from '../../src/api/types.js';
import { agentAggregates, computeAgentAggregates, filterAndSortAgents, percentile, usageCompleteness } from '../../src/store/agent-aggregates.js';
import { answerableApprovals as answerableRunIds } from '../../src/store/approvals.js';
import { createAppStore } from '../../src/store/create-store.js';
import { upsertRuns } from '../../src/store/runs-reducers.js';
import type { RunUsage } from '../../src/store/types.js';
import { usageFromSteps } from '../../src/store/usage-reducers.js';

const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
const MIN = 60_000;
let n = 0;

/** A run of `agent` created `ago` minutes before NOW, lasting `seconds` when finished. */
function run(agent: string, ago: number, status: string, extra: Partial<WireRun> & { seconds?: number } = {}): WireRun {
  const { seconds, ...rest } = extra;
  const created = NOW - ago * MIN;
  n++;
  return {
    id: `run-${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`,
    agent_id: agent,
    status,
    created_at: new Date(created).toISOString(),
    completed_at: seconds === undefined ? null : new Date(created + seconds * 1000).toISOString().replace('Z', ''),
    ...rest,
  };
}

function runsOf(wire: WireRun[]) {
  const store = createAppStore('http://test');
  return upsertRuns(store.getState(), wire, NOW).runs!;
}

describe('percentile (nearest rank)', () => {
  it('is the smallest value with at least p% at or below it', () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(ten, 50)).toBe(5); // rank ceil(5) = 5
    expect(percentile(ten, 95)).toBe(10); // rank ceil(9.5) = 10
    expect(percentile(ten, 90)).toBe(9); // rank 9
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([3, 8], 50)).toBe(3); // rank ceil(1) = 1: no interpolation to 5.5
    expect(percentile([], 50)).toBeNull();
    const twenty = Array.from({ length: 20 }, (_, i) => (i + 1) * 100);
    expect(percentile(twenty, 95)).toBe(1900); // rank 19
  });
});

describe('agent aggregates', () => {
  // agent-a, in the last hour: 4 finished (durations 10 s, 20 s, 40 s, 80 s), one failed, one completed
  // with llm_api_error (a failure too, RUNS-API.md §12.5), one live; one finished 2 hours ago.
  const a = [
    run('agent-a', 1, 'running'),
    run('agent-a', 5, 'completed', { stop_reason: 'end_turn', seconds: 10 }),
    run('agent-a', 10, 'failed', { stop_reason: 'error', seconds: 20 }),
    run('agent-a', 20, 'completed', { stop_reason: 'llm_api_error', seconds: 40 }),
    run('agent-a', 30, 'completed', { stop_reason: 'end_turn', seconds: 80 }),
    run('agent-a', 120, 'failed', { stop_reason: 'llm_api_error', seconds: 5 }),
  ];
  // agent-b: two runs waiting for approval in the default history; only the newest is answerable,
  // plus one in a conversation (answerable: nothing came after it there).
  const b = [
    run('agent-b', 3, 'completed', { stop_reason: 'requires_approval', seconds: 2 }),
    run('agent-b', 8, 'completed', { stop_reason: 'requires_approval', seconds: 2 }),
    run('agent-b', 9, 'completed', { stop_reason: 'requires_approval', seconds: 4, conversation_id: 'conv-1' }),
  ];
  const runs = runsOf([...a, ...b]);
  const usage: Record<string, RunUsage> = {
    [a[1].id]: { promptTokens: 1000, completionTokens: 100, byModel: { 'openai/gpt-4o-mini': { promptTokens: 1000, completionTokens: 100 } } },
    [a[3].id]: { promptTokens: 3000, completionTokens: 300, byModel: { 'anthropic/claude': { promptTokens: 3000, completionTokens: 300 } } },
    // Outside the window: must not count.
    [a[5].id]: { promptTokens: 99_999, completionTokens: 9, byModel: {} },
  };
  const all = computeAgentAggregates(runs, { 'agent-a': 'alpha', 'agent-b': 'beta' }, usage, NOW, 60 * MIN);
  const alpha = all.find((x) => x.agentId === 'agent-a')!;
  const beta = all.find((x) => x.agentId === 'agent-b')!;

  it('counts runs, live runs and failures in the window', () => {
    expect(alpha.name).toBe('alpha');
    expect(alpha.runs).toBe(5);
    expect(alpha.active).toBe(1);
    expect(alpha.finished).toBe(4);
    expect(alpha.failed).toBe(2);
    expect(alpha.failureRate).toBe(0.5);
    expect(alpha.topFailure).toBe('error'); // error×1, llm_api_error×1 in the window: A→Z breaks the tie
    expect(alpha.lastRunAt).toBe(NOW - 1 * MIN);
  });

  it('takes p50 and p95 of the finished durations in the window', () => {
    // [10, 20, 40, 80] s: p50 rank 2 → 20 s; p95 rank 4 → 80 s. The 5 s run is outside the window.
    expect(alpha.p50Ms).toBe(20_000);
    expect(alpha.p95Ms).toBe(80_000);
    expect(alpha.recentDurations).toEqual([80_000, 40_000, 20_000, 10_000]);
    expect(alpha.recentGroups).toEqual(['completed', 'failed', 'failed', 'completed', 'active']);
  });

  it('sums tokens of the window only, per model, and says how many runs are known', () => {
    expect(alpha.tokensIn).toBe(4000);
    expect(alpha.tokensOut).toBe(400);
    expect(alpha.tokensKnown).toBe(2);
    // 4,400 tokens over a 60-minute window.
    expect(alpha.tokensPerMin).toBeCloseTo(4400 / 60, 6);
    expect(alpha.byModel.map(([model]) => model)).toEqual(['anthropic/claude', 'openai/gpt-4o-mini']);
    expect(usageCompleteness(all)).toEqual({ known: 2, finished: 7 });
  });

  it('counts only the approvals that can still be answered (RUNS-API.md §16)', () => {
    expect([...answerableRunIds(runs)].sort()).toEqual([b[0].id, b[2].id].sort());
    expect(beta.approvals).toBe(2);
    expect(alpha.approvals).toBe(0);
    expect(beta.stopReasons).toEqual([['requires_approval', 3]]);
  });

  it('a run that came after an approval request makes it unanswerable', () => {
    const later = run('agent-b', 1, 'completed', { stop_reason: 'end_turn', seconds: 1 });
    const withLater = runsOf([...b, later]);
    expect(answerableRunIds(withLater).has(b[0].id)).toBe(false);
    expect(answerableRunIds(withLater).has(b[2].id)).toBe(true);
  });

  it('"all loaded" counts everything, tokens per minute over the span since the oldest run', () => {
    const every = computeAgentAggregates(runs, {}, usage, NOW, Infinity).find((x) => x.agentId === 'agent-a')!;
    expect(every.runs).toBe(6);
    expect(every.failed).toBe(3);
    expect(every.tokensIn).toBe(103_999);
    expect(every.tokensPerMin).toBeCloseTo((103_999 + 409) / 120, 6);
  });

  it('sorts by any column, worst first, and filters by name with ! inverting', () => {
    expect(filterAndSortAgents(all, '', 'failure').map((x) => x.agentId)).toEqual(['agent-a', 'agent-b']);
    expect(filterAndSortAgents(all, '', 'approvals').map((x) => x.agentId)).toEqual(['agent-b', 'agent-a']);
    expect(filterAndSortAgents(all, '', 'name').map((x) => x.name)).toEqual(['alpha', 'beta']);
    // beta has no known tokens: it sorts last whatever the direction.
    expect(filterAndSortAgents(all, '', 'tokensIn').map((x) => x.agentId)).toEqual(['agent-a', 'agent-b']);
    expect(filterAndSortAgents(all, 'bet', 'failure').map((x) => x.name)).toEqual(['beta']);
    expect(filterAndSortAgents(all, '!bet', 'failure').map((x) => x.name)).toEqual(['alpha']);
  });

  it('is computed once per change of its inputs, not per call', () => {
    const names = {};
    const first = agentAggregates(runs, names, usage, NOW, 60 * MIN);
    expect(agentAggregates(runs, names, usage, NOW + 1000, 60 * MIN)).toBe(first);
    expect(agentAggregates(runs, names, { ...usage }, NOW, 60 * MIN)).not.toBe(first);
  });
});

describe('usage from steps', () => {
  it('sums prompt and completion tokens per model, ignoring nulls', () => {
    const usage = usageFromSteps([
      { id: 'step-1', model_handle: 'openai/gpt-4o-mini', prompt_tokens: 100, completion_tokens: 10 },
      { id: 'step-2', model: 'gpt-4.1', prompt_tokens: 200, completion_tokens: null },
      { id: 'step-3', model_handle: 'openai/gpt-4o-mini', prompt_tokens: 50, completion_tokens: 5 },
    ]);
    expect(usage).toEqual({
      promptTokens: 350,
      completionTokens: 15,
      byModel: { 'openai/gpt-4o-mini': { promptTokens: 150, completionTokens: 15 }, 'gpt-4.1': { promptTokens: 200, completionTokens: 0 } },
    });
  });
});
