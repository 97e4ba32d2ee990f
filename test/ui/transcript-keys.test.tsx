import { afterEach, describe, expect, it } from 'vitest';
import type { WireMessage } from '../../src/api/types.js';
import { detailWith, KEYS, renderApp, storeWithRuns, waitForFrame, wireRun } from './helpers.js';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

const messages: WireMessage[] = [
  { id: 'm-1', otid: 'a', message_type: 'assistant_message', content: 'First answer.' },
  { id: 'm-2', otid: 'b', message_type: 'assistant_message', content: 'Second answer,\non two lines.' },
];

function start(commands = {}) {
  const runs = [wireRun(1, 'completed', { stop_reason: 'end_turn' }), wireRun(2, 'completed')];
  const store = storeWithRuns(runs);
  store.setState({ details: { [runs[0].id]: detailWith(runs[0].id, messages) } });
  const app = renderApp(store, { commands });
  cleanup = app.unmount;
  // The list asks for older runs on its own; only the transcript commands matter here.
  const calls = () => app.calls.filter((call) => call !== 'loadOlder');
  return { app, store, runs, calls };
}

describe('transcript keys', () => {
  it('e saves the selected run and the footer names the file', async () => {
    const { app, runs, calls } = start();
    await waitForFrame(app.lastFrame, (f) => f.includes('Second answer'));
    app.stdin.write('e');
    await waitForFrame(app.lastFrame, (f) => f.includes(`saved the transcript of ${runs[0].id}`));
    expect(calls()).toEqual([`save ${runs[0].id}`]);
  });

  it('P pages the selected run; a failure is said in the footer', async () => {
    const paged: string[] = [];
    const pageTranscript = async (runId: string) => {
      paged.push(runId);
      throw new Error('no pager: "less -R" was not found (set $PAGER)');
    };
    const { app, runs } = start({ pageTranscript });
    await waitForFrame(app.lastFrame, (f) => f.includes('Second answer'));
    app.stdin.write('P');
    await waitForFrame(app.lastFrame, (f) => f.includes('no pager: "less -R" was not found'));
    expect(paged).toEqual([runs[0].id]);
  });

  it('Y copies the message under the cursor, the last one while following', async () => {
    const { app, calls } = start();
    await waitForFrame(app.lastFrame, (f) => f.includes('Second answer'));
    app.stdin.write('Y');
    await waitForFrame(app.lastFrame, (f) => f.includes("message (28 characters) sent to the terminal's clipboard"));
    expect(calls()).toEqual(['copy Second answer,\non two lines.']);
    app.stdin.write(KEYS.tab);
    app.stdin.write('k');
    await waitForFrame(app.lastFrame, (f) => f.includes('›'));
    app.stdin.write('Y');
    await waitForFrame(app.lastFrame, () => calls().length === 2);
    expect(calls()[1]).toBe('copy First answer.');
  });

  it('Y with no messages says there is nothing to copy', async () => {
    const { app, calls } = start();
    await waitForFrame(app.lastFrame, (f) => f.includes('Second answer'));
    app.stdin.write('j');
    await waitForFrame(app.lastFrame, (f) => !f.includes('Second answer'));
    app.stdin.write('Y');
    await waitForFrame(app.lastFrame, (f) => f.includes('no message to copy'));
    expect(calls()).toEqual([]);
  });
});
