// An internal error in the shipped bundle still names our source lines: the stack of a bug is mapped
// through dist/cli.js.map when it is reported (src/cli/internal-error.ts). The bug is planted from
// outside (planted-bug.ts).

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAPPED_FRAME, runWithPlantedBug } from './planted-bug.js';

const CLI = path.resolve('dist/runs-top.cjs');

describe('an internal error', () => {
  it('is reported with its message and the src/ lines it went through, exit 1', async () => {
    const { code, stderr } = await runWithPlantedBug(CLI);
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines[0]).toBe('runs-top: planted bug');
    expect(stderr).toMatch(MAPPED_FRAME);
    expect(stderr).not.toContain('dist/cli.js');
  });
});
