// CPU of the real monitor process, in a real pseudo-terminal, idle-watching 50 runs: polls every 2 s,
// ages tick every second, nothing streams. Read from /proc so the simulated server (in this process)
// is not counted.

import { readFileSync } from 'node:fs';
import { startDemoServer } from '../demo/server.js';
import { CLI_BIN } from './cli-bin.js';
import type { BenchFigure, BenchScenario } from './scenario.js';

const RUNS = 50;
const WINDOW_MS = 30_000;
const TARGET_PERCENT = 2;

/** utime + stime of a process, in clock ticks (Linux). */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

export const idleCpu: BenchScenario = {
  name: 'idle-cpu',
  description: `CPU of the monitor idle-watching ${RUNS} runs for ${WINDOW_MS / 1000} s (real pty)`,
  async run(): Promise<BenchFigure[]> {
    if (process.platform !== 'linux') return [{ label: 'skipped', value: 'needs /proc (Linux)' }];
    // node-pty is a development dependency: present wherever `npm run bench` can run.
    const { default: pty } = await import('@lydell/node-pty');
    const server = await startDemoServer({ seed: 4, autoplay: false });
    const now = Date.now();
    // Finished runs, the newest two minutes old: idle means nothing on screen needs a seconds clock.
    for (let i = 0; i < RUNS; i++) server.addRun({ live: false, createdAt: new Date(now - 120_000 - (RUNS - i) * 30_000) });
    const env = { ...process.env, TERM: 'xterm-256color' } as Record<string, string>;
    delete env.CI;
    const child = pty.spawn(process.execPath, [CLI_BIN, '--base-url', server.url], { cols: 160, rows: 48, env });
    let output = 0;
    child.onData((data) => {
      output += data.length;
    });
    // Let it start, load the runs and the selected run's detail, and read every run's usage in the
    // background (2 a second): idle is what follows, with the cache warm.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    while ((server.stats().byKind.steps ?? 0) < RUNS) await new Promise((resolve) => setTimeout(resolve, 500));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const ticksPerSecond = 100; // USER_HZ on Linux
    const startTicks = cpuTicks(child.pid);
    const outputBefore = output;
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
    const seconds = (performance.now() - started) / 1000;
    const cpuSeconds = (cpuTicks(child.pid) - startTicks) / ticksPerSecond;
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? NaN);
    child.write('q');
    await new Promise<void>((resolve) => child.onExit(() => resolve()));
    await server.close();
    const percent = (cpuSeconds / seconds) * 100;
    return [
      { label: 'monitor CPU while idle', value: percent, unit: '% of one core', target: `< ${TARGET_PERCENT}%`, ok: percent < TARGET_PERCENT },
      { label: 'terminal output while idle', value: (output - outputBefore) / seconds / 1024, unit: 'KiB/s' },
      { label: 'monitor resident memory', value: rssKb / 1024, unit: 'MiB' },
    ];
  },
};
