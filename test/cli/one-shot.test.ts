// The built CLI outside a terminal: `list`, plain `runs-top` in a pipe, and bad input on the command line.

import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { cleanEnv } from './cli-process.js';

const CLI = path.resolve('dist/runs-top.cjs');
let server: DemoServer;
let ids: string[];
let approvalId: string;

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: cleanEnv() }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  server = await startDemoServer({ seed: 13, autoplay: false });
  ids = [server.addRun({ live: false, outcome: 'end_turn' }), server.addRun({ live: false, outcome: 'error' })];
  approvalId = server.addRun({ live: false, outcome: 'requires_approval' });
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

  it('a run waiting for approval is listed as waiting, not completed; --json keeps the server status and says approval', async () => {
    const table = await runCli(['list', '--base-url', server.url]);
    const row = table.stdout.split('\n').find((line) => line.includes(approvalId));
    expect(row).toMatch(/^waiting\s+run-\S+\s+.*requires_approval$/);
    const json = await runCli(['list', '--json', '--base-url', server.url]);
    const rows = JSON.parse(json.stdout) as Array<{ id: string; status: string; group: string; stopReason: string }>;
    expect(rows.find((r) => r.id === approvalId)).toMatchObject({ status: 'completed', group: 'approval', stopReason: 'requires_approval' });
  });

  it('--help lists exactly the statuses --status accepts, the ones its error names', async () => {
    const statusesIn = (text: string, after: RegExp) => {
      const flat = text.replace(/\s+/g, ' ');
      const list = after.exec(flat)?.[1] ?? '';
      return list.split(',').map((s) => s.trim()).filter(Boolean);
    };
    const help = await runCli(['list', '--help']);
    const inHelp = statusesIn(help.stdout, /comma-separated: ([a-z, ]+?) \(/);
    const bad = await runCli(['list', '--status', 'bogus', '--base-url', server.url]);
    const inError = statusesIn(bad.stderr, /expected one or more of ([a-z, ]+)/);
    expect(inHelp.length).toBeGreaterThanOrEqual(5);
    expect(inHelp).toEqual(inError);
    // And each is accepted here (a current server refuses the old Job statuses itself, with a 400).
    const accepted = await runCli(['list', '--json', '--status', inHelp.join(','), '--base-url', 'http://127.0.0.1:9']);
    expect(accepted.stderr).toMatch(/cannot connect/);
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
