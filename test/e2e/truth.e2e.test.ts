// Issue 8 in a real terminal: what only shows when bytes arrive as a terminal sends them, at the
// sizes an operator uses, and over real time.

import { describe, expect, it } from 'vitest';
import { monitorSession, short, testServer } from './monitor-session.js';


async function fourRuns() {
  const server = await testServer({ seed: 8 });
  const ids = [1, 2, 3, 4].map((i) => server.addRun({ live: false, outcome: 'end_turn', createdAt: new Date(Date.now() - (10 - i) * 60_000) }));
  return { server, ids };
}

describe('the screen tells the truth in a real terminal (issue 8)', () => {
  it('three Backspaces in one read delete three characters of the filter', async () => {
    const { server, ids } = await fourRuns();
    const session = monitorSession(['--base-url', server.url], { columns: 120, rows: 40 });
    await session.waitFor((s) => s.includes('Runs 1/4'), 'four runs');
    session.write(`/${short(ids[2])}zzz`);
    await session.waitFor((s) => s.includes('no run matches the filter'), 'the filter to match nothing');
    // Key repeat or ssh lag: the three DEL bytes arrive in one read.
    session.write('\u007f\u007f\u007f');
    // Wait for the whole frame (a read can land mid-frame): the list and the prompt together.
    const screen = await session.waitFor((s) => s.includes('Runs 1/1 (filtered from 4)') && s.includes(`/${short(ids[2])}▏`), 'the three characters to be deleted');
    expect(screen).not.toContain('zzz');
  });

  it('a footer message goes away after a few seconds instead of staying until the hour', async () => {
    const { server } = await fourRuns();
    const session = monitorSession(['--base-url', server.url], { columns: 120, rows: 40 });
    await session.waitFor((s) => s.includes('Runs 1/4'), 'four runs');
    session.write('r');
    await session.waitFor((s) => s.includes('refreshing…'), 'the refresh message');
    const after = await session.waitFor((s) => !s.includes('refreshing…') && s.includes('j/k move'), 'the message to expire', 12_000);
    expect(after).toContain('q/Ctrl-C quit');
  });

  it('at 60x20, where the steps pane is hidden, Tab only visits the panes on screen', async () => {
    const { server } = await fourRuns();
    const session = monitorSession(['--base-url', server.url], { columns: 60, rows: 20 });
    const start = await session.waitFor((s) => s.includes('Runs 1/4'), 'four runs');
    expect(start).not.toContain('Steps');
    // The focused pane is drawn with a heavy border (┏): exactly one pane has it after every Tab.
    const heavyTop = (s: string) => s.split('\n').filter((line) => line.includes('┏')).length;
    expect(heavyTop(start)).toBe(1);
    session.write('\t');
    await session.waitFor((s) => /┏━*┓/.test(s) && s.split('\n').findIndex((l) => l.includes('┏')) > 3, 'focus on the messages pane');
    session.write('\t');
    const back = await session.waitFor((s) => s.split('\n').findIndex((l) => l.includes('┏')) === 2, 'focus back on the runs pane');
    expect(heavyTop(back)).toBe(1);
    // Esc and h also come back to the runs pane from the messages pane.
    session.write('\t');
    await session.waitFor((s) => s.split('\n').findIndex((l) => l.includes('┏')) > 3, 'focus on the messages pane again');
    session.write('h');
    await session.waitFor((s) => s.split('\n').findIndex((l) => l.includes('┏')) === 2, 'h back to the runs pane');
    session.write('q');
    expect((await session.exited).exitCode).toBe(0);
  });
});
