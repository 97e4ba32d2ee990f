// The agents view in a real terminal at 80x24 (issue 9): switch views, see every agent's figures fill
// in from the background usage fetch, drill into an agent's runs and come back.

import { describe, expect, it } from 'vitest';
import { monitorSession, testServer } from './monitor-session.js';

describe('agents view in a real terminal', () => {
  it('v shows one row per agent, Enter opens its runs, Esc comes back to the same row', async () => {
    const server = await testServer({ seed: 8 });
    const agents = (await (await fetch(`${server.url}/v1/agents/`)).json()) as Array<{ id: string; name: string }>;
    const support = agents.find((a) => a.name === 'support-bot')!.id;
    const scheduler = agents.find((a) => a.name === 'scheduler')!.id;
    for (let i = 0; i < 3; i++) server.addRun({ agentId: support, outcome: i === 0 ? 'error' : 'end_turn', live: false });
    server.addRun({ agentId: scheduler, outcome: 'requires_approval', live: false });
    const session = monitorSession(['--base-url', server.url, '--interval', '0.5', '--usage-rate', '20'], { columns: 80, rows: 24 });
    await session.waitFor((s) => /Runs 1\/4/.test(s), 'the runs');
    session.write('v');
    // The background fetch reads every finished run's usage: 4 of 4.
    const agentsScreen = await session.waitFor((s) => /Agents \d\/2 · tokens 4\/4 runs/.test(s), 'the agents with their tokens');
    expect(agentsScreen).toMatch(/^ Agents /m);
    expect(agentsScreen).toMatch(/support-b\S* +33% +3 /);
    expect(agentsScreen).toMatch(/scheduler +0% +1 +0 +1 /);
    // Sorted by failure rate: support-bot first. Move to the scheduler and open its runs.
    session.write('j');
    await session.waitFor((s) => s.includes('Agent · scheduler'), 'the scheduler selected');
    session.write('\r');
    const runs = await session.waitFor((s) => /Runs of scheduler/.test(s) && /Runs 1\/1 \(filtered from 4\)/.test(s), "the scheduler's runs");
    expect(runs).toMatch(/[?⚑] [0-9a-f]{8} scheduler/);
    session.write('\u001b');
    await session.waitFor((s) => /^ Agents /m.test(s) && s.includes('Agent · scheduler') && /Agents 2\/2/.test(s), 'back on the scheduler row');
    session.write('q');
    const { exitCode } = await session.exited;
    expect(exitCode).toBe(0);
  });
});
