// `runs-top events`: JSON Lines of fleet changes against the simulated server on loopback, through an
// outage and a server restart: every run reported, nothing twice, nothing skipped.

import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runEvents } from '../../src/cli/events-command.js';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { waitFor } from '../faults/pipeline.js';
import { jsonLines, startCli } from './cli-process.js';

const EVENT_FIELDS = ['type', 'time', 'run_id', 'agent_id', 'agent_name', 'status', 'previous_status', 'stop_reason', 'outcome', 'created_at', 'completed_at', 'duration_ms', 'background', 'tokens'];

interface InProcess {
  lines(): Array<Record<string, any>>;
  stderr(): string;
  stop(): Promise<number>;
}

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function demo(options: Parameters<typeof startDemoServer>[0] = {}): Promise<DemoServer> {
  const server = await startDemoServer({ autoplay: false, tokenIntervalMs: 5, ...options });
  cleanups.push(() => server.close());
  return server;
}

/** `runEvents` in this process, with a small page so that an outage can outrun it. */
function events(url: string, options: { since?: string; pageSize?: number } = {}): InProcess {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  err.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const controller = new AbortController();
  const done = runEvents({ baseUrl: url, apiKey: undefined, projectId: undefined }, { filters: {}, intervalMs: 50, signal: controller.signal, out, err, ...options });
  const stop = () => {
    controller.abort();
    return done;
  };
  cleanups.push(stop);
  return { lines: () => jsonLines(stdout), stderr: () => stderr, stop };
}

function byRun(lines: Array<Record<string, any>>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of lines) out.set(line.run_id, [...(out.get(line.run_id) ?? []), `${line.type}:${line.status}`]);
  return out;
}

describe('runs-top events', () => {
  it('reports runs as they appear, change status and finish; history before the start is not reported', async () => {
    const server = await demo({ seed: 31 });
    const history = server.addRun({ live: false, createdAt: new Date(Date.now() - 60_000) });
    const watch = events(server.url);
    const ids = [server.addRun({ live: true, outcome: 'end_turn' }), server.addRun({ live: true, outcome: 'error' }), server.addRun({ live: true, outcome: 'requires_approval' })];
    await waitFor(() => ids.every((id) => watch.lines().some((l) => l.run_id === id && l.type === 'FINISHED')), 'every run to finish', 15_000, () => watch.lines());
    const lines = watch.lines();
    for (const line of lines) expect(Object.keys(line)).toEqual(EVENT_FIELDS);
    expect(lines.some((l) => l.run_id === history)).toBe(false);
    const finished = (id: string) => lines.find((l) => l.run_id === id && l.type === 'FINISHED')!;
    expect(finished(ids[0])).toMatchObject({ outcome: 'completed', stop_reason: 'end_turn', status: 'completed' });
    expect(finished(ids[1])).toMatchObject({ outcome: 'failed', status: 'failed' });
    expect(finished(ids[2])).toMatchObject({ outcome: 'requires_approval', stop_reason: 'requires_approval' });
    expect(finished(ids[0]).tokens.total).toBeGreaterThan(0);
    expect(finished(ids[0]).duration_ms).toBeGreaterThan(0);
    for (const id of ids) expect(byRun(lines).get(id)![0]).toMatch(/^ADDED:/);
  });

  it('a run already going when events starts is reported ADDED, then FINISHED; finished history is not', async () => {
    const server = await demo({ seed: 34 });
    const going = server.addRun({ live: true, steps: 6, createdAt: new Date(Date.now() - 60_000) });
    const done = server.addRun({ live: false, createdAt: new Date(Date.now() - 60_000) });
    const watch = events(server.url);
    await waitFor(() => watch.lines().some((l) => l.run_id === going && l.type === 'FINISHED'), 'the live run to finish', 15_000);
    expect(byRun(watch.lines()).get(going)?.[0]).toMatch(/^ADDED/);
    expect(watch.lines().some((l) => l.run_id === done)).toBe(false);
  });

  it('--since reports the runs created since then, history included', async () => {
    const server = await demo({ seed: 32 });
    const old = server.addRun({ live: false, createdAt: new Date(Date.now() - 3 * 3_600_000) });
    const recent = server.addRun({ live: false, createdAt: new Date(Date.now() - 10 * 60_000) });
    const watch = events(server.url, { since: '1h' });
    await waitFor(() => watch.lines().some((l) => l.run_id === recent && l.type === 'FINISHED'), 'the recent run');
    expect(byRun(watch.lines()).get(recent)).toEqual(['ADDED:completed', 'FINISHED:completed']);
    expect(watch.lines().some((l) => l.run_id === old)).toBe(false);
  });

  it('--since after a stop: a run that started before it and ended after it is reported (a resumed pipeline must not lose it)', async () => {
    const server = await demo({ seed: 34 });
    // Started two hours ago, still going while the pipeline was stopped, finished a moment ago.
    const resumed = server.addRun({ live: true, steps: 1, createdAt: new Date(Date.now() - 2 * 3_600_000) });
    const statusOf = async () => ((await (await fetch(`${server.url}/v1/runs/${resumed}`)).json()) as { status: string }).status;
    for (const deadline = Date.now() + 10_000; (await statusOf()) !== 'completed'; ) {
      if (Date.now() > deadline) throw new Error('the run did not end');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const watch = events(server.url, { since: '1h' });
    await waitFor(() => watch.lines().some((l) => l.run_id === resumed && l.type === 'FINISHED'), 'its FINISHED');
    expect(byRun(watch.lines()).get(resumed)).toEqual(['ADDED:completed', 'FINISHED:completed']);
  });

  it('across a server restart neither repeats nor skips a change, even when more runs started than one page holds', async () => {
    const server = await demo({ seed: 33 });
    const watch = events(server.url, { pageSize: 3 });
    const before = [server.addRun({ live: true }), server.addRun({ live: true, outcome: 'cancelled' })];
    await waitFor(() => before.every((id) => watch.lines().some((l) => l.run_id === id && l.type === 'FINISHED')), 'the first runs to finish', 15_000);

    await server.stop();
    await waitFor(() => /reconnecting/.test(watch.stderr()), 'the outage on stderr', 10_000);
    // While the server is down: seven runs start and finish (more than two pages), one is still going.
    const during = Array.from({ length: 7 }, (_, i) => server.addRun({ live: false, createdAt: new Date(Date.now() + i) }));
    const stillGoing = server.addRun({ live: true, steps: 4 });
    await server.start();

    const all = [...before, ...during, stillGoing];
    await waitFor(() => all.every((id) => watch.lines().some((l) => l.run_id === id && l.type === 'FINISHED')), 'every run to be reported finished', 20_000, () => byRun(watch.lines()));
    expect(watch.stderr()).toMatch(/connected again after \d+ s/);
    const lines = watch.lines();
    // No repeat: each (run, event type, status) once; one ADDED and one FINISHED per run, in that order.
    const keys = lines.map((l) => `${l.run_id}|${l.type}|${l.status}`);
    expect(new Set(keys).size).toBe(keys.length);
    const runs = byRun(lines);
    expect([...runs.keys()].sort()).toEqual([...all].sort());
    for (const [id, seq] of runs) {
      expect(seq.filter((s) => s.startsWith('ADDED')).length, id).toBe(1);
      expect(seq.filter((s) => s.startsWith('FINISHED')).length, id).toBe(1);
      expect(seq[0]).toMatch(/^ADDED/);
      expect(seq.at(-1)).toMatch(/^FINISHED/);
    }
  });
});

describe('runs-top events (the CLI)', () => {
  it('writes JSON Lines to stdout until Ctrl-C, then exits 130', async () => {
    const server = await demo({ seed: 34 });
    const cli = startCli(['events', '--base-url', server.url, '--interval', '0.1']);
    cleanups.push(async () => {
      if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
    });
    // The first poll is the baseline; a run added after it is ADDED.
    await waitFor(() => server.stats().requests > 1, 'the first poll');
    const id = server.addRun({ live: true });
    await cli.waitFor((stdout) => stdout.includes(`"type":"FINISHED","time"`) && stdout.includes(id), 'the run to finish');
    cli.child.kill('SIGINT');
    const result = await cli.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toBe('');
    expect(jsonLines(result.stdout).map((l) => l.type)).toEqual(['ADDED', 'FINISHED']);
  });
});
