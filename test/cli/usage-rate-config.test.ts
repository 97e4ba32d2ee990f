// The background request budget: `--usage-rate` and the config file's `usageRequestsPerSecond` (issue 9).

import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseUsageRate } from '../../src/cli/config.js';
import { loadConfig } from '../../src/cli/config-file.js';

function configFile(content: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'runs-top-usage-')), 'config.json');
  writeFileSync(file, content);
  return file;
}

describe('the background request budget', () => {
  it('is read from the flag and the config file, 0 turning it off', () => {
    expect(parseUsageRate('2')).toBe(2);
    expect(parseUsageRate('0.5')).toBe(0.5);
    expect(parseUsageRate('0')).toBe(0);
    expect(loadConfig(configFile('{"usageRequestsPerSecond": 1}')).usageRequestsPerSecond).toBe(1);
    expect(loadConfig(configFile('{}')).usageRequestsPerSecond).toBeUndefined();
  });

  it('bad values are one clear sentence', () => {
    for (const bad of ['', 'fast', '-1', '101', 'NaN']) {
      expect(() => parseUsageRate(bad)).toThrow(ConfigError);
      expect(() => parseUsageRate(bad)).toThrow(/--usage-rate must be a number of requests a second from 0 \(off\) to 100/);
    }
    expect(() => loadConfig(configFile('{"usageRequestsPerSecond": "lots"}'))).toThrow(/"usageRequestsPerSecond" must be a number from 0 \(off\) to 100/);
  });
});
