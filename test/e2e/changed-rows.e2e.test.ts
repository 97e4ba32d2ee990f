// The bundle in a real pseudo-terminal writes a selection move as the cells that changed, not as a
// whole frame (src/ui/changed-rows-stdout.ts), and redraws whole after a resize; with
// RUNS_TOP_FULL_REDRAW=1 every frame is whole again.

import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { spawnInPty, type PtySession } from './pty-terminal.js';

const CLI = path.resolve('dist/runs-top.cjs');
let server: DemoServer;
let session: PtySession | null = null;

beforeAll(async () => {
  server = await startDemoServer({ seed: 17, autoplay: false });
  for (let i = 0; i < 12; i++) server.addRun({ live: false, outcome: 'end_turn', createdAt: new Date(Date.now() - (20 - i) * 60_000) });
});
afterEach(() => {
  session?.kill('SIGKILL');
  session = null;
});
afterAll(() => server.close());

// Ink writes every frame inside a synchronized update.
const FRAME_START = '\u001b[?2026h';
const FRAME_END = '\u001b[?2026l';

/** Bytes of the first whole frame in `raw`, or 0 while there is none. */
function firstFrame(raw: string): number {
  const start = raw.indexOf(FRAME_START);
  const end = start === -1 ? -1 : raw.indexOf(FRAME_END, start);
  return end === -1 ? 0 : end - start;
}

async function bytesForOneMove(env: NodeJS.ProcessEnv): Promise<number> {
  session = spawnInPty(process.execPath, [CLI, '--base-url', server.url], { columns: 150, rows: 40, env });
  await session.waitFor((s) => /Runs 1\/12/.test(s) && /Messages · [0-9a-f]{8}/.test(s), 'runs and the first run loaded');
  const before = session.raw().length;
  session.write('j');
  // The frame's closing mark can arrive in a later read than the text that shows the move.
  const moved = session;
  await moved.waitFor((s) => /Runs 2\/12/.test(s) && firstFrame(moved.raw().slice(before)) > 0, 'the selection on the second run, its frame whole');
  const move = firstFrame(session.raw().slice(before));
  expect(move).toBeGreaterThan(0);
  return move;
}

describe('frames in a real terminal', () => {
  it('a selection move writes a small fraction of a whole frame; a resize redraws whole', async () => {
    const diffed = await bytesForOneMove(process.env);
    // After a resize the screen is redrawn whole, from the top-left corner, at the new width.
    const beforeResize = session!.raw().length;
    session!.resize(120, 40);
    await session!.waitFor(() => session!.raw().slice(beforeResize).includes('\u001b[H\u001b[2J'), 'a full redraw after the resize');
    await session!.waitFor((s) => s.split('\n').some((row) => /^┏━+┓┌─+┐$/.test(row) && row.length === 120), 'the panes at the new width');
    session?.kill('SIGKILL');
    const whole = await bytesForOneMove({ ...process.env, RUNS_TOP_FULL_REDRAW: '1' });
    // Whole frames at 150x40 are several KB; the move changes two rows of the list and the titles.
    expect(whole).toBeGreaterThan(4000);
    expect(diffed).toBeLessThan(whole / 4);
  });
});
