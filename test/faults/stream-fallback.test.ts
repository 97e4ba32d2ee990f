// Issue 3, "Streams": a stream that only pings while the run claims to be live is marked stalled, the
// run's real status is checked and the transcript falls back to /messages; a finished run whose stream
// ends without [DONE] is reconciled from /messages; a refused stream (400, 410, 503, not SSE) falls back
// to /messages with the reason on screen, and polling with `after` picks up new messages.

import { describe, expect, it, vi } from 'vitest';
import { LettaClient } from '../../src/api/client.js';
import type { WireRun } from '../../src/api/types.js';
import { type DemoServer, type DemoServerOptions } from '../../src/demo/server.js';
import { appendStop, transcriptFromMessages } from '../../src/store/transcript.js';
import type { RunDetail } from '../../src/store/types.js';
import { startPipeline, visibleEntries, waitFor, demoServer, type Pipeline } from './pipeline.js';

function demo(options: DemoServerOptions = {}): Promise<DemoServer> {
  return demoServer({ seed: 21, ...options });
}

/** The transcript a client gets by reading `/messages` of a finished run whole. */
async function persistedEntries(url: string, runId: string) {
  const client = new LettaClient({ baseUrl: url });
  try {
    const run = await client.getRun(runId);
    const messages = await client.listRunMessages(runId, { limit: 1000 });
    const transcript = appendStop(transcriptFromMessages(messages), run.stop_reason ?? '');
    return visibleEntries({ transcript } as RunDetail);
  } finally {
    await client.destroy();
  }
}

/** Every (streamStatus, stalled) pair the store went through for the run. */
function recordStates(p: Pipeline, runId: string): Array<{ streamStatus: string; stalled: boolean; mode: string }> {
  const seen: Array<{ streamStatus: string; stalled: boolean; mode: string }> = [];
  p.store.subscribe((state) => {
    const detail = state.details[runId];
    const row = state.runs.byId[runId];
    if (!detail || !row) return;
    const last = seen.at(-1);
    const now = { streamStatus: detail.streamStatus, stalled: row.stalled, mode: detail.mode };
    if (!last || last.streamStatus !== now.streamStatus || last.stalled !== now.stalled || last.mode !== now.mode) seen.push(now);
  });
  return seen;
}

describe('silent streams', () => {
  it('a ping-only stream of a live run: stalled in the list and the pane, status checked, /messages polling', async () => {
    // The run stays `created` for minutes (slow ticks): a worker that died after accepting it.
    const s = await demo({ keepaliveMs: 30, tokenIntervalMs: 60_000, faults: { pingOnly: true } });
    const runId = s.addRun({ live: true, background: true });
    const pipeline = startPipeline(s.url, { detail: { stallMs: 300 } });
    const getRun = vi.spyOn(pipeline.client, 'getRun');
    const states = recordStates(pipeline, runId);
    pipeline.select(runId);

    const detail = await waitFor(() => {
      const d = pipeline!.detailOf(runId);
      return d?.mode === 'poll' ? d : null;
    }, 'the fallback to /messages polling');
    expect(states).toContainEqual({ streamStatus: 'stalled', stalled: true, mode: 'stream' });
    // The follower asked the server how the run really is once the stream went quiet.
    const callsAtStall = getRun.mock.calls.length;
    expect(callsAtStall).toBeGreaterThanOrEqual(2);
    expect(detail.modeNote).toMatch(/pings only/);
    expect(detail.modeNote).toMatch(/\/messages/);
    // Nothing new arrives through /messages either: the run stays flagged, without flapping.
    await waitFor(() => getRun.mock.calls.length >= callsAtStall + 3, 'a few polls');
    expect(pipeline.state().runs.byId[runId].stalled, JSON.stringify(states)).toBe(true);
    const afterStall = states.slice(states.findIndex((st) => st.streamStatus === 'stalled'));
    expect(afterStall.every((st) => st.stalled), JSON.stringify(states)).toBe(true);
    expect(pipeline.detailOf(runId)?.transcript.entries.map((e) => e.kind)).toEqual(['user']);
  });

  it('a stream that falls silent mid-run keeps what it showed, is followed again once the run moves on, and ends exact', async () => {
    // Every connection goes quiet (pings only) after 25 chunks while the run carries on: what a long
    // tool call looks like.
    const s = await demo({ keepaliveMs: 30, tokenIntervalMs: 15, faults: { stallAfterChunks: 25 } });
    const runId = s.addRun({ live: true, background: true, steps: 3 });
    const pipeline = startPipeline(s.url, { detail: { stallMs: 250 } });
    const states = recordStates(pipeline, runId);
    const streamRequests: number[] = [];
    const streamRun = pipeline.client.streamRun.bind(pipeline.client);
    vi.spyOn(pipeline.client, 'streamRun').mockImplementation((id, options) => {
      streamRequests.push(options?.startingAfter ?? 0);
      return streamRun(id, options);
    });
    // Nothing the stream showed may vanish while /messages takes over (a running tool call is not
    // stored until its step ends).
    const shrinks: string[] = [];
    let shown: string[] = [];
    // And every text on screen must be, at every moment, the start of the final one: never doubled.
    const snapshots = new Set<string>();
    pipeline.store.subscribe((state) => {
      const entries = state.details[runId]?.transcript.entries ?? [];
      const keys = entries.map((e) => e.key);
      const lost = shown.filter((key) => !keys.includes(key));
      if (lost.length) shrinks.push(`${lost.join(',')} (${state.details[runId]?.mode})`);
      shown = keys;
      for (const e of entries) snapshots.add(JSON.stringify([e.key, e.text, e.toolArgs ?? '']));
    });
    pipeline.select(runId);

    const detail = await pipeline.waitDone(runId, 20_000);
    expect(shrinks).toEqual([]);
    const polled = states.findIndex((st) => st.mode === 'poll');
    expect(polled, JSON.stringify(states)).toBeGreaterThan(-1);
    const back = states.findIndex((st, i) => i > polled && st.mode === 'stream' && st.streamStatus === 'live');
    expect(back, JSON.stringify(states)).toBeGreaterThan(-1);
    // Back on the stream after what it had shown: resumed, not replayed.
    expect(streamRequests[0]).toBe(0);
    expect(streamRequests.length).toBeGreaterThanOrEqual(2);
    expect(streamRequests.slice(1).every((after) => after > 0), JSON.stringify(streamRequests)).toBe(true);
    expect(pipeline.state().runs.byId[runId].stalled).toBe(false);
    // Stored messages merged whole, streamed ones resumed: exactly what the server persisted, nothing twice.
    const persisted = await persistedEntries(s.url, runId);
    expect(visibleEntries(detail)).toEqual(persisted);
    const final = new Map(detail.transcript.entries.map((e) => [e.key, e]));
    const overgrown = [...snapshots]
      .map((snapshot) => JSON.parse(snapshot) as [string, string, string])
      .filter(([key, text, args]) => !final.get(key)?.text.startsWith(text) || !(final.get(key)?.toolArgs ?? '').startsWith(args));
    expect(overgrown).toEqual([]);
  });

  it('a ping-only stream of a finished run is reconciled from /messages', async () => {
    const s = await demo({ keepaliveMs: 30, faults: { pingOnly: true } });
    const runId = s.addRun({ steps: 2, background: true });
    const pipeline = startPipeline(s.url, { detail: { stallMs: 300 } });
    pipeline.select(runId);
    const detail = await pipeline.waitDone(runId);
    expect(detail.mode).toBe('static');
    expect(detail.modeNote).toMatch(/silent although the run is completed.*\/messages/);
    expect(visibleEntries(detail)).toEqual(await persistedEntries(s.url, runId));
    expect(pipeline.state().runs.byId[runId].stalled).toBe(false);
  });

  it('a finished run whose stream ends without [DONE] is reconciled from /messages', async () => {
    const s = await demo({ keepaliveMs: 20, pingOnlyLimitMs: 100, faults: { pingOnly: true } });
    const runId = s.addRun({ steps: 2, background: true });
    const pipeline = startPipeline(s.url, { detail: { stallMs: 10_000 } });
    pipeline.select(runId);
    const detail = await pipeline.waitDone(runId);
    expect(detail.mode).toBe('static');
    expect(detail.modeNote).toBe('stream ended without [DONE]: reconciled from /messages');
    expect(visibleEntries(detail)).toEqual(await persistedEntries(s.url, runId));
    expect(detail.transcript.entries.filter((e) => e.kind === 'stop')).toHaveLength(1);
  });
});

describe('refused streams fall back to /messages and say why', () => {
  it('a live non-background run is polled with the `after` cursor until it ends', async () => {
    const s = await demo({ tokenIntervalMs: 4 });
    const pipeline = startPipeline(s.url, { detail: { pollIntervalMs: 20 } });
    const listMessages = vi.spyOn(pipeline.client, 'listRunMessages');
    const runId = s.addRun({ live: true, background: false, steps: 3, outcome: 'end_turn' });
    const counts: number[] = [];
    pipeline.store.subscribe((state) => {
      const d = state.details[runId];
      if (d?.mode === 'poll' && d.transcript.entries.length !== counts.at(-1)) counts.push(d.transcript.entries.length);
    });
    pipeline.select(runId);
    const detail = await pipeline.waitDone(runId);
    expect(detail.modeNote).toBe('not a background run, so no stream: reading /messages');
    // New messages arrived while polling, through the `after` cursor.
    expect(counts.length).toBeGreaterThan(1);
    expect(listMessages.mock.calls.some(([, params]) => typeof params?.after === 'string')).toBe(true);
    expect(visibleEntries(detail)).toEqual(await persistedEntries(s.url, runId));
    expect(s.expectedMessageCount(runId)).toBe(detail.transcript.entries.filter((e) => e.kind !== 'user' && e.kind !== 'stop').length);
  });

  it('400: the server says the run is not a background run', async () => {
    const s = await demo();
    const runId = s.addRun({ steps: 1, background: false });
    // An older server that reports background runs wrongly: the client tries, the server refuses.
    class MisreportingClient extends LettaClient {
      override async getRun(id: string, signal?: AbortSignal): Promise<WireRun> {
        return { ...(await super.getRun(id, signal)), background: true };
      }
    }
    const client = new MisreportingClient({ baseUrl: s.url });
    const pipeline = startPipeline(s.url, { client });
    try {
      pipeline.select(runId);
      const detail = await pipeline.waitDone(runId);
      expect(detail.mode).toBe('static');
      expect(detail.modeNote).toBe('stream refused (HTTP 400: not a background run): reading /messages');
      expect(visibleEntries(detail)).toEqual(await persistedEntries(s.url, runId));
    } finally {
      await client.destroy();
    }
  });

  it('410: the stream of a run created more than 3 hours ago has expired', async () => {
    const s = await demo();
    const runId = s.addRun({ steps: 1, background: true, createdAt: new Date(Date.now() - 4 * 3600_000) });
    const pipeline = startPipeline(s.url);
    pipeline.select(runId);
    let detail = await pipeline.waitDone(runId);
    expect(detail.modeNote).toBe('stream expired (older than 3 h): reading /messages');
    expect(visibleEntries(detail)).toEqual(await persistedEntries(s.url, runId));
    await pipeline.stop();
    // A client whose idea of the retention is wrong still copes with the server's 410.
    const optimist = startPipeline(s.url, { detail: { streamTtlMs: 24 * 3600_000 } });
    optimist.select(runId);
    detail = await optimist.waitDone(runId);
    expect(detail.modeNote).toBe('stream refused (HTTP 410: expired, older than 3 h): reading /messages');
    expect(visibleEntries(detail)).toEqual(await persistedEntries(s.url, runId));
  });

  it('503: a server without Redis keeps no streams; a live run is polled', async () => {
    const s = await demo({ tokenIntervalMs: 4, faults: { streamUnavailable: true } });
    const pipeline = startPipeline(s.url, { detail: { pollIntervalMs: 20 } });
    const runId = s.addRun({ live: true, background: true, steps: 2 });
    pipeline.select(runId);
    await waitFor(() => pipeline!.detailOf(runId)?.mode === 'poll', 'polling mode');
    expect(pipeline.detailOf(runId)?.modeNote).toBe('stream refused (HTTP 503: the server keeps no streams (no Redis)): reading /messages');
    const detail = await pipeline.waitDone(runId);
    expect(visibleEntries(detail)).toEqual(await persistedEntries(s.url, runId));
  });

  it('a 200 answer that is not an event stream (a login page from a proxy)', async () => {
    const s = await demo({ faults: { streamNotSse: true } });
    const runId = s.addRun({ steps: 2, background: true });
    const pipeline = startPipeline(s.url);
    pipeline.select(runId);
    const detail = await pipeline.waitDone(runId);
    expect(detail.mode).toBe('static');
    expect(detail.modeNote).toBe('stream refused (not an event stream): reading /messages');
    expect(visibleEntries(detail)).toEqual(await persistedEntries(s.url, runId));
  });
});
