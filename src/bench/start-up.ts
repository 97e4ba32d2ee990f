// Start-up as a user sees it: from spawning the CLI in a real pty to the first frame that shows runs
// from a local server (read off a headless terminal's screen), against `node -e 0` in the same run.
// Variants show what each step costs: the bin (compile cache where Node has one) against the bundle
// started directly, and without Node's compile cache. Inside the process, RUNS_TOP_STARTUP_TRACE
// (src/util/startup-trace.ts) says when each step was reached, counted from the process's start.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import xtermHeadless from '@xterm/headless';
import { CLI_BIN } from './cli-bin.js';
import { percentile } from './headless-app.js';
import type { BenchFigure, BenchScenario } from './scenario.js';
import { startServerProcess } from './server-process.js';

const SAMPLES = 12;
const RUNS = 50;
const TARGET_RATIO = 3;
const BUNDLE = fileURLToPath(new URL('./cli.js', import.meta.url));

type Pty = typeof import('@lydell/node-pty');

/** Milliseconds from spawn to `done(screen)` (or to exit when there is no predicate). */
function timeInPty(pty: Pty, args: string[], env: Record<string, string>, done?: (screen: string) => boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const term = new xtermHeadless.Terminal({ cols: 160, rows: 45, allowProposedApi: true });
    const started = performance.now();
    const child = pty.spawn(process.execPath, args, { cols: 160, rows: 45, env });
    let elapsed: number | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.onData((data) => {
      term.write(data, () => {
        if (elapsed !== undefined || !done) return;
        const buffer = term.buffer.active;
        let screen = '';
        for (let y = 0; y < term.rows; y++) screen += `${buffer.getLine(y)?.translateToString(true) ?? ''}\n`;
        if (done(screen)) {
          elapsed = performance.now() - started;
          child.write('q');
        }
      });
    });
    child.onExit(() => {
      clearTimeout(timer);
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
    const env = { ...process.env, TERM: 'xterm-256color' } as Record<string, string>;
    delete env.CI;
    delete env.CONTINUOUS_INTEGRATION;
    const withRuns = (screen: string) => screen.includes(`Runs 1/${RUNS}`);
    const monitor = ['--base-url', server.url];
    const variants: Array<[string, string[], Record<string, string>, ((screen: string) => boolean) | undefined]> = [
      ['node -e 0 (exit)', ['-e', '0'], env, undefined],
      ['runs-top, first frame with runs', [CLI_BIN, ...monitor], env, withRuns],
      ['  bundle alone (no source maps)', [BUNDLE, ...monitor], env, withRuns],
      ['  bin without compile cache', [CLI_BIN, ...monitor], { ...env, NODE_DISABLE_COMPILE_CACHE: '1' }, withRuns],
      ['runs-top --version (exit)', [CLI_BIN, '--version'], env, undefined],
    ];
    // The bin's own account of each start: one trace file per sample, read after it exits.
    const traceDir = mkdtempSync(path.join(os.tmpdir(), 'runs-top-startup-'));
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
      { label: 'compile cache', value: 'enableCompileCache' in module ? 'available' : `not in Node ${process.version}` },
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
