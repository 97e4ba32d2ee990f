// An internal error in the shipped bundle still names our source lines: the stack of a bug is mapped
// through dist/cli.js.map when it is reported (src/cli/internal-error.ts). The bug is planted from
// outside: a preload makes String.prototype.split throw for one marker value that our flag parsing
// splits (src/cli/config.ts, resolveFilters).

import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = path.resolve('dist/runs-top.cjs');

describe('an internal error', () => {
  it('is reported with its message and the src/ lines it went through, exit 1', async () => {
    const preload = path.join(mkdtempSync(path.join(os.tmpdir(), 'runs-top-bug-')), 'bug.mjs');
    writeFileSync(
      preload,
      `const split = String.prototype.split;
String.prototype.split = function (...args) {
  if (String(this) === 'internal-error-probe') throw new Error('planted bug');
  return split.apply(this, args);
};\n`,
    );
    const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', preload, CLI, 'list', '--status', 'internal-error-probe', '--base-url', 'http://127.0.0.1:9'], (error, _stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stderr });
      });
    });
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines[0]).toBe('runs-top: planted bug');
    expect(stderr).toMatch(/\n {4}at resolveFilters \(src\/cli\/config\.ts:\d+:\d+\)\n/);
    expect(stderr).not.toContain('dist/cli.js');
  });
});
