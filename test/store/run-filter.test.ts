import { describe, expect, it } from 'vitest';
import type { WireRun } from '../../src/api/types.js';
import { createAppStore } from '../../src/store/create-store.js';
import { parseFilter } from '../../src/store/run-filter.js';
import { upsertRuns } from '../../src/store/runs-reducers.js';
import { visibleRunIds } from '../../src/store/selectors.js';

const run = (n: number, agent: string, status: string, stop: string | null, error?: unknown): WireRun => ({
  id: `run-${String(n).padStart(4, '0')}-aaaa`,
  agent_id: agent,
  status,
  stop_reason: stop,
  created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, 60 - n)).toISOString(),
  ...(error === undefined ? {} : { metadata: { error } }),
});

const RUNS = [
  run(1, 'agent-support', 'running', null),
  run(2, 'agent-research', 'completed', 'end_turn'),
  run(3, 'agent-support', 'completed', 'llm_api_error', { error_type: 'RateLimitError', message: 'Rate limit exceeded' }),
  run(4, 'agent-research', 'failed', 'error', 'Tool sandbox timeout after 300s'),
  // In a conversation of its own: the latest request there, so it can still be answered (issue 10).
  { ...run(5, 'agent-support', 'completed', 'requires_approval'), conversation_id: 'conv-5' },
  run(6, 'agent-research', 'cancelled', 'cancelled'),
];
const AGENTS = { 'agent-support': 'support-bot', 'agent-research': 'research-assistant' };

function view() {
  const store = createAppStore('test');
  store.setState(upsertRuns(store.getState(), RUNS, 1000)!);
  return { runs: store.getState().runs, agents: AGENTS, details: {} };
}
const VIEW = view();

/** The numbers of the runs the filter shows, in list order. */
function shown(filterText: string): number[] {
  return visibleRunIds(VIEW, { filterText, quickFilter: 'all', sort: 'created' }).map((id) => Number(id.slice(4, 8)));
}

describe('parseFilter', () => {
  it('splits terms on spaces, reads field:value and ! per term', () => {
    expect(parseFilter('agent:Support  !status:failed timeout')).toEqual([
      { field: 'agent', value: 'support', invert: false },
      { field: 'status', value: 'failed', invert: true },
      { field: 'any', value: 'timeout', invert: false },
    ]);
  });

  it('keeps quoted values whole, reads an unknown prefix as text, and skips terms still being typed', () => {
    expect(parseFilter('error:"rate limit" 12:30')).toEqual([
      { field: 'error', value: 'rate limit', invert: false },
      { field: 'any', value: '12:30', invert: false },
    ]);
    expect(parseFilter('status: ! ')).toEqual([]);
    expect(parseFilter('! support')).toEqual([{ field: 'any', value: 'support', invert: true }]);
    expect(parseFilter('   ')).toEqual([]);
  });
});

describe('the / filter', () => {
  it('a bare word matches id, status, stop reason, agent name and error text', () => {
    expect(shown('support')).toEqual([1, 3, 5]);
    expect(shown('0004')).toEqual([4]);
    expect(shown('end_turn')).toEqual([2]);
    expect(shown('RUNNING')).toEqual([1]);
    expect(shown('sandbox')).toEqual([4]);
    expect(shown('ratelimiterror')).toEqual([3]);
  });

  it('keeps !text meaning "not"', () => {
    expect(shown('!support')).toEqual([2, 4, 6]);
  });

  it('needs every term to match (AND)', () => {
    expect(shown('agent:support status:failed')).toEqual([3]);
    expect(shown('agent:research !cancelled')).toEqual([2, 4]);
    expect(shown('support research')).toEqual([]);
  });

  it('status: means the group for a group word (a completed run stopped by an error is failed)', () => {
    expect(shown('status:failed')).toEqual([3, 4]);
    expect(shown('status:approval')).toEqual([5]);
    expect(shown('status:waiting')).toEqual([5]);
    expect(shown('status:completed')).toEqual([2]);
    expect(shown('status:done')).toEqual([2]);
    expect(shown('status:active')).toEqual([1]);
    // Any other value is the status word, or a group being typed.
    expect(shown('status:running')).toEqual([1]);
    expect(shown('status:fail')).toEqual([3, 4]);
    expect(shown('!status:completed')).toEqual([1, 3, 4, 5, 6]);
  });

  it('agent:, stop:, id: and error: look at their field only', () => {
    expect(shown('agent:research-assistant')).toEqual([2, 4, 6]);
    expect(shown('agent:agent-sup')).toEqual([1, 3, 5]);
    expect(shown('stop:error')).toEqual([3, 4]);
    expect(shown('id:0002')).toEqual([2]);
    expect(shown('error:rate')).toEqual([3]);
    expect(shown('error:"sandbox timeout"')).toEqual([4]);
    // "support" is in run 3's agent, not in its error text.
    expect(shown('error:support')).toEqual([]);
  });
});
