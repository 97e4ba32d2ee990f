// V8's code cache for one script, kept in a file: read before compiling, written on request. The bin
// (bin.ts) compiles the bundle with it; everything here fails quietly, since a cache only saves time.

import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { KEPT_CACHE_FILES } from './cache-location.js';

export type CodeCacheState =
  /** Compiled from the cache: no parsing, and the functions start-up ran come compiled. */
  | 'accepted'
  /** A cache was there but V8 would not use it (another V8, other flags, a damaged file). */
  | 'rejected'
  /** No cache yet (the first start of this build on this Node). */
  | 'missing'
  /** NODE_DISABLE_COMPILE_CACHE is set, or there is no cache folder to use. */
  | 'off';

export interface CachedScript {
  script: vm.Script;
  state: CodeCacheState;
  /**
   * Writes the cache when the one used was missing or refused (once; later calls do nothing). It
   * holds every function compiled so far, so it is worth calling once the program has warmed up.
   * Returns whether a file was written.
   */
  save(): boolean;
}

/** `source` compiled with the cache in `cacheFile` (null: no cache at all). */
export function compileWithCodeCache(source: string, filename: string, cacheFile: string | null): CachedScript {
  const cachedData = cacheFile === null ? undefined : readCache(cacheFile);
  const script = new vm.Script(source, { filename, cachedData });
  const state: CodeCacheState = cacheFile === null ? 'off' : cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'accepted';
  let saved = false;
  const save = (): boolean => {
    if (saved || cacheFile === null || state === 'accepted') return false;
    saved = true;
    return writeCache(cacheFile, script);
  };
  return { script, state, save };
}

function readCache(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined; // not made yet, or unreadable: compile from source
  }
}

function writeCache(file: string, script: vm.Script): boolean {
  const dir = path.dirname(file);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    // Only the user reads it: it is compiled code that this program will run.
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
    // Moved into place whole: a start reading it meanwhile gets the old file or the new one.
    fs.renameSync(temporary, file);
  } catch {
    // A read-only home, a full disk: every start compiles from source, as without a cache.
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // It was never made (its folder could not be).
    }
    return false;
  }
  pruneCaches(dir);
  return true;
}

/** Keeps the most recently written caches: each build and Node version used leaves one behind. */
function pruneCaches(dir: string): void {
  try {
    const caches = fs
      .readdirSync(dir)
      .filter((name) => name.endsWith('.v8cache'))
      .map((name) => ({ name, written: fs.statSync(path.join(dir, name)).mtimeMs }))
      .sort((a, b) => b.written - a.written);
    for (const { name } of caches.slice(KEPT_CACHE_FILES)) fs.rmSync(path.join(dir, name), { force: true });
  } catch {
    // Another start pruning at the same time, a file gone: the next save tries again.
  }
}
