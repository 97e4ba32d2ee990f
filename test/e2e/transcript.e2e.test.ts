// P and e in a real terminal: the pager gets the terminal (cooked mode, every key), and the monitor
// comes back whole afterwards (alternate screen, full frame, keys working).

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { monitorSession, selected, short, testServer } from './monitor-session.js';


describe('transcript to the pager and to a file in a real terminal', () => {
  it('P hands the terminal to $PAGER and restores the monitor; e saves a file', async () => {
    const server = await testServer({ seed: 5 });
    const ids = [1, 2].map((i) => server.addRun({ live: false, outcome: 'end_turn', createdAt: new Date(Date.now() - (10 - i) * 60_000) }));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'runs-top-pager-'));
    // A pager that keeps what it was given and reads one line from the terminal, as less reads keys.
    const pager = `cat > paged.txt; printf 'PAGER-WAITING\\n'; read answer < /dev/tty; printf '%s' "$answer" > answer.txt`;
    const session = monitorSession(['--base-url', server.url, '--interval', '0.3'], { columns: 120, rows: 32, cwd: dir, env: { ...process.env, PAGER: pager } });
    await session.waitFor((s) => s.includes('Runs 1/2') && selected(s) === short(ids[1]), 'two runs, the newest selected');

    session.write('P');
    await session.waitFor((s) => s.includes('PAGER-WAITING') && !s.includes('Runs 1/2'), 'the pager on the main screen');
    session.write('hello\r');
    const back = await session.waitFor((s) => s.includes('Runs 1/2') && s.includes('closed the pager'), 'the monitor to come back');
    expect(back).not.toContain('PAGER-WAITING');
    // Cooked mode (Enter ended the line) and no key lost to the suspended monitor.
    expect(readFileSync(path.join(dir, 'answer.txt'), 'utf8')).toBe('hello');
    expect(readFileSync(path.join(dir, 'paged.txt'), 'utf8')).toContain(`run      ${ids[1]}\n`);

    // Keys work again: move, then save the other run's transcript.
    session.write('j');
    await session.waitFor((s) => selected(s) === short(ids[0]), 'j to select the other run');
    session.write('e');
    await session.waitFor((s) => s.includes(`saved the transcript of ${short(ids[0])}`), 'the save to be reported');
    expect(existsSync(path.join(dir, `runs-top-${ids[0]}.txt`))).toBe(true);
    session.write('q');
    expect((await session.exited).exitCode).toBe(0);
  });
});
