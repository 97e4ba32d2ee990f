// The built CLI in a real pseudo-terminal against the simulated Letta server over loopback.

import { describe, expect, it } from 'vitest';
import { monitorSession, selected, testServer } from './monitor-session.js';

describe('runs-top in a real terminal', () => {
  it('shows runs, moves the selection with j, changes the message pane, and quits cleanly with q', async () => {
    const server = await testServer({ seed: 7 });
    server.addRun({ agentId: undefined, outcome: 'end_turn', live: false, text: 'The first run answered about penguins.' });
    server.addRun({ outcome: 'end_turn', live: false, text: 'The second run answered about volcanoes.' });
    const session = monitorSession(['--base-url', server.url, '--interval', '0.5'], { columns: 140, rows: 36 });
    const first = await session.waitFor((s) => /✓ [0-9a-f]{8}/.test(s) && selected(s) !== null && /answered about/.test(s), 'runs and a transcript on screen');
    const firstId = selected(first);
    const firstAnswer = /answered about (penguins|volcanoes)/.exec(first)?.[1];
    expect(firstAnswer).toBeDefined();
    session.write('j');
    const second = await session.waitFor((s) => selected(s) !== firstId && /answered about/.test(s) && !s.includes(`answered about ${firstAnswer}`), 'selection to move');
    expect(selected(second)).not.toBe(firstId);
    session.write('q');
    const { exitCode } = await session.exited;
    expect(exitCode).toBe(0);
    // The alternate screen was left and the cursor shown again.
    expect(session.raw()).toContain('\u001b[?1049l');
    expect(session.raw().lastIndexOf('\u001b[?25h')).toBeGreaterThan(session.raw().lastIndexOf('\u001b[?25l'));
  });

  it('runs the built-in demo with --demo and streams live messages', async () => {
    const session = monitorSession(['--demo', '--seed', '3'], { columns: 140, rows: 36 });
    await session.waitFor((s) => /demo http:\/\/127\.0\.0\.1:\d+/.test(s) && /[●✓] [0-9a-f]{8}/.test(s), 'demo runs');
    await session.waitFor((s) => /(think|agent|call) /.test(s), 'messages of the selected run');
    session.kill('SIGTERM');
    const { exitCode } = await session.exited;
    expect(exitCode).toBe(0);
    expect(session.raw()).toContain('\u001b[?1049l');
  });
});
