#!/usr/bin/env node
// runs-top: top for Letta agent runs. Picks a mode from the command line and the terminal:
// the full-screen monitor on a terminal, a plain list otherwise (DESIGN.md "cli/").

// React and Ink pick their development or production build when first imported (the monitor is
// imported lazily below): development React is several times slower and is not what users run.
process.env.NODE_ENV ??= 'production';

import { Command, Option } from 'commander';
import { RUN_STATUSES } from '../api/types.js';
import { registerDemoServerCommand } from '../demo/command.js';
import { startDemoServer } from '../demo/server.js';
import { WINDOW_ORDER } from '../store/ui-reducers.js';
import { ConfigError, parseCountWindow, parsePositiveMs, parseUsageRate, resolveConnection, resolveFilters, resolveRetention, type ConnectionFlags, type FilterFlags } from './config.js';
import { loadConfigFile } from './config-file.js';
import { runList } from './list-command.js';
import { colourDisabledByEnv } from '../ui/theme.js';

interface MonitorFlags extends ConnectionFlags, FilterFlags {
  demo?: boolean;
  seed: string;
  interval: string;
  stallTimeout: string;
  staleAfter: string;
  window: string;
  usageRate?: string;
  maxRuns?: string;
  keepHours?: string;
  color: boolean;
  readOnly?: boolean;
  config?: string;
}

function addConnectionOptions(command: Command): Command {
  return command
    .option('--base-url <url>', 'Letta server URL (env LETTA_BASE_URL; default http://localhost:8283; Cloud: https://api.letta.com)')
    .option('--api-key <key>', 'API key sent as a Bearer token (env LETTA_API_KEY)')
    .option('--project-id <id>', 'sent as X-Project-Id (env LETTA_PROJECT_ID)');
}

function addFilterOptions(command: Command): Command {
  return command
    .option('--agent <agent_id>', 'only runs of this agent (server-side agent_id filter)')
    // The same list resolveFilters accepts and names in its error.
    .option('--status <status...>', `only runs with these statuses, repeated or comma-separated: ${RUN_STATUSES.join(', ')} (the last two on older servers)`)
    .option('--active', 'only created or running runs')
    .addOption(new Option('--background', 'only background runs'))
    .option('--stop-reason <reason>', 'only runs with this stop reason');
}

async function main(argv: string[]): Promise<number> {
  const program = new Command();
  program
    .name('runs-top')
    .description('top for Letta agent runs: watch runs appear, change status and stream their messages')
    .version('0.1.0')
    .showHelpAfterError()
    // `list` and `demo-server` repeat some of the monitor's flags (--base-url, --api-key, --seed):
    // options after a subcommand name belong to that subcommand.
    .enablePositionalOptions();

  addFilterOptions(addConnectionOptions(program))
    .option('--demo', 'start the built-in simulated Letta server and monitor it (no account needed)')
    .option('--seed <n>', 'seed of the simulated workload (with --demo)', '1')
    .option('--interval <seconds>', 'refresh interval of the runs list', '2')
    .option('--stall-timeout <seconds>', 'a live stream with nothing but pings for this long is marked stalled', '60')
    .option('--stale-after <minutes>', 'a live run unchanged for this long is flagged stale?', '30')
    .option('--window <window>', `time window of the header counts: ${WINDOW_ORDER.join(', ')} (the t key cycles it)`, '1h')
    .option('--max-runs <n>', 'hold at most the newest n runs; older ones are let go and scrolling reloads them (default 10000)')
    .option('--keep-hours <hours>', 'let go of runs older than this, unless selected, live or waiting for approval (default 24)')
    .option('--usage-rate <n>', 'background requests a second for the token usage of finished runs in the window (default 2, or "usageRequestsPerSecond" in the config file; 0 turns it off)')
    .option('--no-color', 'no colours (NO_COLOR is honoured too); selection stays visible')
    .option('--read-only', 'disable every action that changes something (cancel)')
    .option('--config <path>', 'config file with key bindings, maxRuns, keepHours, usageRequestsPerSecond (default ~/.config/runs-top/config.json, or $RUNS_TOP_CONFIG)')
    .action(async (flags: MonitorFlags) => {
      process.exitCode = await monitorCommand(flags);
    });

  addFilterOptions(addConnectionOptions(program.command('list').description('print the runs once and exit')))
    .option('--json', 'print JSON instead of a table')
    .option('--limit <n>', 'how many runs (1-1000)', '50')
    .action(async (flags: ConnectionFlags & FilterFlags & { json?: boolean }) => {
      process.exitCode = await runList(resolveConnection(flags), { json: Boolean(flags.json), filters: resolveFilters(flags) });
    });

  registerDemoServerCommand(program);

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`runs-top: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}

async function monitorCommand(flags: MonitorFlags): Promise<number> {
  const filters = resolveFilters(flags);
  const intervalMs = parsePositiveMs(flags.interval, '--interval', 's');
  const stallMs = parsePositiveMs(flags.stallTimeout, '--stall-timeout', 's');
  const staleAfterMs = parsePositiveMs(flags.staleAfter, '--stale-after', 's') * 60;
  const window = parseCountWindow(flags.window);
  const configFile = loadConfigFile(flags.config);
  const retention = resolveRetention(flags, configFile);
  const usageRequestsPerSecond = flags.usageRate !== undefined ? parseUsageRate(flags.usageRate) : configFile.usageRequestsPerSecond;
  const demo = flags.demo ? await startDemoServer({ seed: Number(flags.seed) || 1 }) : null;
  const connection = demo ? { baseUrl: demo.url, apiKey: undefined, apiKeySource: null, projectId: undefined } : resolveConnection(flags);
  const interactive = Boolean(process.stdout.isTTY && process.stdin.isTTY);
  if (!interactive) {
    // No terminal to draw on (a pipe, cron, CI): the plain list, not an Ink raw-mode error.
    process.stderr.write('runs-top: not a terminal, printing the runs once (use `runs-top list --json` for scripts)\n');
    const code = await runList(connection, { json: false, filters });
    await demo?.close();
    return code;
  }
  const { runMonitor } = await import('./monitor.js');
  const code = await runMonitor({
    connection,
    bindings: configFile.bindings,
    retention,
    readOnly: Boolean(flags.readOnly),
    filters,
    intervalMs,
    stallMs,
    staleAfterMs,
    window,
    usageRequestsPerSecond,
    noColor: !flags.color || colourDisabledByEnv(),
    label: demo ? `demo ${demo.url}` : undefined,
    onExit: () => demo?.close(),
  });
  // The terminal is restored; do not let a lingering keep-alive socket hold the prompt back.
  process.exit(code);
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`runs-top: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
