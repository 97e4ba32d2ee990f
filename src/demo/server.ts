// The simulated Letta server: real HTTP on loopback speaking the runs API of RUNS-API.md, with a
// deterministic workload and fault knobs. The embedded default for `--demo`, the fixture for tests and
// the load generator for benchmarks (DESIGN.md, "demo/").

import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { FaultState, type FaultConfig } from './faults.js';
import type { Clock } from './player.js';
import { Prng } from './prng.js';
import type { RouteContext } from './route-context.js';
import { handleRequest } from './router.js';
import { Workload, type ScriptedRunSpec } from './workload.js';
import { World } from './world.js';

export type { FaultConfig } from './faults.js';
export type { ScriptedRunSpec } from './workload.js';

export interface DemoServerOptions {
  /** 0 = ephemeral (default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 1. */
  seed?: number;
  /** Run the generated workload (default true); tests set false and script runs. */
  autoplay?: boolean;
  /** Time multiplier for the workload (default 1); the benchmark uses larger values. */
  speed?: number;
  /** Mean time between new runs (default 4000 ms, divided by speed). */
  arrivalEveryMs?: number;
  /** Time between token chunks of a live run (default 60 ms, divided by speed). */
  tokenIntervalMs?: number;
  /** Finished runs present at start (default 150 with autoplay, 0 without). */
  historyRuns?: number;
  /** Silence before a keepalive ping on a stream (default 20000, like LETTA_KEEPALIVE_INTERVAL). */
  keepaliveMs?: number;
  /** Extension: a stream of pings only ends, without [DONE], after this long (default 1 800 000). */
  pingOnlyLimitMs?: number;
  /** When set, every request needs `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Serve runs in the old Job shape (RUNS-API.md §4). */
  legacyShape?: boolean;
  faults?: Partial<FaultConfig>;
  /**
   * Extension: the server's wall clock at start (default: now). Two servers with the same seed and
   * startTime serve byte-identical history, which the determinism test relies on.
   */
  startTime?: Date | number;
  /** Extension: keep at most this many runs; the oldest finished ones are forgotten (default 600), so hours of autoplay stay within a few tens of MB. */
  maxRuns?: number;
}

export interface DemoServer {
  url: string;
  port: number;
  /** Create a run with a fixed script; returns its id. */
  addRun(spec?: ScriptedRunSpec): string;
  setFaults(f: Partial<FaultConfig>): void;
  /** Close and destroy all sockets (simulates a crash); state and the workload keep going. */
  stop(): Promise<void>;
  /** Listen again on the same port. */
  start(): Promise<void>;
  restart(downMs?: number): Promise<void>;
  /** Final shutdown: clears timers, destroys sockets. */
  close(): Promise<void>;
  stats(): { requests: number; openStreams: number; openSockets: number; chunksSent: number; runsCreated: number; byKind: Record<string, number> };
  /** The stored stream payloads of the run in seq order (JSON strings, plus the literal `[DONE]`). */
  storedChunks(runId: string): string[];
  /**
   * Distinct message slices (otids) a client should end up with: for one run, or summed over all runs.
   * Background streaming runs count what they streamed; other runs count persisted LettaMessages
   * other than the user's input.
   */
  expectedMessageCount(runId?: string): number;
}

function makeClock(startTime: Date | number | undefined): Clock {
  const startedAtMs = startTime === undefined ? Date.now() : new Date(startTime).getTime();
  const offsetMs = startedAtMs - (performance.timeOrigin + performance.now());
  const nowMs = (): number => performance.timeOrigin + performance.now() + offsetMs;
  return { startedAtMs, nowMs, nowUs: () => Math.floor(nowMs() * 1000) };
}

export async function startDemoServer(opts: DemoServerOptions = {}): Promise<DemoServer> {
  const seed = opts.seed ?? 1;
  const autoplay = opts.autoplay ?? true;
  const host = opts.host ?? '127.0.0.1';
  const clock = makeClock(opts.startTime);
  const world = new World();
  const faults = new FaultState(seed, opts.faults);
  const workload = new Workload(world, clock, faults, {
    seed,
    speed: opts.speed && opts.speed > 0 ? opts.speed : 1,
    arrivalEveryMs: opts.arrivalEveryMs ?? 4000,
    tokenIntervalMs: opts.tokenIntervalMs ?? 60,
    legacyShape: opts.legacyShape ?? false,
    maxRuns: opts.maxRuns ?? 600,
    maxActiveRuns: 40,
  });
  const ctx: RouteContext = {
    world,
    workload,
    faults,
    clock,
    options: {
      legacyShape: opts.legacyShape ?? false,
      keepaliveMs: opts.keepaliveMs ?? 20_000,
      pingOnlyLimitMs: opts.pingOnlyLimitMs ?? 1_800_000,
      apiKey: opts.apiKey ?? null,
    },
    stats: { requests: 0, openStreams: 0, chunksSent: 0, byKind: {} },
    traceRng: Prng.derive(seed, 'trace'),
    pingRng: Prng.derive(seed, 'pings'),
  };

  workload.createAgents();
  // An hour of history: enough for every agent's character to show in the agents view at once.
  workload.generateHistory(opts.historyRuns ?? (autoplay ? 150 : 0));
  if (autoplay) workload.startArrivals();

  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    void handleRequest(ctx, req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  let port = opts.port ?? 0;
  let listening = false;
  let closed = false;

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      server.once('error', onError);
      server.listen(port, host, () => {
        server.off('error', onError);
        const address = server.address();
        if (address && typeof address === 'object') port = address.port;
        listening = true;
        resolve();
      });
    });

  const stopListening = (): Promise<void> =>
    new Promise((resolve) => {
      if (!listening) {
        resolve();
        return;
      }
      listening = false;
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    });

  await listen();

  const demo: DemoServer = {
    url: `http://${host}:${port}`,
    port,
    addRun: (spec = {}) => workload.createRun(spec),
    setFaults: (update) => faults.set(update),
    stop: stopListening,
    start: async () => {
      if (closed) throw new Error('demo server is closed');
      if (!listening) await listen();
    },
    restart: async (downMs = 0) => {
      await stopListening();
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      await demo.start();
    },
    close: async () => {
      closed = true;
      workload.close();
      await stopListening();
    },
    stats: () => ({ ...ctx.stats, byKind: { ...ctx.stats.byKind }, openSockets: sockets.size, runsCreated: world.runsCreated }),
    storedChunks: (runId) => world.runs.get(runId)?.stream.map((entry) => entry.data) ?? [],
    expectedMessageCount: (runId) => {
      const count = (id: string): number => {
        const run = world.runs.get(id);
        if (!run) return 0;
        if (run.hasStream) return run.sliceOtids.size;
        return run.messages.reduce(
          (sum, message) => sum + message.letta.filter((m) => m.message_type !== 'user_message').length,
          0,
        );
      };
      if (runId !== undefined) return count(runId);
      let total = 0;
      for (const id of world.runs.keys()) total += count(id);
      return total;
    },
  };
  return demo;
}
