// runs-top: top for Letta agent runs. Picks a mode from the command line and the terminal:
// the full-screen monitor on a terminal, a plain list otherwise (DESIGN.md "cli/").

// React and Ink pick their development or production build when first imported (the monitor is
// imported lazily below): development React is several times slower and is not what users run.
process.env.NODE_ENV ??= 'production';

import { Command, CommanderError, Option } from 'commander';
import { RUN_STATUSES } from '../api/types.js';
import { registerDemoServerCommand } from '../demo/command.js';
import { WINDOW_ORDER } from '../store/ui-reducers.js';
import { ConfigError, keylessConnection, parseCountWindow, parsePositiveMs, parseUsageRate, resolveFilters, resolveRetention, type ConnectionFlags, type FilterFlags } from './config.js';
import { loadConfig } from './config-file.js';
import { contextLabel } from './context-switcher.js';
import { resolveTarget } from './contexts.js';
import { runEvents } from './events-command.js';
import { internalErrorReport } from './internal-error.js';
import { runList } from './list-command.js';
import { resolveAlerts, type AlertFlags } from './alert-config.js';
import { ALERT_EVENTS, DESKTOP_KINDS } from '../store/alerts.js';
import { EXIT } from './run-outcome.js';
import { runWatch } from './watch-command.js';
import { startupMark } from '../util/startup-trace.js';
import { colourDisabledByEnv } from '../ui/theme.js';

/** Flags every command that talks to a server takes (README "Contexts"). */
interface TargetFlags extends ConnectionFlags, FilterFlags {
  context?: string;
  config?: string;
}

interface MonitorFlags extends TargetFlags, AlertFlags {
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
    .option('--project-id <id>', 'sent as X-Project-Id (env LETTA_PROJECT_ID)')
    .option('--context <name>', 'a named context of the config file (its server, project, key and filters)');
}

function addConfigOption(command: Command): Command {
  return command.option('--config <path>', 'config file with contexts and key bindings (default ~/.config/runs-top/config.json, or $RUNS_TOP_CONFIG)');
}

/** SIGINT/SIGTERM/SIGHUP → an abort, so a command can stop its connections and print its last line. */
function interruptSignal(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(name, onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(name, onSignal);
    },
  };
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

/**
 * Options written before the subcommand's name (`runs-top --context prod events`, as kubectl users
 * write them) are parsed as the program's: the subcommand takes each one it has too and was not
 * given itself. Without this they were dropped silently, and the command ran against the default
 * server.
 */
function inheritLeadingOptions(program: Command, command: Command): void {
  for (const option of command.options) {
    const key = option.attributeName();
    if (command.getOptionValueSource(key) === 'cli' || program.getOptionValueSource(key) !== 'cli') continue;
    command.setOptionValueWithSource(key, program.getOptionValue(key), 'cli');
  }
}

async function main(argv: string[]): Promise<number> {
  startupMark('bundle loaded, main starts');
  const program = new Command();
  program
    .name('runs-top')
    .description('top for Letta agent runs: watch runs appear, change status and stream their messages')
    .version('0.1.0')
    .showHelpAfterError()
    // `list` and `demo-server` repeat some of the monitor's flags (--base-url, --api-key, --seed):
    // options after a subcommand name belong to that subcommand.
    .enablePositionalOptions()
    // A usage error (unknown flag, missing run id) exits 2 like any bad input, not commander's 1,
    // which `watch --exit-status` uses for a failed run. Subcommands inherit this.
    .exitOverride()
    .hook('preAction', (_program, command) => {
      if (command !== program) inheritLeadingOptions(program, command);
    });

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
    .option('--read-only', 'disable every action that changes something (cancel, approve, deny)')
    .option('--notify <events>', `which events alert (comma-separated): ${ALERT_EVENTS.join(', ')}, or all, none (default all)`)
    .option('--bell', 'ring the terminal bell on an alert')
    .option('--desktop <kind>', `desktop notifications through the terminal: ${DESKTOP_KINDS.join(', ')}, or auto (from TERM/TERM_PROGRAM)`)
    .option('--no-title', 'leave the window title alone (by default it shows a summary: runs-top ✗3 ?2 ●5)')
    .option('--on-event <cmd>', 'run CMD (through sh) once per alert, with one JSON object on its stdin')
    .option('--on-event-timeout <seconds>', 'stop an --on-event command after this long (default 10)')
    .option('--config <path>', 'config file with contexts, key bindings, maxRuns, keepHours, usageRequestsPerSecond (default ~/.config/runs-top/config.json, or $RUNS_TOP_CONFIG)')
    .action(async (flags: MonitorFlags) => {
      process.exitCode = await monitorCommand(flags);
    });

  addConfigOption(addFilterOptions(addConnectionOptions(program.command('list').description('print the runs once and exit'))))
    .option('--json', 'print JSON instead of a table')
    .option('--limit <n>', 'how many runs (1-1000)', '50')
    .action(async (flags: TargetFlags & { json?: boolean }) => {
      const target = await resolveTarget(flags, loadConfig(flags.config).contexts);
      process.exitCode = await runList(target.connection, { json: Boolean(flags.json), filters: target.filters });
    });

  addConfigOption(addConnectionOptions(program.command('watch').description('follow one run, print its messages as they arrive, exit when it ends')))
    .argument('<run_id>', 'the run to follow')
    .option('--json', 'JSON Lines: one object per message, then one for the end of the run')
    .option('--exit-status', 'exit 1 failed, 4 cancelled, 5 waiting for approval (0 only when it completed)')
    .option('--interval <seconds>', 'poll interval while reading /messages', '2')
    .option('--stall-timeout <seconds>', 'a stream with nothing but pings this long is replaced by /messages polling', '60')
    .action(async (runId: string, flags: TargetFlags & { json?: boolean; exitStatus?: boolean; interval: string; stallTimeout: string }) => {
      const intervalMs = parsePositiveMs(flags.interval, '--interval', 's');
      const stallMs = parsePositiveMs(flags.stallTimeout, '--stall-timeout', 's');
      const target = await resolveTarget(flags, loadConfig(flags.config).contexts);
      const interrupt = interruptSignal();
      try {
        process.exitCode = await runWatch(target.connection, { runId, json: Boolean(flags.json), exitStatus: Boolean(flags.exitStatus), intervalMs, stallMs, signal: interrupt.signal });
      } finally {
        interrupt.dispose();
      }
    });

  addConfigOption(addFilterOptions(addConnectionOptions(program.command('events').description('stream fleet changes (runs added, changed status, finished) as JSON Lines'))))
    .option('--since <time>', 'also report runs created since then: an ISO time, or a duration ago (90s, 15m, 2h, 1d)')
    .option('--interval <seconds>', 'poll interval of the runs list', '2')
    .action(async (flags: TargetFlags & { since?: string; interval: string }) => {
      const intervalMs = parsePositiveMs(flags.interval, '--interval', 's');
      const target = await resolveTarget(flags, loadConfig(flags.config).contexts);
      const interrupt = interruptSignal();
      try {
        process.exitCode = await runEvents(target.connection, { filters: target.filters, since: flags.since, intervalMs, signal: interrupt.signal });
      } finally {
        interrupt.dispose();
      }
    });

  registerDemoServerCommand(program);

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`runs-top: ${error.message}\n`);
      return EXIT.unreachable;
    }
    // Commander has printed the message (or the help) already.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.unreachable;
    throw error;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}

async function monitorCommand(flags: MonitorFlags): Promise<number> {
  const intervalMs = parsePositiveMs(flags.interval, '--interval', 's');
  const stallMs = parsePositiveMs(flags.stallTimeout, '--stall-timeout', 's');
  const staleAfterMs = parsePositiveMs(flags.staleAfter, '--stale-after', 's') * 60;
  const window = parseCountWindow(flags.window);
  const config = loadConfig(flags.config);
  const bindings = config.bindings;
  const retention = resolveRetention(flags, config);
  const usageRequestsPerSecond = flags.usageRate !== undefined ? parseUsageRate(flags.usageRate) : config.usageRequestsPerSecond;
  const alerts = resolveAlerts(flags, config.alerts);
  // The simulated server is loaded only for --demo: start-up without it does not pay for it.
  const demo = flags.demo ? await (await import('../demo/server.js')).startDemoServer({ seed: Number(flags.seed) || 1 }) : null;
  const target = demo
    ? { context: null, connection: keylessConnection(demo.url), filters: resolveFilters(flags) }
    : await resolveTarget(flags, config.contexts);
  const { connection, filters } = target;
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
    bindings,
    retention,
    readOnly: Boolean(flags.readOnly),
    filters,
    intervalMs,
    stallMs,
    staleAfterMs,
    window,
    usageRequestsPerSecond,
    noColor: !flags.color || colourDisabledByEnv(),
    label: demo ? `demo ${demo.url}` : target.context ? contextLabel(target.context, connection.baseUrl) : undefined,
    contexts: config.contexts,
    currentContext: target.context,
    onExit: () => demo?.close(),
    alerts,
  });
  // The terminal is restored; do not let a lingering keep-alive socket hold the prompt back.
  process.exit(code);
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(internalErrorReport(error, ''));
    process.exitCode = 1;
  },
);
