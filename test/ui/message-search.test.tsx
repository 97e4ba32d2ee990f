import { afterEach, describe, expect, it } from 'vitest';
import type { WireMessage } from '../../src/api/types.js';
import { matchSegments, searchNote } from '../../src/ui/MessagePane.js';
import { detailWith, KEYS, plain, renderApp, storeWithRuns, waitForFrame, wireRun } from './helpers.js';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

const INVERSE_NEEDLE = /\u001b\[7m(?:\u001b\[[0-9;]*m)*Needle|\u001b\[7m(?:\u001b\[[0-9;]*m)*needle/;

function transcript(): WireMessage[] {
  return Array.from({ length: 12 }, (_, i) => ({
    id: `message-${i}`,
    otid: `o-${i}`,
    message_type: 'assistant_message',
    content: i % 4 === 1 ? `the Needle number ${i}, a needle` : `hay ${i}`,
  }));
}

async function searchFor(noColor: boolean) {
  const runs = [wireRun(1, 'running')];
  const store = storeWithRuns(runs);
  store.setState({ details: { [runs[0].id]: detailWith(runs[0].id, transcript()) } });
  const app = renderApp(store, { noColor });
  cleanup = app.unmount;
  await waitForFrame(app.lastFrame, (f) => f.includes('hay 11'));
  app.stdin.write(KEYS.tab);
  app.stdin.write('/');
  for (const ch of 'needle') app.stdin.write(ch);
  app.stdin.write('\r');
  await waitForFrame(app.lastFrame, () => store.getState().ui.messageCursor === 'o-1');
  return { app, store };
}

describe('transcript search', () => {
  it('highlights the matched text, case-insensitively, and leaves other lines alone', async () => {
    const { app } = await searchFor(false);
    const frame = await waitForFrame(app.lastFrame, (f) => INVERSE_NEEDLE.test(f));
    const lines = frame.split('\n');
    const matched = lines.find((line) => plain(line).includes('the Needle number 1,'))!;
    // Both occurrences on the line: "Needle" and "needle".
    expect(matched.match(/\u001b\[7m/g)?.length).toBeGreaterThanOrEqual(2);
    // The messages pane's part of a line without a match (the run list beside it has its own inverse).
    const hay = lines.find((line) => line.includes('hay 2'))!;
    const at = hay.indexOf('hay 2');
    expect(hay.slice(Math.max(hay.lastIndexOf('│', at), hay.lastIndexOf('┃', at)))).not.toContain('\u001b[7m');
  });

  it('highlights with inverse under NO_COLOR too', async () => {
    const { app } = await searchFor(true);
    const frame = await waitForFrame(app.lastFrame, (f) => INVERSE_NEEDLE.test(f));
    expect(frame).not.toMatch(/\u001b\[3[1-6]m/);
  });

  it('the title says which match the cursor is on, or how many there are', async () => {
    const { app, store } = await searchFor(false);
    expect(plain(await waitForFrame(app.lastFrame, (f) => /Messages · [0-9a-f]{8} · match 1\/3 · /.test(plain(f))))).not.toContain('3 matches');
    app.stdin.write('n');
    await waitForFrame(app.lastFrame, (f) => /Messages · [0-9a-f]{8} · match 2\/3 · /.test(plain(f)));
    app.stdin.write('j');
    await waitForFrame(app.lastFrame, () => store.getState().ui.messageCursor === 'o-6');
    await waitForFrame(app.lastFrame, (f) => /Messages · [0-9a-f]{8} · 3 matches · /.test(plain(f)));
  });
});

describe('matchSegments and searchNote', () => {
  it('cuts a line into plain and matched pieces, never inside the label column', () => {
    expect(matchSegments('agent    an Agent and an agent', 'AGENT')).toEqual([
      { text: 'agent    an ', match: false },
      { text: 'Agent', match: true },
      { text: ' and an ', match: false },
      { text: 'agent', match: true },
    ]);
    expect(matchSegments('agent    nothing here', 'zzz')).toEqual([{ text: 'agent    nothing here', match: false }]);
  });

  it('names the match under the cursor, else counts them', () => {
    expect(searchNote(['a', 'b', 'c'], 'b')).toBe(' · match 2/3');
    expect(searchNote(['a', 'b', 'c'], 'x')).toBe(' · 3 matches');
    expect(searchNote(['a'], undefined)).toBe(' · 1 match');
    expect(searchNote([], 'a')).toBe('');
  });
});
