// The built CLI in a real pseudo-terminal against the simulated Letta server over loopback.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { spawnInPty, type PtySession } from './pty-terminal.js';

const CLI = path.resolve('dist/runs-top.js');

let server: DemoServer | null = null;
let session: PtySession | null = null;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/runs-top.js is missing: run `npm run build` (npm test does) first');
});

afterEach(async () => {
  session?.kill('SIGKILL');
  session = null;
  await server?.close();
  server = null;
});

/** The selected row is the one whose run id appears in the message pane's title. */
function selectedShortId(screen: string): string | null {
  return /Messages · ([0-9a-f]{8})/.exec(screen)?.[1] ?? null;
}

describe('runs-top in a real terminal', () => {
  it('shows runs, moves the selection with j, changes the message pane, and quits cleanly with q', async () => {
    server = await startDemoServer({ seed: 7, autoplay: false });
    server.addRun({ agentId: undefined, outcome: 'end_turn', live: false, text: 'The first run answered about penguins.' });
    server.addRun({ outcome: 'end_turn', live: false, text: 'The second run answered about volcanoes.' });
    session = spawnInPty(process.execPath, [CLI, '--base-url', server.url, '--interval', '0.5'], { columns: 140, rows: 36 });
    const first = await session.waitFor((s) => /✓ [0-9a-f]{8}/.test(s) && selectedShortId(s) !== null && /answered about/.test(s), 'runs and a transcript on screen');
    const firstId = selectedShortId(first);
    const firstAnswer = /answered about (penguins|volcanoes)/.exec(first)?.[1];
    expect(firstAnswer).toBeDefined();
    session.write('j');
    const second = await session.waitFor((s) => selectedShortId(s) !== firstId && /answered about/.test(s) && !s.includes(`answered about ${firstAnswer}`), 'selection to move');
    expect(selectedShortId(second)).not.toBe(firstId);
    session.write('q');
    const { exitCode } = await session.exited;
    expect(exitCode).toBe(0);
    // The alternate screen was left and the cursor shown again.
    expect(session.raw()).toContain('\u001b[?1049l');
    expect(session.raw().lastIndexOf('\u001b[?25h')).toBeGreaterThan(session.raw().lastIndexOf('\u001b[?25l'));
  });

  it('runs the built-in demo with --demo and streams live messages', async () => {
    session = spawnInPty(process.execPath, [CLI, '--demo', '--seed', '3'], { columns: 140, rows: 36 });
    await session.waitFor((s) => /demo http:\/\/127\.0\.0\.1:\d+/.test(s) && /[●✓] [0-9a-f]{8}/.test(s), 'demo runs');
    await session.waitFor((s) => /(think|agent|call) /.test(s), 'messages of the selected run');
    session.kill('SIGTERM');
    const { exitCode } = await session.exited;
    expect(exitCode).toBe(0);
    expect(session.raw()).toContain('\u001b[?1049l');
  });
});
