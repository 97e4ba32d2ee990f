import { render } from 'ink-testing-library';
import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { apply, createAppStore } from '../../src/store/create-store.js';
import { upsertRuns } from '../../src/store/runs-reducers.js';
import type { RunDetail, StepView } from '../../src/store/types.js';
import { AppContext, newViewports, type Commands } from '../../src/ui/app-context.js';
import { KEYMAP } from '../../src/ui/keymap.js';
import { computeLayout } from '../../src/ui/layout.js';
import { StepsPane } from '../../src/ui/StepsPane.js';
import { createTheme } from '../../src/ui/theme.js';
import { detailWith, plain, waitForFrame, wireRun } from './helpers.js';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

const RUN = wireRun(1, 'completed', { stop_reason: 'end_turn' });

/** The steps pane alone, at the size the layout gives it, for one selected run with this detail. */
function renderSteps(detail: Partial<RunDetail>, size = computeLayout(120, 40).steps!, noColor = false) {
  const store = createAppStore('http://test');
  apply(store, upsertRuns(store.getState(), [RUN], Date.now()));
  store.setState({ selectedRunId: RUN.id, details: { [RUN.id]: detailWith(RUN.id, [], detail) } });
  const commands = {} as Commands;
  const context = { store, theme: createTheme(noColor), commands, viewports: newViewports(), settings: { bindings: KEYMAP, readOnly: false, baseUrl: 'http://test', staleAfterMs: 60_000 } };
  const app = render(
    <AppContext.Provider value={context}>
      <StepsPane width={size.width} height={size.height} />
    </AppContext.Provider>,
  );
  cleanup = app.unmount;
  return app;
}

function step(n: number): StepView {
  return { id: `step-${n}`, model: 'anthropic/claude-sonnet-4-5', promptTokens: n * 1000, completionTokens: n * 10, status: 'success', stopReason: n === 4 ? 'end_turn' : null, error: null };
}

describe('steps pane', () => {
  it('says the run is gone instead of loading steps for ever', async () => {
    const app = renderSteps({ steps: null, gone: true, mode: 'static', error: { kind: 'not_found', message: `Run ${RUN.id} no longer exists on the server.` } });
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('Steps'));
    expect(frame).toContain('no longer exists on the server');
    expect(frame).not.toContain('Loading steps');
  });

  it('shows why the steps could not be loaded', async () => {
    const app = renderSteps({ steps: null, error: { kind: 'server', message: 'the server answered HTTP 500' } });
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('Steps'));
    expect(frame).toContain('the server answered HTTP 500');
    expect(frame).not.toContain('Loading steps');
  });

  it('says why the steps read failed, and that it is retried; a 404 is not retried', async () => {
    const app = renderSteps({ steps: null, stepsError: { kind: 'server', message: `Steps of ${RUN.id}: server error 500` } });
    const frame = plain(await waitForFrame(app.lastFrame, (f) => f.includes('Steps')));
    expect(frame).toContain('Steps not loaded: server error 500 (retrying)');
    expect(frame).not.toContain('Loading steps');
    cleanup?.();
    const missing = renderSteps({ steps: null, stepsError: { kind: 'not_found', message: `Steps of ${RUN.id}: not found: Not Found` } });
    const after = plain(await waitForFrame(missing.lastFrame, (f) => f.includes('Steps')));
    expect(after).toContain('No steps: the server has none for this run (HTTP 404).');
    expect(after).not.toContain('retrying');
  });

  it('keeps the steps it has when a refresh fails, and says they were not refreshed', async () => {
    const app = renderSteps({ steps: [step(1), step(2)], stepsError: { kind: 'network', message: 'cannot connect' } });
    const frame = plain(await waitForFrame(app.lastFrame, (f) => f.includes('Steps (2)')));
    expect(frame).toContain('not refreshed: cannot connect (retrying)');
    expect(frame).toMatch(/│ 2 │ anthropic\/claud… │ 2k/);
  });

  it('still says loading while steps are on their way', async () => {
    const app = renderSteps({ steps: null });
    expect(await waitForFrame(app.lastFrame, (f) => f.includes('Steps'))).toContain('Loading steps…');
  });

  it('fits all 4 steps of a 4-step run at 120x40: no separator line between rows', async () => {
    const app = renderSteps({ steps: [1, 2, 3, 4].map(step) });
    const frame = plain(await waitForFrame(app.lastFrame, (f) => f.includes('Steps (4)')));
    // The waterfall stands beside the table at this width (issue 9): the model is cut, the rows stay.
    for (const n of [1, 2, 3, 4]) expect(frame).toMatch(new RegExp(`│ ${n} │ anthropic/cl`));
    expect(frame).not.toMatch(/\d-\d\/4/);
    // One rule under the heading, none between the rows.
    expect(frame.match(/├/g)).toHaveLength(1);
  });

  it('writes the column names without colour under NO_COLOR', async () => {
    const coloured = renderSteps({ steps: [step(1)] });
    expect(await waitForFrame(coloured.lastFrame, (f) => f.includes('model'))).toContain('\u001b[34m');
    coloured.unmount();
    const app = renderSteps({ steps: [step(1)] }, undefined, true);
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('model'));
    expect(frame).not.toContain('\u001b[34m');
    expect(frame).toContain('\u001b[1m');
  });
});
