// Each fault knob does what it says, observed through real HTTP clients; and stop()/start() simulate a
// crash and recovery on the same port.

import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FAULTS } from '../../src/demo/faults.js';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { dataOf, getJson, readStream, waitFor } from './helpers.js';

const parse = (data: string): Record<string, any> => JSON.parse(data);

/** Raw bytes of a stream, as the pieces the client's socket delivered. */
function rawStream(url: string, runId: string): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/v1/runs/${runId}/stream`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      const pieces: Buffer[] = [];
      res.on('data', (piece: Buffer) => pieces.push(piece));
      res.on('end', () => resolve(pieces));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end('{}');
  });
}

describe('fault knobs', () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await startDemoServer({ autoplay: false, historyRuns: 3 });
  });
  afterEach(() => server.setFaults(DEFAULT_FAULTS));
  afterAll(() => server.close());

  it('dropAfterChunks cuts every stream after N events; resuming completes the transcript', async () => {
    const runId = server.addRun({ steps: 2 });
    const stored = server.storedChunks(runId);
    server.setFaults({ dropAfterChunks: 4 });
    const received: string[] = [];
    let watermark = 0;
    let connections = 0;
    for (;;) {
      connections++;
      const result = await readStream(server.url, runId, { body: JSON.stringify({ starting_after: watermark }) });
      expect(result.events.length).toBeLessThanOrEqual(4);
      for (const event of result.events) {
        const seq = event.data.startsWith('{') ? parse(event.data).seq_id : undefined;
        if (typeof seq === 'number') {
          if (seq <= watermark) continue;
          watermark = seq;
        }
        received.push(event.data);
      }
      if (result.error === null) break; // clean end
      expect(connections).toBeLessThan(200);
    }
    expect(connections).toBeGreaterThan(1);
    const messagesOnly = (chunks: string[]): string[] => chunks.filter((c) => c.includes('"seq_id":'));
    expect(messagesOnly(received)).toEqual(messagesOnly(stored));
    expect(received.at(-1)).toBe('[DONE]');
  });

  it('dropMidChunk leaves half an event on the wire before cutting', async () => {
    const runId = server.addRun({ steps: 1 });
    server.setFaults({ dropAfterChunks: 2, dropMidChunk: true });
    const result = await readStream(server.url, runId);
    expect(result.error).not.toBeNull();
    expect(result.events).toHaveLength(2);
    const tail = result.raw.slice(result.raw.lastIndexOf('\n\n') + 2);
    expect(tail.startsWith('data: {')).toBe(true);
    expect(tail.endsWith('\n\n')).toBe(false);
    expect(server.storedChunks(runId)[2].startsWith(tail.slice('data: '.length))).toBe(true);
  });

  it('serverErrorRate answers 500/502/503 to non-stream requests only', async () => {
    const runId = server.addRun({ steps: 1 });
    server.setFaults({ serverErrorRate: 1 });
    const statuses = new Set<number>();
    for (let i = 0; i < 20; i++) statuses.add((await getJson(`${server.url}/v1/runs/`)).status);
    expect([...statuses].every((s) => [500, 502, 503].includes(s))).toBe(true);
    expect(statuses.size).toBeGreaterThan(1);
    const stream = await readStream(server.url, runId);
    expect(stream.status).toBe(200);
    server.setFaults({ serverErrorRate: 0.5 });
    const mixed = new Set<number>();
    for (let i = 0; i < 30; i++) mixed.add((await getJson(`${server.url}/v1/runs/`)).status);
    expect(mixed.has(200)).toBe(true);
  });

  it('rateLimitRate answers 429 with Retry-After', async () => {
    server.setFaults({ rateLimitRate: 1, retryAfterSeconds: 7 });
    const response = await getJson(`${server.url}/v1/runs/`);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
  });

  it('latencyMs delays every response', async () => {
    server.setFaults({ latencyMs: 120 });
    const started = Date.now();
    expect((await getJson(`${server.url}/v1/runs/`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('malformedRate adds extra malformed events without replacing real ones', async () => {
    const runId = server.addRun({ steps: 1 });
    server.setFaults({ malformedRate: 1 });
    const result = await readStream(server.url, runId);
    const stored = server.storedChunks(runId);
    expect(result.events.length).toBe(stored.length * 2);
    const real = result.events.filter((_, i) => i % 2 === 1).map((e) => e.data);
    expect(real).toEqual(stored);
    const extras = result.events.filter((_, i) => i % 2 === 0);
    for (const extra of extras) {
      let odd = extra.event !== undefined;
      try {
        const value = JSON.parse(extra.data);
        odd ||= !value || Array.isArray(value) || !('seq_id' in value);
      } catch {
        odd = true;
      }
      expect(odd).toBe(true);
    }
  });

  it('hostile puts terminal escape sequences in generated text and agent names', async () => {
    server.setFaults({ hostile: true });
    const runId = server.addRun({ steps: 2, outcome: 'error' });
    const all = server.storedChunks(runId).join('');
    expect(all).toMatch(/\\u001b|\u009b|\u009d/);
    const messages = await (await fetch(`${server.url}/v1/runs/${runId}/messages`)).text();
    expect(messages).toMatch(/\\u001b|\u009b|\u009d/);
    const agents = (await getJson(`${server.url}/v1/agents/`)).body;
    expect(agents.every((agent: { name: string }) => /[\u001b\u0007\u009b-\u009d]/.test(agent.name))).toBe(true);
  });

  it('pingOnly streams only keepalive pings, even for a finished run', async () => {
    const quick = await startDemoServer({ autoplay: false, keepaliveMs: 15, pingOnlyLimitMs: 100, faults: { pingOnly: true } });
    try {
      const runId = quick.addRun({ steps: 1 });
      const result = await readStream(quick.url, runId);
      expect(result.events.length).toBeGreaterThan(0);
      expect(result.events.every((e) => parse(e.data).message_type === 'ping')).toBe(true);
      expect(dataOf(result.events)).not.toContain('[DONE]');
    } finally {
      await quick.close();
    }
  });

  it('crlf ends SSE lines with \\r\\n and parses to the same events', async () => {
    const runId = server.addRun({ steps: 1 });
    server.setFaults({ crlf: true });
    const result = await readStream(server.url, runId);
    expect(result.raw).toContain('\r\n\r\n');
    expect(result.raw.replace(/\r\n/g, '')).not.toContain('\n');
    expect(dataOf(result.events)).toEqual(server.storedChunks(runId));
  });

  it('splitWrites delivers each event in small pieces, splitting multi-byte characters', async () => {
    const text = 'Température: 14°C — ça va 🙂 naïve café ☕ ünïcödé';
    const runId = server.addRun({ steps: 1, text });
    server.setFaults({ splitWrites: true });
    const pieces = await rawStream(server.url, runId);
    const stored = server.storedChunks(runId);
    expect(pieces.length).toBeGreaterThan(stored.length);
    const whole = Buffer.concat(pieces).toString('utf8');
    expect(whole).toBe(stored.map((data) => `data: ${data}\n\n`).join(''));
    const strict = new TextDecoder('utf-8', { fatal: true });
    const broken = pieces.filter((piece) => {
      try {
        strict.decode(piece);
        return false;
      } catch {
        return true;
      }
    });
    expect(broken.length).toBeGreaterThan(0);
    // and a real SSE client still gets the exact text
    const result = await readStream(server.url, runId);
    const assistant = result.events.map((e) => e.data).filter((d) => d.includes('"assistant_message"'));
    expect(assistant.map((d) => parse(d).content).join('')).toBe(text);
  });
});

describe('stop() / start()', () => {
  it('drops every connection, refuses while down, and serves the same state on the same port after', async () => {
    const server = await startDemoServer({ autoplay: false, tokenIntervalMs: 5 });
    try {
      const runId = server.addRun({ live: true, steps: 3 });
      let cut = false;
      const reading = readStream(server.url, runId, {
        onEvent: (_event, events) => {
          if (events.length === 5 && !cut) {
            cut = true;
            void server.stop();
          }
        },
      });
      const result = await reading;
      expect(result.error).not.toBeNull();
      expect(server.stats().openSockets).toBe(0);
      await expect(fetch(`${server.url}/v1/runs/`)).rejects.toThrow();

      const port = server.port;
      await server.start();
      expect(server.port).toBe(port);
      const lastSeq = Math.max(...result.events.map((e) => parse(e.data).seq_id ?? 0));
      const resumed = await readStream(server.url, runId, { body: JSON.stringify({ starting_after: lastSeq }) });
      expect([...dataOf(result.events), ...dataOf(resumed.events)].filter((d) => d.includes('"seq_id":'))).toEqual(
        server.storedChunks(runId).filter((d) => d.includes('"seq_id":')),
      );
      expect(resumed.events.at(-1)!.data).toBe('[DONE]');

      await server.restart(20);
      const runs = await waitFor(async () => (await getJson(`${server.url}/v1/runs/`)).body);
      expect(runs.map((r: { id: string }) => r.id)).toContain(runId);
    } finally {
      await server.close();
    }
  });

  it('close() leaves no sockets or timers behind with autoplay running', async () => {
    const server = await startDemoServer({ speed: 50, historyRuns: 5 });
    await waitFor(async () => (await getJson(`${server.url}/v1/runs/?active=true`)).body.length > 0);
    const active = (await getJson(`${server.url}/v1/runs/?active=true`)).body[0];
    const reading = readStream(server.url, active.id);
    await waitFor(() => server.stats().openStreams > 0);
    await server.close();
    await reading; // the stream ends (cut) instead of hanging
    expect(server.stats().openSockets).toBe(0);
    await waitFor(() => server.stats().openStreams === 0); // the server saw the stream close too
  });
});
