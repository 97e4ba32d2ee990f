// `runs-top demo-server`: run the simulated Letta server on its own, e.g. to point curl, the SDK or a
// second runs-top at it. Stays up until SIGINT/SIGTERM, then closes cleanly.

import type { Command } from 'commander';
import type { DemoServerOptions } from './server.js';
import type { FaultConfig } from './faults.js';

interface DemoServerFlags {
  port: string;
  host: string;
  seed: string;
  speed: string;
  dropAfter?: string;
  stallAfter?: string;
  dropMidChunk?: boolean;
  errorRate?: string;
  rateLimitRate?: string;
  latency?: string;
  malformedRate?: string;
  hostile?: boolean;
  pingOnly?: boolean;
  redis: boolean;
  crlf?: boolean;
  splitWrites?: boolean;
  apiKey?: string;
  legacyShape?: boolean;
  invalidUtf8?: boolean;
  streamNotSse?: boolean;
  echoAuth?: boolean;
  restartEvery?: string;
  replayOverlap?: string;
  metrics?: string;
  stepsStatus?: string;
}

/** A background run to put in the printed curl example (the newest one, if any). */
async function exampleRunId(url: string, apiKey: string | undefined): Promise<string> {
  try {
    const response = await fetch(`${url}/v1/runs/?background=true&limit=1`, {
      headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
    });
    const runs = (await response.json()) as Array<{ id?: string }>;
    return runs[0]?.id ?? '<run_id>';
  } catch {
    return '<run_id>';
  }
}

function number(name: string, raw: string, range?: [number, number]): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || (range && (value < range[0] || value > range[1]))) {
    throw new Error(`--${name} expects a number${range ? ` between ${range[0]} and ${range[1]}` : ''}, got "${raw}"`);
  }
  return value;
}

export function optionsFromFlags(flags: DemoServerFlags): DemoServerOptions {
  const faults: Partial<FaultConfig> = {};
  if (flags.dropAfter !== undefined) faults.dropAfterChunks = Math.floor(number('drop-after', flags.dropAfter, [0, Number.MAX_SAFE_INTEGER]));
  if (flags.stallAfter !== undefined) faults.stallAfterChunks = Math.floor(number('stall-after', flags.stallAfter, [0, Number.MAX_SAFE_INTEGER]));
  if (flags.dropMidChunk) faults.dropMidChunk = true;
  if (flags.errorRate !== undefined) faults.serverErrorRate = number('error-rate', flags.errorRate, [0, 1]);
  if (flags.rateLimitRate !== undefined) faults.rateLimitRate = number('rate-limit-rate', flags.rateLimitRate, [0, 1]);
  if (flags.latency !== undefined) faults.latencyMs = number('latency', flags.latency, [0, 600_000]);
  if (flags.malformedRate !== undefined) faults.malformedRate = number('malformed-rate', flags.malformedRate, [0, 1]);
  if (flags.hostile) faults.hostile = true;
  if (flags.pingOnly) faults.pingOnly = true;
  if (flags.redis === false) faults.streamUnavailable = true;
  if (flags.crlf) faults.crlf = true;
  if (flags.splitWrites) faults.splitWrites = true;
  if (flags.invalidUtf8) faults.invalidUtf8 = true;
  if (flags.streamNotSse) faults.streamNotSse = true;
  if (flags.echoAuth) faults.echoAuth = true;
  if (flags.metrics !== undefined) {
    if (!['ok', 'missing', 'unimplemented', 'null', 'error', 'step-error'].includes(flags.metrics)) throw new Error(`--metrics expects ok, missing, unimplemented, null, error or step-error, got "${flags.metrics}"`);
    faults.metrics = flags.metrics as FaultConfig['metrics'];
  }
  if (flags.stepsStatus !== undefined) faults.stepsStatus = Math.floor(number('steps-status', flags.stepsStatus, [400, 599]));
  if (flags.replayOverlap !== undefined) faults.replayOverlap = Math.floor(number('replay-overlap', flags.replayOverlap, [0, 1000]));
  return {
    port: Math.floor(number('port', flags.port, [0, 65535])),
    host: flags.host,
    seed: Math.floor(number('seed', flags.seed)),
    speed: number('speed', flags.speed, [0.001, 10_000]),
    apiKey: flags.apiKey,
    legacyShape: flags.legacyShape ?? false,
    faults,
  };
}

/** Hooks for tests; the CLI uses the defaults (stdout, SIGINT/SIGTERM). */
export interface DemoServerCommandHooks {
  write?: (text: string) => void;
  waitForShutdown?: () => Promise<void>;
}

function waitForSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    const shutdown = (): void => {
      process.off('SIGINT', shutdown);
      process.off('SIGTERM', shutdown);
      resolve();
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  });
}

export function registerDemoServerCommand(program: Command, hooks: DemoServerCommandHooks = {}): void {
  const write = hooks.write ?? ((text: string) => void process.stdout.write(text));
  const waitForShutdown = hooks.waitForShutdown ?? waitForSignal;
  program
    .command('demo-server')
    .description('run a simulated Letta server (runs API over HTTP/SSE) with a generated workload')
    .option('--port <port>', 'port to listen on (0 = any free port)', '8283')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--seed <n>', 'seed for the deterministic workload', '1')
    .option('--speed <x>', 'time multiplier for the workload', '1')
    .option('--drop-after <n>', 'cut every stream connection after N chunks')
    .option('--stall-after <n>', 'every stream connection falls silent (pings only) after N chunks, while the run goes on')
    .option('--drop-mid-chunk', 'when cutting a stream, cut in the middle of a chunk')
    .option('--error-rate <r>', 'fraction (0..1) of requests answered 500/502/503')
    .option('--rate-limit-rate <r>', 'fraction (0..1) of requests answered 429 with Retry-After')
    .option('--latency <ms>', 'delay added before every response')
    .option('--malformed-rate <r>', 'fraction (0..1) of stream chunks followed by a malformed event')
    .option('--hostile', 'put terminal escape sequences in generated text')
    .option('--ping-only', 'streams send only keepalive pings')
    .option('--no-redis', 'answer /stream with 503 (no Redis)')
    .option('--crlf', 'end SSE lines with CRLF')
    .option('--split-writes', 'write stream chunks in small pieces, splitting UTF-8 characters')
    .option('--api-key <key>', 'require Authorization: Bearer <key>')
    .option('--legacy-shape', 'serve runs in the old Job shape')
    .option('--invalid-utf8', 'put bytes that are not UTF-8 into streamed text')
    .option('--stream-not-sse', 'answer /stream with an HTML page (status 200), like a captive portal')
    .option('--echo-auth', 'quote the rejected Authorization header in 401 bodies')
    .option('--replay-overlap <n>', 'a resumed stream repeats the last N chunks before starting_after')
    .option('--metrics <mode>', 'run and step metrics: ok, missing (404), unimplemented (501), null (an older server), error (500) or step-error (500 for the steps\' only)')
    .option('--steps-status <code>', "answer every run's steps request with this HTTP status (e.g. 500, or 404 as a server without the route)")
    .option('--restart-every <seconds>', 'crash (close every socket) and come back 3 s later, every N seconds')
    .action(async (flags: DemoServerFlags) => {
      // Loaded when used: the monitor's start-up does not pay for the simulated server.
      const { startDemoServer } = await import('./server.js');
      const server = await startDemoServer(optionsFromFlags(flags));
      const restartEveryMs = flags.restartEvery === undefined ? 0 : number('restart-every', flags.restartEvery, [1, 86_400]) * 1000;
      let restarts: NodeJS.Timeout | null = null;
      if (restartEveryMs > 0) {
        restarts = setInterval(() => {
          write('demo server: crashing, back in 3 s\n');
          server.restart(3000).then(() => write('demo server: back\n'), () => undefined);
        }, restartEveryMs);
        restarts.unref();
      }
      const auth = flags.apiKey ? ` -H 'Authorization: Bearer ${flags.apiKey}'` : '';
      write(
        `runs-top demo server listening on ${server.url}\n` +
          `  try: curl -s${auth} '${server.url}/v1/runs/?limit=5'\n` +
          `       curl -sN${auth} -X POST -H 'content-type: application/json' -d '{}' '${server.url}/v1/runs/${await exampleRunId(server.url, flags.apiKey)}/stream'\n` +
          `  press Ctrl-C to stop\n`,
      );
      await waitForShutdown();
      if (restarts) clearInterval(restarts);
      await server.close();
      write('demo server stopped\n');
    });
}
