// The full-screen monitor: wires client → sync → store → Ink, and owns the terminal while it runs.
// Every way out (q, Ctrl-C, SIGTERM, SIGHUP, a crash) leaves the alternate screen and shows the cursor.

import React from 'react';
import { LettaClient } from '../api/client.js';
import type { ListRunsParams } from '../api/types.js';
import { createAppStore } from '../store/create-store.js';
import { DetailSync } from '../sync/detail-sync.js';
import { RunsPoller } from '../sync/runs-poller.js';
import { createTheme } from '../ui/theme.js';
import type { Binding } from '../ui/keymap.js';
import type { ConnectionConfig } from './config.js';
import { createCommands } from './commands.js';

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

export async function runMonitor(options: MonitorOptions): Promise<number> {
  // Ink decides at import time that it runs in CI when CI is set, and then draws nothing until it
  // exits (DESIGN.md). We only get here on a real terminal, so that guess is wrong: drop it first.
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  const { render } = await import('ink');
  const { App } = await import('../ui/App.js');
  const { newViewports } = await import('../ui/app-context.js');

  const client = new LettaClient(options.connection);
  const label = options.label ?? client.displayUrl;
  const store = createAppStore(label);
  const poller = new RunsPoller(client, store, { intervalMs: options.intervalMs, filters: options.filters });
  const detail = new DetailSync(client, store, { pollIntervalMs: options.intervalMs, stallMs: options.stallMs });

  const stdout = process.stdout;
  let restored = false;
  const restoreTerminal = () => {
    if (restored) return;
    restored = true;
    stdout.write(LEAVE_ALT_SCREEN + SHOW_CURSOR);
    if (process.stdin.isTTY) process.stdin.setRawMode?.(false);
  };
  stdout.write(ENTER_ALT_SCREEN);

  let instance: ReturnType<typeof render> | null = null;
  const quit = () => instance?.unmount();
  const commands = createCommands({ client, store, poller, detail, quit, stdout, readOnly: options.readOnly });
  const settings = { bindings: options.bindings, readOnly: options.readOnly, baseUrl: client.baseUrl, staleAfterMs: options.staleAfterMs };
  const context = { store, theme: createTheme(options.noColor), commands, viewports: newViewports(), settings };
  const onSignal = () => quit();
  const onCrash = (error: unknown) => {
    restoreTerminal();
    process.stderr.write(`runs-top: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(70);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  process.on('SIGINT', onSignal);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  process.on('exit', restoreTerminal);

  try {
    instance = render(<App context={context} />, {
      exitOnCtrlC: false,
      patchConsole: true,
      maxFps: 30,
      incrementalRendering: false,
    });
    poller.start();
    detail.start();
    await instance.waitUntilExit();
  } finally {
    poller.stop();
    detail.stop();
    await client.destroy().catch(() => undefined);
    await options.onExit?.();
    restoreTerminal();
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    process.off('SIGINT', onSignal);
  }
  return 0;
}
