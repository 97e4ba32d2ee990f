// The API client against the simulated Letta server over loopback HTTP: every endpoint, every way a
// stream ends, and resumption from a seq_id.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LettaClient } from '../../src/api/client.js';
import { ApiError, validationSummary } from '../../src/api/errors.js';
import type { StreamChunk, WireMessage } from '../../src/api/types.js';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';

let server: DemoServer;
let client: LettaClient;

beforeAll(async () => {
  server = await startDemoServer({ seed: 11, autoplay: false, historyRuns: 0 });
  client = new LettaClient({ baseUrl: server.url });
});

afterAll(async () => {
  await client.destroy();
  await server.close();
});

async function collect(iterable: AsyncIterable<StreamChunk>): Promise<StreamChunk[]> {
  const out: StreamChunk[] = [];
  for await (const chunk of iterable) out.push(chunk);
  return out;
}

const kinds = (chunks: StreamChunk[]) => chunks.map((c) => (c.kind === 'message' ? c.message.message_type : c.kind));

describe('runs list and retrieve', () => {
  it('lists runs newest first and pages with `before` (RUNS-API.md §3)', async () => {
    const ids = [1, 2, 3, 4, 5].map((i) => server.addRun({ live: false, createdAt: new Date(Date.now() - (10 - i) * 60_000) }));
    const firstPage = await client.listRuns({ limit: 2 });
    expect(firstPage.map((r) => r.id)).toEqual([ids[4], ids[3]]);
    const next = await client.listRuns({ limit: 2, before: firstPage[1].id });
    expect(next.map((r) => r.id)).toEqual([ids[2], ids[1]]);
    const newer = await client.listRuns({ limit: 10, after: ids[3] });
    expect(newer.map((r) => r.id)).toEqual([ids[4]]);
  });

  it('filters by agent and statuses, sending statuses as a repeated key', async () => {
    const agents = (await (await fetch(`${server.url}/v1/agents/`)).json()) as Array<{ id: string }>;
    for (let i = 0; i < 8; i++) server.addRun({ live: false, agentId: agents[i % agents.length].id });
    const agentId = agents[1].id;
    const agentRun = server.addRun({ live: false, outcome: 'cancelled', agentId });
    const byAgent = await client.listRuns({ agent_id: agentId, limit: 1000 });
    expect(byAgent.map((r) => r.id)).toContain(agentRun);
    expect(byAgent.every((r) => r.agent_id === agentId)).toBe(true);
    const all = await client.listRuns({ limit: 1000 });
    expect(all.length).toBeGreaterThan(byAgent.length);
    const cancelledOrFailed = await client.listRuns({ statuses: ['cancelled', 'failed'], limit: 1000 });
    expect(cancelledOrFailed.length).toBeGreaterThan(0);
    expect(cancelledOrFailed.every((r) => r.status === 'cancelled' || r.status === 'failed')).toBe(true);
  });

  it('retrieves one run, and says "not found" as a typed error for an unknown one', async () => {
    const id = server.addRun({ live: false });
    expect((await client.getRun(id)).id).toBe(id);
    const error = await client.getRun('run-00000000-0000-4000-8000-000000000000').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).kind).toBe('not_found');
    expect((error as ApiError).message).toMatch(/not found/i);
  });

  it('an invalid status is a bad request with the server sentence', async () => {
    const error = (await client.listRuns({ statuses: ['bogus'] }).catch((e: unknown) => e)) as ApiError;
    expect(error.kind).toBe('bad_request');
    expect(error.status).toBe(400);
  });

  it("a 422 says which field and why, not the Python repr of pydantic's error list (§10)", async () => {
    const error = (await client.listRuns({ limit: 5000, stop_reason: 'sideways' }).catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(422);
    expect(error.detail).toMatch(/^query\.stop_reason: Input should be 'end_turn', .*; query\.limit: /);
    const limit = (await client.listRuns({ limit: 5000 }).catch((e: unknown) => e)) as ApiError;
    expect(limit.detail).toBe('query.limit: Input should be less than or equal to 1000');
  });
});

describe('validationSummary', () => {
  it('reads the fields and reasons out of the repr, quotes and all, and leaves other text alone', () => {
    const repr = `[{'type': 'missing', 'loc': ('body', 'messages', 0, 'approve'), 'msg': 'Field required', 'input': {'tool_call_id': 'x'}}, {'type': 'value_error', 'loc': ('body', "it's"), 'msg': "Value error, can't be (empty)", 'input': ''}]`;
    expect(validationSummary(repr)).toBe("body.messages.0.approve: Field required; body.it's: Value error, can't be (empty)");
    expect(validationSummary(`[{'type': 'x', 'loc': ('query', 'a\\'b'), 'msg': 'say \\'hi\\'', 'input': 1}]`)).toBe("query.a'b: say 'hi'");
    expect(validationSummary('Run not found')).toBeNull();
    expect(validationSummary('[{"no": "pydantic here"}]')).toBeNull();
  });
});

describe('messages, steps, usage, agents', () => {
  it('reads a finished run: messages in order with the cursor, steps, usage and the agent', async () => {
    const id = server.addRun({ live: false, steps: 2, outcome: 'end_turn', text: 'All done here.' });
    const messages = await client.listRunMessages(id);
    expect(messages[0].message_type).toBe('user_message');
    expect(messages.some((m) => m.message_type === 'assistant_message')).toBe(true);
    const after = await client.listRunMessages(id, { after: messages[0].id! });
    expect(after.length).toBeLessThan(messages.length);
    expect(after.every((m) => m.id !== messages[0].id)).toBe(true);
    const steps = await client.listRunSteps(id, { order: 'asc' });
    expect(steps).toHaveLength(2);
    expect(steps[1].stop_reason).toBe('end_turn');
    const usage = await client.getRunUsage(id);
    expect(usage.total_tokens).toBe(steps.reduce((sum, s) => sum + (s.total_tokens ?? 0), 0));
    const run = await client.getRun(id);
    const agent = await client.getAgent(run.agent_id!);
    expect(agent.name).toBeTruthy();
    // Cached: the same promise, no second request.
    const requests = server.stats().requests;
    await client.getAgent(run.agent_id!);
    expect(server.stats().requests).toBe(requests);
  });
});

describe('cancel', () => {
  it('cancels exactly the given run ids', async () => {
    const live = server.addRun({ live: true, steps: 4 });
    const other = server.addRun({ live: true, steps: 4 });
    const run = await client.getRun(live);
    const result = await client.cancelRuns(run.agent_id!, [live]);
    expect(result[live]).toBe('cancelled');
    expect((await client.getRun(live)).status).toBe('cancelled');
    expect((await client.getRun(other)).status).not.toBe('cancelled');
  });

  it('refuses to send an empty id list (that would cancel every run of the agent)', async () => {
    await expect(client.cancelRuns('agent-x', [])).rejects.toThrow(/no run ids/);
  });
});

describe('stream', () => {
  it('a normal end: messages with seq_ids, stop_reason, usage_statistics, then [DONE]', async () => {
    const id = server.addRun({ live: false, background: true, outcome: 'end_turn' });
    const chunks = await collect(client.streamRun(id));
    const k = kinds(chunks);
    expect(k.slice(-3)).toEqual(['stop_reason', 'usage', 'done']);
    expect(k).toContain('reasoning_message');
    expect(k).toContain('assistant_message');
    const seqs = chunks.flatMap((c) => (c.kind === 'message' && typeof c.message.seq_id === 'number' ? [c.message.seq_id] : []));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs[0]).toBe(1);
  });

  it('an error end: stop_reason, then event: error, and no [DONE]', async () => {
    const id = server.addRun({ live: false, background: true, outcome: 'error' });
    const k = kinds(await collect(client.streamRun(id)));
    expect(k.at(-1)).toBe('error');
    expect(k.at(-2)).toBe('stop_reason');
    expect(k).not.toContain('done');
  });

  it('a cancelled end: stop_reason cancelled then [DONE], no usage', async () => {
    const id = server.addRun({ live: false, background: true, outcome: 'cancelled' });
    const chunks = await collect(client.streamRun(id));
    const stop = chunks.find((c) => c.kind === 'stop_reason');
    expect(stop && stop.kind === 'stop_reason' && stop.stopReason).toBe('cancelled');
    expect(kinds(chunks)).not.toContain('usage');
    expect(kinds(chunks).at(-1)).toBe('done');
  });

  it('resumes after a seq_id with exactly the chunks that follow it', async () => {
    const id = server.addRun({ live: false, background: true, outcome: 'end_turn' });
    const all = await collect(client.streamRun(id));
    const withSeq = all.filter((c): c is Extract<StreamChunk, { kind: 'message' }> => c.kind === 'message' && typeof c.message.seq_id === 'number');
    const cut = withSeq[Math.floor(withSeq.length / 2)].message.seq_id!;
    const resumed = await collect(client.streamRun(id, { startingAfter: cut }));
    const resumedSeqs = resumed.flatMap((c) => (c.kind === 'message' && typeof c.message.seq_id === 'number' ? [c.message.seq_id] : []));
    expect(resumedSeqs[0]).toBe(cut + 1);
    expect(resumedSeqs).toEqual(withSeq.map((c) => c.message.seq_id!).filter((s) => s > cut));
  });

  it('tails a live run until it ends', async () => {
    const id = server.addRun({ live: true, background: true, outcome: 'end_turn', steps: 1 });
    const chunks = await collect(client.streamRun(id));
    expect(kinds(chunks).at(-1)).toBe('done');
    const messages: WireMessage[] = chunks.flatMap((c) => (c.kind === 'message' ? [c.message] : []));
    expect(messages.filter((m) => m.message_type === 'assistant_message').length).toBeGreaterThan(1);
  });

  it('refuses a non-background run with a typed 400 before any chunk', async () => {
    const id = server.addRun({ live: false, background: false });
    const error = (await collect(client.streamRun(id)).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/background/);
  });

  it('aborting the signal ends the iteration and releases the socket', async () => {
    const id = server.addRun({ live: true, background: true, steps: 4 });
    const controller = new AbortController();
    let seen = 0;
    const error = await (async () => {
      for await (const chunk of client.streamRun(id, { signal: controller.signal })) {
        if (chunk.kind === 'message' && ++seen === 3) controller.abort();
      }
    })().catch((e: unknown) => e);
    expect((error as ApiError).kind).toBe('aborted');
    await expect.poll(() => server.stats().openStreams).toBe(0);
  });
});

describe('auth', () => {
  it('a missing key is an auth error that says how to provide one; the key never appears', async () => {
    const secure = await startDemoServer({ autoplay: false, apiKey: 'sk-let-secret-123456' });
    try {
      const anonymous = new LettaClient({ baseUrl: secure.url });
      const error = (await anonymous.listRuns().catch((e: unknown) => e)) as ApiError;
      expect(error.kind).toBe('auth');
      expect(error.message).toMatch(/LETTA_API_KEY|--api-key/);
      await anonymous.destroy();
      const wrong = new LettaClient({ baseUrl: secure.url, apiKey: 'sk-wrong-key-999999' });
      const wrongError = (await wrong.listRuns().catch((e: unknown) => e)) as ApiError;
      expect(wrongError.kind).toBe('auth');
      expect(`${wrongError.message} ${wrongError.detail}`).not.toContain('sk-wrong-key-999999');
      await wrong.destroy();
      const good = new LettaClient({ baseUrl: secure.url, apiKey: 'sk-let-secret-123456' });
      expect(Array.isArray(await good.listRuns())).toBe(true);
      await good.destroy();
    } finally {
      await secure.close();
    }
  });

  it('a connection refused is a network error naming the server', async () => {
    const down = new LettaClient({ baseUrl: 'http://127.0.0.1:9' });
    const error = (await down.listRuns().catch((e: unknown) => e)) as ApiError;
    expect(error.kind).toBe('network');
    expect(error.message).toContain('127.0.0.1:9');
    await down.destroy();
  });
});
