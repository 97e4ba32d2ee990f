// Agents-view rows at every width: columns by priority, never wider than the pane (issue 9).

import { describe, expect, it } from 'vitest';
import type { AgentAggregate } from '../../src/store/agent-aggregates.js';
import { agentColumnHeader, agentLayoutFor, formatAgentRow } from '../../src/ui/agent-columns.js';

const agent: AgentAggregate = {
  agentId: 'agent-1',
  name: 'research-assistant-with-a-long-name',
  active: 2,
  runs: 27,
  finished: 25,
  failed: 4,
  failureRate: 0.16,
  approvals: 1,
  p50Ms: 10_000,
  p95Ms: 65_000,
  tokensIn: 2_900_000,
  tokensOut: 31_100,
  tokensKnown: 25,
  tokensPerMin: 48_900,
  lastRunAt: Date.now() - 5 * 60_000,
  topFailure: 'llm_api_error',
  recentGroups: [],
  recentDurations: [],
  byModel: [],
  stopReasons: [],
};

describe('agent columns', () => {
  it('keep name, failure rate and runs at any width, and drop the rest by priority', () => {
    for (let width = 20; width <= 140; width++) {
      const row = formatAgentRow(agent, width, Date.now());
      const header = agentColumnHeader(width, 'failure');
      expect(row.length).toBeLessThanOrEqual(width);
      expect(header.length).toBeLessThanOrEqual(width);
      const l = agentLayoutFor(width);
      expect(l.columns.slice(0, 2).map((c) => c.key)).toEqual(['failure', 'runs']);
    }
    expect(agentLayoutFor(36).columns.map((c) => c.key)).toEqual(['failure', 'runs', 'active', 'approvals']);
    const wide = formatAgentRow(agent, 110, Date.now());
    for (const text of ['16%', '27', '10s', '1m 05s', '48.9k', '2.9M', '31.1k', 'llm_api_error', '5m']) expect(wide).toContain(text);
    expect(agentColumnHeader(110, 'p95')).toMatch(/P95\*/);
  });
});
