// POST /v1/runs/{id}/stream over real HTTP (RUNS-API.md §6, §11): endings per outcome, resume, live
// tail, keepalive pings, ping-only streams and the preconditions.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { dataOf, postJson, readStream } from './helpers.js';

const parse = (data: string): Record<string, any> => JSON.parse(data);

describe('stream replay of finished runs', () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await startDemoServer({ autoplay: false });
  });
  afterAll(() => server.close());

  it('replays a normal run: ping seq 1, token chunks, stop_reason, usage, [DONE]', async () => {
    const runId = server.addRun({ steps: 2, outcome: 'end_turn', text: 'Done. It is 14°C in Paris 🙂.' });
    const result = await readStream(server.url, runId);
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toContain('text/event-stream');
    expect(result.error).toBeNull();
    const data = dataOf(result.events);
    expect(data).toEqual(server.storedChunks(runId));
    expect(result.events.every((event) => event.event === undefined)).toBe(true);

    const ping = parse(data[0]);
    expect(ping).toMatchObject({ message_type: 'ping', seq_id: 1, run_id: runId });
    expect(ping.id).toMatch(/^ping-/);
    expect(data.at(-3)).toBe('{"message_type":"stop_reason","stop_reason":"end_turn"}');
    const usage = parse(data.at(-2)!);
    expect(usage.message_type).toBe('usage_statistics');
    expect(usage).not.toHaveProperty('seq_id');
    expect(usage.step_count).toBe(2);
    expect(data.at(-1)).toBe('[DONE]');

    // seq_id 1, 2, 3… on every message chunk
    const messages = data.slice(0, -3).map(parse);
    expect(messages.map((m) => m.seq_id)).toEqual(messages.map((_, i) => i + 1));
    // token-by-token: several chunks share one id, slices differ by otid
    const assistant = messages.filter((m) => m.message_type === 'assistant_message');
    expect(assistant.length).toBeGreaterThan(3);
    expect(new Set(assistant.map((m) => m.id)).size).toBe(1);
    expect(new Set(assistant.map((m) => m.otid)).size).toBe(1);
    expect(assistant.map((m) => m.content).join('')).toBe('Done. It is 14°C in Paris 🙂.');
    const reasoningOfLastTurn = messages.filter((m) => m.message_type === 'reasoning_message' && m.id === assistant[0].id);
    expect(reasoningOfLastTurn[0].otid).not.toBe(assistant[0].otid);
    // tool call deltas: first has name + id, the rest argument fragments + id; both keys, single objects
    const calls = messages.filter((m) => m.message_type === 'tool_call_message');
    expect(calls[0].tool_call.name).toBeTruthy();
    expect(calls[0].tool_calls).toEqual(calls[0].tool_call);
    expect(calls[0].tool_call).not.toHaveProperty('arguments');
    const callId = calls[0].tool_call.tool_call_id;
    expect(calls.slice(1).every((c) => c.tool_call.tool_call_id === callId && !('name' in c.tool_call))).toBe(true);
    expect(JSON.parse(calls.slice(1).map((c) => c.tool_call.arguments).join(''))).toBeTypeOf('object');
    const ret = messages.find((m) => m.message_type === 'tool_return_message')!;
    expect(ret.tool_call_id).toBe(callId);
    expect(ret.id).not.toBe(calls[0].id);
    expect(['success', 'error']).toContain(ret.status);
  });

  it('replays an error run: stop_reason then event: error with seq_id, no [DONE]', async () => {
    const runId = server.addRun({ steps: 2, outcome: 'error' });
    const result = await readStream(server.url, runId);
    expect(result.error).toBeNull();
    const last = result.events.at(-1)!;
    expect(last.event).toBe('error');
    const error = parse(last.data);
    expect(error).toMatchObject({ message_type: 'error_message', run_id: runId, error_type: 'internal_error' });
    expect(error.seq_id).toBe(server.storedChunks(runId).length);
    expect(parse(result.events.at(-2)!.data).message_type).toBe('stop_reason');
    expect(dataOf(result.events)).not.toContain('[DONE]');
    expect(result.raw).not.toContain('usage_statistics');
    const run = (await (await fetch(`${server.url}/v1/runs/${runId}`)).json()) as Record<string, any>;
    expect(run.status).toBe('failed');
    expect(['llm_api_error', 'error']).toContain(run.stop_reason);
    expect(run.metadata.error.message_type).toBe('error_message');
  });

  it('replays a cancelled run with the spaced stop_reason then [DONE]', async () => {
    const runId = server.addRun({ steps: 3, outcome: 'cancelled' });
    const result = await readStream(server.url, runId);
    expect(result.raw).toContain('data: {"message_type": "stop_reason", "stop_reason": "cancelled"}\n\n');
    expect(dataOf(result.events).slice(-2)).toEqual(['{"message_type": "stop_reason", "stop_reason": "cancelled"}', '[DONE]']);
    expect(result.raw).not.toContain('usage_statistics');
  });

  it('replays a requires_approval run with an approval_request_message', async () => {
    const runId = server.addRun({ steps: 1, outcome: 'requires_approval' });
    const data = dataOf((await readStream(server.url, runId)).events);
    expect(data.some((d) => d.includes('"message_type":"approval_request_message"'))).toBe(true);
    expect(data.slice(-3, -2)).toEqual(['{"message_type":"stop_reason","stop_reason":"requires_approval"}']);
    expect(data.at(-1)).toBe('[DONE]');
  });

  it('resumes after starting_after and closes at once past the end', async () => {
    const runId = server.addRun({ steps: 2 });
    const stored = server.storedChunks(runId);
    const resumed = await readStream(server.url, runId, { body: '{"starting_after":5}' });
    expect(dataOf(resumed.events)).toEqual(stored.slice(5));
    expect(parse(resumed.events[0].data).seq_id).toBe(6);
    const pastEnd = await readStream(server.url, runId, { body: `{"starting_after":${stored.length + 10}}` });
    expect(pastEnd.events).toEqual([]);
    expect(pastEnd.error).toBeNull();
  });

  it('omits the seq-1 ping when the run was created without include_pings', async () => {
    const runId = server.addRun({ steps: 1, includePings: false });
    const first = parse(server.storedChunks(runId)[0]);
    expect(first.message_type).toBe('reasoning_message');
    expect(first.seq_id).toBe(1);
  });

  it('checks the preconditions in order with the exact bodies', async () => {
    const url = (id: string): string => `${server.url}/v1/runs/${id}/stream`;
    expect((await postJson(url('nope'), {})).status).toBe(400);
    const missing = await postJson(url('run-00000000-0000-4000-8000-000000000000'), {});
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toBe('Run not found with id run-00000000-0000-4000-8000-000000000000');
    const foreground = server.addRun({ background: false, steps: 1 });
    expect(await postJson(url(foreground), {})).toEqual({
      status: 400,
      body: { detail: 'Run was not created in background mode, so it cannot be retrieved.' },
    });
    const old = server.addRun({ steps: 1, createdAt: new Date(Date.now() - 4 * 3600_000) });
    expect(await postJson(url(old), {})).toEqual({
      status: 410,
      body: { detail: 'Run was created more than 3 hours ago, and is now expired.' },
    });
    const fine = server.addRun({ steps: 1 });
    // An empty body crashes the archived handler; a malformed one fails validation.
    const empty = await fetch(url(fine), { method: 'POST' });
    expect(empty.status).toBe(500);
    expect(await empty.json()).toEqual({ detail: 'An unknown error occurred' });
    expect((await postJson(url(fine), '{not json')).status).toBe(422);
    expect((await postJson(url(fine), { starting_after: 'abc' })).status).toBe(422);
    server.setFaults({ streamUnavailable: true });
    try {
      const unavailable = await postJson(url(fine), {});
      expect(unavailable.status).toBe(503);
      expect(unavailable.body.detail).toMatch(/^Background streaming requires Redis/);
      // 410 still wins over 503
      expect((await postJson(url(old), {})).status).toBe(410);
    } finally {
      server.setFaults({ streamUnavailable: false });
    }
  });
});

describe('live streams and keepalive', () => {
  it('tails a live run: replays what is stored, then streams new chunks until [DONE]', async () => {
    const server = await startDemoServer({ autoplay: false, tokenIntervalMs: 4 });
    try {
      const runId = server.addRun({ live: true, steps: 3 });
      let storedAtFirstEvent = -1;
      const result = await readStream(server.url, runId, {
        onEvent: (_event, events) => {
          if (events.length === 1) storedAtFirstEvent = server.storedChunks(runId).length;
        },
      });
      expect(storedAtFirstEvent).toBeLessThan(server.storedChunks(runId).length); // it really was live
      expect(dataOf(result.events)).toEqual(server.storedChunks(runId));
      expect(result.events.at(-1)!.data).toBe('[DONE]');
      expect(server.stats().openStreams).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('sends keepalive pings with the last seq sent on this connection, not stored', async () => {
    const server = await startDemoServer({ autoplay: false, tokenIntervalMs: 400, keepaliveMs: 30 });
    try {
      const runId = server.addRun({ live: true, steps: 1 });
      const result = await readStream(server.url, runId, {
        until: (events) => events.filter((e) => parse(e.data).message_type === 'ping').length >= 3,
      });
      const [stored, ...keepalives] = result.events.map((e) => parse(e.data));
      expect(stored.seq_id).toBe(1);
      for (const ping of keepalives) {
        expect(ping.message_type).toBe('ping');
        expect(ping.seq_id).toBe(1);
      }
      expect(server.storedChunks(runId).filter((c) => c.includes('"ping"'))).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('gives send_message_async runs a ping-only stream that ends without [DONE]', async () => {
    const server = await startDemoServer({ autoplay: false, keepaliveMs: 20, pingOnlyLimitMs: 150 });
    try {
      const runId = server.addRun({ runType: 'send_message_async', steps: 1 });
      expect(server.storedChunks(runId)).toEqual([]);
      const result = await readStream(server.url, runId, { body: '{"starting_after":0}' });
      expect(result.error).toBeNull();
      expect(result.events.length).toBeGreaterThan(0);
      for (const event of result.events) {
        const ping = parse(event.data);
        expect(ping.message_type).toBe('ping');
        expect(ping.seq_id).toBeNull();
      }
      // …yet its messages exist
      const messages = (await (await fetch(`${server.url}/v1/runs/${runId}/messages`)).json()) as unknown[];
      expect(messages.length).toBeGreaterThan(1);
    } finally {
      await server.close();
    }
  });

  it('does not send keepalive pings when include_pings is false', async () => {
    const server = await startDemoServer({ autoplay: false, tokenIntervalMs: 60, keepaliveMs: 10 });
    try {
      const runId = server.addRun({ live: true, steps: 1 });
      const result = await readStream(server.url, runId, {
        body: '{"include_pings":false}',
        until: (events) => events.length >= 2,
      });
      // stored ping (seq 1), then the first real chunk: no keepalive in between despite ≥ 240 ms of silence
      expect(parse(result.events[1].data).message_type).not.toBe('ping');
    } finally {
      await server.close();
    }
  });
});
