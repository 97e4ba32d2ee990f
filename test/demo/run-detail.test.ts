// Per-run endpoints and cancellation (RUNS-API.md §5, §7, §8, §9) over real HTTP.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { getJson, postJson, waitFor } from './helpers.js';

describe('messages, steps, usage, agents', () => {
  let server: DemoServer;
  let runId: string;

  beforeAll(async () => {
    server = await startDemoServer({ autoplay: false });
    runId = server.addRun({ steps: 3, outcome: 'end_turn', text: 'It is about 14°C with light rain in Paris.' });
  });
  afterAll(() => server.close());

  it('lists persisted messages in order: user input first, tool_calls as an array, shared ids per turn', async () => {
    const { status, body } = await getJson(`${server.url}/v1/runs/${runId}/messages`);
    expect(status).toBe(200);
    const types = body.map((m: { message_type: string }) => m.message_type);
    expect(types).toEqual([
      'user_message',
      'reasoning_message',
      'tool_call_message',
      'tool_return_message',
      'reasoning_message',
      'tool_call_message',
      'tool_return_message',
      'reasoning_message',
      'assistant_message',
    ]);
    const [, reasoning, call, ret] = body;
    expect(call.id).toBe(reasoning.id); // one stored message, two slices (§5)
    expect(call.otid).not.toBe(reasoning.otid);
    expect(ret.id).not.toBe(call.id); // tool return has its own id
    expect(Array.isArray(call.tool_calls)).toBe(true);
    expect(call.tool_calls[0].tool_call_id).toBe(ret.tool_call_id);
    expect(JSON.parse(call.tool_calls[0].arguments)).toBeTypeOf('object');
    expect(body.at(-1).content).toBe('It is about 14°C with light rain in Paris.');
    for (const message of body) {
      expect(message.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
      expect(message.seq_id).toBeNull();
      expect(message.run_id).toBe(runId);
      expect(message.otid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    // otid = id with the low 7 bits replaced by the slice index.
    expect(reasoning.otid.slice(0, -2)).toBe(reasoning.id.slice('message-'.length, -2));
    expect(parseInt(reasoning.otid.slice(-2), 16) & 0x7f).toBe(0);
    expect(parseInt(call.otid.slice(-2), 16) & 0x7f).toBe(1);
  });

  it('pages messages with chronological cursors; limit counts stored messages', async () => {
    const all = (await getJson(`${server.url}/v1/runs/${runId}/messages`)).body;
    const firstTwo = (await getJson(`${server.url}/v1/runs/${runId}/messages?limit=2`)).body;
    // user message + (reasoning, tool call) of one stored message = 3 LettaMessages for limit 2
    expect(firstTwo.map((m: { message_type: string }) => m.message_type)).toEqual(['user_message', 'reasoning_message', 'tool_call_message']);
    const after = (await getJson(`${server.url}/v1/runs/${runId}/messages?after=${firstTwo[1].id}`)).body;
    expect(after).toEqual(all.slice(3));
    const afterDesc = (await getJson(`${server.url}/v1/runs/${runId}/messages?after=${firstTwo[1].id}&order=desc`)).body;
    expect(afterDesc).toEqual(all.slice(3).reverse());
    const before = (await getJson(`${server.url}/v1/runs/${runId}/messages?before=${all[3].id}`)).body;
    expect(before).toEqual(all.slice(0, 3));
    const unknown = await getJson(`${server.url}/v1/runs/${runId}/messages?after=message-00000000-0000-4000-8000-000000000000`);
    expect(unknown.status).toBe(404);
  });

  it('lists steps desc by default with after = next page', async () => {
    const desc = (await getJson(`${server.url}/v1/runs/${runId}/steps`)).body;
    expect(desc).toHaveLength(3);
    expect(desc[0].stop_reason).toBe('end_turn');
    expect(desc[1].stop_reason).toBeNull();
    const asc = (await getJson(`${server.url}/v1/runs/${runId}/steps?order=asc`)).body;
    expect(asc.map((s: { id: string }) => s.id)).toEqual([...desc].reverse().map((s: { id: string }) => s.id));
    const page2 = (await getJson(`${server.url}/v1/runs/${runId}/steps?limit=1&after=${desc[0].id}`)).body;
    expect(page2.map((s: { id: string }) => s.id)).toEqual([desc[1].id]);
    const step = desc[0];
    expect(step.run_id).toBe(runId);
    expect(step.total_tokens).toBe(step.prompt_tokens + step.completion_tokens);
    expect(step.status).toBe('success');
    expect(step.model_handle).toContain('/');
    expect((await getJson(`${server.url}/v1/runs/${runId}/steps?after=step-00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await getJson(`${server.url}/v1/runs/${runId}/steps?order=up`)).status).toBe(400);
  });

  it('returns usage without step_count and with null details (§7)', async () => {
    const { body } = await getJson(`${server.url}/v1/runs/${runId}/usage`);
    const steps = (await getJson(`${server.url}/v1/runs/${runId}/steps`)).body;
    expect(Object.keys(body).sort()).toEqual(['completion_tokens', 'completion_tokens_details', 'prompt_tokens', 'prompt_tokens_details', 'total_tokens']);
    expect(body.prompt_tokens_details).toBeNull();
    expect(body.completion_tokens).toBe(steps.reduce((sum: number, s: { completion_tokens: number }) => sum + s.completion_tokens, 0));
  });

  it('serves agents by id and in a list', async () => {
    const list = (await getJson(`${server.url}/v1/agents/`)).body;
    expect(list.map((a: { name: string }) => a.name)).toEqual(['support-bot', 'research-assistant', 'code-reviewer', 'data-analyst', 'scheduler', 'faq-helper', 'digest-writer']);
    const one = await getJson(`${server.url}/v1/agents/${list[1].id}`);
    expect(one.status).toBe(200);
    expect(one.body.name).toBe('research-assistant');
    expect(one.body.model).toBe('anthropic/claude-sonnet-4-5');
    expect((await getJson(`${server.url}/v1/agents/agent-00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await getJson(`${server.url}/v1/agents/bob`)).status).toBe(400);
  });

  it('counts expected message slices', () => {
    // reasoning + call + return, twice, then reasoning + assistant
    expect(server.expectedMessageCount(runId)).toBe(8);
    expect(server.expectedMessageCount()).toBeGreaterThanOrEqual(8);
  });
});

describe('non-background runs and cancellation', () => {
  let server: DemoServer;
  let agents: Array<{ id: string }>;

  beforeAll(async () => {
    server = await startDemoServer({ autoplay: false, tokenIntervalMs: 3 });
    agents = (await getJson(`${server.url}/v1/agents/`)).body;
  });
  afterAll(() => server.close());

  it('grows /messages step by step for a live non-background run, created → running → completed', async () => {
    const runId = server.addRun({ background: false, live: true, steps: 3, agentId: agents[0].id });
    const counts = new Set<number>();
    const statuses = new Set<string>();
    await waitFor(async () => {
      const messages = (await getJson(`${server.url}/v1/runs/${runId}/messages`)).body;
      counts.add(messages.length);
      const run = (await getJson(`${server.url}/v1/runs/${runId}`)).body;
      expect(run.background).toBe(false);
      statuses.add(run.status);
      return run.status === 'completed';
    });
    expect(statuses.has('running')).toBe(true);
    // user only, then after each persisted step: 1, 4, 7, 9 — we saw at least an intermediate size
    expect([...counts].some((n) => n > 1 && n < 9)).toBe(true);
    const stream = await postJson(`${server.url}/v1/runs/${runId}/stream`, {});
    expect(stream.status).toBe(400);
    expect(stream.body).toEqual({ detail: 'Run was not created in background mode, so it cannot be retrieved.' });
  });

  it('cancels listed runs, leaves finished ones alone, 409 when nothing is active', async () => {
    const slow = await startDemoServer({ autoplay: false, tokenIntervalMs: 500 });
    try {
      const agentId = (await getJson(`${slow.url}/v1/agents/`)).body[2].id;
      const live = slow.addRun({ agentId, live: true, steps: 4 });
      expect((await getJson(`${slow.url}/v1/runs/${live}`)).body.status).toBe('created'); // first tick is ≥ 500 ms away
      const done = slow.addRun({ agentId, steps: 1 });
      const approval = slow.addRun({ agentId, steps: 1, outcome: 'requires_approval' });

      const result = await postJson(`${slow.url}/v1/agents/${agentId}/messages/cancel`, { run_ids: [live, done] });
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ [live]: 'cancelled', [done]: 'cancelled' });
      const cancelled = (await getJson(`${slow.url}/v1/runs/${live}`)).body;
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled.stop_reason).toBe('cancelled');
      expect(cancelled.completed_at).not.toBeNull();
      const untouched = (await getJson(`${slow.url}/v1/runs/${done}`)).body;
      expect(untouched.status).toBe('completed');
      expect(untouched.stop_reason).toBe('end_turn');
      // The stream of the cancelled run ends the cancellation way.
      expect(slow.storedChunks(live).slice(-2)).toEqual(['{"message_type": "stop_reason", "stop_reason": "cancelled"}', '[DONE]']);

      // A run paused on approval can still be cancelled (§9).
      await postJson(`${slow.url}/v1/agents/${agentId}/messages/cancel`, { run_ids: [approval] });
      expect((await getJson(`${slow.url}/v1/runs/${approval}`)).body.status).toBe('cancelled');

      const nothing = await postJson(`${slow.url}/v1/agents/${agentId}/messages/cancel`, {});
      expect(nothing.status).toBe(409);

      const a = slow.addRun({ agentId, live: true });
      const b = slow.addRun({ agentId, live: true, background: false });
      const other = slow.addRun({ agentId: (await getJson(`${slow.url}/v1/agents/`)).body[0].id, live: true });
      const all = await postJson(`${slow.url}/v1/agents/${agentId}/messages/cancel`, {});
      expect(all.status).toBe(200);
      expect(Object.keys(all.body).sort()).toEqual([a, b].sort());
      expect((await getJson(`${slow.url}/v1/runs/${other}`)).body.status).not.toBe('cancelled');
    } finally {
      await slow.close();
    }
  });
});
