// The operator console in a real terminal: filter the list, then follow runs as they start.

import { describe, expect, it } from 'vitest';
import { monitorSession, selected, short, testServer } from './monitor-session.js';

describe('operator console in a real terminal', () => {
  it('filters with / and clears with Esc, then follows the newest running run with f', async () => {
    const server = await testServer({ seed: 21 });
    const ids = [1, 2, 3, 4].map((i) => server.addRun({ live: false, outcome: i === 2 ? 'error' : 'end_turn', createdAt: new Date(Date.now() - (10 - i) * 60_000) }));
    const session = monitorSession(['--base-url', server.url, '--interval', '0.3'], { columns: 140, rows: 36 });
    await session.waitFor((s) => s.includes('Runs 1/4'), 'four runs');

    session.write('/');
    for (const ch of short(ids[1])) session.write(ch);
    // The list narrows to one run before the last characters are typed: wait for all of them.
    const filtered = await session.waitFor((s) => s.includes('Runs 1/1 (filtered from 4)') && s.includes(`filter: ${short(ids[1])}`), 'the filter to apply');
    expect(filtered).toContain(`filter: ${short(ids[1])}`);
    expect(filtered).toContain(`✗ ${short(ids[1])}`);
    await session.waitFor((s) => selected(s) === short(ids[1]), 'the filtered run to be selected');
    session.write('\u001b');
    await session.waitFor((s) => s.includes('Runs') && s.includes('/4') && !s.includes('filtered'), 'the filter to clear');

    session.write('f');
    await session.waitFor((s) => s.includes('FOLLOW'), 'follow mode');
    const live = server.addRun({ live: true, background: true, steps: 4 });
    await session.waitFor((s) => selected(s) === short(live) && s.includes(`● ${short(live)}`), 'the new running run to be selected');
    session.write('k');
    await session.waitFor((s) => !s.includes('FOLLOW'), 'a manual move to leave follow mode');
    session.write('q');
    expect((await session.exited).exitCode).toBe(0);
  });
});
