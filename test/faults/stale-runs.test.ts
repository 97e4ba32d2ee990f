// Issue 3, "Streams": runs the server forgot to finish (stuck created/running for longer than a
// threshold, with no new messages) are flagged as stale rather than shown as healthy forever — also
// by a monitor that has only just started — while a long run that keeps producing is not.

import { describe, expect, it } from 'vitest';
import { type DemoServer } from '../../src/demo/server.js';
import { isStaleRun } from '../../src/store/runs-reducers.js';
import { startPipeline, waitFor, demoServer } from './pipeline.js';

const STALE_AFTER_MS = 30 * 60_000;
describe('stale runs', () => {
  it('a run stuck for hours is stale at once; a fresh one and a long one that keeps talking are not', async () => {
    // Slow ticks: the stuck run stays `created` for minutes (its worker died, as far as anyone can tell).
    const server = await demoServer({ seed: 81, tokenIntervalMs: 120_000 });
    const stuck = server.addRun({ live: true, background: false, createdAt: new Date(Date.now() - 2 * 3600_000) });
    const fresh = server.addRun({ live: true, background: false });
    const pipeline = startPipeline(server.url, { poller: { intervalMs: 50 } });
    const p = pipeline;
    await waitFor(() => p.state().runs.order.length === 2, 'the runs');
    const now = Date.now();
    expect(p.state().runs.byId[stuck].group).toBe('active');
    expect(isStaleRun(p.state().runs.byId[stuck], now, STALE_AFTER_MS)).toBe(true);
    expect(isStaleRun(p.state().runs.byId[fresh], now, STALE_AFTER_MS)).toBe(false);
  });

  it('a run created long ago that is still streaming is alive once its content arrives', async () => {
    const server = await demoServer({ seed: 82, tokenIntervalMs: 30 });
    const long = server.addRun({ live: true, background: true, steps: 8, createdAt: new Date(Date.now() - 45 * 60_000) });
    // The monitor starts when the run is already `running`: no status change to see, only content.
    const url = server.url;
    for (let status = ''; status !== 'running'; ) status = ((await (await fetch(`${url}/v1/runs/${long}`)).json()) as { status: string }).status;
    const pipeline = startPipeline(server.url, { poller: { intervalMs: 50 } });
    const p = pipeline;
    await waitFor(() => p.state().runs.byId[long], 'the run');
    expect(isStaleRun(p.state().runs.byId[long], Date.now(), STALE_AFTER_MS)).toBe(true);
    p.select(long);
    await waitFor(() => !isStaleRun(p.state().runs.byId[long], Date.now(), STALE_AFTER_MS), 'streamed content to count as life', 5000);
    expect(p.state().runs.byId[long].status).toBe('running');
    expect(p.detailOf(long)?.transcript.entries.length).toBeGreaterThan(0);
  });
});
