// Answering approval requests from the terminal (issue 10): the built CLI in a real pseudo-terminal
// against the simulated server over loopback, which applies the real server's rules (RUNS-API.md §16).

import { describe, expect, it } from 'vitest';
import type { DemoServer } from '../../src/demo/server.js';
import { STATUS_GLYPH } from '../../src/ui/theme.js';
import { monitorSession, selected, short, testServer } from './monitor-session.js';
import type { PtySession } from './pty-terminal.js';

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

/** The request is answerable and its pending calls have loaded (`a` before that says so and waits). */
async function answerable(pty: PtySession): Promise<void> {
  await pty.waitFor((s) => s.includes('answerable: a approves') && / · (call_|toolu_)\w+/.test(s), 'an answerable request with its calls');
}

function monitor(server: DemoServer, extra: string[] = []): PtySession {
  return monitorSession(['--base-url', server.url, '--interval', '0.5', ...extra], { columns: 150, rows: 44 });
}

describe('approvals in a real terminal', () => {
  it('approves the selected request, shows exactly what is sent, then selects the new run with its tool return', async () => {
    const server = await testServer({ seed: 5, tokenIntervalMs: 5 });
    const waiting = server.addRun({ outcome: 'requires_approval', steps: 1, createdAt: minutesAgo(3) });
    const pty = monitor(server);
    await answerable(pty);
    expect(pty.text()).toContain(`${STATUS_GLYPH.approval} 1 to approve`);
    pty.write('a');
    const confirm = await pty.waitFor((s) => s.includes('This will be sent:'), 'the confirmation');
    expect(confirm).toMatch(/POST \/v1\/agents\/agent-[0-9a-f-]+\/messages\/async/);
    expect(confirm).toContain('"approve": true');
    pty.write('y');
    const after = await pty.waitFor((s) => /Messages · [0-9a-f]{8} · complete/.test(s) && s.includes('ran with your approval'), 'the new run, finished');
    expect(selected(after)).not.toBe(short(waiting));
    expect(after).toMatch(/\n.*│ ok {7}/); // the tool return
    expect(after).toContain('approval approved');
    expect(after).toContain(`${STATUS_GLYPH.approval} 0 to approve`);
  });

  it('denies with a reason and shows the agent answering it', async () => {
    const server = await testServer({ seed: 6, tokenIntervalMs: 5 });
    server.addRun({ outcome: 'requires_approval', steps: 2, createdAt: minutesAgo(3) });
    const pty = monitor(server);
    await answerable(pty);
    pty.write('d');
    await pty.waitFor((s) => s.includes('Reason for the denial'), 'the reason field');
    pty.write('not on a Friday');
    pty.write('\r');
    const confirm = await pty.waitFor((s) => s.includes('This will be sent:'), 'the confirmation');
    expect(confirm).toContain('"approve": false');
    expect(confirm).toContain('"reason": "not on a Friday"');
    pty.write('y');
    const after = await pty.waitFor((s) => s.includes('I did not run') && s.includes('complete'), "the agent's reply");
    expect(after).toContain('not on a Friday');
  });

  it("shows the server's refusal of a request that another run overtook before the answer arrived", async () => {
    const server = await testServer({ seed: 8, tokenIntervalMs: 5 });
    const conversation = 'conv-2b0e1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
    const waiting = server.addRun({ conversationId: conversation, outcome: 'requires_approval', steps: 1, createdAt: minutesAgo(3) });
    // A long interval: the monitor has not seen the later run when the answer goes out.
    const pty = monitor(server, ['--interval', '120']);
    await answerable(pty);
    pty.write('a');
    const confirm = await pty.waitFor((s) => s.includes('This will be sent:'), 'the confirmation');
    expect(confirm).toContain(`POST /v1/conversations/${conversation}/messages`);
    const agent = (await (await fetch(`${server.url}/v1/runs/${waiting}`)).json()).agent_id;
    server.addRun({ agentId: agent, conversationId: conversation, outcome: 'end_turn', steps: 1, createdAt: minutesAgo(1) });
    pty.write('y');
    const refused = await pty.waitFor((s) => s.includes('refused by the server (HTTP 400): Cannot process approval response'), 'the refusal');
    expect(refused).toContain(`answer to run ${short(waiting)}`);
    // The screen catches up: the request is no longer answerable, and says why.
    await pty.waitFor((s) => s.includes('not answerable: overtaken by run'), 'the request shown as overtaken');
  });

  it('--read-only refuses to approve or deny, saying so', async () => {
    const server = await testServer({ seed: 9, tokenIntervalMs: 5 });
    server.addRun({ outcome: 'requires_approval', steps: 1, createdAt: minutesAgo(3) });
    const pty = monitor(server, ['--read-only']);
    await pty.waitFor((s) => s.includes('⚑ waiting for approval'), 'the pending call');
    pty.write('a');
    await pty.waitFor((s) => s.includes('read-only mode: approving and denying are disabled (--read-only)'), 'the refusal');
    pty.write('d');
    await pty.waitFor((s) => s.includes('read-only mode: approving and denying are disabled (--read-only)'), 'the refusal again');
    expect(pty.text()).not.toContain('This will be sent:');
  });
});
