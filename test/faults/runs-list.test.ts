// Issue 3, "The runs list and the other calls": network errors and 5xx keep the last good data and
// recover by themselves; 429 honours Retry-After; 401 says how to provide a key and stops hammering;
// a selected run that is gone says so while the rest keeps working.

import { describe, expect, it } from 'vitest';
import { type DemoServer, type DemoServerOptions } from '../../src/demo/server.js';
import type { AppState } from '../../src/store/types.js';
import { startPipeline, waitFor, demoServer, type Pipeline } from './pipeline.js';

function demo(options: DemoServerOptions = {}): Promise<DemoServer> {
  return demoServer({ seed: 31, historyRuns: 6, ...options });
}

const health = (p: Pipeline) => p.state().health;
const describeHealth = (p: Pipeline) => () => ({ health: health(p), runs: p.state().runs.order.length });

async function loaded(p: Pipeline): Promise<AppState['runs']> {
  await waitFor(() => health(p).lastOkAt !== null && p.state().runs.order.length === 6, 'the first runs', 5000, describeHealth(p));
  return p.state().runs;
}

describe('runs list under failure', () => {
  it('server down: keeps the last good runs, says so with a retry time, recovers when it is back', async () => {
    const s = await demo();
    const pipeline = startPipeline(s.url, { poller: { intervalMs: 40 } });
    const before = await loaded(pipeline);
    await s.stop();
    const down = await waitFor(() => (health(pipeline!).error?.kind === 'network' ? health(pipeline!) : null), 'a network error', 5000, describeHealth(pipeline));
    expect(down.error?.message).toMatch(/cannot connect|closed|reset/);
    expect(down.retryAt).toBeGreaterThan(Date.now() - 1000);
    expect(down.lastOkAt).not.toBeNull();
    // The last good data stays on screen, unchanged.
    expect(pipeline.state().runs).toBe(before);
    const wentDownAt = Date.now();
    await s.start();
    const back = await waitFor(() => (health(pipeline!).error === null ? health(pipeline!) : null), 'recovery', 5000, describeHealth(pipeline));
    expect(back.lastOkAt).toBeGreaterThanOrEqual(wentDownAt);
    expect(back.retryAt).toBeNull();
  });

  it('5xx from a proxy: keeps the runs, retries with backoff, recovers', async () => {
    const s = await demo();
    const pipeline = startPipeline(s.url, { poller: { intervalMs: 40 } });
    const before = await loaded(pipeline);
    s.setFaults({ serverErrorRate: 1 });
    const failing = await waitFor(() => (health(pipeline!).error?.kind === 'server' ? health(pipeline!) : null), 'a server error', 5000, describeHealth(pipeline));
    expect(failing.error?.message).toMatch(/server error 50[023]/);
    // A proxy's HTML page is reduced to its title, not dumped as markup.
    await waitFor(() => /502 Bad Gateway/.test(health(pipeline!).error?.message ?? ''), 'the 502 page', 5000, describeHealth(pipeline));
    expect(health(pipeline).error?.message).not.toMatch(/<|>/);
    expect(pipeline.state().runs).toBe(before);
    s.setFaults({ serverErrorRate: 0 });
    await waitFor(() => health(pipeline!).error === null, 'recovery', 5000, describeHealth(pipeline));
  });

  it('429: waits as long as Retry-After says, then recovers', async () => {
    const s = await demo();
    const pipeline = startPipeline(s.url, { poller: { intervalMs: 20 } });
    await loaded(pipeline);
    let limitedAt = 0;
    let retryAt = 0;
    pipeline.store.subscribe((state) => {
      if (!limitedAt && state.health.error?.kind === 'rate_limited') {
        limitedAt = Date.now();
        retryAt = state.health.retryAt ?? 0;
      }
    });
    s.setFaults({ rateLimitRate: 1, retryAfterSeconds: 1 });
    await waitFor(() => limitedAt > 0, 'a 429');
    expect(retryAt - limitedAt).toBeGreaterThan(900);
    expect(retryAt - limitedAt).toBeLessThan(1100);
    expect(health(pipeline).error?.message).toMatch(/rate limited/);
    // No poll until the Retry-After has passed. (Polls only: an agent-name lookup sent before the
    // 429 may still reach the server after it on a busy machine, which is no new request.)
    const polls = s.stats().byKind.list ?? 0;
    await waitFor(() => Date.now() >= limitedAt + 800, 'most of the Retry-After');
    expect((s.stats().byKind.list ?? 0) - polls).toBe(0);
    s.setFaults({ rateLimitRate: 0 });
    await waitFor(() => health(pipeline!).error === null, 'recovery after Retry-After', 3000, describeHealth(pipeline));
    expect(Date.now() - limitedAt).toBeGreaterThanOrEqual(900);
  });

  it('401: says the key is missing and how to give one, and stops hammering', async () => {
    const s = await demo({ apiKey: 'sk-letta-correct-horse-battery' });
    const pipeline = startPipeline(s.url, { poller: { intervalMs: 20 } });
    const error = await waitFor(() => health(pipeline!).error, 'an auth error', 5000, describeHealth(pipeline));
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/API key/);
    expect(error.message).toMatch(/LETTA_API_KEY|--api-key/);
    // The detail pane of a selected run says the same, and does not hammer either.
    const runId = 'run-00000000-0000-4000-8000-000000000001';
    pipeline.select(runId);
    const detailError = await waitFor(() => pipeline!.detailOf(runId)?.error, 'the detail error');
    expect(detailError.kind).toBe('auth');
    expect(detailError.message).toMatch(/LETTA_API_KEY|--api-key/);
    const requests = s.stats().requests;
    const since = Date.now();
    await waitFor(() => Date.now() >= since + 1000, 'a second');
    // One try a minute, not one per 20 ms interval.
    expect(s.stats().requests - requests).toBeLessThanOrEqual(1);
  });

  it('a selected run that no longer exists: the pane says it is gone, the rest keeps working', async () => {
    const s = await demo();
    const pipeline = startPipeline(s.url, { poller: { intervalMs: 30 } });
    const runs = await loaded(pipeline);
    const missing = 'run-00000000-0000-4000-8000-000000000000';
    pipeline.select(missing);
    const detail = await waitFor(() => (pipeline!.detailOf(missing)?.gone ? pipeline!.detailOf(missing) : null), 'the run to be gone');
    expect(detail.error?.kind).toBe('not_found');
    expect(detail.error?.message).toBe(`Run ${missing} no longer exists on the server.`);
    // The list keeps refreshing and another run loads normally.
    const polls = pipeline.poller!.polls;
    await waitFor(() => pipeline!.poller!.polls > polls + 1, 'more polls');
    expect(health(pipeline).error).toBeNull();
    const other = runs.order[0];
    pipeline.select(other);
    const loadedDetail = await pipeline.waitDone(other);
    expect(loadedDetail.transcript.entries.length).toBeGreaterThan(0);
    expect(loadedDetail.gone).toBe(false);
  });
});
