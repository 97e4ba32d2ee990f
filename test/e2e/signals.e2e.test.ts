// Issue 3, "Quitting by q, Ctrl-C, SIGTERM or SIGHUP always restores the terminal": the built CLI in a
// real pseudo-terminal, streaming a live run, then told to stop each way. It exits 0 and the last thing
// it writes leaves the alternate screen and shows the cursor.

import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { POP_TITLE, PUSH_TITLE } from '../../src/alerts/sequences.js';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { spawnInPty, type PtySession } from './pty-terminal.js';

const CLI = path.resolve('dist/runs-top.cjs');
const LEAVE_ALT_SCREEN = '\u001b[?1049l';
const ENTER_ALT_SCREEN = '\u001b[?1049h';
const SHOW_CURSOR = '\u001b[?25h';
const HIDE_CURSOR = '\u001b[?25l';

let server: DemoServer;
let session: PtySession | null = null;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/runs-top.cjs is missing: run `npm run build` (npm test does) first');
  server = await startDemoServer({ seed: 9, autoplay: false, tokenIntervalMs: 40 });
});

afterEach(() => {
  session?.kill('SIGKILL');
  session = null;
});

afterAll(() => server.close());

/** What the program wrote after its last frame: everything from the last alternate-screen exit on. */
function tail(raw: string): string {
  return raw.slice(raw.lastIndexOf(LEAVE_ALT_SCREEN));
}

const WAYS: Array<[string, (s: PtySession) => void]> = [
  ['SIGTERM', (s) => s.kill('SIGTERM')],
  ['SIGHUP', (s) => s.kill('SIGHUP')],
  ['Ctrl-C', (s) => s.write('\u0003')],
  ['q', (s) => s.write('q')],
];

describe('every way out restores the terminal', () => {
  for (const [name, stop] of WAYS) {
    it(`${name}: exit code 0, alternate screen left, cursor shown`, async () => {
      // A live run keeps a stream open while we quit: it must not hold the process.
      server.addRun({ live: true, background: true, steps: 8, text: 'A long answer that is still streaming when we quit.' });
      session = spawnInPty(process.execPath, [CLI, '--base-url', server.url, '--interval', '0.5'], { columns: 120, rows: 30 });
      await session.waitFor((s) => /Messages · [0-9a-f]{8}/.test(s) && /● [0-9a-f]{8}/.test(s), 'the monitor with a live run');
      stop(session);
      const { exitCode } = await session.exited;
      expect(exitCode).toBe(0);
      const raw = session.raw();
      expect(raw).toContain(LEAVE_ALT_SCREEN);
      // The end of the output: leaving the alternate screen, then the cursor, and no frame after it.
      const end = tail(raw);
      expect(end.startsWith(LEAVE_ALT_SCREEN)).toBe(true);
      expect(end).toContain(SHOW_CURSOR);
      expect(end.lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(end.lastIndexOf(HIDE_CURSOR));
      expect(end.replace(/\u001b\[\?(1049l|25h|2004l|1000l|1002l|1006l)|\r|\n/g, '')).toBe('');
    });
  }
});

describe('a crash', () => {
  it('still gives the window title back, leaves the alternate screen and shows the cursor (exit 70)', async () => {
    // The bug is planted from outside: a preload throws from a timer once the monitor has entered the
    // alternate screen (the title is taken before that). Not on a frame's text: frames after the first
    // carry only the cells that changed, so a phrase may never be written whole.
    const preload = path.join(mkdtempSync(path.join(os.tmpdir(), 'runs-top-crash-')), 'crash.mjs');
    writeFileSync(
      preload,
      `const write = process.stdout.write.bind(process.stdout);
let planted = false;
process.stdout.write = (chunk, ...rest) => {
  if (!planted && String(chunk).includes(${JSON.stringify(ENTER_ALT_SCREEN)})) {
    planted = true;
    setTimeout(() => { throw new Error('planted crash'); }, 300);
  }
  return write(chunk, ...rest);
};\n`,
    );
    session = spawnInPty(process.execPath, ['--import', preload, CLI, '--base-url', server.url], { columns: 120, rows: 30 });
    const { exitCode } = await session.exited;
    expect(exitCode).toBe(70);
    const raw = session.raw();
    // The title was kept as a summary (pushed first), and is popped back after the crash.
    expect(raw).toContain(PUSH_TITLE);
    expect(raw.lastIndexOf(POP_TITLE)).toBeGreaterThan(raw.lastIndexOf(PUSH_TITLE));
    const end = tail(raw);
    expect(end).toContain(SHOW_CURSOR);
    expect(end).toContain('planted crash');
  });
});
