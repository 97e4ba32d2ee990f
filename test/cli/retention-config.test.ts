// `--max-runs`, `--keep-hours` and the config file's `maxRuns` / `keepHours` (issue 8, item 11).

import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, resolveRetention } from '../../src/cli/config.js';
import { loadConfig } from '../../src/cli/config-file.js';

const HOUR = 3_600_000;

function configFile(content: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'runs-top-retention-')), 'config.json');
  writeFileSync(file, content);
  return file;
}

describe('how many runs are held', () => {
  it('defaults to the newest 10,000 of the last 24 hours', () => {
    expect(resolveRetention({}, {})).toEqual({ maxRuns: 10_000, keepMs: 24 * HOUR });
  });

  it('reads the config file, and the flags win over it', () => {
    const file = loadConfig(configFile('{"maxRuns": 5000, "keepHours": 12}'));
    expect(resolveRetention({}, file)).toEqual({ maxRuns: 5000, keepMs: 12 * HOUR });
    expect(resolveRetention({ maxRuns: '2000', keepHours: '1.5' }, file)).toEqual({ maxRuns: 2000, keepMs: 1.5 * HOUR });
  });

  it('bad values are one clear sentence', () => {
    expect(() => resolveRetention({ maxRuns: '0' }, {})).toThrow(ConfigError);
    expect(() => resolveRetention({ maxRuns: 'lots' }, {})).toThrow(/--max-runs must be a whole number/);
    expect(() => resolveRetention({ keepHours: '-1' }, {})).toThrow(/--keep-hours must be a positive number/);
    expect(() => loadConfig(configFile('{"maxRuns": 10.5}'))).toThrow(/"maxRuns" must be a positive whole number/);
    expect(() => loadConfig(configFile('{"keepHours": "a day"}'))).toThrow(/"keepHours" must be a positive number/);
    expect(() => loadConfig(configFile('{"maxruns": 10}'))).toThrow(/unknown setting "maxruns" \(known: "keys", "maxRuns", "keepHours", "contexts", "defaultContext", "alerts", "usageRequestsPerSecond"\)/);
  });
});
