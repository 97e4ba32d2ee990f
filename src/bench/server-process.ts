// The simulated server in its own process, so a benchmark measures the monitor's work and not the
// server's: started with fork(), told what to build over IPC, answers with its URL.

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startDemoServer, type DemoServerOptions, type ScriptedRunSpec } from '../demo/server.js';

export interface ServerPlan {
  options: DemoServerOptions;
  /** Finished runs to create, spaced one second apart ending now. */
  finishedRuns: number;
  /** Live background runs streaming while the benchmark measures. */
  liveRuns: ScriptedRunSpec[];
}

export interface ServerProcess {
  url: string;
  /** Ids of the `liveRuns`, in order. */
  liveRunIds: string[];
  stop(): Promise<void>;
}

export async function startServerProcess(plan: ServerPlan): Promise<ServerProcess> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { url, liveRunIds } = await new Promise<{ url: string; liveRunIds: string[] }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { url: string; liveRunIds: string[] }));
    child.once('exit', (code) => reject(new Error(`demo server process exited (${code})`)));
    child.send(plan);
  });
  return {
    url,
    liveRunIds,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function runChild(): Promise<void> {
  const plan = await new Promise<ServerPlan>((resolve) => process.once('message', (m) => resolve(m as ServerPlan)));
  const server = await startDemoServer(plan.options);
  const now = Date.now();
  for (let i = 0; i < plan.finishedRuns; i++) server.addRun({ live: false, createdAt: new Date(now - (plan.finishedRuns - i) * 1000) });
  const liveRunIds = plan.liveRuns.map((spec) => server.addRun(spec));
  process.send?.({ url: server.url, liveRunIds });
  process.once('SIGTERM', () => {
    void server.close().then(() => process.exit(0));
  });
}

if (process.argv.includes('--child')) void runChild();
