// Issue 3: "The API key never appears on screen, in errors, in logs or in `--json` output" — even when
// the key is wrong and the server quotes it back in its error body.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LettaClient } from '../../src/api/client.js';
import { ApiError } from '../../src/api/errors.js';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { startPipeline, waitFor } from './pipeline.js';

const run = promisify(execFile);
const CLI = path.resolve('dist/runs-top.cjs');
const RIGHT = 'sk-let-right-4f2a9c1e7b3d';
const WRONG = 'sk-let-wrong-8e6b2d0a5c9f';

let server: DemoServer;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/runs-top.cjs is missing: run `npm run build` (npm test does) first');
  // A server that wants a key and quotes the Authorization header it rejected.
  server = await startDemoServer({ autoplay: false, seed: 61, historyRuns: 3, apiKey: RIGHT, faults: { echoAuth: true } });
});

afterAll(() => server.close());

function expectNoKey(text: string, key = WRONG): void {
  expect(text).not.toContain(key);
  // Nor a recognisable piece of it.
  expect(text).not.toContain(key.slice(-12));
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const result = await promise.then(
    () => null,
    (err: unknown) => err,
  );
  expect(result).toBeInstanceOf(ApiError);
  return result as ApiError;
}

/** `runs-top list --json` with the connection from these flags and environment only. */
function listCli(args: string[], extraEnv: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv };
  // Node 22+ warns on stderr when NO_COLOR and FORCE_COLOR are both set (vitest.config.ts sets both).
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  delete env.LETTA_BASE_URL;
  if (!('LETTA_API_KEY' in extraEnv)) delete env.LETTA_API_KEY;
  return run(process.execPath, [CLI, 'list', '--json', '--base-url', server.url, ...args], { env }).then(
    (result) => ({ code: 0, ...result }),
    (err: { code: number; stdout: string; stderr: string }) => err,
  );
}

describe('a rejected key is called rejected, with where it came from (issue 8, item 8)', () => {
  it('from --api-key: exit 3, one line naming the flag, not the key', async () => {
    const result = await listCli(['--api-key', WRONG]);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual(['runs-top: Listing runs: the server rejected the API key given with --api-key (HTTP 401). Check the key.']);
    expectNoKey(result.stderr);
  });

  it('from LETTA_API_KEY: names the variable, not the key', async () => {
    const result = await listCli([], { LETTA_API_KEY: WRONG });
    expect(result.code).toBe(3);
    expect(result.stderr.trim()).toBe('runs-top: Listing runs: the server rejected the API key from LETTA_API_KEY (HTTP 401). Check the key.');
    expectNoKey(result.stderr);
  });

  it('the flag wins over the environment, and is the one named', async () => {
    const result = await listCli(['--api-key', WRONG], { LETTA_API_KEY: RIGHT });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/given with --api-key/);
    expectNoKey(result.stderr);
    expectNoKey(result.stderr, RIGHT);
  });

  it('no key at all: still says how to provide one', async () => {
    const result = await listCli([]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/wants an API key \(HTTP 401\)\. Set LETTA_API_KEY or pass --api-key\./);
  });

  it('the monitor\'s health sentence (header and footer) says the same', async () => {
    const client = new LettaClient({ baseUrl: server.url, apiKey: WRONG, apiKeySource: 'env' });
    const pipeline = startPipeline(server.url, { client, poller: { intervalMs: 50 } });
    try {
      const error = await waitFor(() => pipeline.state().health.error, 'the auth error');
      expect(error.kind).toBe('auth');
      expect(error.message).toMatch(/rejected the API key from LETTA_API_KEY/);
      expectNoKey(error.message);
    } finally {
      await pipeline.stop();
      await client.destroy();
    }
  });
});

describe('the API key never shows', () => {
  it('the server really echoes what it was sent', async () => {
    const response = await fetch(`${server.url}/v1/runs/`, { headers: { authorization: `Bearer ${WRONG}` } });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain(WRONG);
  });

  it('not in ApiError messages or details, for JSON calls and the stream', async () => {
    const client = new LettaClient({ baseUrl: server.url, apiKey: WRONG });
    try {
      const list = await failure(client.listRuns());
      expect(list.kind).toBe('auth');
      expect(list.detail).toContain('***');
      const stream = await failure(
        (async () => {
          for await (const chunk of client.streamRun('run-00000000-0000-4000-8000-000000000000')) void chunk;
        })(),
      );
      const agent = await failure(client.getAgent('agent-00000000-0000-4000-8000-000000000000'));
      for (const err of [list, stream, agent]) {
        expectNoKey(`${err.message}\n${err.detail}\n${String(err.stack)}\n${JSON.stringify(err)}`);
      }
    } finally {
      await client.destroy();
    }
  });

  it('not in the store: health, the detail pane, anywhere', async () => {
    const pipeline = startPipeline(server.url, { apiKey: WRONG, poller: { intervalMs: 50 } });
    try {
      const runId = 'run-00000000-0000-4000-8000-000000000000';
      pipeline.select(runId);
      await waitFor(() => pipeline.state().health.error && pipeline.detailOf(runId)?.error, 'errors in the list and the pane');
      const state = pipeline.state();
      expect(state.health.error?.kind).toBe('auth');
      expectNoKey(JSON.stringify({ ...state, details: state.details }));
      expectNoKey(JSON.stringify(state.details[runId].error));
    } finally {
      await pipeline.stop();
    }
  });

  it('not in `runs-top list --json` output or its error line, nor with the key in the URL', async () => {
    // The connection only from the flags: nothing from the developer's environment.
    const env = { ...process.env };
    delete env.NO_COLOR;
    delete env.FORCE_COLOR;
    delete env.LETTA_BASE_URL;
    delete env.LETTA_API_KEY;
    const cli = (baseUrl: string, apiKey?: string) =>
      run(process.execPath, [CLI, 'list', '--json', '--base-url', baseUrl, ...(apiKey ? ['--api-key', apiKey] : [])], { env }).then(
        (result) => ({ code: 0, ...result }),
        (err: { code: number; stdout: string; stderr: string }) => err,
      );
    const wrong = await cli(server.url, WRONG);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/API key/);
    expectNoKey(`${wrong.stdout}\n${wrong.stderr}`);

    const right = await cli(server.url, RIGHT);
    expect(right.code).toBe(0);
    expect(JSON.parse(right.stdout)).toHaveLength(3);
    expectNoKey(`${right.stdout}\n${right.stderr}`, RIGHT);

    // Where the rejected key came from, not "set a key" (issue 8, item 8).
    expect(wrong.stderr).toMatch(/rejected the API key given with --api-key \(HTTP 401\)/);
    expect(wrong.stderr).not.toMatch(/Set LETTA_API_KEY/);

    // Credentials in the URL itself: nothing listens there, so the error names the URL — without them.
    const refused = await cli(`http://user:${WRONG}@127.0.0.1:9/`);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/127\.0\.0\.1:9/);
    expectNoKey(`${refused.stdout}\n${refused.stderr}`);
  });
});
