// The steps pane's waterfall (issue 9): bars on the run's timeline, split into LLM, tool and the rest,
// TTFT marked; beside the table when wide, one or the other (Enter) when narrow; a sentence when the
// server has no metrics, with the table kept.

import { afterEach, describe, expect, it } from 'vitest';
import { apply } from '../../src/store/create-store.js';
import type { RunMetricsView, StepView } from '../../src/store/types.js';
import { storeRunMetrics } from '../../src/store/usage-reducers.js';
import { buildWaterfall, rowText } from '../../src/ui/waterfall.js';
import { detailWith, KEYS, plain, renderApp, storeWithRuns, waitForFrame, wireRun } from './helpers.js';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

const S = 1e9;
/** Two steps over 10 s: step 1 0–4 s (LLM 1–3 s, tool 3–4 s), step 2 4–10 s (LLM 4–9 s, rest after). */
const METRICS: RunMetricsView = {
  state: 'ok',
  note: null,
  runStartNs: 100 * S,
  runNs: 10 * S,
  final: true,
  steps: [
    { stepId: 'step-1', startNs: 100 * S, llmStartNs: 101 * S, llmNs: 2 * S, toolNs: 1 * S, stepNs: 4 * S },
    { stepId: 'step-2', startNs: 104 * S, llmStartNs: 104 * S, llmNs: 5 * S, toolNs: 0, stepNs: 6 * S },
  ],
};

describe('buildWaterfall', () => {
  it('puts each part of each step where it happened on the run’s timeline', () => {
    const w = buildWaterfall(METRICS, 10, null);
    expect(w.rows.map(rowText)).toEqual(['░██▒      ', '    █████░']);
    expect(w.share).toEqual({ llm: 0.7, tool: 0.1, rest: expect.closeTo(0.2, 9) });
    expect(w.totalNs).toBe(10 * S);
  });

  it('marks the time to first token on the step it falls in', () => {
    const w = buildWaterfall(METRICS, 10, 1500);
    expect(rowText(w.rows[0])).toBe('░┃█▒      ');
  });

  it('a step without timings is a gap; a part too short for a cell still shows', () => {
    const w = buildWaterfall({ ...METRICS, steps: [METRICS.steps[0], { stepId: 'x', startNs: null, llmStartNs: null, llmNs: null, toolNs: null, stepNs: null }, { ...METRICS.steps[1], toolNs: 0.01 * S, llmNs: 4.99 * S }] }, 10, null);
    expect(w.rows[1].segments).toEqual([]);
    expect(rowText(w.rows[2])).toContain('▒');
  });
});

function storeWithSteps() {
  const now = Date.now();
  const run = wireRun(1, 'completed', { stop_reason: 'end_turn', ttft_ns: 1.5e9, created_at: new Date(now - 60_000).toISOString(), completed_at: new Date(now - 60_000 + 10_000).toISOString() });
  const store = storeWithRuns([run]);
  const steps: StepView[] = [
    { id: 'step-1', model: 'gpt-4o-mini', promptTokens: 1000, completionTokens: 20, status: 'success', stopReason: null, error: null },
    { id: 'step-2', model: 'gpt-4o-mini', promptTokens: 1100, completionTokens: 40, status: 'success', stopReason: 'end_turn', error: null },
  ];
  store.setState({ selectedRunId: run.id, details: { [run.id]: detailWith(run.id, [], { steps }) } });
  return { store, runId: run.id };
}

function resize(app: ReturnType<typeof renderApp>, columns: number, rows: number) {
  Object.defineProperty(app.stdout, 'columns', { configurable: true, get: () => columns });
  Object.defineProperty(app.stdout, 'rows', { configurable: true, get: () => rows });
  app.stdout.emit('resize');
}

/** The app with the run of storeWithSteps selected and these timings stored, at this size. */
function renderWithMetrics(metrics: RunMetricsView, columns: number, rows: number) {
  const { store, runId } = storeWithSteps();
  apply(store, storeRunMetrics(store.getState(), runId, metrics));
  const app = renderApp(store);
  cleanup = app.unmount;
  resize(app, columns, rows);
  return { app, store };
}

describe('steps pane', () => {
  it('draws the waterfall beside the table when there is room', async () => {
    const { app } = renderWithMetrics(METRICS, 160, 40);
    const frame = plain(await waitForFrame(app.lastFrame, (f) => f.includes('llm 70%')));
    expect(frame).toMatch(/│ 1 │ gpt-4o-mini/);
    expect(frame).toMatch(/ 1 ░+█┃█+▒+ +4\.0s/);
    expect(frame).toMatch(/ 2 +█+░+ +6\.0s/);
    expect(frame).toContain('┃ttft 1.5s');
  });

  it('below 64 columns Enter in the steps pane switches between the table and the waterfall', async () => {
    const { app, store } = renderWithMetrics(METRICS, 80, 30);
    await waitForFrame(app.lastFrame, (f) => f.includes('Enter: waterfall') && f.includes('gpt-4o-mini'));
    app.stdin.write(KEYS.tab + KEYS.tab);
    await waitForFrame(app.lastFrame, () => store.getState().ui.focus === 'steps');
    app.stdin.write('\r');
    const waterfall = plain(await waitForFrame(app.lastFrame, (f) => f.includes('Enter: table') && f.includes('llm 70%')));
    expect(waterfall).not.toContain('gpt-4o-mini');
    expect(waterfall).toContain('Enter waterfall/table');
    app.stdin.write('\r');
    await waitForFrame(app.lastFrame, (f) => f.includes('Enter: waterfall') && f.includes('gpt-4o-mini'));
  });

  it('says why there is no waterfall and keeps the table', async () => {
    const { app } = renderWithMetrics({ state: 'unavailable', note: 'this server does not implement run metrics (HTTP 501)', runStartNs: null, runNs: null, steps: [], final: true }, 160, 40);
    const frame = plain(await waitForFrame(app.lastFrame, (f) => f.includes('no waterfall')));
    expect(frame).toContain('gpt-4o-mini');
    expect(frame).toContain('no waterfall: this server does not implement run');
    expect(frame).toContain('metrics (HTTP 501)');
  });

  it('says a read that failed for now is retried, instead of "loading" with nothing coming', async () => {
    const { app } = renderWithMetrics({ state: 'loading', note: 'server error 500 (retrying)', runStartNs: null, runNs: null, steps: [], final: false }, 160, 40);
    const frame = plain(await waitForFrame(app.lastFrame, (f) => f.includes('timings not read')));
    // Beside the table the sentence wraps: its two halves.
    expect(frame).toContain('timings not read: server error 500');
    expect(frame).toMatch(/│ *\(retrying\) *│/);
    expect(frame).not.toContain('timings loading');
  });
});
