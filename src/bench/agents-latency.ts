// The agents view at fleet scale (issue 9): 10,000 runs across 200 agents, usage known for every
// finished run; how long from a key press to the frame that shows it (moves, sorts, filter typing),
// with the same target as the runs view. The store is filled directly: this times the view, not HTTP.

import type { WireRun } from '../api/types.js';
import { createPipeline } from '../cli/pipeline.js';
import { apply } from '../store/create-store.js';
import { pollSucceeded, upsertRuns } from '../store/runs-reducers.js';
import type { RunUsage } from '../store/types.js';
import { percentile, renderHeadless } from './headless-app.js';
import type { BenchFigure, BenchScenario } from './scenario.js';
import { keylessConnection } from '../cli/config.js';

const RUNS = 10_000;
const AGENTS = 200;
const P99_TARGET_MS = 50;
const SIZES = [
  { columns: 120, rows: 40 },
  { columns: 200, rows: 60 },
];

const STATUSES: Array<[string, string | null]> = [
  ['completed', 'end_turn'],
  ['completed', 'end_turn'],
  ['completed', 'end_turn'],
  ['failed', 'llm_api_error'],
  ['completed', 'requires_approval'],
  ['cancelled', 'cancelled'],
  ['running', null],
];

/** A fleet over the last 24 hours, agent i getting a share that grows with i (a long tail). */
function fleet(now: number): { runs: WireRun[]; names: Record<string, string>; usage: Record<string, RunUsage> } {
  const runs: WireRun[] = [];
  const usage: Record<string, RunUsage> = {};
  const names: Record<string, string> = {};
  for (let a = 0; a < AGENTS; a++) names[`agent-${a}`] = `agent-${String(a).padStart(3, '0')}-${['support', 'research', 'review', 'billing', 'sched'][a % 5]}`;
  for (let i = 0; i < RUNS; i++) {
    const agent = `agent-${(i * 7919) % AGENTS}`;
    const created = now - Math.floor((i / RUNS) * 24 * 3_600_000) - (i % 17) * 1000;
    const [status, stop] = STATUSES[i % STATUSES.length];
    const id = `run-${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
    const seconds = 2 + ((i * 31) % 90);
    runs.push({
      id,
      agent_id: agent,
      status,
      stop_reason: stop,
      created_at: new Date(created).toISOString(),
      completed_at: status === 'running' ? null : new Date(created + seconds * 1000).toISOString().replace('Z', ''),
      total_duration_ns: status === 'running' ? null : seconds * 1e9,
    });
    if (status !== 'running') {
      const prompt = 2000 + ((i * 13) % 9000);
      const completion = 50 + ((i * 7) % 600);
      usage[id] = { promptTokens: prompt, completionTokens: completion, byModel: { [i % 3 ? 'openai/gpt-4o-mini' : 'anthropic/claude-sonnet-4-5']: { promptTokens: prompt, completionTokens: completion } } };
    }
  }
  return { runs, names, usage };
}

async function measure(size: { columns: number; rows: number }): Promise<BenchFigure[]> {
  // A pipeline that is never started: its store and context, filled by hand.
  const pipeline = createPipeline({ connection: keylessConnection('http://127.0.0.1:9'), intervalMs: 2000, stallMs: 60_000, stdout: process.stdout, quit: () => undefined, window: '24h' });
  const { store } = pipeline;
  const now = Date.now();
  const { runs, names, usage } = fleet(now);
  apply(store, upsertRuns(store.getState(), runs, now));
  store.setState({ ...pollSucceeded(store.getState(), now), agents: names, runUsage: usage, listComplete: true });
  const app = await renderHeadless(pipeline.context, size);
  await app.nextFrame();
  const switchMs = await app.press('v', 30_000);
  const moves: number[] = [];
  for (let i = 0; i < 300; i++) {
    moves.push(await app.press(i % 60 < 30 ? 'j' : 'k'));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const sorts: number[] = [];
  for (let i = 0; i < 22; i++) {
    sorts.push(await app.press('s'));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const typing: number[] = [];
  for (const text of ['support', 'agent-1', '!review', 'sched', 'billing']) {
    await app.press('/');
    for (const ch of text) {
      typing.push(await app.press(ch));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await app.press('\u001b');
    // A lone Esc followed at once by '/' reads as Alt-/ (one escape sequence): leave a gap, as a person does.
    await new Promise((resolve) => setTimeout(resolve, 35));
  }
  app.unmount();
  await pipeline.stop();
  const at = `${size.columns}x${size.rows}`;
  const p99 = (values: number[]) => percentile(values, 99);
  const target = (value: number) => ({ target: `< ${P99_TARGET_MS} ms`, ok: value < P99_TARGET_MS });
  return [
    { label: `${at} switch to agents (first frame)`, value: switchMs, unit: 'ms' },
    { label: `${at} move selection p50`, value: percentile(moves, 50), unit: 'ms' },
    { label: `${at} move selection p99`, value: p99(moves), unit: 'ms', ...target(p99(moves)) },
    { label: `${at} sort by next column p50`, value: percentile(sorts, 50), unit: 'ms' },
    { label: `${at} sort by next column p99`, value: p99(sorts), unit: 'ms', ...target(p99(sorts)) },
    { label: `${at} filter keystroke p50`, value: percentile(typing, 50), unit: 'ms' },
    { label: `${at} filter keystroke p99`, value: p99(typing), unit: 'ms', ...target(p99(typing)) },
  ];
}

export const agentsLatency: BenchScenario = {
  name: 'agents-latency',
  description: `agents view: ${RUNS.toLocaleString('en')} runs across ${AGENTS} agents, keypress-to-frame latency`,
  async run(): Promise<BenchFigure[]> {
    const figures: BenchFigure[] = [];
    for (const size of SIZES) figures.push(...(await measure(size)));
    return figures;
  },
};
