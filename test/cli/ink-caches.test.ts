// Ink's text caches are bounded at install time (scripts/bound-ink-caches.mjs): a monitor open for
// hours must not grow without limit.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { boundInkCaches } from '../../scripts/bound-ink-caches.mjs';

describe('bounded Ink caches', () => {
  it('npm install bounded the installed Ink (postinstall ran)', () => {
    const build = path.resolve('node_modules/ink/build');
    expect(readFileSync(path.join(build, 'measure-text.js'), 'utf8')).toMatch(/runs-top: bounded cache \*\/ if \(cache\.size >= \d+\) cache\.clear\(\);/);
    expect(readFileSync(path.join(build, 'wrap-text.js'), 'utf8')).toContain('runs-top: bounded cache');
  });

  it('patches the expected code once, and leaves unexpected code alone', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ink-build-'));
    writeFileSync(path.join(dir, 'measure-text.js'), 'const cache = new Map();\nconst f = (text) => {\n    cache.set(text, dimensions);\n};\n');
    writeFileSync(path.join(dir, 'wrap-text.js'), 'const cache = {};\nconst g = () => {\n    cache[cacheKey] = wrappedText;\n};\n');
    expect(boundInkCaches(dir)).toEqual(['measure-text.js: bounded to 5000 entries', 'wrap-text.js: bounded to 5000 entries']);
    expect(readFileSync(path.join(dir, 'wrap-text.js'), 'utf8')).toContain('let cacheSize = 0;');
    expect(boundInkCaches(dir)).toEqual(['measure-text.js: already bounded', 'wrap-text.js: already bounded']);
    const other = mkdtempSync(path.join(os.tmpdir(), 'ink-build-'));
    writeFileSync(path.join(other, 'measure-text.js'), 'export default () => 1;\n');
    const results = boundInkCaches(other);
    expect(results[0]).toMatch(/unexpected contents, left alone/);
    expect(results[1]).toMatch(/not found/);
  });
});
