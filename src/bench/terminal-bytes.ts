// Bytes written to the terminal, with frames written as changed rows (ui/changed-rows-stdout.ts) and
// as Ink alone writes them (every frame whole), in the same run: for one selection move at 200x60
// (headless, every frame counted), and per second while following a busy fleet in a real pty at
// 160x45 (the simulated server at 20x speed, as `runs-top demo-server --speed 20`).

import { createPipeline } from '../cli/pipeline.js';
import { CLI_BIN } from './cli-bin.js';
import { renderHeadless } from './headless-app.js';
import type { BenchFigure, BenchScenario } from './scenario.js';
import { startServerProcess } from './server-process.js';
import { keylessConnection } from '../cli/config.js';

const MOVES = 40;
const FOLLOW_SECONDS = 20;
// Before this work (issue 12, measured in a pty): what the targets are set against.
const TODAY_MOVE_BYTES = 15_800;
const TODAY_FOLLOW_KIB_S = 68.6;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function bytesPerMove(fullRedraw: boolean): Promise<{ frame: number; total: number }> {
  const server = await startServerProcess({ options: { seed: 3, autoplay: false }, finishedRuns: 120, liveRuns: [] });
  const pipeline = createPipeline({
    connection: keylessConnection(server.url),
    intervalMs: 2000,
    stallMs: 60_000,
    stdout: process.stdout,
    quit: () => undefined,
  });
  await pipeline.poller.pollNow();
  pipeline.start();
  const app = await renderHeadless(pipeline.context, { columns: 200, rows: 60 }, { fullRedraw });
  await app.nextFrame();
  await sleep(1000);
  let frameBytes = 0;
  let totalBytes = 0;
  for (let i = 0; i < MOVES; i++) {
    const before = app.bytesWritten();
    await app.press(i % 20 < 10 ? 'j' : 'k');
    frameBytes += app.bytesWritten() - before;
    // The selected run's messages and steps load once the selection rests: part of the move too.
    await sleep(400);
    totalBytes += app.bytesWritten() - before;
  }
  app.unmount();
  await pipeline.stop();
  await server.stop();
  return { frame: frameBytes / MOVES, total: totalBytes / MOVES };
}

async function followBytesPerSecond(fullRedraw: boolean): Promise<number> {
  const { default: pty } = await import('@lydell/node-pty');
  const server = await startServerProcess({ options: { seed: 1, speed: 20 }, finishedRuns: 0, liveRuns: [] });
  const env = { ...process.env, TERM: 'xterm-256color', RUNS_TOP_FULL_REDRAW: fullRedraw ? '1' : '' } as Record<string, string>;
  delete env.CI;
  delete env.CONTINUOUS_INTEGRATION;
  const child = pty.spawn(process.execPath, [CLI_BIN, '--base-url', server.url], { cols: 160, rows: 45, env });
  let bytes = 0;
  child.onData((data) => {
    bytes += Buffer.byteLength(data);
  });
  await sleep(3000);
  child.write('f'); // follow: the newest running run is selected as runs start
  await sleep(2000);
  const before = bytes;
  const started = performance.now();
  await sleep(FOLLOW_SECONDS * 1000);
  const perSecond = (bytes - before) / ((performance.now() - started) / 1000);
  child.write('q');
  await new Promise<void>((resolve) => child.onExit(() => resolve()));
  await server.stop();
  return perSecond / 1024;
}

export const terminalBytes: BenchScenario = {
  name: 'terminal-bytes',
  description: 'bytes written to the terminal: changed rows only vs every frame whole, same run',
  async run(): Promise<BenchFigure[]> {
    const diffed = await bytesPerMove(false);
    const whole = await bytesPerMove(true);
    const figures: BenchFigure[] = [
      { label: '200x60 move, its frame', value: diffed.frame, unit: 'B', target: '<= 1,500 B', ok: diffed.frame <= 1500 },
      { label: '200x60 move, its frame (whole)', value: whole.frame, unit: 'B' },
      { label: '200x60 move + run loaded', value: diffed.total, unit: 'B' },
      { label: '200x60 move + run loaded (whole)', value: whole.total, unit: 'B' },
      { label: 'move before (issue 12)', value: TODAY_MOVE_BYTES, unit: 'B' },
    ];
    if (process.platform !== 'linux') return [...figures, { label: 'follow: skipped', value: 'needs a pty (Linux)' }];
    const follow = await followBytesPerSecond(false);
    const followWhole = await followBytesPerSecond(true);
    const target = TODAY_FOLLOW_KIB_S / 5;
    figures.push(
      { label: '160x45 follow busy fleet', value: follow, unit: 'KiB/s', target: `<= ${target.toFixed(1)} KiB/s`, ok: follow <= target },
      { label: '160x45 follow busy fleet (whole)', value: followWhole, unit: 'KiB/s' },
      { label: 'follow before (issue 12)', value: TODAY_FOLLOW_KIB_S, unit: 'KiB/s' },
    );
    return figures;
  },
};
