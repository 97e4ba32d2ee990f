// What every request handler may touch. Built once by server.ts.

import type { FaultState } from './faults.js';
import type { Clock } from './player.js';
import type { Prng } from './prng.js';
import type { Workload } from './workload.js';
import type { World } from './world.js';

export interface RouteOptions {
  legacyShape: boolean;
  keepaliveMs: number;
  pingOnlyLimitMs: number;
  apiKey: string | null;
}

export interface RouteStats {
  requests: number;
  openStreams: number;
  chunksSent: number;
  /** Requests by kind (`steps`, `metrics`, `list`, `other`). */
  byKind: Record<string, number>;
}

export interface RouteContext {
  world: World;
  workload: Workload;
  faults: FaultState;
  clock: Clock;
  options: RouteOptions;
  stats: RouteStats;
  /** For 422 trace ids. */
  traceRng: Prng;
  /** For keepalive ping ids. */
  pingRng: Prng;
}
