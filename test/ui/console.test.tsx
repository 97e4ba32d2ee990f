// The operator console (issue 4): find, follow and act on runs from the keyboard.

import { STATUS_GLYPH } from '../../src/ui/theme.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { WireMessage } from '../../src/api/types.js';
import { apply } from '../../src/store/create-store.js';
import { upsertRuns } from '../../src/store/runs-reducers.js';
import { detailWith, KEYS, plain, renderApp, storeWithRuns, waitForFrame, wireRun } from './helpers.js';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

function fleet() {
  return [
    wireRun(1, 'running'),
    wireRun(2, 'failed', { stop_reason: 'llm_api_error' }),
    // In a conversation of its own: the newest run of its context, so its request can be answered.
    wireRun(3, 'completed', { stop_reason: 'requires_approval', conversation_id: 'conv-3' }),
    wireRun(4, 'completed', { stop_reason: 'end_turn', total_duration_ns: 90e9 }),
    wireRun(5, 'cancelled', { stop_reason: 'cancelled' }),
  ];
}

const shortOf = (n: number) => String(n).padStart(8, '0');

/** Run numbers in the order the list shows them (a row starts at the pane border: glyph, short id). */
function listOrder(frame: string): number[] {
  const plain = frame.replace(/\u001b\[[0-9;]*m/g, '');
  const glyphs = Object.values(STATUS_GLYPH).join('');
  return [...plain.matchAll(new RegExp(`[┃│][${glyphs}] (\\d{8}) `, 'g'))].map((m) => Number(m[1]));
}

describe('find', () => {
  it('/ filters by substring, !text inverts, Esc clears; the header shows the filter', async () => {
    const store = storeWithRuns(fleet());
    const app = renderApp(store);
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => f.includes('Runs 1/5'));
    app.stdin.write('/');
    for (const ch of 'llm_api') app.stdin.write(ch);
    const filtered = await waitForFrame(app.lastFrame, (f) => f.includes('Runs 1/1 (filtered from 5)'));
    expect(filtered).toContain('filter: llm_api');
    expect(filtered).toContain(shortOf(2));
    expect(store.getState().selectedRunId).toContain(shortOf(2));
    app.stdin.write('\r');
    await waitForFrame(app.lastFrame, () => !store.getState().ui.runFilter.editing);
    app.stdin.write('/');
    for (let i = 0; i < 7; i++) app.stdin.write('\u007f');
    for (const ch of '!support') app.stdin.write(ch);
    // agent-1 is research-assistant (odd runs), agent-0 support-bot (even runs): inverted, 3 remain.
    const inverted = await waitForFrame(app.lastFrame, (f) => f.includes('Runs 1/3 (filtered from 5)'));
    expect(inverted).not.toContain(`${shortOf(2)} `);
    app.stdin.write(KEYS.escape);
    await waitForFrame(app.lastFrame, (f) => f.includes('Runs') && f.includes('/5') && !f.includes('filtered'));
  });

  it('keys that arrive together (fast typing, a paste) are each handled', async () => {
    const store = storeWithRuns(fleet());
    const app = renderApp(store);
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => f.includes('Runs 1/5'));
    app.stdin.write('/llm_api\r');
    await waitForFrame(app.lastFrame, (f) => f.includes('Runs 1/1 (filtered from 5)'));
    expect(store.getState().ui.runFilter).toEqual({ text: 'llm_api', editing: false });
  });

  it('quick filters 2/3/4/1 show active, failed, needs approval, all', async () => {
    const store = storeWithRuns(fleet());
    const app = renderApp(store);
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => f.includes('Runs 1/5'));
    app.stdin.write('3');
    const failed = await waitForFrame(app.lastFrame, (f) => f.includes('show: failed'));
    expect(failed).toContain('Runs 1/1');
    expect(plain(failed)).toContain('✗ 00000002');
    app.stdin.write('4');
    const approval = await waitForFrame(app.lastFrame, (f) => f.includes('show: needs approval'));
    expect(approval).toContain(shortOf(3));
    app.stdin.write('2');
    await waitForFrame(app.lastFrame, (f) => f.includes('show: active') && f.includes(shortOf(1)) && !f.includes(shortOf(3)));
    app.stdin.write('1');
    await waitForFrame(app.lastFrame, (f) => f.includes('show: all') && f.includes('Runs') && f.includes('/5'));
  });

  it('s cycles the sort and the header names it', async () => {
    const store = storeWithRuns(fleet());
    const app = renderApp(store);
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => f.includes('sort: newest'));
    app.stdin.write('s');
    const byDuration = await waitForFrame(app.lastFrame, (f) => f.includes('sort: longest'));
    // Run 4 has the longest recorded duration (90 s) and now comes first.
    expect(listOrder(byDuration).indexOf(4)).toBeLessThan(listOrder(byDuration).indexOf(1));
    app.stdin.write('s');
    await waitForFrame(app.lastFrame, (f) => f.includes('sort: most tokens'));
    app.stdin.write('s');
    const byStatus = await waitForFrame(app.lastFrame, (f) => f.includes('sort: status'));
    // Needs approval first, then failed.
    expect(listOrder(byStatus).slice(0, 3)).toEqual([3, 2, 1]);
  });

  it('/ in the messages pane searches the transcript; n and N move between matches', async () => {
    const runs = [wireRun(1, 'running')];
    const messages: WireMessage[] = Array.from({ length: 30 }, (_, i) => ({
      id: `message-${i}`,
      otid: `o-${i}`,
      message_type: 'assistant_message',
      content: i % 10 === 3 ? `needle number ${i}` : `hay ${i}`,
    }));
    const store = storeWithRuns(runs);
    store.setState({ details: { [runs[0].id]: detailWith(runs[0].id, messages) } });
    const app = renderApp(store);
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => f.includes('hay 29'));
    app.stdin.write(KEYS.tab);
    app.stdin.write('/');
    for (const ch of 'needle') app.stdin.write(ch);
    app.stdin.write('\r');
    const first = await waitForFrame(app.lastFrame, (f) => f.includes('match 1/3'));
    expect(plain(first)).toMatch(/Messages · .* · match 1\/3/);
    expect(store.getState().ui.messageCursor).toBe('o-3');
    app.stdin.write('n');
    await waitForFrame(app.lastFrame, () => store.getState().ui.messageCursor === 'o-13');
    app.stdin.write('n');
    await waitForFrame(app.lastFrame, () => store.getState().ui.messageCursor === 'o-23');
    app.stdin.write('N');
    await waitForFrame(app.lastFrame, () => store.getState().ui.messageCursor === 'o-13');
  });
});

describe('follow and pause', () => {
  it('f follows the newest running run as runs start; a manual move leaves follow mode', async () => {
    const store = storeWithRuns([wireRun(5, 'completed'), wireRun(6, 'running')]);
    const app = renderApp(store);
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => f.includes('Runs 1/2'));
    app.stdin.write('f');
    await waitForFrame(app.lastFrame, (f) => f.includes('FOLLOW') && store.getState().selectedRunId?.includes(shortOf(6)) === true);
    apply(store, upsertRuns(store.getState(), [wireRun(0, 'running', { created_at: new Date(Date.now() + 1000).toISOString() })], Date.now()));
    await waitForFrame(app.lastFrame, () => store.getState().selectedRunId?.includes(shortOf(0)) === true);
    app.stdin.write('j');
    await waitForFrame(app.lastFrame, (f) => !f.includes('FOLLOW'));
    expect(store.getState().ui.follow).toBe(false);
  });

  it('space freezes the display while data keeps arriving, and resuming shows it', async () => {
    const store = storeWithRuns([wireRun(1, 'running')]);
    const app = renderApp(store);
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => f.includes('Runs 1/1'));
    app.stdin.write(' ');
    await waitForFrame(app.lastFrame, (f) => f.includes('PAUSED'));
    apply(store, upsertRuns(store.getState(), [wireRun(7, 'failed', { stop_reason: 'error' })], Date.now()));
    expect(store.getState().runs.order).toHaveLength(2);
    const frozen = await waitForFrame(app.lastFrame, (f) => f.includes('PAUSED'));
    expect(frozen).toContain('Runs 1/1');
    app.stdin.write(' ');
    await waitForFrame(app.lastFrame, (f) => !f.includes('PAUSED') && f.includes('Runs 1/2'));
  });

  it('a status change is highlighted and failed / approval counts stand out in the header', async () => {
    const store = storeWithRuns([wireRun(1, 'running')]);
    const app = renderApp(store);
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => plain(f).includes('● 00000001'));
    apply(store, upsertRuns(store.getState(), [wireRun(1, 'completed', { stop_reason: 'requires_approval' })], Date.now()));
    const frame = await waitForFrame(app.lastFrame, (f) => plain(f).includes(`${STATUS_GLYPH.approval} 00000001`));
    expect(store.getState().runs.byId[wireRun(1, 'x').id].statusChangedAt).not.toBeNull();
    expect(frame).toMatch(new RegExp(`\u001b\\[1m[^\\n]*${STATUS_GLYPH.approval} 1`));
  });
});

describe('act', () => {
  it('Enter expands a tool call into pretty-printed JSON and collapses it again', async () => {
    const runs = [wireRun(1, 'running')];
    const messages: WireMessage[] = [
      { id: 'message-a', otid: 'a-1', message_type: 'tool_call_message', tool_calls: [{ name: 'query_db', arguments: '{"sql":"select 1","limit":5}', tool_call_id: 'c1' }] },
    ];
    const store = storeWithRuns(runs);
    store.setState({ details: { [runs[0].id]: detailWith(runs[0].id, messages) } });
    const app = renderApp(store);
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => f.includes('query_db({"sql":"select 1","limit":5})'));
    app.stdin.write(KEYS.tab);
    app.stdin.write('\r');
    const expanded = await waitForFrame(app.lastFrame, (f) => f.includes('"sql": "select 1",'));
    expect(expanded).toContain('"limit": 5');
    app.stdin.write('\r');
    await waitForFrame(app.lastFrame, (f) => f.includes('query_db({"sql":"select 1","limit":5})'));
  });

  it('y copies the run id through the clipboard command and says so', async () => {
    const runs = [wireRun(1, 'running')];
    const app = renderApp(storeWithRuns(runs));
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => f.includes('Runs 1/1'));
    app.stdin.write('y');
    await waitForFrame(app.lastFrame, (f) => f.includes("run-00000001-0000-4000-8000-000000000000 sent to the terminal's clipboard"));
    expect(app.calls).toContain(`copy ${runs[0].id}`);
  });

  it('o shows the web app link on Letta Cloud and explains why there is none elsewhere', async () => {
    const runs = [wireRun(1, 'running', { agent_id: 'agent-abc', conversation_id: 'conv-9' })];
    const cloud = renderApp(storeWithRuns(runs), { settings: { baseUrl: 'https://api.letta.com' } });
    await waitForFrame(cloud.lastFrame, (f) => f.includes('Runs 1/1'));
    cloud.stdin.write('o');
    await waitForFrame(cloud.lastFrame, (f) => f.includes('https://app.letta.com/agents/agent-abc?conversation=conv-9'));
    cloud.unmount();
    const local = renderApp(storeWithRuns(runs));
    cleanup = local.unmount;
    await waitForFrame(local.lastFrame, (f) => f.includes('Runs 1/1'));
    local.stdin.write('o');
    await waitForFrame(local.lastFrame, (f) => f.includes('Letta Cloud only'));
  });

  it('x asks before cancelling; y cancels, anything else keeps the run', async () => {
    const runs = [wireRun(1, 'running')];
    const app = renderApp(storeWithRuns(runs));
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => f.includes('Runs 1/1'));
    app.stdin.write('x');
    await waitForFrame(app.lastFrame, (f) => f.includes('Cancel run 00000001 (running'));
    app.stdin.write('n');
    await waitForFrame(app.lastFrame, (f) => f.includes('kept: nothing was cancelled'));
    expect(app.calls.some((c) => c.startsWith('cancel'))).toBe(false);
    app.stdin.write('x');
    await waitForFrame(app.lastFrame, (f) => f.includes('Cancel run 00000001 (running'));
    app.stdin.write('y');
    await waitForFrame(app.lastFrame, (f) => f.includes(`cancel ${runs[0].id}: cancelled`));
    expect(app.calls).toContain(`cancel ${runs[0].id}`);
  });

  it('--read-only disables cancelling', async () => {
    const app = renderApp(storeWithRuns([wireRun(1, 'running')]), { settings: { readOnly: true } });
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => f.includes('Runs 1/1'));
    app.stdin.write('x');
    await waitForFrame(app.lastFrame, (f) => f.includes('read-only mode'));
    expect(app.calls.some((c) => c.startsWith('cancel'))).toBe(false);
  });

  it('the list asks for older runs when the selection nears its end', async () => {
    const runs = Array.from({ length: 12 }, (_, i) => wireRun(i + 1, 'completed'));
    const app = renderApp(storeWithRuns(runs));
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => f.includes('Runs 1/12'));
    expect(app.calls).not.toContain('loadOlder');
    app.stdin.write('G');
    await waitForFrame(app.lastFrame, () => app.calls.includes('loadOlder'));
  });
});
