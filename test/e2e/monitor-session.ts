// What every end-to-end test of the monitor sets up: a simulated server of its own and the bundled
// CLI in a real pseudo-terminal, both torn down after the test (the session first). Plus the two
// readings of the screen the tests share.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll } from 'vitest';
import { startDemoServer, type DemoServer, type DemoServerOptions } from '../../src/demo/server.js';
import { spawnInPty, type PtySession } from './pty-terminal.js';

export const CLI = path.resolve('dist/runs-top.cjs');

const teardown: Array<() => unknown> = [];

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/runs-top.cjs is missing: run `npm run build` (npm test does) first');
});

afterEach(async () => {
  for (const stop of teardown.splice(0).reverse()) await stop();
});

/** A simulated server for this test only, with no workload of its own unless asked. */
export async function testServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const server = await startDemoServer({ autoplay: false, ...options });
  teardown.push(() => server.close());
  return server;
}

/** The CLI with these arguments in a pty of this size. */
export function monitorSession(args: string[], options: Parameters<typeof spawnInPty>[2] = {}): PtySession {
  const session = spawnInPty(process.execPath, [CLI, ...args], options);
  teardown.push(() => session.kill('SIGKILL'));
  return session;
}

/** The short id of the run the messages pane shows. */
export const selected = (screen: string) => /Messages · ([0-9a-f]{8})/.exec(screen)?.[1] ?? null;
export const short = (runId: string) => runId.replace(/^run-/, '').slice(0, 8);
