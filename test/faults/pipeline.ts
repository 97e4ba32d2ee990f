// The real monitor pipeline without Ink: LettaClient over loopback → sync/ → store, against the
// simulated server. Tests wait on store conditions, never on fixed sleeps.

import { afterEach } from 'vitest';
import { LettaClient } from '../../src/api/client.js';
import { startDemoServer, type DemoServer, type DemoServerOptions } from '../../src/demo/server.js';
import { createAppStore, type AppStore } from '../../src/store/create-store.js';
import type { TranscriptEntry } from '../../src/store/transcript-types.js';
import type { AppState, RunDetail } from '../../src/store/types.js';
import { DetailSync, type DetailSyncOptions } from '../../src/sync/detail-sync.js';
import { RunsPoller, type RunsPollerOptions } from '../../src/sync/runs-poller.js';

/**
 * Servers and pipelines a test started, torn down after it in reverse order (pipelines before the
 * server they talk to), so no test file repeats the same bookkeeping.
 */
const started: Array<() => Promise<void>> = [];

function once(stop: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | null = null;
  return () => (done ??= stop());
}

afterEach(async () => {
  for (const stop of started.splice(0).reverse()) await stop();
});

/** A simulated server for this test only: no workload of its own unless asked. */
export async function demoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const server = await startDemoServer({ autoplay: false, ...options });
  started.push(once(() => server.close()));
  return server;
}

/** Poll `predicate` until it returns something truthy; fail with `what` and the last state otherwise. */
export async function waitFor<T>(predicate: () => T, what: string, timeoutMs = 5000, describe?: () => unknown): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = predicate();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) {
      const state = describe ? `\nlast state: ${JSON.stringify(describe(), null, 1)?.slice(0, 4000)}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${state}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface Pipeline {
  client: LettaClient;
  store: AppStore;
  detail: DetailSync;
  poller: RunsPoller | null;
  select(runId: string | null): void;
  state(): AppState;
  detailOf(runId: string): RunDetail | undefined;
  /** Wait until the run's transcript is complete (stream ended, or finished run read whole). */
  waitDone(runId: string, timeoutMs?: number): Promise<RunDetail>;
  stop(): Promise<void>;
}

export const FAST_FOLLOW: DetailSyncOptions = {
  pollIntervalMs: 40,
  stallMs: 2_000,
  flushIntervalMs: 4,
  backoffBaseMs: 2,
  backoffMaxMs: 20,
  // Load the selected run at once (the monitor debounces key repeats).
  selectDebounceMs: 0,
};

export function startPipeline(
  url: string,
  options: {
    detail?: Partial<DetailSyncOptions>;
    poller?: Partial<RunsPollerOptions> | false;
    apiKey?: string;
    client?: LettaClient;
    /** A pipeline shared by a whole file (beforeAll) is stopped by its file, not after each test. */
    shared?: boolean;
  } = {},
): Pipeline {
  const client = options.client ?? new LettaClient({ baseUrl: url, apiKey: options.apiKey, timeoutMs: 5_000 });
  const store = createAppStore(url);
  const detail = new DetailSync(client, store, { ...FAST_FOLLOW, ...options.detail });
  const poller = options.poller === false || options.poller === undefined ? null : new RunsPoller(client, store, { intervalMs: 50, ...options.poller });
  detail.start();
  poller?.start();
  const stop = once(async () => {
    poller?.stop();
    detail.stop();
    if (!options.client) await client.destroy();
  });
  if (!options.shared) started.push(stop);
  const detailOf = (runId: string) => store.getState().details[runId];
  return {
    client,
    store,
    detail,
    poller,
    select: (runId) => store.setState({ selectedRunId: runId }),
    state: () => store.getState(),
    detailOf,
    waitDone: (runId, timeoutMs = 8_000) =>
      waitFor(
        () => {
          const d = detailOf(runId);
          if (!d) return null;
          const done = (d.mode === 'stream' && d.streamStatus === 'ended') || (d.mode === 'static' && !d.error);
          return done ? d : null;
        },
        `the transcript of ${runId} to be complete`,
        timeoutMs,
        () => {
          const d = detailOf(runId);
          return d && { ...d, transcript: { entries: d.transcript.entries.length, dropped: d.transcript.droppedCount } };
        },
      ),
    stop,
  };
}

/** What the user sees of each entry: the fields the exactly-once comparison is about. */
export function visibleEntries(detail: RunDetail): Array<Pick<TranscriptEntry, 'kind' | 'key' | 'text' | 'toolName' | 'toolArgs' | 'status'>> {
  return detail.transcript.entries.map(({ kind, key, text, toolName, toolArgs, status }) => ({ kind, key, text, toolName, toolArgs, status }));
}

/** C0 controls except \n and \t, DEL, C1 controls (ESC, BEL, CSI/OSC/DCS introducers included). */
export const CONTROL_CHARS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

/** Every string reachable from `value` (objects, arrays, Maps), with its path, for the hostile test. */
export function collectStrings(value: unknown, path = '$', out: Array<[string, string]> = [], seen = new Set<unknown>()): Array<[string, string]> {
  if (typeof value === 'string') {
    out.push([path, value]);
    return out;
  }
  if (value === null || typeof value !== 'object' || seen.has(value)) return out;
  seen.add(value);
  if (value instanceof Map) {
    for (const [k, v] of value) {
      collectStrings(k, `${path}<key>`, out, seen);
      collectStrings(v, `${path}[${String(k)}]`, out, seen);
    }
    return out;
  }
  for (const [k, v] of Object.entries(value)) {
    collectStrings(k, `${path}<key>`, out, seen);
    collectStrings(v, `${path}.${k}`, out, seen);
  }
  return out;
}
