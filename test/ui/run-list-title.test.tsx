// Issue 8, item 11: when older runs were let go to bound memory, the run list's title says so.

import { afterEach, describe, expect, it } from 'vitest';
import { renderApp, storeWithRuns, waitForFrame, wireRun } from './helpers.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('the run list title', () => {
  it('counts the older runs let go, and says scrolling reloads them', async () => {
    const store = storeWithRuns([wireRun(1, 'completed'), wireRun(2, 'failed')]);
    const app = renderApp(store);
    cleanups.push(app.unmount);
    await waitForFrame(app.lastFrame, (frame) => frame.includes('Runs 1/2'));
    expect(app.lastFrame()).not.toMatch(/let go/);
    store.setState({ runs: { ...store.getState().runs, letGo: 2314 } });
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('let go'));
    // At this test terminal's 100 columns the title is cut after the count: "(scroll to r…".
    expect(frame.replace(/\u001b\[[0-9;]*m/g, '')).toMatch(/Runs 1\/2 · 2,314 older let go \(scroll/);
    // At the most runs held, scrolling loads no more: the title does not promise it.
    store.setState({ runs: { ...store.getState().runs, olderReachable: false } });
    const atLimit = await waitForFrame(app.lastFrame, (f) => f.includes('limit'));
    expect(atLimit.replace(/\u001b\[[0-9;]*m/g, '')).toMatch(/2,314 older let go \(limit/);
  });
});
