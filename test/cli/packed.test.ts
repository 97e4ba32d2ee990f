// What `npm publish` would ship: the packed tarball installed into an empty folder, with no network
// (the package has no runtime dependencies), and its bin run as a user would run it.

import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';

const run = promisify(execFile);
// Under `npm test`, the npm that runs us; otherwise the one on PATH.
const npm = (args: string[], cwd: string) =>
  process.env.npm_execpath ? run(process.execPath, [process.env.npm_execpath, ...args], { cwd }) : run('npm', args, { cwd });

let server: DemoServer;
let installed: string;
let packedFiles: string[];

beforeAll(async () => {
  if (!existsSync('dist/cli.js')) throw new Error('dist/cli.js is missing: run `npm run build` (npm test does) first');
  server = await startDemoServer({ seed: 21, autoplay: false });
  server.addRun({ live: false, outcome: 'end_turn' });
  const work = mkdtempSync(path.join(os.tmpdir(), 'runs-top-pack-'));
  // --ignore-scripts: `prepare` would rebuild dist/ under the other tests' feet; it was just built.
  const { stdout } = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], process.cwd());
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  packedFiles = packed.files.map((file) => file.path).sort();
  installed = path.join(work, 'user');
  mkdirSync(installed);
  writeFileSync(path.join(installed, 'package.json'), '{"name":"user","private":true}');
  await npm(['install', '--offline', '--no-audit', '--no-fund', path.join(work, packed.filename)], installed);
}, 120_000);

afterAll(() => server?.close());

function runInstalled(args: string[]): Promise<{ stdout: string; stderr: string }> {
  const bin = path.join(installed, 'node_modules', '.bin', 'runs-top');
  return run(bin, args, { env: { ...process.env, LETTA_API_KEY: '', LETTA_BASE_URL: '' } });
}

describe('the packed package', () => {
  it('ships the bundle and its bin, and depends on nothing', () => {
    expect(packedFiles).toEqual(['README.md', 'dist/cli.js', 'dist/cli.js.map', 'dist/runs-top.cjs', 'package.json']);
    const manifest = JSON.parse(readFileSync(path.join(installed, 'node_modules/runs-top/package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.scripts).not.toHaveProperty('postinstall');
    // Nothing but runs-top itself was installed.
    expect(readdirSync(path.join(installed, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual(['runs-top']);
  });

  it('runs-top --version', async () => {
    const { stdout } = await runInstalled(['--version']);
    expect(stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('runs-top list --json against the demo server', async () => {
    const { stdout } = await runInstalled(['list', '--json', '--base-url', server.url]);
    const rows = JSON.parse(stdout) as Array<{ id: string; status: string }>;
    expect(rows).toHaveLength(1);
    expect(rows[0].status).toBe('completed');
  });
});
