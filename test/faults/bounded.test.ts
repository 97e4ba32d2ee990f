// Issue 3, "Bounded for hours": no stream stays open for a run nobody looks at, sockets are closed when
// streams are aborted, the transcript kept per run is capped (and the screen says how many messages were
// dropped), and the detail of runs long unselected is dropped.

import { describe, expect, it } from 'vitest';
import { type DemoServer } from '../../src/demo/server.js';
import { renderApp } from '../ui/helpers.js';
import { startPipeline, waitFor, demoServer } from './pipeline.js';

describe('bounded for hours', () => {
  it('50 quick selection changes between live streaming runs leave at most one stream and no extra sockets', async () => {
    // Live runs that keep streaming for a while (8 steps, 20 ms per token).
    const server = await demoServer({ seed: 71, tokenIntervalMs: 20, keepaliveMs: 200 });
    const s = server;
    const runs = Array.from({ length: 6 }, () => s.addRun({ live: true, background: true, steps: 8 }));
    const pipeline = startPipeline(s.url, { poller: { intervalMs: 50 } });
    const p = pipeline;
    const live = (runId: string) => p.detailOf(runId)?.streamStatus === 'live';
    const socketsAfter: number[] = [];
    for (let i = 0; i < 50; i++) {
      const runId = runs[i % runs.length];
      p.select(runId);
      // Every other switch waits for the stream to deliver, so streams really open and get aborted.
      if (i % 2 === 0) await waitFor(() => live(runId), `the stream of switch ${i}`);
      if (i === 9 || i === 49) {
        await waitFor(() => s.stats().openStreams <= 1, 'streams of unselected runs to close', 3000, () => s.stats());
        socketsAfter.push(s.stats().openSockets);
      }
    }
    const last = runs[49 % runs.length];
    await waitFor(() => live(last), 'the last selection to stream');
    await waitFor(() => s.stats().openStreams === 1, 'exactly the selected stream', 3000, () => s.stats());
    // Sockets do not grow with the number of switches: the pool reuses its keep-alive sockets and
    // every aborted stream took its socket with it.
    expect(socketsAfter[1]).toBeLessThanOrEqual(Math.max(socketsAfter[0] + 2, 8));
    expect(p.detail.followersStarted).toBeGreaterThanOrEqual(50);
    p.select(null);
    await waitFor(() => s.stats().openStreams === 0, 'no stream once nothing is selected', 3000, () => s.stats());
  });

  it('the transcript is capped per run and the pane says how many older messages were dropped', async () => {
    const server = await demoServer({ seed: 72 });
    const runId = server.addRun({ background: true, steps: 4 });
    const noBackground = server.addRun({ background: false, steps: 4 });
    const pipeline = startPipeline(server.url, { detail: { maxTranscriptEntries: 4 } });
    const p = pipeline;
    p.select(runId);
    const detail = await p.waitDone(runId);
    expect(detail.transcript.entries).toHaveLength(4);
    expect(detail.transcript.droppedCount).toBeGreaterThan(0);
    expect(detail.transcript.entries.at(-1)?.kind).toBe('stop');
    // The same cap when the transcript is read from /messages.
    p.select(noBackground);
    const polled = await p.waitDone(noBackground);
    expect(polled.transcript.entries).toHaveLength(4);
    expect(polled.transcript.droppedCount).toBeGreaterThan(0);
    p.select(runId);
    await p.waitDone(runId);
    const app = renderApp(p.store);
    try {
      const text = `${p.detailOf(runId)?.transcript.droppedCount} older messages dropped`;
      await waitFor(() => (app.lastFrame() ?? '').includes(text), 'the dropped count on screen', 3000, () => app.lastFrame());
    } finally {
      app.unmount();
    }
  });

  it('drops the detail of runs not selected for a while, and never the selected one', async () => {
    const server = await demoServer({ seed: 73 });
    const first = server.addRun({ background: true, steps: 1 });
    const second = server.addRun({ background: true, steps: 1 });
    const pipeline = startPipeline(server.url, { detail: { detailIdleMs: 150 } });
    const p = pipeline;
    p.select(first);
    await p.waitDone(first);
    p.select(second);
    await p.waitDone(second);
    await waitFor(() => p.state().details[first] === undefined, 'the first detail to be evicted');
    // The selected run stays however long it is looked at.
    const since = Date.now();
    await waitFor(() => Date.now() - since > 400, 'a while');
    expect(p.state().details[second]).toBeDefined();
    // Coming back loads it again.
    p.select(first);
    const again = await p.waitDone(first);
    expect(again.transcript.entries.length).toBeGreaterThan(0);
  });
});
