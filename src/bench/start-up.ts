// Start-up as a user sees it: from spawning the CLI in a real pty to the first frame that shows runs
// from a local server (read off a headless terminal's screen), against `node -e 0` in the same run.
// The bin starts from the code cache that its first start wrote (src/launcher/bin.ts), in a cache
// folder of the bench's own; a variant without it shows what the cache saves. Inside the process,
// RUNS_TOP_STARTUP_TRACE (src/util/startup-trace.ts) says when each step was reached, counted from
// the process's start.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import xtermHeadless from '@xterm/headless';
import { CLI_BIN } from './cli-bin.js';
import { percentile } from './headless-app.js';
import type { BenchFigure, BenchScenario } from './scenario.js';
import { startServerProcess } from './server-process.js';

const SAMPLES = 12;
const RUNS = 50;
const TARGET_RATIO = 3;

type Pty = typeof import('@lydell/node-pty');

/** Bytes of code cache in the cache folder (0 before the first start has written it). */
function codeCacheBytes(cacheHome: string): number {
  const dir = path.join(cacheHome, 'runs-top');
  if (!existsSync(dir)) return 0;
  return readdirSync(dir)
    .filter((name) => name.endsWith('.v8cache'))
    .reduce((sum, name) => sum + statSync(path.join(dir, name)).size, 0);
}

/**
 * Milliseconds from spawn to `done(screen)` (or to exit when there is no predicate). With `quitWhen`,
 * the program is left running after that until the condition holds (checked every 50 ms).
 */
function timeInPty(pty: Pty, args: string[], env: Record<string, string>, done?: (screen: string) => boolean, quitWhen?: () => boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const term = new xtermHeadless.Terminal({ cols: 160, rows: 45, allowProposedApi: true });
    const started = performance.now();
    const child = pty.spawn(process.execPath, args, { cols: 160, rows: 45, env });
    let elapsed: number | undefined;
    let poll: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.onData((data) => {
      term.write(data, () => {
        if (elapsed !== undefined || !done) return;
        const buffer = term.buffer.active;
        let screen = '';
        for (let y = 0; y < term.rows; y++) screen += `${buffer.getLine(y)?.translateToString(true) ?? ''}\n`;
        if (done(screen)) {
          elapsed = performance.now() - started;
          if (!quitWhen) child.write('q');
          else {
            poll = setInterval(() => {
              if (!quitWhen()) return;
              clearInterval(poll);
              child.write('q');
            }, 50);
          }
        }
      });
    });
    child.onExit(() => {
      clearTimeout(timer);
      clearInterval(poll);
      term.dispose();
      const result = done ? elapsed : performance.now() - started;
      if (result === undefined) reject(new Error(`${args.join(' ')}: no frame with runs within 15 s`));
      else resolve(result);
    });
  });
}

export const startUp: BenchScenario = {
  name: 'start-up',
  description: `spawn to the first frame with ${RUNS} runs from a local server, in a pty, against node -e 0`,
  async run(): Promise<BenchFigure[]> {
    if (process.platform !== 'linux') return [{ label: 'skipped', value: 'needs a pty (Linux)' }];
    const { default: pty } = await import('@lydell/node-pty');
    const server = await startServerProcess({ options: { seed: 5, autoplay: false }, finishedRuns: RUNS, liveRuns: [] });
    // The bench's own cache folder: the first start writes the code cache there, as a user's would.
    const traceDir = mkdtempSync(path.join(os.tmpdir(), 'runs-top-startup-'));
    const cacheHome = path.join(traceDir, 'cache');
    const env = { ...process.env, TERM: 'xterm-256color', XDG_CACHE_HOME: cacheHome } as Record<string, string>;
    delete env.CI;
    delete env.CONTINUOUS_INTEGRATION;
    const withRuns = (screen: string) => screen.includes(`Runs 1/${RUNS}`);
    const monitor = ['--base-url', server.url];
    // Not timed: a start without the cache is the variant below.
    await timeInPty(pty, [CLI_BIN, ...monitor], env, withRuns, () => codeCacheBytes(cacheHome) > 0);
    const variants: Array<[string, string[], Record<string, string>, ((screen: string) => boolean) | undefined]> = [
      ['node -e 0 (exit)', ['-e', '0'], env, undefined],
      ['runs-top, first frame with runs', [CLI_BIN, ...monitor], env, withRuns],
      ['  without the code cache', [CLI_BIN, ...monitor], { ...env, NODE_DISABLE_COMPILE_CACHE: '1' }, withRuns],
      ['runs-top --version (exit)', [CLI_BIN, '--version'], env, undefined],
    ];
    // The bin's own account of each start: one trace file per sample, read after it exits.
    const traceFile = path.join(traceDir, 'trace.json');
    variants[1][2] = { ...env, RUNS_TOP_STARTUP_TRACE: traceFile };
    const steps = new Map<string, number[]>();
    const samples = variants.map(() => [] as number[]);
    // Interleaved, so that the machine's load falls on every variant alike.
    for (let i = 0; i < SAMPLES; i++) {
      for (const [index, [, args, variantEnv, done]] of variants.entries()) {
        samples[index].push(await timeInPty(pty, args, variantEnv, done));
        if (index === 1) for (const [label, ms] of readTrace(traceFile)) steps.set(label, [...(steps.get(label) ?? []), ms]);
      }
    }
    const cacheBytes = codeCacheBytes(cacheHome);
    rmSync(traceDir, { recursive: true, force: true });
    await server.stop();
    const [node, firstFrame] = samples.map((values) => percentile(values, 50));
    const ratio = firstFrame / node;
    return [
      ...variants.map(([label], index) => ({ label: `${label} p50`, value: percentile(samples[index], 50), unit: 'ms' })),
      // Marks reached in every sample, in the order they come: where the first frame's time goes.
      ...[...steps]
        .filter(([, values]) => values.length === SAMPLES)
        .map(([label, values]) => ({ label: `  step: ${label} p50`, value: percentile(values, 50), unit: 'ms' }))
        .sort((a, b) => a.value - b.value),
      { label: 'first frame / node -e 0', value: ratio, unit: 'x', target: `<= ${TARGET_RATIO}x`, ok: ratio <= TARGET_RATIO },
      { label: 'code cache', value: Math.round(cacheBytes / 1024), unit: 'KiB' },
    ];
  },
};

/** The marks a traced start wrote (label, ms since the process started), frame sizes left out. */
function readTrace(file: string): Array<[string, number]> {
  try {
    const marks = JSON.parse(readFileSync(file, 'utf8')) as Array<[string, number]>;
    rmSync(file);
    return marks.map(([label, ms]) => [label.replace(/ \(\d+ B\)$/, ''), ms]);
  } catch {
    return [];
  }
}
