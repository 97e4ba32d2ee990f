// Answering a request with several pending calls (issue 10): choose per call, a reason for the
// denied ones, a confirmation with the exact body, and y sends that answer (one message, every id).

import { afterEach, describe, expect, it } from 'vitest';
import { detailWith, KEYS, plain, renderApp, storeWithRuns, waitForFrame, wireRun } from './helpers.js';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

const request = [
  {
    id: 'message-1',
    message_type: 'approval_request_message',
    date: new Date().toISOString(),
    tool_calls: [
      { name: 'send_email', arguments: '{"to":"ops@example.com","subject":"Weekly report"}', tool_call_id: 'call_mail' },
      { name: 'run_code', arguments: '{"language":"python","code":"print(1)"}', tool_call_id: 'call_code' },
    ],
  },
] as never[];

function setup(readOnly = false) {
  const run = wireRun(1, 'completed', { stop_reason: 'requires_approval' });
  const store = storeWithRuns([run]);
  store.setState({ details: { [run.id]: detailWith(run.id, request) } });
  const app = renderApp(store, { settings: { readOnly } });
  cleanup = app.unmount;
  return { app, store, run };
}

describe('the approval prompt', () => {
  it('shows both calls, lets one be denied with a reason, confirms the exact body, and y sends it', async () => {
    const { app, run } = setup();
    // A small pane: every call on a line of its own, arguments compact.
    const panel = plain(await waitForFrame(app.lastFrame, (f) => f.includes('⚑ waiting for approval') && f.includes('2. run_code')));
    expect(panel).toContain('1. send_email({"to":"ops@example.com","subject":"We');
    expect(panel).toContain('2. run_code({"language":"python"');
    app.stdin.write('a');
    await waitForFrame(app.lastFrame, (f) => f.includes('1. [✓ approve] send_email') && f.includes('2. [✓ approve] run_code'));
    app.stdin.write('2');
    await waitForFrame(app.lastFrame, (f) => f.includes('2. [✗ deny   ] run_code'));
    app.stdin.write('\r');
    await waitForFrame(app.lastFrame, (f) => f.includes('Reason for the denial'));
    app.stdin.write('no code today');
    await waitForFrame(app.lastFrame, (f) => f.includes('no code today▏'));
    app.stdin.write('\r');
    const confirm = plain(await waitForFrame(app.lastFrame, (f) => f.includes('This will be sent:')));
    // The body fits the screen whole: here one line per answered call.
    expect(confirm).toContain('{"type":"approval","tool_call_id":"call_mail","approve":true},');
    expect(confirm).toContain('{"type":"approval","tool_call_id":"call_code","approve":false}');
    expect(confirm).not.toContain('more lines');
    expect(confirm).toContain('y sends it');
    expect(app.calls.filter((c) => c.startsWith('answer'))).toEqual([]);
    app.stdin.write('y');
    await waitForFrame(app.lastFrame, (f) => !f.includes('This will be sent:'));
    expect(app.calls.filter((c) => c.startsWith('answer'))).toEqual([`answer ${run.id} {"call_mail":true,"call_code":false} no code today`]);
  });

  it('any key but y at the confirmation sends nothing, and Esc leaves the chooser', async () => {
    const { app } = setup();
    await waitForFrame(app.lastFrame, (f) => f.includes('2. run_code'));
    app.stdin.write('d');
    await waitForFrame(app.lastFrame, (f) => f.includes('1. [✗ deny   ] send_email'));
    app.stdin.write(KEYS.escape);
    await waitForFrame(app.lastFrame, (f) => f.includes('nothing was sent'));
    app.stdin.write('a');
    await waitForFrame(app.lastFrame, (f) => f.includes('1. [✓ approve]'));
    app.stdin.write('\r');
    await waitForFrame(app.lastFrame, (f) => f.includes('This will be sent:'));
    app.stdin.write('n');
    await waitForFrame(app.lastFrame, (f) => f.includes('nothing was sent'));
    expect(app.calls.filter((c) => c.startsWith('answer'))).toEqual([]);
  });

  it('--read-only: the panel says so and a refuses in one sentence', async () => {
    const { app } = setup(true);
    await waitForFrame(app.lastFrame, (f) => f.includes('answerable, but --read-only disables answering'));
    app.stdin.write('a');
    await waitForFrame(app.lastFrame, (f) => f.includes('read-only mode: approving and denying are disabled (--read-only)'));
    expect(app.lastFrame()).not.toContain('This will be sent:');
  });
});
