// The simulated server's approval flow over loopback HTTP, with the real server's rules (RUNS-API.md §16).

import { afterEach, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { getJson, postJson, readStream, waitFor } from './helpers.js';

let server: DemoServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(): Promise<DemoServer> {
  server = await startDemoServer({ seed: 11, autoplay: false, tokenIntervalMs: 2 });
  return server;
}

async function pendingIds(base: string, runId: string): Promise<string[]> {
  const { body } = await getJson(`${base}/v1/runs/${runId}/messages`);
  return body.filter((m: any) => m.message_type === 'approval_request_message').flatMap((m: any) => m.tool_calls.map((c: any) => c.tool_call_id));
}

async function agentOf(base: string, runId: string): Promise<string> {
  return (await getJson(`${base}/v1/runs/${runId}`)).body.agent_id;
}

const approval = (ids: string[], approve: boolean, reason?: string) => ({
  messages: [{ type: 'approval', otid: 'b0a2a8a4-1111-4a4a-8a8a-000000000001', approvals: ids.map((id) => ({ type: 'approval', tool_call_id: id, approve, ...(reason ? { reason } : {}) })) }],
});

async function finished(base: string, runId: string): Promise<any> {
  return waitFor(async () => {
    const { body } = await getJson(`${base}/v1/runs/${runId}`);
    return body.status === 'created' || body.status === 'running' ? null : body;
  });
}

describe('approvals on the simulated server (§16)', () => {
  it('an approval through /messages/async starts a new run with the approval response, the tool return and an answer', async () => {
    const demo = await start();
    const waiting = demo.addRun({ outcome: 'requires_approval', steps: 1 });
    const ids = await pendingIds(demo.url, waiting);
    expect(ids).toHaveLength(1);
    const agent = await agentOf(demo.url, waiting);
    const { status, body: run } = await postJson(`${demo.url}/v1/agents/${agent}/messages/async`, approval(ids, true));
    expect(status).toBe(200);
    expect(run.id).not.toBe(waiting);
    expect(run.metadata.run_type).toBe('send_message_async');
    expect((await finished(demo.url, run.id)).stop_reason).toBe('end_turn');
    const { body: messages } = await getJson(`${demo.url}/v1/runs/${run.id}/messages`);
    const types = messages.map((m: any) => m.message_type);
    expect(types[0]).toBe('approval_response_message');
    expect(messages[0].approvals).toEqual([{ type: 'approval', tool_call_id: ids[0], approve: true, reason: null }]);
    const ret = messages.find((m: any) => m.message_type === 'tool_return_message');
    expect(ret.status).toBe('success');
    expect(types).toContain('assistant_message');
    // The old run stays as it was.
    expect((await getJson(`${demo.url}/v1/runs/${waiting}`)).body.stop_reason).toBe('requires_approval');

    // The same ids again: an idempotent retry, nothing runs twice.
    const again = await postJson(`${demo.url}/v1/agents/${agent}/messages/async`, approval(ids, true));
    expect(again.status).toBe(200);
    expect((await finished(demo.url, again.body.id)).stop_reason).toBe('end_turn');
    const { body: retried } = await getJson(`${demo.url}/v1/runs/${again.body.id}/messages`);
    expect(retried.some((m: any) => m.message_type === 'tool_return_message')).toBe(false);
    expect(retried.find((m: any) => m.message_type === 'assistant_message').content).toContain('already answered');
  });

  it('a denial makes the agent answer with the reason', async () => {
    const demo = await start();
    const waiting = demo.addRun({ outcome: 'requires_approval', steps: 2 });
    const ids = await pendingIds(demo.url, waiting);
    const { body: run } = await postJson(`${demo.url}/v1/agents/${await agentOf(demo.url, waiting)}/messages/async`, approval(ids, false, 'not on a Friday'));
    await finished(demo.url, run.id);
    const { body: messages } = await getJson(`${demo.url}/v1/runs/${run.id}/messages`);
    const ret = messages.find((m: any) => m.message_type === 'tool_return_message');
    expect(ret.status).toBe('error');
    expect(ret.tool_return).toContain('not on a Friday');
    expect(messages.find((m: any) => m.message_type === 'assistant_message').content).toContain('not on a Friday');
  });

  it('refuses an answer to a request that is no longer the latest: a failing Run through /async, 400 through a conversation', async () => {
    const demo = await start();
    const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);
    const old = demo.addRun({ outcome: 'requires_approval', steps: 1, createdAt: minutesAgo(9) });
    const agent = await agentOf(demo.url, old);
    const ids = await pendingIds(demo.url, old);
    demo.addRun({ agentId: agent, outcome: 'end_turn', steps: 1, createdAt: minutesAgo(8) });
    const { status, body: run } = await postJson(`${demo.url}/v1/agents/${agent}/messages/async`, approval(ids, true));
    expect(status).toBe(200);
    const ended = await finished(demo.url, run.id);
    expect(ended.status).toBe('failed');
    expect(JSON.stringify(ended.metadata.error)).toContain('Cannot process approval response: No tool call is currently awaiting approval.');

    const conversation = 'conv-0b0e1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
    const inConversation = demo.addRun({ agentId: agent, conversationId: conversation, outcome: 'requires_approval', steps: 1, createdAt: minutesAgo(7) });
    const convIds = await pendingIds(demo.url, inConversation);
    demo.addRun({ agentId: agent, conversationId: conversation, outcome: 'end_turn', steps: 1, createdAt: minutesAgo(6) });
    const refused = await postJson(`${demo.url}/v1/conversations/${conversation}/messages`, { ...approval(convIds, true), streaming: true, background: true });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toMatch(/^Cannot process approval response: No tool call is currently awaiting approval/);
  });

  it('streams the answer run of a conversation, every chunk carrying its run_id; wrong ids and wrong bodies are refused', async () => {
    const demo = await start();
    const conversation = 'conv-1b0e1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
    const waiting = demo.addRun({ conversationId: conversation, outcome: 'requires_approval', steps: 1 });
    const ids = await pendingIds(demo.url, waiting);
    const wrong = await postJson(`${demo.url}/v1/conversations/${conversation}/messages`, approval(['call_nope'], true));
    expect(wrong.status).toBe(400);
    expect(wrong.body.detail).toBe(`Invalid tool call IDs. Expected '['${ids[0]}']', but received '['call_nope']'.`);
    const invalid = await postJson(`${demo.url}/v1/conversations/${conversation}/messages`, { messages: [{ type: 'approval', approvals: [{ tool_call_id: ids[0] }] }] });
    expect(invalid.status).toBe(422);
    expect(typeof invalid.body.detail).toBe('string');
    expect(invalid.body.detail).toContain("'approve'");
    expect(invalid.body.detail).toContain('Field required');
    // An ordinary message while the agent waits: 409.
    const busy = await postJson(`${demo.url}/v1/conversations/${conversation}/messages`, { messages: [{ role: 'user', content: 'hello?' }] });
    expect(busy.status).toBe(409);

    const response = await fetch(`${demo.url}/v1/conversations/${conversation}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...approval(ids, true), streaming: true, background: true }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text();
    const chunks = text.split('\n').filter((l) => l.startsWith('data: ') && l !== 'data: [DONE]').map((l) => JSON.parse(l.slice(6)));
    const messageChunks = chunks.filter((c) => c.message_type.endsWith('_message'));
    const runIds = new Set(messageChunks.map((c) => c.run_id));
    expect(runIds.size).toBe(1);
    const [newRun] = [...runIds];
    expect(newRun).not.toBe(waiting);
    expect(chunks.map((c) => c.message_type)).toEqual(expect.arrayContaining(['approval_response_message', 'tool_return_message', 'assistant_message']));
    expect(text.trim().endsWith('data: [DONE]')).toBe(true);
    // A background run can be streamed again by id.
    const replay = await readStream(demo.url, newRun);
    expect(replay.status).toBe(200);
  });
});
