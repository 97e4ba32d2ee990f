import { afterEach, describe, expect, it } from 'vitest';
import type { WireMessage } from '../../src/api/types.js';
import { detailWith, KEYS, plain, renderApp, storeWithRuns, waitForFrame, wireRun } from './helpers.js';

const messagesA: WireMessage[] = [
  { id: 'message-a', otid: 'a-1', message_type: 'reasoning_message', reasoning: 'The user wants the weather in Paris.' },
  { id: 'message-a', otid: 'a-2', message_type: 'tool_call_message', tool_calls: [{ name: 'web_search', arguments: '{"query": "weather Paris"}', tool_call_id: 'call-1' }] },
  { id: 'message-b', otid: 'b-1', message_type: 'tool_return_message', tool_return: '14°C, light rain', status: 'success', tool_call_id: 'call-1' },
  { id: 'message-c', otid: 'c-1', message_type: 'assistant_message', content: 'It is 14°C and raining in Paris.' },
];
const messagesB: WireMessage[] = [
  { id: 'message-d', otid: 'd-1', message_type: 'assistant_message', content: 'Second run answer about invoices.' },
  { id: 'message-e', otid: 'e-1', message_type: 'tool_return_message', tool_return: 'permission denied', status: 'error', tool_call_id: 'call-9' },
];

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

describe('App', () => {
  it('shows runs with badges, agent names, and the selected run transcript', async () => {
    const runs = [wireRun(1, 'running'), wireRun(2, 'failed', { stop_reason: 'llm_api_error' })];
    const store = storeWithRuns(runs);
    store.setState({ details: { [runs[0].id]: detailWith(runs[0].id, messagesA), [runs[1].id]: detailWith(runs[1].id, messagesB) } });
    const app = renderApp(store);
    cleanup = app.unmount;
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('It is 14°C'));
    expect(plain(frame)).toContain('● 00000001');
    expect(plain(frame)).toContain('✗ 00000002');
    expect(frame).toContain('support-bot');
    expect(frame).toContain('web_search({"query":"weather Paris"})');
    expect(frame).toContain('14°C, light rain');
    expect(frame).toMatch(/● 1( active)?/);
    expect(frame).toMatch(/✗ 1( failed)?/);
    expect(frame).not.toContain('Second run answer');
  });

  it('j moves the selection and the message pane follows; k and g come back', async () => {
    const runs = [wireRun(1, 'running'), wireRun(2, 'completed', { stop_reason: 'end_turn' })];
    const store = storeWithRuns(runs);
    store.setState({ details: { [runs[0].id]: detailWith(runs[0].id, messagesA), [runs[1].id]: detailWith(runs[1].id, messagesB) } });
    const app = renderApp(store);
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => f.includes('It is 14°C'));
    app.stdin.write('j');
    const second = await waitForFrame(app.lastFrame, (f) => f.includes('Second run answer'));
    expect(store.getState().selectedRunId).toBe(runs[1].id);
    expect(second).toContain('permission denied');
    app.stdin.write('k');
    await waitForFrame(app.lastFrame, (f) => f.includes('It is 14°C'));
    app.stdin.write(KEYS.down);
    await waitForFrame(app.lastFrame, () => store.getState().selectedRunId === runs[1].id);
    app.stdin.write('g');
    await waitForFrame(app.lastFrame, () => store.getState().selectedRunId === runs[0].id);
  });

  it('Tab cycles focus, ? opens help generated from the keymap, Esc closes it, q quits', async () => {
    const store = storeWithRuns([wireRun(1, 'running')]);
    const app = renderApp(store);
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => plain(f).includes('● 00000001'));
    app.stdin.write(KEYS.tab);
    await waitForFrame(app.lastFrame, () => store.getState().ui.focus === 'messages');
    app.stdin.write(KEYS.tab);
    await waitForFrame(app.lastFrame, () => store.getState().ui.focus === 'steps');
    app.stdin.write('?');
    const help = await waitForFrame(app.lastFrame, (f) => f.includes('Keys 1–'));
    expect(help).toContain('PgDn');
    app.stdin.write(KEYS.escape);
    await waitForFrame(app.lastFrame, (f) => !f.includes('Keys 1–'));
    app.stdin.write('q');
    await waitForFrame(app.lastFrame, () => app.calls.includes('quit'));
    app.stdin.write(KEYS.ctrlC);
    await waitForFrame(app.lastFrame, () => app.calls.filter((c) => c === 'quit').length === 2);
  });

  it('help that does not fit scrolls with the movement keys, wraps long descriptions, and keeps keys from the panes behind it', async () => {
    const runs = [wireRun(1, 'running'), wireRun(2, 'completed')];
    const store = storeWithRuns(runs);
    const app = renderApp(store);
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => plain(f).includes('● 00000001'));
    const selected = store.getState().selectedRunId;
    app.stdin.write('?');
    // ink-testing-library draws 100 columns; rows fall back to 24: 26 bindings do not fit.
    const top = await waitForFrame(app.lastFrame, (f) => /Keys 1–\d+ of \d+ · j\/k scroll/.test(f));
    expect(top).toContain('Next run, or next message in the messages pane');
    expect(top).not.toContain('Quit and restore the terminal');
    // The longest description wraps onto a second line instead of being cut.
    expect(plain(top)).toMatch(/Runs pane: filter; words must all match[^\n]*\n┃ +[^\n]*\n┃ +[^\n]*Messages pane: search/);
    const total = Number(/of (\d+) ·/.exec(top)![1]);
    app.stdin.write('j');
    await waitForFrame(app.lastFrame, (f) => f.includes('Keys 2–'));
    app.stdin.write('G');
    const bottom = await waitForFrame(app.lastFrame, (f) => new RegExp(`–${total} of ${total}`).test(f));
    // The legend scrolls with the keys, after them.
    expect(bottom).toContain('Quit and restore the terminal');
    expect(plain(bottom)).toMatch(/⚑ +waiting for a human/);
    expect(bottom).toContain('a duration that is a lower bound');
    expect(bottom).not.toContain('Next run, or next message');
    app.stdin.write('g');
    await waitForFrame(app.lastFrame, (f) => f.includes('Keys 1–'));
    expect(store.getState().selectedRunId).toBe(selected);
    // Closing and opening again starts at the top.
    app.stdin.write('G');
    await waitForFrame(app.lastFrame, (f) => f.includes(`of ${total}`) && !f.includes('Keys 1–'));
    app.stdin.write('?');
    await waitForFrame(app.lastFrame, (f) => plain(f).includes('● 00000001'));
    app.stdin.write('?');
    await waitForFrame(app.lastFrame, (f) => f.includes('Keys 1–'));
  });

  it('says what is happening when there are no runs', async () => {
    const store = storeWithRuns([]);
    store.setState({ health: { lastOkAt: null, error: null, errorSince: null, waitingSince: null, retryAt: null, connecting: true } });
    const app = renderApp(store);
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => f.includes('connecting to http://test'));
    store.setState({ health: { lastOkAt: null, error: { kind: 'network', message: 'Listing runs: cannot connect to http://test (connection refused)' }, retryAt: Date.now() + 4000, connecting: false } });
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('connection refused'));
    expect(frame).toMatch(/reconnecting in \ds/);
    store.setState({ health: { lastOkAt: Date.now(), error: null, errorSince: null, waitingSince: null, retryAt: null, connecting: false } });
    await waitForFrame(app.lastFrame, (f) => f.includes('no runs yet'));
  });

  it('scrolling the message pane up stops following and says how much is below', async () => {
    const runs = [wireRun(1, 'running')];
    const long: WireMessage[] = Array.from({ length: 60 }, (_, i) => ({ id: `message-${i}`, otid: `o-${i}`, message_type: 'assistant_message', content: `line number ${i}` }));
    const store = storeWithRuns(runs);
    store.setState({ details: { [runs[0].id]: detailWith(runs[0].id, long) } });
    const app = renderApp(store);
    cleanup = app.unmount;
    await waitForFrame(app.lastFrame, (f) => f.includes('line number 59'));
    app.stdin.write(KEYS.tab);
    await waitForFrame(app.lastFrame, () => store.getState().ui.focus === 'messages');
    app.stdin.write(KEYS.pageUp);
    app.stdin.write(KEYS.pageUp);
    const up = await waitForFrame(app.lastFrame, (f) => f.includes('more messages below'));
    expect(up).not.toContain('line number 59');
    expect(store.getState().ui.messageCursor).not.toBeNull();
    // New messages arriving while scrolled up do not move the view; the count below grows.
    const more: WireMessage[] = [...long, { id: 'message-new', otid: 'o-new', message_type: 'assistant_message', content: 'brand new line' }];
    store.setState({ details: { [runs[0].id]: detailWith(runs[0].id, more) } });
    const before = Number(/↓ (\d+) more messages below/.exec(up)![1]);
    const after = await waitForFrame(app.lastFrame, (f) => f.includes(`↓ ${before + 1} more messages below`));
    expect(after).not.toContain('brand new line');
    app.stdin.write('G');
    await waitForFrame(app.lastFrame, (f) => f.includes('brand new line') && !f.includes('more messages below'));
  });

  it('shows the steps that fit, whole, and scrolls through the rest', async () => {
    const runs = [wireRun(1, 'completed', { stop_reason: 'end_turn' })];
    const store = storeWithRuns(runs);
    const steps = [1, 2, 3].map((n) => ({ id: `step-${n}`, model: `openai/model-${n}`, promptTokens: n * 1000, completionTokens: n * 10, status: 'success', stopReason: n === 3 ? 'end_turn' : null, error: null }));
    store.setState({ details: { [runs[0].id]: detailWith(runs[0].id, messagesA, { steps }) } });
    const app = renderApp(store);
    cleanup = app.unmount;
    const first = plain(await waitForFrame(app.lastFrame, (f) => f.includes('Steps (3)')));
    expect(first).toMatch(/│ 1 │ openai\/model-1/);
    expect(first).toContain('1-1/3');
    app.stdin.write(KEYS.tab);
    app.stdin.write(KEYS.tab);
    app.stdin.write('G');
    const last = plain(await waitForFrame(app.lastFrame, (f) => /│ 3 │ openai\/model-3/.test(plain(f))));
    expect(last).toContain('3-3/3');
    expect(last).toContain('end_turn');
  });

  it('without colour the selection is still marked (inverse)', async () => {
    const store = storeWithRuns([wireRun(1, 'running'), wireRun(2, 'running')]);
    const app = renderApp(store, { noColor: true });
    cleanup = app.unmount;
    const frame = await waitForFrame(app.lastFrame, (f) => plain(f).includes('● 00000001'));
    expect(frame).toContain('\u001b[7m');
    expect(frame).not.toMatch(/\u001b\[3[1-6]m/);
  });
});
