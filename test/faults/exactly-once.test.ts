// Issue 3, "Streams": the transcript a user sees after any number of reconnects is exactly the server's
// transcript. The stream of a scripted run is cut at every chunk boundary, and inside a chunk, with split
// writes and CRLF framing; the merged result must equal the uninterrupted one, with the stop entry once.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LettaClient } from '../../src/api/client.js';
import { DEFAULT_FAULTS, type FaultConfig } from '../../src/demo/faults.js';
import { startDemoServer, type DemoServer, type ScriptedRunSpec } from '../../src/demo/server.js';
import { startPipeline, visibleEntries, waitFor } from './pipeline.js';

let server: DemoServer;
let client: LettaClient;

beforeAll(async () => {
  server = await startDemoServer({ autoplay: false, seed: 11 });
  client = new LettaClient({ baseUrl: server.url });
});

afterAll(async () => {
  await client.destroy();
  await server.close();
});

async function follow(runId: string) {
  const pipeline = startPipeline(server.url, { client });
  try {
    pipeline.select(runId);
    const detail = await pipeline.waitDone(runId);
    return detail;
  } finally {
    await pipeline.stop();
  }
}

const RUNS: Array<[string, ScriptedRunSpec]> = [
  ['tool call, tool return and answer, token by token', { steps: 2, reasoning: 'Plan it.', text: 'Done — naïve café ✓ now.' }],
  ['a failing run (error event, no [DONE])', { steps: 1, outcome: 'error', reasoning: 'Let me look that up for you now.' }],
  ['a cancelled run', { steps: 2, outcome: 'cancelled', reasoning: 'Looking.', text: 'x' }],
  ['whole-message chunks', { steps: 3, streamTokens: false }],
];

/** Every cut point, or (for the slower variants) the first few, the last few and a spread. */
const every = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
const some = (n: number): number[] => [...new Set([1, 2, 3, Math.floor(n / 3), Math.floor(n / 2), n - 3, n - 2, n - 1])].filter((k) => k >= 1);
const few = (n: number): number[] => [...new Set([1, 2, Math.floor(n / 2), n - 2, n - 1])].filter((k) => k >= 1);

/** Cut points per variant: every boundary always; mid-chunk everywhere for the first (richest) run. */
const VARIANTS: Array<[string, Partial<FaultConfig>, (n: number, runIndex: number) => number[]]> = [
  ['at chunk boundaries', {}, (n) => every(n)],
  ['mid-chunk', { dropMidChunk: true }, (n, run) => (run === 0 ? every(n) : some(n))],
  // Split writes put 1–5 bytes per packet, so multi-byte characters and CRLF pairs straddle packets.
  ['mid-chunk, split writes, CRLF', { dropMidChunk: true, splitWrites: true, crlf: true }, (n) => few(n)],
  // A server that resumes a little early resends chunks the client has: the seq watermark drops them.
  // (A cut within the overlap would never get past it, so only cuts beyond it.)
  ['resumed 2 chunks early', { replayOverlap: 2 }, (n) => some(n).filter((k) => k > 2)],
];

describe('exactly-once transcript across reconnects', () => {
  for (const [runIndex, [name, spec]] of RUNS.entries()) {
    it(`${name}: every cut point gives the uninterrupted transcript`, async () => {
      const runId = server.addRun(spec);
      server.setFaults(DEFAULT_FAULTS);
      const reference = await follow(runId);
      const expected = visibleEntries(reference);
      expect(expected.filter((e) => e.kind === 'stop')).toHaveLength(1);
      expect(expected.length, JSON.stringify(expected.map((e) => e.kind))).toBeGreaterThan(2);
      expect(reference.reconnects).toBe(0);
      const chunks = server.storedChunks(runId).length;

      for (const [variant, faults, cuts] of VARIANTS) {
        for (const cut of cuts(chunks, runIndex)) {
          server.setFaults({ ...DEFAULT_FAULTS, ...faults, dropAfterChunks: cut });
          const detail = await follow(runId);
          const label = `${variant}, cut after ${cut} of ${chunks} chunks`;
          expect(visibleEntries(detail), label).toEqual(expected);
          expect(detail.transcript.entries.filter((e) => e.kind === 'stop'), label).toHaveLength(1);
          expect(detail.transcript.droppedCount, label).toBe(0);
          // It was the stream that got there, resuming, not a fallback to /messages.
          expect(detail.mode, label).toBe('stream');
          if (cut < chunks) expect(detail.reconnects, label).toBeGreaterThan(0);
        }
      }
      server.setFaults(DEFAULT_FAULTS);
    }, 60_000);
  }
});

describe('a server that restarts under a live stream', () => {
  it('resumes after the restart and ends with exactly the server transcript', async () => {
    const live = await startDemoServer({ autoplay: false, seed: 12, tokenIntervalMs: 15 });
    const pipeline = startPipeline(live.url, { detail: { backoffBaseMs: 50, backoffMaxMs: 200 } });
    try {
      const runId = live.addRun({ live: true, background: true, steps: 3 });
      pipeline.select(runId);
      await waitFor(() => (pipeline.detailOf(runId)?.transcript.entries.length ?? 0) >= 2, 'the first messages');
      await live.stop();
      await waitFor(() => pipeline.detailOf(runId)?.streamStatus === 'reconnecting', 'the pane to say it is reconnecting');
      await waitFor(() => pipeline.detailOf(runId)?.error?.kind === 'network', 'the reason, once a reconnect fails');
      await live.start();
      const detail = await pipeline.waitDone(runId);
      expect(detail.mode).toBe('stream');
      expect(detail.error).toBeNull();
      expect(detail.reconnects).toBeGreaterThan(0);
      // The end of the stream also updates the run's row (no list poller runs here).
      await waitFor(() => pipeline.state().runs.byId[runId]?.status === 'completed', 'the final status in the row');
      // The same run replayed whole by a fresh follower, now that it is over.
      const replay = startPipeline(live.url);
      try {
        replay.select(runId);
        expect(visibleEntries(detail)).toEqual(visibleEntries(await replay.waitDone(runId)));
      } finally {
        await replay.stop();
      }
    } finally {
      await pipeline.stop();
      await live.close();
    }
  });
});
