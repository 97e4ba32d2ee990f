// An internal error planted in the shipped bundle from outside: a preload makes
// String.prototype.split throw for one marker value that our flag parsing splits (src/cli/config.ts,
// resolveFilters), so `list --status internal-error-probe` fails as a bug would.

import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A frame of the report, mapped to our sources: where the planted bug went through. */
export const MAPPED_FRAME = /\n {4}at resolveFilters \(src\/cli\/config\.ts:\d+:\d+\)\n/;

/** Runs the bin with the bug planted; its exit code and stderr. */
export function runWithPlantedBug(bin: string, env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stderr: string }> {
  const preload = path.join(mkdtempSync(path.join(os.tmpdir(), 'runs-top-bug-')), 'bug.mjs');
  writeFileSync(
    preload,
    `const split = String.prototype.split;
String.prototype.split = function (...args) {
  if (String(this) === 'internal-error-probe') throw new Error('planted bug');
  return split.apply(this, args);
};\n`,
  );
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', preload, bin, 'list', '--status', 'internal-error-probe', '--base-url', 'http://127.0.0.1:9'], { env }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stderr });
    });
  });
}
