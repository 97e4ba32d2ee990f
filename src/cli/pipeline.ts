// Client → sync → store, plus the UI context that reads it: everything the monitor runs except the
// terminal. The monitor, the benchmarks and the integration tests build it the same way.

import { LettaClient } from '../api/client.js';
import type { ListRunsParams } from '../api/types.js';
import type { CountWindow } from '../store/types.js';
import { createAppStore, type AppStore } from '../store/create-store.js';
import { selectOnFirstRuns } from '../store/first-selection.js';
import { BudgetScheduler } from '../sync/budget-scheduler.js';
import type { RunRetention } from '../store/run-retention.js';
import { ApprovalCommand } from '../sync/approval-command.js';
import { ApprovalFateWatcher } from '../sync/approval-fate.js';
import { createAlertWatcher } from '../alerts/create-alert-watcher.js';
import type { AlertOptions } from './alert-config.js';
import { DetailSync, type DetailSyncOptions } from '../sync/detail-sync.js';
import { UsageBackfill } from '../sync/usage-backfill.js';
import { WindowBackfill } from '../sync/window-backfill.js';
import { RunsPoller, type RunsPollerOptions } from '../sync/runs-poller.js';
import { newViewports, type AppContextValue } from '../ui/app-context.js';
import { KEYMAP, type Binding } from '../ui/keymap.js';
import { createTheme } from '../ui/theme.js';
import { createCommands } from './commands.js';
import type { ConnectionConfig } from './config.js';
import type { SuspendTerminal } from './transcript-export.js';

/** Background requests a second for usage, unless the flag or the config file says otherwise. */
export const DEFAULT_USAGE_RATE = 2;

export interface PipelineOptions {
  connection: ConnectionConfig;
  filters?: ListRunsParams;
  intervalMs: number;
  stallMs: number;
  staleAfterMs?: number;
  /** The header counts' time window at start. */
  window?: CountWindow;
  /** How many runs are held, and for how long (`--max-runs`, `--keep-hours`). */
  retention?: RunRetention;
  bindings?: readonly Binding[];
  readOnly?: boolean;
  noColor?: boolean;
  /** Shown in the header instead of the URL. */
  label?: string;
  /** Background usage fetching: at most this many requests a second (default 2; 0 turns it off). */
  usageRequestsPerSecond?: number;
  poller?: Partial<RunsPollerOptions>;
  detail?: Partial<DetailSyncOptions>;
  stdout: NodeJS.WriteStream;
  /** Alerts and the window title (the monitor only; absent for benches and tests that do not ask). */
  alerts?: AlertOptions;
  quit(): void;
  /** Opens the context picker (contexts in the config file only). */
  switchContext?(): void;
  suspendTerminal?: SuspendTerminal;
}

export interface Pipeline {
  client: LettaClient;
  store: AppStore;
  poller: RunsPoller;
  detail: DetailSync;
  scheduler: BudgetScheduler;
  usage: UsageBackfill;
  context: AppContextValue;
  start(): void;
  stop(): Promise<void>;
  /** Give the window title back at once (a crash exits without stop()). */
  restoreTitle(): void;
}

export function createPipeline(options: PipelineOptions): Pipeline {
  const client = new LettaClient(options.connection);
  const store = createAppStore(options.label ?? client.displayUrl);
  if (options.window) store.setState({ ui: { ...store.getState().ui, window: options.window } });
  const poller = new RunsPoller(client, store, { intervalMs: options.intervalMs, filters: options.filters, retention: options.retention, ...options.poller });
  const detail = new DetailSync(client, store, { pollIntervalMs: options.intervalMs, stallMs: options.stallMs, ...options.detail });
  const scheduler = new BudgetScheduler(store, { requestsPerSecond: options.usageRequestsPerSecond ?? DEFAULT_USAGE_RATE });
  const usage = new UsageBackfill(client, store);
  // Pages first: usage of runs not loaded yet cannot be asked for.
  scheduler.addSource(new WindowBackfill(poller));
  scheduler.addSource(usage);
  const readOnly = options.readOnly ?? false;
  const approvals = new ApprovalCommand(client, store, { readOnly, refresh: () => void poller.pollNow() });
  const approvalFates = new ApprovalFateWatcher(client, store);
  const alertOptions = options.alerts && { ...options.alerts, detector: { staleAfterMs: options.staleAfterMs ?? 30 * 60_000, ...options.alerts.detector } };
  const alerts = alertOptions ? createAlertWatcher(store, alertOptions, options.stdout, client.displayUrl, options.connection.apiKey) : null;
  const commands = { ...createCommands({ client, store, poller, detail, quit: options.quit, stdout: options.stdout, readOnly, approvals, suspendTerminal: options.suspendTerminal }), switchContext: options.switchContext };
  const settings = {
    bindings: options.bindings ?? KEYMAP,
    readOnly,
    baseUrl: client.baseUrl,
    staleAfterMs: options.staleAfterMs ?? 30 * 60_000,
  };
  let stopFirstSelection = () => {};
  const context: AppContextValue = { store, theme: createTheme(options.noColor ?? false), commands, viewports: newViewports(), settings };
  return {
    client,
    store,
    poller,
    detail,
    scheduler,
    usage,
    context,
    start() {
      stopFirstSelection = selectOnFirstRuns(store);
      poller.start();
      detail.start();
      scheduler.start();
      alerts?.start();
      approvalFates.start();
    },
    restoreTitle() {
      alerts?.stop();
    },
    async stop() {
      stopFirstSelection();
      poller.stop();
      detail.stop();
      scheduler.stop();
      approvals.stop();
      approvalFates.stop();
      alerts?.stop();
      await client.destroy().catch(() => undefined);
    },
  };
}
