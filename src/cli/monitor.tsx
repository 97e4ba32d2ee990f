// The full-screen monitor: wires client → sync → store → Ink, and owns the terminal while it runs.
// Every way out (q, Ctrl-C, SIGTERM, SIGHUP, a crash) leaves the alternate screen and shows the cursor.

import type { ListRunsParams } from '../api/types.js';
import type { Binding } from '../ui/keymap.js';
import { changedRowsStdout } from '../ui/changed-rows-stdout.js';
import { INK_RENDER_OPTIONS } from '../ui/render-options.js';
import type { ConnectionConfig } from './config.js';
import { internalErrorReport } from './internal-error.js';
import { createPipeline } from './pipeline.js';

export interface MonitorOptions {
  connection: ConnectionConfig;
  bindings: readonly Binding[];
  readOnly: boolean;
  filters: ListRunsParams;
  intervalMs: number;
  stallMs: number;
  staleAfterMs: number;
  noColor: boolean;
  /** Shown in the header instead of the URL (e.g. "demo"). */
  label?: string;
  onExit?: () => Promise<void> | void;
}

const ENTER_ALT_SCREEN = '\u001b[?1049h\u001b[H';
const LEAVE_ALT_SCREEN = '\u001b[?1049l';
const SHOW_CURSOR = '\u001b[?25h';

/** Frames write only their changed rows; RUNS_TOP_FULL_REDRAW=1 lets Ink redraw every frame whole. */
function frameStdout(stdout: NodeJS.WriteStream): NodeJS.WriteStream {
  return process.env.RUNS_TOP_FULL_REDRAW === '1' ? stdout : changedRowsStdout(stdout);
}

export async function runMonitor(options: MonitorOptions): Promise<number> {
  // Ink decides at import time that it runs in CI when CI is set, and then draws nothing until it
  // exits (DESIGN.md). We only get here on a real terminal, so that guess is wrong: drop it first.
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  const stdout = process.stdout;
  let instance: { unmount(): void } | null = null;
  const quit = () => instance?.unmount();
  const pipeline = createPipeline({ ...options, stdout, quit });
  // The first poll goes out while Ink loads and lays out its first frame, which then shows runs.
  pipeline.start();
  const { render } = await import('ink');
  const { App } = await import('../ui/App.js');

  let restored = false;
  const restoreTerminal = () => {
    if (restored) return;
    restored = true;
    stdout.write(LEAVE_ALT_SCREEN + SHOW_CURSOR);
    if (process.stdin.isTTY) process.stdin.setRawMode?.(false);
  };
  stdout.write(ENTER_ALT_SCREEN);

  const onSignal = () => quit();
  const onCrash = (error: unknown) => {
    restoreTerminal();
    process.stderr.write(internalErrorReport(error));
    process.exit(70);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  process.on('SIGINT', onSignal);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  process.on('exit', restoreTerminal);

  try {
    const ink = render(<App context={pipeline.context} />, { ...INK_RENDER_OPTIONS, stdout: frameStdout(stdout), patchConsole: true });
    instance = ink;
    await ink.waitUntilExit();
  } finally {
    await pipeline.stop();
    await options.onExit?.();
    restoreTerminal();
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    process.off('SIGINT', onSignal);
  }
  return 0;
}
