// The bin's code cache (src/launcher/code-cache.ts): written once and then used, refused by V8 when it
// does not fit, rewritten then, and never a reason for a start to fail.

import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheDir, codeCacheFileName, KEPT_CACHE_FILES } from '../../src/launcher/cache-location.js';
import { compileWithCodeCache } from '../../src/launcher/code-cache.js';

/** A script shaped like the bundle: a function expression whose inner functions run when called. */
const SOURCE = '(function (n) { function square(x) { return x * x; } function sum(k) { let t = 0; for (let i = 1; i <= k; i++) t += square(i); return t; } return sum(n); })';

// V8 keeps what it compiled in memory too, by source and file name: a second compile of the same
// source under the same name never reads the cache file. Each compile here has a name of its own.
let compiles = 0;
const fileName = () => `bundle-${++compiles}.js`;

function freshDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'runs-top-code-cache-'));
}

describe('the code cache', () => {
  it('is missing at first, written on save with only the user allowed in, then accepted and left alone', () => {
    const file = path.join(freshDir(), 'runs-top', codeCacheFileName('0123456789abcdef', '/opt/runs-top/dist/cli.js'));
    const first = compileWithCodeCache(SOURCE, fileName(), file);
    expect(first.state).toBe('missing');
    expect((first.script.runInThisContext() as (n: number) => number)(3)).toBe(14);
    expect(first.save()).toBe(true);
    expect(first.save()).toBe(false); // once
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(readdirSync(path.dirname(file))).toEqual([path.basename(file)]); // no temporary file left

    const written = readFileSync(file);
    const second = compileWithCodeCache(SOURCE, fileName(), file);
    expect(second.state).toBe('accepted');
    expect((second.script.runInThisContext() as (n: number) => number)(4)).toBe(30);
    expect(second.save()).toBe(false);
    expect(readFileSync(file).equals(written)).toBe(true);
  });

  it('that V8 refuses (a damaged file) is rewritten, and the script runs from source meanwhile', () => {
    const file = path.join(freshDir(), codeCacheFileName('fedcba9876543210', '/opt/runs-top/dist/cli.js'));
    const garbage = Buffer.from('not a code cache at all, just bytes');
    writeFileSync(file, garbage);
    const refused = compileWithCodeCache(SOURCE, fileName(), file);
    expect(refused.state).toBe('rejected');
    expect((refused.script.runInThisContext() as (n: number) => number)(2)).toBe(5);
    expect(refused.save()).toBe(true);
    expect(readFileSync(file).equals(garbage)).toBe(false);
    expect(compileWithCodeCache(SOURCE, fileName(), file).state).toBe('accepted');
  });

  it('is off without a file, and a folder that cannot be made costs nothing but the cache', () => {
    const off = compileWithCodeCache(SOURCE, fileName(), null);
    expect(off.state).toBe('off');
    expect(off.save()).toBe(false);
    // The cache home is a plain file: the folder cannot be made under it.
    const home = path.join(freshDir(), 'not-a-folder');
    writeFileSync(home, '');
    const file = path.join(home, 'runs-top', codeCacheFileName('0123456789abcdef', '/opt/runs-top/dist/cli.js'));
    const unwritable = compileWithCodeCache(SOURCE, fileName(), file);
    expect(unwritable.state).toBe('missing');
    expect(() => unwritable.save()).not.toThrow();
    expect(existsSync(file)).toBe(false);
    expect((unwritable.script.runInThisContext() as (n: number) => number)(1)).toBe(1);
  });

  it('keeps the most recently written caches only', () => {
    const dir = freshDir();
    const names = Array.from({ length: KEPT_CACHE_FILES + 2 }, (_, i) => codeCacheFileName(`${i}`.padStart(16, '0'), '/opt/runs-top/dist/cli.js'));
    // Older caches, written one minute apart.
    names.slice(0, -1).forEach((name, i) => {
      writeFileSync(path.join(dir, name), 'old');
      const at = new Date(Date.now() - (names.length - i) * 60_000);
      utimesSync(path.join(dir, name), at, at);
    });
    expect(compileWithCodeCache(SOURCE, fileName(), path.join(dir, names.at(-1)!)).save()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(names.slice(-KEPT_CACHE_FILES).sort());
  });

  it('is named by the build: V8 takes a cache made for another source of the same length', async () => {
    // Why the file name carries the bundle's hash (scripts/build.mjs): V8 checks its own version and
    // flags, and of the source only its length, and then runs the old source's compiled code.
    const dir = freshDir();
    const file = path.join(dir, 'shared.v8cache');
    const other = SOURCE.replace('x * x', 'x + x');
    expect(other.length).toBe(SOURCE.length);
    const first = compileWithCodeCache(SOURCE, fileName(), file);
    (first.script.runInThisContext() as (n: number) => number)(3);
    first.save();
    const mixedUp = compileWithCodeCache(other, fileName(), file);
    expect(mixedUp.state).toBe('accepted');
    expect((mixedUp.script.runInThisContext() as (n: number) => number)(3)).toBe(14); // the old code: x * x
    const where = '/opt/runs-top/dist/cli.js';
    expect(codeCacheFileName('aaaaaaaaaaaaaaaa', where)).not.toBe(codeCacheFileName('bbbbbbbbbbbbbbbb', where));
    expect(codeCacheFileName('aaaaaaaaaaaaaaaa', where, 'v20.20.2')).not.toBe(codeCacheFileName('aaaaaaaaaaaaaaaa', where, 'v22.23.5'));
  });

  it('is kept apart for each place the same build is installed in', () => {
    // Node 20 keeps the file name a script had when its cache was made, in stack traces: an internal
    // error from a copy installed elsewhere would name the other copy's file, and not be mapped to
    // our sources (src/cli/internal-error.ts).
    const build = 'aaaaaaaaaaaaaaaa';
    expect(codeCacheFileName(build, '/home/me/.npm/_npx/1/node_modules/runs-top/dist/cli.js')).not.toBe(codeCacheFileName(build, '/usr/lib/node_modules/runs-top/dist/cli.js'));
    expect(codeCacheFileName(build, '/a/cli.js')).toBe(codeCacheFileName(build, '/a/cli.js'));
    expect(codeCacheFileName(build, '/a/cli.js', 'v20.20.2', 'x64')).toMatch(/^cli-aaaaaaaaaaaaaaaa-[0-9a-f]{8}-v20\.20\.2-x64\.v8cache$/);
  });
});

describe('the cache folder', () => {
  it("is the user's own, by platform, and XDG_CACHE_HOME when it is set", () => {
    const home = os.homedir();
    expect(cacheDir({}, 'linux')).toBe(path.join(home, '.cache', 'runs-top'));
    expect(cacheDir({ XDG_CACHE_HOME: '/var/cache/me' }, 'linux')).toBe(path.join('/var/cache/me', 'runs-top'));
    // A relative XDG_CACHE_HOME is invalid (XDG base directory spec): ignored.
    expect(cacheDir({ XDG_CACHE_HOME: 'relative' }, 'linux')).toBe(path.join(home, '.cache', 'runs-top'));
    expect(cacheDir({}, 'darwin')).toBe(path.join(home, 'Library', 'Caches', 'runs-top'));
    expect(cacheDir({ LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local' }, 'win32')).toBe(path.join('C:\\Users\\me\\AppData\\Local', 'runs-top', 'Cache'));
    expect(cacheDir({}, 'linux')).not.toContain(os.tmpdir());
  });
});
