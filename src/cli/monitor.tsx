// The full-screen monitor: wires client → sync → store → Ink, and owns the terminal while it runs.
// Every way out (q, Ctrl-C, SIGTERM, SIGHUP, a crash) leaves the alternate screen and shows the cursor.

import type { ListRunsParams } from '../api/types.js';
import { createContextStore, openPicker } from '../store/context-reducers.js';
import type { RunRetention } from '../store/run-retention.js';
import type { CountWindow } from '../store/types.js';
import { changedRowsStdout } from '../ui/changed-rows-stdout.js';
import type { Binding } from '../ui/keymap.js';
import { INK_RENDER_OPTIONS } from '../ui/render-options.js';
import type { ConnectionConfig } from './config.js';
import { ContextSwitcher } from './context-switcher.js';
import type { ContextsConfig } from './contexts.js';
import { internalErrorReport } from './internal-error.js';
import { createPipeline } from './pipeline.js';
import { startupMark } from '../util/startup-trace.js';
import { launchInfo } from '../launcher/handshake.js';
import type { AlertOptions } from './alert-config.js';
import type { SuspendTerminal } from './transcript-export.js';

export interface MonitorOptions {
  connection: ConnectionConfig;
  bindings: readonly Binding[];
  readOnly: boolean;
  filters: ListRunsParams;
  intervalMs: number;
  stallMs: number;
  staleAfterMs: number;
  window?: CountWindow;
  usageRequestsPerSecond?: number;
  retention: RunRetention;
  noColor: boolean;
  /** Shown in the header instead of the URL (e.g. "demo"). */
  label?: string;
  /** Contexts of the config file, for the live switch (`c`), and the one on screen (if any). */
  contexts?: ContextsConfig;
  currentContext?: string | null;
  onExit?: () => Promise<void> | void;
  /** Alerts and the window title (issue 10). */
  alerts?: AlertOptions;
}

const ENTER_ALT_SCREEN = '\u001b[?1049h\u001b[H';
const LEAVE_ALT_SCREEN = '\u001b[?1049l';
const SHOW_CURSOR = '\u001b[?25h';
const CLEAR_SCREEN = '\u001b[2J\u001b[H';

/**
 * When the bin's code cache is written (src/launcher/bin.ts): once start-up is over, so that it holds
 * every function the first frames ran (the first answer, from a server within reach, is drawn by
 * then), and soon, before V8 drops the compiled code of functions that have not run for a while.
 */
const SAVE_CODE_CACHE_AFTER_MS = 3000;

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
  let instance: { unmount(): void; waitUntilExit(): Promise<unknown> } | null = null;
  const quit = () => instance?.unmount();
  let mount: () => typeof instance = () => null;

  // A Ctrl-C typed in the pager (less stops a search with it) reaches this process too, and is
  // delivered once the event loop runs again, just after the pager: it is the pager's, not a quit.
  let pagerInterruptsUntil = 0;
  const suspendTerminal: SuspendTerminal = (run) => {
    // Ink cannot be paused: unmount it (raw mode off, its input listener removed), give the pager the
    // main screen in cooked mode, then mount a fresh Ink on the alternate screen, which draws a whole
    // frame from the store (selection, focus and scroll live there, not in the components).
    instance?.unmount();
    stdout.write(LEAVE_ALT_SCREEN + SHOW_CURSOR);
    if (process.stdin.isTTY) process.stdin.setRawMode?.(false);
    pagerInterruptsUntil = Number.POSITIVE_INFINITY;
    try {
      run();
    } finally {
      pagerInterruptsUntil = Date.now() + 500;
      stdout.write(ENTER_ALT_SCREEN + CLEAR_SCREEN);
      instance = mount();
    }
  };

  const contexts = options.contexts?.contexts ?? new Map();
  const contextStore = createContextStore([...contexts.keys()], options.currentContext ?? null);
  const switchContext = contexts.size ? () => contextStore.setState(openPicker(contextStore.getState())) : undefined;
  const switcher = new ContextSwitcher({
    contexts: options.contexts ?? { file: '', contexts: new Map(), defaultContext: null, readableByOthers: false },
    store: contextStore,
    first: createPipeline({ ...options, stdout, quit, switchContext, suspendTerminal }),
    makePipeline: (target, label) => createPipeline({ ...options, connection: target.connection, filters: target.filters, label, stdout, quit, switchContext, suspendTerminal }),
  });
  // The first poll goes out while Ink loads and lays out its first frame, which then shows runs.
  switcher.current.start();
  const { render } = await import('ink');
  const { ContextRoot } = await import('../ui/ContextRoot.js');
  startupMark('ink and the ui loaded');
  const describe = (name: string) => contexts.get(name)?.baseUrl ?? '';
  // A fresh frame writer per Ink instance: its first frame is drawn whole.
  mount = () => render(<ContextRoot source={switcher} store={contextStore} describe={describe} />, { ...INK_RENDER_OPTIONS, stdout: frameStdout(stdout), patchConsole: true });

  let restored = false;
  const restoreTerminal = () => {
    if (restored) return;
    restored = true;
    stdout.write(LEAVE_ALT_SCREEN + SHOW_CURSOR);
    if (process.stdin.isTTY) process.stdin.setRawMode?.(false);
  };
  stdout.write(ENTER_ALT_SCREEN);

  const onSignal = () => quit();
  const onInterrupt = () => {
    if (Date.now() > pagerInterruptsUntil) quit();
  };
  const onCrash = (error: unknown) => {
    // The title too (k9s #3336): exiting from here skips the pipeline's stop(), which gives it back.
    switcher.current.restoreTitle();
    restoreTerminal();
    process.stderr.write(internalErrorReport(error));
    process.exit(70);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  process.on('SIGINT', onInterrupt);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  process.on('exit', restoreTerminal);

  try {
    instance = mount();
    startupMark('ink mounted');
    setTimeout(() => launchInfo()?.saveCodeCache(), SAVE_CODE_CACHE_AFTER_MS).unref();
    // The pager replaces the Ink instance: wait until the current one exits, not one it replaced.
    for (let current = instance; current; current = instance) {
      await current.waitUntilExit();
      if (current === instance) break;
    }
  } finally {
    await switcher.stop();
    await options.onExit?.();
    restoreTerminal();
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    process.off('SIGINT', onInterrupt);
  }
  return 0;
}
