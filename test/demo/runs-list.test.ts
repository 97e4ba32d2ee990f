// GET /v1/runs/ against the simulated server over real HTTP: shape, cursors, filters, errors
// (RUNS-API.md §3, §4, §10, §12.1), auth, legacy shape and seed determinism.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { getJson } from './helpers.js';

describe('GET /v1/runs/', () => {
  let server: DemoServer;
  const ids: string[] = []; // oldest first
  const base = Date.now() - 30 * 60_000;

  beforeAll(async () => {
    server = await startDemoServer({ autoplay: false });
    const agents = await getJson(`${server.url}/v1/agents/`);
    const [first, second] = agents.body.map((agent: { id: string }) => agent.id);
    for (let i = 0; i < 7; i++) {
      ids.push(
        server.addRun({
          agentId: i % 2 === 0 ? first : second,
          background: i !== 3,
          createdAt: new Date(base + i * 60_000),
          outcome: i === 5 ? 'error' : i === 6 ? 'requires_approval' : 'end_turn',
          steps: 1,
        }),
      );
    }
    // One live run that stays active for the status filters.
    ids.push(server.addRun({ agentId: first, live: true, steps: 4 }));
  });

  afterAll(() => server.close());

  it('returns a bare array of runs, newest first, with the documented shape', async () => {
    const { status, body } = await getJson(`${server.url}/v1/runs/`);
    expect(status).toBe(200);
    expect(Array.isArray(body)).toBe(true);
    expect(body.map((run: { id: string }) => run.id)).toEqual([...ids].reverse());
    const finished = body.find((run: { id: string }) => run.id === ids[0]);
    expect(Object.keys(finished)).toEqual([
      'id',
      'status',
      'created_at',
      'completed_at',
      'agent_id',
      'conversation_id',
      'base_template_id',
      'background',
      'metadata',
      'request_config',
      'stop_reason',
      'callback_url',
      'callback_sent_at',
      'callback_status_code',
      'callback_error',
      'ttft_ns',
      'total_duration_ns',
    ]);
    expect(finished.id).toMatch(/^run-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(finished.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$/);
    expect(finished.completed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$/); // naive UTC
    expect(finished.status).toBe('completed');
    expect(finished.stop_reason).toBe('end_turn');
    expect(finished.metadata).toEqual({ run_type: 'send_message_streaming' });
    expect(finished.total_duration_ns).toBeGreaterThan(0); // the list fills it (§4)
  });

  it('leaves total_duration_ns null on a single retrieve (§12.4)', async () => {
    const { status, body } = await getJson(`${server.url}/v1/runs/${ids[0]}`);
    expect(status).toBe(200);
    expect(body.total_duration_ns).toBeNull();
    expect(body.ttft_ns).toBeNull();
  });

  it('paginates desc with before = older and after = newer (§3)', async () => {
    const page1 = (await getJson(`${server.url}/v1/runs/?limit=3`)).body.map((r: { id: string }) => r.id);
    expect(page1).toEqual([ids[7], ids[6], ids[5]]);
    const page2 = (await getJson(`${server.url}/v1/runs/?limit=3&before=${page1[2]}`)).body.map((r: { id: string }) => r.id);
    expect(page2).toEqual([ids[4], ids[3], ids[2]]);
    const newer = (await getJson(`${server.url}/v1/runs/?after=${ids[5]}`)).body.map((r: { id: string }) => r.id);
    expect(newer).toEqual([ids[7], ids[6]]);
  });

  it('paginates asc with before = newer and after = older (§3)', async () => {
    const page1 = (await getJson(`${server.url}/v1/runs/?order=asc&limit=3`)).body.map((r: { id: string }) => r.id);
    expect(page1).toEqual([ids[0], ids[1], ids[2]]);
    const page2 = (await getJson(`${server.url}/v1/runs/?order=asc&limit=3&before=${ids[2]}`)).body.map((r: { id: string }) => r.id);
    expect(page2).toEqual([ids[3], ids[4], ids[5]]);
    const older = (await getJson(`${server.url}/v1/runs/?order=asc&after=${ids[2]}`)).body.map((r: { id: string }) => r.id);
    expect(older).toEqual([ids[0], ids[1]]);
  });

  it('ignores an unknown cursor id', async () => {
    const unknown = 'run-00000000-0000-4000-8000-000000000000';
    const { status, body } = await getJson(`${server.url}/v1/runs/?before=${unknown}`);
    expect(status).toBe(200);
    expect(body).toHaveLength(ids.length);
  });

  it('filters by agent, statuses (repeated key), active, background, stop_reason', async () => {
    const all = (await getJson(`${server.url}/v1/runs/`)).body;
    const agentId = all[0].agent_id;
    const byAgent = (await getJson(`${server.url}/v1/runs/?agent_id=${agentId}`)).body;
    expect(byAgent.length).toBeGreaterThan(0);
    expect(byAgent.every((run: { agent_id: string }) => run.agent_id === agentId)).toBe(true);

    const failedOrCompleted = (await getJson(`${server.url}/v1/runs/?statuses=failed&statuses=completed`)).body;
    expect(new Set(failedOrCompleted.map((r: { status: string }) => r.status))).toEqual(new Set(['failed', 'completed']));

    const active = (await getJson(`${server.url}/v1/runs/?active=true`)).body;
    expect(active.map((r: { id: string }) => r.id)).toEqual([ids[7]]);

    const foreground = (await getJson(`${server.url}/v1/runs/?background=false`)).body;
    expect(foreground.map((r: { id: string }) => r.id)).toEqual([ids[3]]);

    const approval = (await getJson(`${server.url}/v1/runs/?stop_reason=requires_approval`)).body;
    expect(approval.map((r: { id: string }) => r.id)).toEqual([ids[6]]);
    expect(approval[0].status).toBe('completed');

    const failed = (await getJson(`${server.url}/v1/runs/?stop_reason=llm_api_error`)).body;
    const failedError = (await getJson(`${server.url}/v1/runs/?stop_reason=error`)).body;
    expect([...failed, ...failedError].map((r: { id: string }) => r.id)).toEqual([ids[5]]);
  });

  it('answers 307 to the slash form like FastAPI (§12.1)', async () => {
    const response = await fetch(`${server.url}/v1/runs?limit=2`, { redirect: 'manual' });
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe(`${server.url}/v1/runs/?limit=2`);
    const followed = await getJson(`${server.url}/v1/runs?limit=2`);
    expect(followed.body).toHaveLength(2);
  });

  it('answers 400 for an unknown status value', async () => {
    const { status, body } = await getJson(`${server.url}/v1/runs/?statuses=running&statuses=bogus`);
    expect(status).toBe(400);
    expect(body).toEqual({ detail: "'bogus' is not a valid RunStatus" });
  });

  it('answers 422 with the repr-string body for a bad stop_reason or limit (§10)', async () => {
    const bad = await getJson(`${server.url}/v1/runs/?stop_reason=bogus`);
    expect(bad.status).toBe(422);
    expect(typeof bad.body.trace_id).toBe('string');
    expect(typeof bad.body.detail).toBe('string');
    expect(bad.body.detail).toContain("'loc': ('query', 'stop_reason')");
    for (const limit of ['0', '1001', 'abc']) {
      const response = await getJson(`${server.url}/v1/runs/?limit=${limit}`);
      expect(response.status).toBe(422);
      expect(response.body.detail).toContain("('query', 'limit')");
    }
    expect((await getJson(`${server.url}/v1/runs/?limit=1000`)).status).toBe(200);
    expect((await getJson(`${server.url}/v1/runs/?order=sideways`)).status).toBe(422);
  });

  it('answers 404 for an unknown run and 400 for a malformed id', async () => {
    const missing = await getJson(`${server.url}/v1/runs/run-00000000-0000-4000-8000-000000000000`);
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toBe('Run not found with id run-00000000-0000-4000-8000-000000000000');
    const malformed = await getJson(`${server.url}/v1/runs/not-a-run`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.detail).toContain('Invalid run ID format');
  });
});

describe('auth, legacy shape and determinism', () => {
  it('requires the bearer token when constructed with apiKey', async () => {
    const server = await startDemoServer({ autoplay: false, historyRuns: 2, apiKey: 'sekret' });
    try {
      const none = await getJson(`${server.url}/v1/runs/`);
      expect(none.status).toBe(401);
      expect(none.body).toEqual({ detail: 'Unauthorized' });
      const wrong = await getJson(`${server.url}/v1/runs/`, { headers: { authorization: 'Bearer nope' } });
      expect(wrong.status).toBe(401);
      const stream = await fetch(`${server.url}/v1/runs/run-00000000-0000-4000-8000-000000000000/stream`, { method: 'POST', body: '{}' });
      expect(stream.status).toBe(401);
      const ok = await getJson(`${server.url}/v1/runs/`, { headers: { authorization: 'Bearer sekret' } });
      expect(ok.status).toBe(200);
      expect(ok.body).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it('serves the old Job shape with legacyShape', async () => {
    const server = await startDemoServer({ autoplay: false, historyRuns: 60, legacyShape: true });
    try {
      const { body } = await getJson(`${server.url}/v1/runs/`);
      expect(body).toHaveLength(50); // the old default limit (§4)
      for (const run of body) {
        expect(run.job_type).toBe('run');
        expect(run).not.toHaveProperty('agent_id');
        expect(run).not.toHaveProperty('background');
        expect(run).not.toHaveProperty('conversation_id');
        expect(run.metadata.agent_id).toMatch(/^agent-/);
        expect(typeof run.metadata.background).toBe('boolean');
        expect(run.user_id).toMatch(/^user-/);
      }
      const all = (await getJson(`${server.url}/v1/runs/?limit=100`)).body;
      const statuses = new Set(all.map((run: { status: string }) => run.status));
      expect(statuses.has('pending')).toBe(true);
      expect(statuses.has('expired')).toBe(true);
      // Agent filter applied after the limit: a page can come back short.
      const agentId = all[0].metadata.agent_id;
      const filtered = (await getJson(`${server.url}/v1/runs/?agent_id=${agentId}&limit=5`)).body;
      expect(filtered.length).toBeLessThanOrEqual(5);
      expect(filtered.every((run: { metadata: { agent_id: string } }) => run.metadata.agent_id === agentId)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('the same seed tells the same story whenever the server starts: outcomes do not follow the wall clock', async () => {
    const a = await startDemoServer({ autoplay: false, historyRuns: 150, seed: 7, startTime: new Date('2026-03-20T17:00:00Z') });
    const b = await startDemoServer({ autoplay: false, historyRuns: 150, seed: 7, startTime: new Date('2026-03-20T17:07:23Z') });
    try {
      const story = async (url: string) => {
        const runs = (await (await fetch(`${url}/v1/runs/?limit=1000&order=asc`)).json()) as Array<{ id: string; status: string; stop_reason: string | null; agent_id: string }>;
        return runs.map((run) => `${run.id} ${run.agent_id} ${run.status} ${run.stop_reason}`);
      };
      const [storyA, storyB] = [await story(a.url), await story(b.url)];
      expect(storyA.length).toBeGreaterThan(100);
      expect(storyA).toEqual(storyB);
      // The flaky agent's bursts are in it.
      expect(storyA.some((line) => line.endsWith('llm_api_error'))).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('serves identical history for the same seed and start time, different for another seed', async () => {
    const startTime = new Date('2026-03-20T17:00:00Z');
    const a = await startDemoServer({ autoplay: false, historyRuns: 12, seed: 42, startTime });
    const b = await startDemoServer({ autoplay: false, historyRuns: 12, seed: 42, startTime });
    const c = await startDemoServer({ autoplay: false, historyRuns: 12, seed: 43, startTime });
    try {
      const pageA = await (await fetch(`${a.url}/v1/runs/`)).text();
      const pageB = await (await fetch(`${b.url}/v1/runs/`)).text();
      const pageC = await (await fetch(`${c.url}/v1/runs/`)).text();
      expect(pageA).toBe(pageB);
      expect(pageA).not.toBe(pageC);
      const first = JSON.parse(pageA)[0].id as string;
      expect(a.storedChunks(first)).toEqual(b.storedChunks(first));
      const messagesA = await (await fetch(`${a.url}/v1/runs/${first}/messages`)).text();
      const messagesB = await (await fetch(`${b.url}/v1/runs/${first}/messages`)).text();
      expect(messagesA).toBe(messagesB);
      // Scripted runs get deterministic ids too.
      expect(a.addRun()).toBe(b.addRun());
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });
});
