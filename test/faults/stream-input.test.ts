// Issue 8, item 9: a run followed from its SSE stream shows what started it. The stream does not carry
// the input user message, `/messages` does: it is read beside the stream and put at the top, once,
// whichever of the two answers first.

import { describe, expect, it, vi } from 'vitest';
import { LettaClient } from '../../src/api/client.js';
import type { RunDetail } from '../../src/store/types.js';
import { appendStop, transcriptFromMessages } from '../../src/store/transcript.js';
import { demoServer, startPipeline, visibleEntries, waitFor, type Pipeline } from './pipeline.js';

/** What a client gets by reading `/messages` of the finished run whole. */
async function persistedEntries(url: string, runId: string) {
  const client = new LettaClient({ baseUrl: url });
  try {
    const run = await client.getRun(runId);
    const transcript = appendStop(transcriptFromMessages(await client.listRunMessages(runId, { limit: 1000 })), run.stop_reason ?? '');
    return visibleEntries({ transcript } as RunDetail);
  } finally {
    await client.destroy();
  }
}

function expectInputFirstOnce(detail: RunDetail): void {
  const kinds = detail.transcript.entries.map((e) => e.kind);
  expect(kinds[0]).toBe('user');
  expect(kinds.filter((k) => k === 'user')).toHaveLength(1);
  expect(detail.transcript.entries[0].text.length).toBeGreaterThan(0);
  // It was the stream that fed the rest, not a fallback to /messages.
  expect(detail.mode).toBe('stream');
}

/** Real requests, made only once `ready()` says so: which side answers first is then known. */
function holdMessagesUntil(pipeline: Pipeline, ready: () => boolean): void {
  const real = pipeline.client.listRunMessages.bind(pipeline.client);
  vi.spyOn(pipeline.client, 'listRunMessages').mockImplementation(async (...args) => {
    await waitFor(ready, 'the stream first');
    return real(...args);
  });
}

function holdStreamUntil(pipeline: Pipeline, ready: () => boolean): void {
  const real = pipeline.client.streamRun.bind(pipeline.client);
  vi.spyOn(pipeline.client, 'streamRun').mockImplementation(async function* (...args) {
    await waitFor(ready, '/messages first');
    yield* real(...args);
  });
}

describe('the input of a streamed run', () => {
  it('a live background run followed via the stream shows its user message first, once, and ends as the server stored it', async () => {
    const server = await demoServer({ seed: 41, tokenIntervalMs: 4 });
    const runId = server.addRun({ live: true, background: true, steps: 2 });
    const pipeline = startPipeline(server.url);
    pipeline.select(runId);
    const detail = await pipeline.waitDone(runId);
    expectInputFirstOnce(detail);
    expect(visibleEntries(detail)).toEqual(await persistedEntries(server.url, runId));
  });

  it('stream first: the input arrives after streamed messages and still goes to the top', async () => {
    const server = await demoServer({ seed: 42, tokenIntervalMs: 4 });
    const runId = server.addRun({ live: true, background: true, steps: 2 });
    const pipeline = startPipeline(server.url);
    // /messages is let go only after the test has seen the streamed messages without the input:
    // released by the stream's progress alone, it could answer before the test looked (a CI flake).
    let released = false;
    holdMessagesUntil(pipeline, () => released);
    pipeline.select(runId);
    await waitFor(() => (pipeline.detailOf(runId)?.transcript.entries.length ?? 0) >= 2, 'streamed messages');
    expect(pipeline.detailOf(runId)?.transcript.entries[0].kind).not.toBe('user');
    released = true;
    const detail = await pipeline.waitDone(runId);
    expectInputFirstOnce(detail);
    expect(visibleEntries(detail)).toEqual(await persistedEntries(server.url, runId));
  });

  it('/messages first: the stream appends after the input, nothing twice', async () => {
    const server = await demoServer({ seed: 43, tokenIntervalMs: 4 });
    const runId = server.addRun({ live: true, background: true, steps: 2 });
    const pipeline = startPipeline(server.url);
    holdStreamUntil(pipeline, () => pipeline.detailOf(runId)?.transcript.entries[0]?.kind === 'user');
    pipeline.select(runId);
    const detail = await pipeline.waitDone(runId);
    expectInputFirstOnce(detail);
    expect(visibleEntries(detail)).toEqual(await persistedEntries(server.url, runId));
  });

  it('a finished background run replayed from its stream starts with its input too', async () => {
    const server = await demoServer({ seed: 44 });
    const runId = server.addRun({ background: true, steps: 3 });
    const pipeline = startPipeline(server.url);
    pipeline.select(runId);
    const detail = await pipeline.waitDone(runId);
    expectInputFirstOnce(detail);
  });
});
