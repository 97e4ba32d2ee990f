// Issue 8, "Take this first": each numbered item the trial found wrong, as the screen shows it.
// Every test here failed before its fix.

import { render } from 'ink-testing-library';
import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { apply } from '../../src/store/create-store.js';
import { upsertRuns, pollFailed } from '../../src/store/runs-reducers.js';
import type { AppState } from '../../src/store/types.js';
import { flash } from '../../src/store/ui-reducers.js';
import { AppContext, newViewports, type Commands } from '../../src/ui/app-context.js';
import { Header } from '../../src/ui/Header.js';
import { KEYMAP } from '../../src/ui/keymap.js';
import { createTheme, STATUS_GLYPH } from '../../src/ui/theme.js';
import { detailWith, KEYS, plain, renderApp, storeWithRuns, waitForFrame, wireRun } from './helpers.js';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

const transcript = (text: string) => [{ id: 'm1', message_type: 'assistant_message', content: text, date: new Date().toISOString() }] as never[];

describe('footer messages (8.1)', () => {
  it('a message older than its few seconds is gone, even when the footer clock runs at hour resolution', async () => {
    const store = storeWithRuns([wireRun(1, 'completed')]);
    // Posted five seconds ago: before the fix the hour-floored clock made it fresh again.
    apply(store, flash(store.getState(), 'refreshing…', Date.now() - 5000));
    const app = renderApp(store);
    cleanup = app.unmount;
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('Runs 1/1'));
    expect(frame).not.toContain('refreshing…');
    expect(frame).toContain('j/k move');
  });

  it('a connection problem that began after the message outranks it', async () => {
    const store = storeWithRuns([wireRun(1, 'completed')]);
    const app = renderApp(store);
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => f.includes('Runs 1/1'));
    app.stdin.write('o');
    await waitForFrame(app.lastFrame, (f) => f.includes('no web link'));
    apply(store, pollFailed(store.getState(), { kind: 'network', message: 'cannot connect to http://test: connection refused' }, Date.now() + 4000, Date.now() + 1));
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('cannot connect to http://test'));
    expect(frame).not.toContain('no web link');
    // A message the user asks for during the outage still shows: it is newer than the outage.
    app.stdin.write('o');
    await waitForFrame(app.lastFrame, (f) => f.includes('no web link'));
  });
});

describe('text fields (8.2)', () => {
  it('Backspaces arriving in one read each delete a character; control bytes are never typed', async () => {
    const store = storeWithRuns([wireRun(1, 'completed'), wireRun(2, 'failed')]);
    const app = renderApp(store);
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => f.includes('Runs 1/2'));
    app.stdin.write('/support');
    await waitForFrame(app.lastFrame, (f) => f.includes('/support▏'));
    app.stdin.write('\u007f\u007f\u007f');
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('/supp▏'));
    expect(frame).toContain('Runs 1/1 (filtered from 2)');
    // BS (0x08) is Backspace on some terminals; mixed with text in the same read.
    app.stdin.write('\bx\u007fy');
    await waitForFrame(app.lastFrame, (f) => f.includes('/supy▏'));
  });
});

describe('focus (8.3)', () => {
  it('Tab skips the steps pane when the layout hides it, and a resize that hides it moves focus', async () => {
    const store = storeWithRuns([wireRun(1, 'completed')]);
    const app = renderApp(store);
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => f.includes('Runs 1/1'));
    app.stdin.write('\t\t');
    await waitForFrame(app.lastFrame, () => store.getState().ui.focus === 'steps');
    // 60x20: steps are not drawn; focus must not stay on them.
    Object.defineProperty(app.stdout, 'columns', { configurable: true, get: () => 60 });
    Object.defineProperty(app.stdout, 'rows', { configurable: true, get: () => 20 });
    app.stdout.emit('resize');
    await waitForFrame(app.lastFrame, (f) => !f.includes('Steps') && store.getState().ui.focus === 'messages');
    app.stdin.write('\t');
    await waitForFrame(app.lastFrame, () => store.getState().ui.focus === 'runs');
    app.stdin.write('\t');
    await waitForFrame(app.lastFrame, () => store.getState().ui.focus === 'messages');
    app.stdin.write(KEYS.escape);
    await waitForFrame(app.lastFrame, () => store.getState().ui.focus === 'runs');
  });
});

describe('header counts (8.4)', () => {
  const old = (n: number, status: string) => wireRun(n, status, { created_at: new Date(Date.now() - 3 * 3_600_000 - n * 1000).toISOString() });

  it('say which window they count, and loading older runs does not change the last hour', async () => {
    const store = storeWithRuns([wireRun(1, 'failed'), wireRun(2, 'completed'), old(3, 'failed')]);
    const app = renderApp(store);
    cleanup = app.unmount;
    const first = plain(await waitForFrame(app.lastFrame, (f) => f.includes('Runs 1/3')));
    expect(first).toContain('1h: ✗ 1  ✓ 1');
    // Scrolling loads older pages: the last hour's figures stay as they were.
    apply(store, upsertRuns(store.getState(), [old(4, 'failed'), old(5, 'failed'), old(6, 'completed')], Date.now()));
    const scrolled = plain(await waitForFrame(app.lastFrame, (f) => f.includes('Runs 1/6')));
    expect(scrolled).toContain('1h: ✗ 1  ✓ 1');
    app.stdin.write('t');
    await waitForFrame(app.lastFrame, (f) => plain(f).includes('24h: ✗ 4  ✓ 2'));
    app.stdin.write('t');
    await waitForFrame(app.lastFrame, (f) => plain(f).includes('all: ✗ 4  ✓ 2'));
  });

  it('mark the figures as lower bounds while the loaded runs do not reach back to the window start', async () => {
    const store = storeWithRuns([wireRun(1, 'failed'), wireRun(2, 'completed')]);
    store.setState({ listComplete: false });
    const app = renderApp(store);
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => plain(f).includes('1h≥: ✗ ≥1  ✓ ≥1'));
  });

  it('runs waiting now are counted whenever they started', async () => {
    const store = storeWithRuns([old(1, 'running'), wireRun(2, 'completed', { stop_reason: 'requires_approval' })]);
    const app = renderApp(store);
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => plain(f).includes(`● 1  ${STATUS_GLYPH.approval} 1`));
  });
});

describe('starts per minute (8.5)', () => {
  it('counts the current minute and states its scale', async () => {
    const now = new Date();
    const thisMinute = Array.from({ length: 5 }, (_, i) => wireRun(10 + i, 'running', { created_at: new Date(now.getTime() - (now.getTime() % 60_000)).toISOString() }));
    const store = storeWithRuns(thisMinute);
    const app = renderApp(store);
    cleanup = app.unmount;
    const frame = plain(await waitForFrame(app.lastFrame, (f) => f.includes('Runs 1/5')));
    expect(frame).toMatch(/starts\/min ▁{19}█ peak 5/);
  });
});

describe('cancel confirmation (8.6)', () => {
  it('is withdrawn when the run ends while it is open, and y then cancels nothing', async () => {
    const store = storeWithRuns([wireRun(1, 'running'), wireRun(2, 'running')]);
    const app = renderApp(store);
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => f.includes('Runs 1/2'));
    app.stdin.write('2');
    app.stdin.write('x');
    await waitForFrame(app.lastFrame, (f) => f.includes('Cancel run 00000001 (running'));
    apply(store, upsertRuns(store.getState(), [wireRun(1, 'failed', { stop_reason: 'llm_api_error' })], Date.now()));
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('ended failed (llm_api_error) while you were deciding'));
    expect(frame).not.toContain('Cancel run 00000001');
    app.stdin.write('y');
    await waitForFrame(app.lastFrame, () => store.getState().ui.confirm === null);
    expect(app.calls.some((c) => c.startsWith('cancel'))).toBe(false);
    // The selection went to the neighbour that took its place in the active list.
    expect(store.getState().selectedRunId).toBe(wireRun(2, 'running').id);
  });

  it('describes a run waiting for approval as waiting, not running', async () => {
    const store = storeWithRuns([wireRun(1, 'completed', { stop_reason: 'requires_approval' })]);
    const app = renderApp(store);
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => f.includes('Runs 1/1'));
    app.stdin.write('x');
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('Cancel run 00000001'));
    expect(frame).toContain('waiting for approval');
    expect(frame).toContain('keeps it waiting');
    expect(frame).not.toMatch(/running/);
  });
});

describe('pause and stale data (8.7)', () => {
  it('another run can be opened while paused; live durations read as lower bounds', async () => {
    const runs = [wireRun(1, 'running'), wireRun(2, 'completed')];
    const store = storeWithRuns(runs);
    store.setState({ details: { [runs[0].id]: detailWith(runs[0].id, transcript('first run text')) } });
    const app = renderApp(store);
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => f.includes('first run text'));
    app.stdin.write(' ');
    await waitForFrame(app.lastFrame, (f) => f.includes('PAUSED') && f.includes('paused'));
    // The second run's detail arrives after the pause, as the follower loads it on selection.
    app.stdin.write('j');
    store.setState({ details: { ...store.getState().details, [runs[1].id]: detailWith(runs[1].id, transcript('second run text')) } });
    await waitForFrame(app.lastFrame, (f) => f.includes('second run text'));
    app.stdin.write('w');
    const wide = plain(await waitForFrame(app.lastFrame, (f) => f.includes('DURATION')));
    expect(wide).toMatch(/00000001 .*≥1m/);
  });

  /** The wide run list of one running run, last answered 30 s ago, with the server in `health`. */
  async function listCutOff(health: Partial<AppState['health']>): Promise<string> {
    const store = storeWithRuns([wireRun(1, 'running')]);
    store.setState({ health: { ...store.getState().health, lastOkAt: Date.now() - 30_000, connecting: false, ...health } });
    const app = renderApp(store);
    cleanup = app.unmount;
    app.stdin.write('w');
    return plain(await waitForFrame(app.lastFrame, (f) => f.includes('DURATION')));
  }

  it('while the server is unreachable the list says so and stops counting live durations', async () => {
    const frame = await listCutOff({ error: { kind: 'network', message: 'cannot connect' }, errorSince: Date.now() - 29_000, retryAt: Date.now() + 5000 });
    expect(frame).toContain('stale: server unreachable');
    expect(frame).toMatch(/00000001 .*≥(29|30)s/);
  });

  it('a server that holds the poll without answering (frozen) makes the list stale as well, before any error', async () => {
    const frame = await listCutOff({ error: null, errorSince: null, waitingSince: Date.now() - 20_000, retryAt: null });
    expect(frame).toContain('stale: server not answering');
    expect(frame).toMatch(/00000001 .*≥(29|30)s/);
  });
});

describe('before any data', () => {
  it('a refused key leaves no zero counts claiming a quiet fleet, and the list says the key was refused', async () => {
    const store = storeWithRuns([]);
    store.setState({ health: { lastOkAt: null, error: { kind: 'auth', message: 'Listing runs: the server rejected the API key given with --api-key (HTTP 401). Check the key.' }, errorSince: Date.now(), waitingSince: null, retryAt: Date.now() + 60_000, connecting: false } });
    const app = renderApp(store);
    cleanup = app.unmount;
    const frame = plain(await waitForFrame(app.lastFrame, (f) => f.includes('no data yet')));
    expect(frame).not.toMatch(/✗ 0/);
    expect(frame).toContain('stale: key refused');
    expect(frame).toContain('rejected the API key given with --api-key');
  });
});

describe('smaller (8.12) and friction', () => {
  it('the help and the header name the sorts the same way', async () => {
    const store = storeWithRuns([wireRun(1, 'running')]);
    const app = renderApp(store);
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => f.includes('sort: newest'));
    app.stdin.write('s');
    await waitForFrame(app.lastFrame, (f) => f.includes('sort: longest'));
    app.stdin.write('?');
    await waitForFrame(app.lastFrame, (f) => f.includes('Cycle the sort: newest, longest, most tokens, status'));
  });

  it('--read-only shows a badge in the header', async () => {
    const app = renderApp(storeWithRuns([wireRun(1, 'running')]), { settings: { readOnly: true } });
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => f.includes(' RO '));
  });

  it('the footer hints follow the focused pane', async () => {
    const store = storeWithRuns([wireRun(1, 'running')]);
    const app = renderApp(store);
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => f.includes('x cancel'));
    app.stdin.write('\t');
    const messages = await waitForFrame(app.lastFrame, (f) => f.includes('Enter expand'));
    expect(messages).toContain('/ search');
    expect(messages).toContain('n/N next match');
    expect(messages).not.toContain('x cancel');
  });
});

describe('header line at its width', () => {
  /** The header alone, laid out at `width` columns. */
  function renderHeader(store: ReturnType<typeof storeWithRuns>, width: number) {
    const context = { store, theme: createTheme(false), commands: {} as Commands, viewports: newViewports(), settings: { bindings: KEYMAP, readOnly: false, baseUrl: 'http://test', staleAfterMs: 60_000 } };
    return render(
      <AppContext.Provider value={context}>
        <Header width={width} />
      </AppContext.Provider>,
    );
  }

  it('shows the counts with their words only when the whole line fits, never a word cut in half', async () => {
    // Hundreds of runs, and loaded runs that do not reach back an hour: the long form of the line.
    const runs = Array.from({ length: 300 }, (_, i) => wireRun(i + 1, i % 3 === 0 ? 'failed' : i % 3 === 1 ? 'completed' : 'cancelled', { created_at: new Date(Date.now() - i * 5_000).toISOString() }));
    const store = storeWithRuns(runs);
    store.setState({ listComplete: false, serverLabel: 'http://127.0.0.1:41234' });
    const narrow = renderHeader(store, 120);
    cleanup = narrow.unmount;
    const glyphs = plain(await waitForFrame(narrow.lastFrame, (f) => f.includes('✗')));
    expect(glyphs).toContain('1h≥: ✗ ≥100  ✓ ≥100  ⊘ ≥100');
    expect(glyphs.split('\n')[0]).not.toContain('…');
    narrow.unmount();
    // Wide enough for every word: the window and how far the loaded runs reach are spelled out.
    const wide = renderHeader(store, 100 + 60);
    cleanup = wide.unmount;
    const words = plain(await waitForFrame(wide.lastFrame, (f) => f.includes('✗')));
    expect(words).toMatch(/last hour \(\d+m loaded\): ✗ ≥100 failed/);
  });

  it('keeps the counts on the line at 80 columns during an outage, saying it in fewer words', async () => {
    const runs = Array.from({ length: 300 }, (_, i) => wireRun(i + 1, i % 3 === 0 ? 'failed' : i % 3 === 1 ? 'completed' : 'cancelled', { created_at: new Date(Date.now() - i * 5_000).toISOString() }));
    const store = storeWithRuns(runs);
    const now = Date.now();
    store.setState({ listComplete: false, serverLabel: 'http://127.0.0.1:41234' });
    store.setState({ health: { lastOkAt: now - 8_000, error: { kind: 'network', message: 'Listing runs: cannot connect' }, errorSince: now - 8_000, waitingSince: null, retryAt: now + 4_500, connecting: false } });
    const header = renderHeader(store, 80);
    cleanup = header.unmount;
    const line = plain(await waitForFrame(header.lastFrame, (f) => f.includes('retry'))).split('\n')[0];
    // The counts whole (before: "1h≥: …" with the long sentence), then when and how old.
    expect(line).toContain('✗ ≥100  ✓ ≥100  ⊘ ≥100');
    expect(line).toMatch(/retry in \d+s · \d+s old$/);
    expect(line.startsWith('127.0.0.1:41234 ')).toBe(true);
    header.unmount();
    // With room for the words, the long form is kept.
    const wide = renderHeader(store, 200);
    cleanup = wide.unmount;
    expect(plain(await waitForFrame(wide.lastFrame, (f) => f.includes('reconnecting')))).toMatch(/reconnecting in \d+s · stale, data \d+s ago/);
  });
});
