// The built CLI outside a terminal: `list`, plain `runs-top` in a pipe, and bad input on the command line.

import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';

const CLI = path.resolve('dist/runs-top.js');
let server: DemoServer;
let ids: string[];

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, LETTA_API_KEY: '', LETTA_BASE_URL: '' } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  server = await startDemoServer({ seed: 13, autoplay: false });
  ids = [server.addRun({ live: false, outcome: 'end_turn' }), server.addRun({ live: false, outcome: 'error' })];
});
afterAll(() => server.close());

describe('runs-top list', () => {
  it('prints a table of the runs with agent names and exits 0', async () => {
    const { code, stdout } = await runCli(['list', '--base-url', server.url]);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/^STATUS\s+RUN\s+AGENT/);
    for (const id of ids) expect(stdout).toContain(id);
    expect(stdout).toMatch(/failed\s+run-\S+\s+\S+/);
  });

  it('--json prints valid JSON with ISO times, and filters on the server', async () => {
    const { code, stdout } = await runCli(['list', '--json', '--status', 'failed', '--base-url', server.url]);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as Array<{ id: string; status: string; createdAt: string; agentName: string }>;
    expect(rows.map((r) => r.id)).toEqual([ids[1]]);
    expect(rows[0].createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(rows[0].agentName).toBeTruthy();
  });

  it('an unreachable server: exit 2 and one line on stderr', async () => {
    const { code, stdout, stderr } = await runCli(['list', '--base-url', 'http://127.0.0.1:9']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/cannot connect to http:\/\/127\.0\.0\.1:9/);
  });

  it('plain runs-top in a pipe prints the list instead of drawing the screen', async () => {
    const { code, stdout, stderr } = await runCli(['--base-url', server.url]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/not a terminal/);
    expect(stdout).toContain(ids[0]);
    expect(stdout).not.toContain('\u001b[?1049h');
    expect(stderr).not.toMatch(/raw mode/i);
  });

  it('bad flags and a bad config file are one clear line, exit 2', async () => {
    const badStatus = await runCli(['list', '--status', 'bogus', '--base-url', server.url]);
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toMatch(/unknown status bogus/);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'runs-top-cli-'));
    const config = path.join(dir, 'config.json');
    writeFileSync(config, '{"keys": {"quit": ["x"]}}');
    const badConfig = await runCli(['--config', config, '--base-url', server.url]);
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toMatch(/config\.json: bad key binding: key "x" is bound to both/);
    const badUrl = await runCli(['list', '--base-url', 'ftp://nowhere']);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toMatch(/--base-url must be an http\(s\) URL/);
  });
});
