// Where the bin keeps V8's code cache for the bundle: the user's own cache folder, never a shared
// temporary one (a code cache is compiled code: another user able to write it could run code as you).

import os from 'node:os';
import path from 'node:path';

/** The folder for runs-top's caches on this platform, or null when there is no home to put it in. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, 'runs-top');
  let home: string;
  try {
    home = os.homedir();
  } catch {
    return null;
  }
  if (!home) return null;
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'runs-top');
  if (platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'runs-top', 'Cache');
  return path.join(home, '.cache', 'runs-top');
}

/**
 * The cache file for one build of the bundle, installed in one place, on one Node. V8 checks its own
 * version and flags, but tells sources apart only by their length: the build's content hash in the
 * name keeps one build from ever running another's compiled code. And on Node 20 (V8 11.3) a script
 * compiled from a cache keeps the file name it had when the cache was made, in every stack trace:
 * the same build installed in two places (npx's cache and a global install) keeps a cache each, so
 * that an internal error names the file that ran and is mapped to our sources.
 */
export function codeCacheFileName(bundleId: string, bundlePath: string, nodeVersion = process.version, arch = process.arch): string {
  return `cli-${bundleId}-${pathHash(bundlePath)}-${nodeVersion}-${arch}.v8cache`;
}

/** FNV-1a, 32 bits, in hex: enough to tell a few install places apart, and no crypto to load. */
function pathHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** Cache files kept in the folder: a few builds or Node versions used in turn do not evict each other. */
export const KEPT_CACHE_FILES = 4;
