// The simulated server in its own process, so a benchmark measures the monitor's work and not the
// server's: started with fork(), told what to build over IPC, answers with its URL, then takes
// commands (faults, restarts, counts) while the benchmark runs.

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FaultConfig } from '../demo/faults.js';
import { startDemoServer, type DemoServer, type DemoServerOptions, type ScriptedRunSpec } from '../demo/server.js';

export interface ServerPlan {
  options: DemoServerOptions;
  /** Finished runs to create, spaced one second apart ending now. */
  finishedRuns: number;
  /** Live background runs streaming while the benchmark measures. */
  liveRuns: ScriptedRunSpec[];
}

/** What a benchmark can ask of the server while it runs. */
export type ServerCommand =
  | { cmd: 'faults'; faults: Partial<FaultConfig> }
  /** The number of messages the server produced for a run (`DemoServer.expectedMessageCount`). */
  | { cmd: 'expected'; runId: string }
  | { cmd: 'restart'; downMs: number }
  | { cmd: 'stats' };

export interface ServerProcess {
  url: string;
  /** Ids of the `liveRuns`, in order. */
  liveRunIds: string[];
  call<T>(command: ServerCommand): Promise<T>;
  stop(): Promise<void>;
}

export async function startServerProcess(plan: ServerPlan): Promise<ServerProcess> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  // A child that dies fails every call still waiting, instead of leaving the benchmark hanging.
  child.once('exit', (code) => {
    for (const call of pending.values()) call.reject(new Error(`demo server process exited (${code})`));
    pending.clear();
  });
  const { url, liveRunIds } = await new Promise<{ url: string; liveRunIds: string[] }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`demo server process exited (${code})`)));
    child.on('message', (raw) => {
      const message = raw as { url?: string; liveRunIds?: string[]; id?: number; result?: unknown; error?: string };
      if (message.url) resolve({ url: message.url, liveRunIds: message.liveRunIds ?? [] });
      else if (message.id !== undefined) {
        if (message.error !== undefined) pending.get(message.id)?.reject(new Error(message.error));
        else pending.get(message.id)?.resolve(message.result);
        pending.delete(message.id);
      }
    });
    child.send(plan);
  });
  return {
    url,
    liveRunIds,
    call: <T>(command: ServerCommand) =>
      new Promise<T>((resolve, reject) => {
        if (child.exitCode !== null) return reject(new Error(`demo server process exited (${child.exitCode})`));
        const id = nextId++;
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, ...command });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function answer(server: DemoServer, command: ServerCommand): Promise<unknown> | unknown {
  switch (command.cmd) {
    case 'faults':
      server.setFaults(command.faults);
      return true;
    case 'expected':
      return server.expectedMessageCount(command.runId);
    case 'restart':
      return server.restart(command.downMs).then(() => true);
    case 'stats':
      return server.stats();
  }
}

async function runChild(): Promise<void> {
  const plan = await new Promise<ServerPlan>((resolve) => process.once('message', (m) => resolve(m as ServerPlan)));
  const server = await startDemoServer(plan.options);
  const now = Date.now();
  for (let i = 0; i < plan.finishedRuns; i++) server.addRun({ live: false, createdAt: new Date(now - (plan.finishedRuns - i) * 1000) });
  const liveRunIds = plan.liveRuns.map((spec) => server.addRun(spec));
  process.on('message', (raw) => {
    const { id, ...command } = raw as ServerCommand & { id: number };
    void Promise.resolve()
      .then(() => answer(server, command as ServerCommand))
      .then(
        (result) => process.send?.({ id, result }),
        (error: unknown) => process.send?.({ id, error: error instanceof Error ? error.message : String(error) }),
      );
  });
  process.send?.({ url: server.url, liveRunIds });
  process.once('SIGTERM', () => {
    void server.close().then(() => process.exit(0));
  });
}

if (process.argv.includes('--child')) void runChild();
