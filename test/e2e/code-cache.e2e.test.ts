// The shipped bin keeps V8's code cache for the bundle in the user's cache folder (src/launcher/bin.ts):
// the monitor's first start writes it once start-up is over, and the next start compiles from it.
// Each start's own account (RUNS_TOP_STARTUP_TRACE) says how the cache went; the first frame with a
// run selected is the same either way.

import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAPPED_FRAME, runWithPlantedBug } from '../cli/planted-bug.js';
import { monitorSession, testServer } from './monitor-session.js';
import { spawnInPty } from './pty-terminal.js';

/** The labels a traced start recorded. */
function traced(file: string): string[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as Array<[string, number]>).map(([label]) => label);
}

function caches(home: string): string[] {
  const dir = path.join(home, 'runs-top');
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.v8cache')) : [];
}

/** Polls the file system until `condition` holds (the cache is written on a timer, in another process). */
async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the code cache, as the bin uses it', () => {
  it('is written by the first start and used by the next', async () => {
    const server = await testServer({ seed: 3 });
    for (let i = 0; i < 3; i++) server.addRun({ live: false, outcome: 'end_turn' });
    const work = mkdtempSync(path.join(os.tmpdir(), 'runs-top-cache-e2e-'));
    const home = path.join(work, 'cache');
    const start = async (trace: string, wait?: () => boolean) => {
      const env = { ...process.env, XDG_CACHE_HOME: home, RUNS_TOP_STARTUP_TRACE: trace };
      delete env.NODE_DISABLE_COMPILE_CACHE;
      const session = monitorSession(['--base-url', server.url], { env });
      await session.waitFor((screen) => screen.includes('Runs 1/3'), 'the runs, one selected');
      if (wait) await until(wait, 'the code cache file');
      session.write('q');
      expect((await session.exited).exitCode).toBe(0);
      return traced(trace);
    };

    const first = await start(path.join(work, 'first.json'), () => caches(home).length === 1);
    expect(first).toContain('bundle compiled (code cache missing)');
    const [file] = caches(home);
    expect(file).toMatch(new RegExp(`^cli-[0-9a-f]{16}-[0-9a-f]{8}-${process.version}-${process.arch}\\.v8cache$`));

    const second = await start(path.join(work, 'second.json'));
    expect(second).toContain('bundle compiled (code cache accepted)');
    expect(caches(home)).toEqual([file]);
  }, 40_000);

  it('is not used with NODE_DISABLE_COMPILE_CACHE set', async () => {
    const server = await testServer({ seed: 4 });
    server.addRun({ live: false, outcome: 'end_turn' });
    const work = mkdtempSync(path.join(os.tmpdir(), 'runs-top-cache-e2e-'));
    const trace = path.join(work, 'trace.json');
    const session = monitorSession(['--base-url', server.url], { env: { ...process.env, XDG_CACHE_HOME: path.join(work, 'cache'), RUNS_TOP_STARTUP_TRACE: trace, NODE_DISABLE_COMPILE_CACHE: '1' } });
    await session.waitFor((screen) => screen.includes('Runs 1/1'), 'the run, selected');
    session.write('q');
    expect((await session.exited).exitCode).toBe(0);
    expect(traced(trace)).toContain('bundle compiled (code cache off)');
  });

  it('is kept apart for another copy of the same build: its internal errors still name our sources', async () => {
    // Node 20 keeps, in stack traces, the file name a script had when its code cache was made: with
    // one cache for both copies, the second copy's stacks named the first copy's bundle, which its
    // source map lookup (src/cli/internal-error.ts) does not recognise.
    const server = await testServer({ seed: 6 });
    server.addRun({ live: false, outcome: 'end_turn' });
    const work = mkdtempSync(path.join(os.tmpdir(), 'runs-top-cache-copies-'));
    const home = path.join(work, 'cache');
    const copies = ['first', 'second'].map((name) => {
      const dist = path.join(work, name, 'dist');
      mkdirSync(dist, { recursive: true });
      for (const file of ['runs-top.cjs', 'cli.js', 'cli.js.map']) copyFileSync(path.join('dist', file), path.join(dist, file));
      return path.join(dist, 'runs-top.cjs');
    });
    const env = { ...process.env, XDG_CACHE_HOME: home };
    delete env.NODE_DISABLE_COMPILE_CACHE;
    const first = spawnInPty(process.execPath, [copies[0], '--base-url', server.url], { env });
    try {
      await first.waitFor((screen) => screen.includes('Runs 1/1'), 'the first copy showing the run');
      await until(() => caches(home).length === 1, "the first copy's code cache");
      first.write('q');
      await first.exited;
    } finally {
      first.kill('SIGKILL');
    }
    const { stderr } = await runWithPlantedBug(copies[1], env);
    expect(stderr).toMatch(MAPPED_FRAME);
    expect(stderr).not.toContain(path.join(work, 'first'));
  }, 40_000);
});
