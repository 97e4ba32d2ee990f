// The live context switch: two simulated servers as two contexts, the real pipelines, the monitor
// rendered with ink-testing-library. After switching from A to B nothing of A may remain: not on
// screen, not in the store, not as an open connection or a poll.

import { render } from 'ink-testing-library';
import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ContextSwitcher, contextLabel } from '../../src/cli/context-switcher.js';
import type { ContextsConfig, Target } from '../../src/cli/contexts.js';
import { createPipeline } from '../../src/cli/pipeline.js';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { createContextStore, openPicker } from '../../src/store/context-reducers.js';
import { ContextRoot } from '../../src/ui/ContextRoot.js';
import { shortId } from '../../src/util/format.js';
import { waitFor } from '../faults/pipeline.js';
import { KEYS, plain, waitForFrame } from './helpers.js';

/** The server as the header names it at this width (its compact form leaves the scheme out). */
const host = (url: string) => url.replace(/^https?:\/\//, '');

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(seed: number): Promise<{ server: DemoServer; runIds: string[] }> {
  const demo = await startDemoServer({ seed, autoplay: false, tokenIntervalMs: 200 });
  cleanups.push(() => demo.close());
  const runIds = [demo.addRun({ live: false, createdAt: new Date(Date.now() - 120_000) }), demo.addRun({ live: false, outcome: 'error', createdAt: new Date(Date.now() - 60_000) })];
  // A live streaming run, newest, so that it is selected and its stream is open when we switch.
  runIds.push(demo.addRun({ live: true, steps: 8 }));
  return { server: demo, runIds };
}

describe('switching context live', () => {
  it('closes A, shows B, and nothing of A leaks into the new view', async () => {
    const a = await server(61);
    const b = await server(62);
    const contexts: ContextsConfig = {
      file: 'test.json',
      defaultContext: 'alpha',
      readableByOthers: false,
      contexts: new Map([
        ['alpha', { name: 'alpha', baseUrl: a.server.url, filters: {} }],
        ['beta', { name: 'beta', baseUrl: b.server.url, filters: {} }],
      ]),
    };
    const store = createContextStore(['alpha', 'beta'], 'alpha');
    let quits = 0;
    const make = (target: Target, label: string) =>
      createPipeline({
        connection: target.connection,
        filters: target.filters,
        label,
        intervalMs: 100,
        stallMs: 5_000,
        detail: { selectDebounceMs: 0 },
        stdout: process.stdout,
        quit: () => quits++,
        switchContext: () => store.setState(openPicker(store.getState())),
      });
    const first = make({ context: 'alpha', connection: { baseUrl: a.server.url, apiKey: undefined, projectId: undefined }, filters: {} }, contextLabel('alpha', a.server.url));
    const switcher = new ContextSwitcher({ contexts, store, first, makePipeline: make });
    cleanups.push(() => switcher.stop());
    const app = render(<ContextRoot source={switcher} store={store} describe={(name) => contexts.contexts.get(name)!.baseUrl} />);
    cleanups.push(() => app.unmount());
    switcher.current.start();

    const shownA = await waitForFrame(app.lastFrame, (f) => a.runIds.every((id) => f.includes(shortId(id))), 8_000);
    expect(plain(shownA)).toContain(`alpha · ${host(a.server.url)}`);
    await waitFor(() => a.server.stats().openStreams === 1, "A's selected run streaming", 8_000);

    // The operator silences alerts (the A menu's mute) before switching: that choice goes on with them.
    const alertsBefore = switcher.current.store.getState().alerts;
    switcher.current.store.setState({ alerts: { ...alertsBefore, muted: true, events: { ...alertsBefore.events, failed: false } } });
    app.stdin.write('c');
    const picker = plain(await waitForFrame(app.lastFrame, (f) => f.includes('switch context')));
    expect(picker).toMatch(/● alpha\s+http/);
    expect(picker).toContain(`beta  ${b.server.url}`);
    app.stdin.write('j');
    await waitFor(() => store.getState().picker.cursor === 1, 'the cursor on beta');
    app.stdin.write('\r');

    const shownB = plain(await waitForFrame(app.lastFrame, (f) => !f.includes('switch context') && b.runIds.every((id) => f.includes(shortId(id))), 8_000));
    expect(shownB).toContain(`beta · ${host(b.server.url)}`);
    // Nothing of A: not on screen, not in the new store, no socket left open to A.
    for (const id of a.runIds) expect(shownB).not.toContain(shortId(id));
    expect(shownB).not.toContain(a.server.url);
    const state = switcher.current.store.getState();
    for (const id of a.runIds) {
      expect(state.runs.byId[id]).toBeUndefined();
      expect(state.details[id]).toBeUndefined();
    }
    expect(state.serverLabel).toBe(contextLabel('beta', b.server.url));
    expect(state.alerts).toMatchObject({ muted: true, events: { failed: false, approval: true } });
    await waitFor(() => a.server.stats().openStreams === 0 && a.server.stats().openSockets === 0, "A's connections closed");
    // B's runs keep being polled while A hears nothing more.
    const requestsToA = a.server.stats().requests;
    const requestsToB = b.server.stats().requests;
    await waitFor(() => b.server.stats().requests >= requestsToB + 5, 'more polls of B', 8_000);
    expect(a.server.stats().requests).toBe(requestsToA);
    expect(store.getState().current).toBe('beta');

    // Esc in the picker goes back unchanged; q quits from it.
    app.stdin.write('c');
    await waitForFrame(app.lastFrame, (f) => f.includes('switch context'));
    app.stdin.write(KEYS.escape);
    await waitForFrame(app.lastFrame, (f) => f.includes(`beta · ${host(b.server.url)}`));
    expect(quits).toBe(0);
  });

  it('a context whose key cannot be read keeps the current one and says why in the picker', async () => {
    const a = await server(63);
    const contexts: ContextsConfig = {
      file: 'test.json',
      defaultContext: null,
      readableByOthers: false,
      contexts: new Map([
        ['alpha', { name: 'alpha', baseUrl: a.server.url, filters: {} }],
        ['locked', { name: 'locked', baseUrl: 'http://127.0.0.1:9', apiKeyEnv: 'RUNS_TOP_TEST_NEVER_SET', filters: {} }],
      ]),
    };
    const store = createContextStore(['alpha', 'locked'], 'alpha');
    const make = (target: Target, label: string) =>
      createPipeline({ connection: target.connection, label, intervalMs: 100, stallMs: 5_000, stdout: process.stdout, quit: () => undefined, switchContext: () => store.setState(openPicker(store.getState())) });
    const first = make({ context: 'alpha', connection: { baseUrl: a.server.url, apiKey: undefined, projectId: undefined }, filters: {} }, contextLabel('alpha', a.server.url));
    const switcher = new ContextSwitcher({ contexts, store, first, makePipeline: make, env: {} });
    cleanups.push(() => switcher.stop());
    const app = render(<ContextRoot source={switcher} store={store} describe={(name) => contexts.contexts.get(name)!.baseUrl} />);
    cleanups.push(() => app.unmount());
    switcher.current.start();
    await waitForFrame(app.lastFrame, (f) => f.includes(shortId(a.runIds[0])), 8_000);
    app.stdin.write('c');
    await waitForFrame(app.lastFrame, (f) => f.includes('switch context'));
    app.stdin.write(KEYS.down);
    await waitFor(() => store.getState().picker.cursor === 1, 'the cursor on locked');
    app.stdin.write('\r');
    const frame = plain(await waitForFrame(app.lastFrame, (f) => f.includes('RUNS_TOP_TEST_NEVER_SET')));
    expect(frame).toContain('context "locked": "apiKeyEnv"');
    expect(store.getState().current).toBe('alpha');
    expect(switcher.current.store.getState().serverLabel).toBe(contextLabel('alpha', a.server.url));
  });
});
