#!/usr/bin/env node
// Ink 6 memoises the size of every distinct string it ever lays out (build/measure-text.js, a Map)
// and every wrapped string (build/wrap-text.js, an object), and never forgets any. A monitor left
// open while runs stream draws new strings all day: measured at about 3 KiB/s of cache growth with
// one run streaming at a time (README, "Performance"), i.e. 10+ MiB an hour, forever. This script,
// run at install time, makes both caches start over once they hold CACHE_LIMIT entries: the next
// frame measures again, nothing else changes. It edits only those two files, only when they look
// exactly as expected, and leaves them alone (with a warning) otherwise.

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const CACHE_LIMIT = 5000;
const MARK = '/* runs-top: bounded cache */';

const patches = [
  {
    file: 'measure-text.js',
    find: '    cache.set(text, dimensions);',
    replace: `    ${MARK} if (cache.size >= ${CACHE_LIMIT}) cache.clear();\n    cache.set(text, dimensions);`,
  },
  {
    file: 'wrap-text.js',
    find: '    cache[cacheKey] = wrappedText;',
    replace: `    ${MARK} if (++cacheSize >= ${CACHE_LIMIT}) { for (const key in cache) delete cache[key]; cacheSize = 0; }\n    cache[cacheKey] = wrappedText;`,
    prelude: { find: 'const cache = {};', replace: 'const cache = {};\nlet cacheSize = 0;' },
  },
];

function inkBuildDir() {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('ink'));
}

export function boundInkCaches(buildDir = inkBuildDir()) {
  const results = [];
  for (const patch of patches) {
    const file = path.join(buildDir, patch.file);
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      results.push(`${patch.file}: not found (${error.code})`);
      continue;
    }
    if (text.includes(MARK)) {
      results.push(`${patch.file}: already bounded`);
      continue;
    }
    if (!text.includes(patch.find) || (patch.prelude && !text.includes(patch.prelude.find))) {
      results.push(`${patch.file}: unexpected contents, left alone (memory may grow while the monitor runs)`);
      continue;
    }
    let next = text.replace(patch.find, patch.replace);
    if (patch.prelude) next = next.replace(patch.prelude.find, patch.prelude.replace);
    writeFileSync(file, next);
    results.push(`${patch.file}: bounded to ${CACHE_LIMIT} entries`);
  }
  return results;
}

// Run as a script (npm postinstall): report, never fail the install.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  try {
    for (const line of boundInkCaches()) if (!line.includes('already')) process.stderr.write(`runs-top: ink ${line}\n`);
  } catch (error) {
    process.stderr.write(`runs-top: could not bound Ink's caches: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
