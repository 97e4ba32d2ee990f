#!/usr/bin/env node
// The bin (built to dist/runs-top.cjs): compiles the bundle (dist/cli.js) with V8's code cache and
// runs it.
//
// Every start used to compile the whole 1.4 MB bundle, and then each function start-up ran, as it
// first ran. Node 20 keeps no compile cache for ES modules, and Node 22's (module.enableCompileCache)
// keeps only what was compiled before the module ran. A V8 code cache made once start-up is done
// (`Script#createCachedData`) holds the functions the first frames ran too, so a start from it
// neither parses the bundle nor compiles those functions again (figures: README, Performance).
//
// That cache exists only for scripts, so the bundle is one: a function expression that
// scripts/build.mjs wraps round esbuild's output, called with the `require` and `import.meta.url` an
// ES module would have had. This file is CommonJS so that starting it does not set up Node's ES
// module loader (about 14 ms on Node 20 here).

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cacheDir, codeCacheFileName } from './cache-location.js';
import { compileWithCodeCache } from './code-cache.js';
import { LAUNCH_KEY, type Launch } from './handshake.js';

/** The bundle's content hash, written in by scripts/build.mjs. */
declare const RUNS_TOP_BUNDLE_ID: string;

type Bundle = (require: NodeJS.Require, importMetaUrl: string) => Promise<void>;

const marks: Launch['marks'] = [['bin starts', performance.now()]];
const bundle = path.join(__dirname, 'cli.js');
// NODE_DISABLE_COMPILE_CACHE is Node's own switch for its compile cache; it turns this one off too.
const dir = process.env.NODE_DISABLE_COMPILE_CACHE ? null : cacheDir();
// latin1: the bundle is ASCII (the build checks), and Node gives V8 a file this large read as latin1
// as a string outside the heap rather than copying it in.
const { script, state, save } = compileWithCodeCache(
  fs.readFileSync(bundle, 'latin1'),
  bundle,
  dir === null ? null : path.join(dir, codeCacheFileName(RUNS_TOP_BUNDLE_ID, bundle)),
);
marks.push([`bundle compiled (code cache ${state})`, performance.now()]);

const launch: Launch = { marks, saveCodeCache: () => void save() };
(globalThis as { [LAUNCH_KEY]?: Launch })[LAUNCH_KEY] = launch;

const run = script.runInThisContext() as Bundle;
run(createRequire(bundle), pathToFileURL(bundle).href).catch((error: unknown) => {
  // The bundle reports its own errors (src/cli/main.ts); this is one while it was being set up.
  process.stderr.write(`runs-top: could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 70;
});
