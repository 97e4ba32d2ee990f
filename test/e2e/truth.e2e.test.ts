// Issue 8 in a real terminal: what only shows when bytes arrive as a terminal sends them, at the
// sizes an operator uses, and over real time.

import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { spawnInPty, type PtySession } from './pty-terminal.js';

const CLI = path.resolve('dist/cli/main.js');

let server: DemoServer | null = null;
let session: PtySession | null = null;

afterEach(async () => {
  session?.kill('SIGKILL');
  session = null;
  await server?.close();
  server = null;
});

const short = (runId: string) => runId.replace(/^run-/, '').slice(0, 8);

async function fourRuns(): Promise<string[]> {
  server = await startDemoServer({ seed: 8, autoplay: false });
  return [1, 2, 3, 4].map((i) => server!.addRun({ live: false, outcome: 'end_turn', createdAt: new Date(Date.now() - (10 - i) * 60_000) }));
}

describe('the screen tells the truth in a real terminal (issue 8)', () => {
  it('three Backspaces in one read delete three characters of the filter', async () => {
    const ids = await fourRuns();
    session = spawnInPty(process.execPath, [CLI, '--base-url', server!.url], { columns: 120, rows: 40 });
    await session.waitFor((s) => s.includes('Runs 1/4'), 'four runs');
    session.write(`/${short(ids[2])}zzz`);
    await session.waitFor((s) => s.includes('no run matches the filter'), 'the filter to match nothing');
    // Key repeat or ssh lag: the three DEL bytes arrive in one read.
    session.write('\u007f\u007f\u007f');
    const screen = await session.waitFor((s) => s.includes('Runs 1/1 (filtered from 4)'), 'the three characters to be deleted');
    expect(screen).toContain(`/${short(ids[2])}▏`);
    expect(screen).not.toContain('zzz');
  });

  it('a footer message goes away after a few seconds instead of staying until the hour', async () => {
    await fourRuns();
    session = spawnInPty(process.execPath, [CLI, '--base-url', server!.url], { columns: 120, rows: 40 });
    await session.waitFor((s) => s.includes('Runs 1/4'), 'four runs');
    session.write('r');
    await session.waitFor((s) => s.includes('refreshing…'), 'the refresh message');
    // Read a whole frame: the screen can be caught mid-redraw (the background usage reads redraw the
    // list), with the footer line not written yet.
    const after = await session.waitFor((s) => !s.includes('refreshing…') && /Runs 1\/4[\s\S]*j\/k move/.test(s), 'the message to expire and the hints to come back', 12_000);
    expect(after).toContain('j/k move');
  });

  it('at 60x20, where the steps pane is hidden, Tab only visits the panes on screen', async () => {
    await fourRuns();
    session = spawnInPty(process.execPath, [CLI, '--base-url', server!.url], { columns: 60, rows: 20 });
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
