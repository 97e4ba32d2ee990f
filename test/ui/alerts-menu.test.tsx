// The alerts menu (`A`, issue 10): every event and every delivery turned on or off at run time, each
// change said in the footer and kept in the store that the alert watcher reads.

import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, plain, renderApp, storeWithRuns, waitForFrame, wireRun } from './helpers.js';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

describe('the alerts menu', () => {
  it('turns events, the bell, desktop notifications, the title and the hook on and off, then closes', async () => {
    const store = storeWithRuns([wireRun(1, 'completed')]);
    store.setState({ alerts: { ...store.getState().alerts, hook: '~/bin/page-me' } });
    const app = renderApp(store);
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => f.includes('Runs 1/1'));
    app.stdin.write('A');
    const menu = plain(await waitForFrame(app.lastFrame, (f) => f.includes('a key switches its line')));
    expect(menu).toMatch(/ b {2}✗ bell {9}ring the terminal bell/);
    expect(menu).toMatch(/ h {2}✓ hook {9}run --on-event: ~\/bin\/page-me/);
    const steps: Array<[string, string, () => unknown, unknown]> = [
      ['2', 'alert "approval" off', () => store.getState().alerts.events.approval, false],
      ['b', 'bell on', () => store.getState().alerts.bell, true],
      ['n', 'desktop notifications on', () => store.getState().alerts.desktop !== null, true],
      ['t', 'window title given back', () => store.getState().alerts.title, false],
      ['h', '--on-event paused', () => store.getState().alerts.hookPaused, true],
      ['m', 'alerts muted', () => store.getState().alerts.muted, true],
    ];
    for (const [key, said, value, expected] of steps) {
      app.stdin.write(key);
      await waitForFrame(app.lastFrame, () => value() === expected);
      expect(store.getState().ui.flash?.text, key).toContain(said);
    }
    // The menu shows the new state, a line each.
    const after = plain(await waitForFrame(app.lastFrame, (f) => f.includes('Alerts (MUTED)')));
    for (const line of [/ 2 {2}✗ approval/, / b {2}✓ bell/, / n {2}✓ desktop/, / t {2}✗ title/, / h {2}✗ hook/, / m {2}✗ unmuted/]) expect(after).toMatch(line);
    app.stdin.write(KEYS.escape);
    await waitForFrame(app.lastFrame, () => !store.getState().ui.alertsMenu);
  });

  it('says there is no hook to turn on or off without --on-event', async () => {
    const store = storeWithRuns([wireRun(1, 'completed')]);
    const app = renderApp(store);
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => f.includes('Runs 1/1'));
    app.stdin.write('A');
    const menu = plain(await waitForFrame(app.lastFrame, (f) => f.includes('a key switches its line')));
    expect(menu).not.toContain('hook');
    app.stdin.write('h');
    await waitForFrame(app.lastFrame, () => store.getState().ui.flash?.text === 'no --on-event command to turn on or off');
  });
});
