// `npm run build`: the CLI as one bundled ESM file (dist/cli.js, started by the bin dist/runs-top.js)
// with every runtime dependency inside, and the benchmarks (dist/bench.js) built the same way, so
// they measure what ships.
// Dependency patches (patches/) are applied as the files are bundled; the build fails when one no
// longer fits. Type checking is `tsc --noEmit`, run before this by the npm script.

import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { build } from 'esbuild';
import { esbuildDependencyPatches, loadPatchSets } from './dependency-patches.mjs';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outdir: 'dist',
  // Internal errors name our source lines (src/cli/internal-error.ts reads the map); the map points
  // at src/ rather than carrying it.
  sourcemap: 'linked',
  sourcesContent: false,
  // Whitespace and syntax only: renaming identifiers made start-up no faster here, and stacks keep
  // their function names.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  // The production React build, as users run it: the development build is dropped from the bundle.
  define: { 'process.env.NODE_ENV': '"production"' },
  // src/cli/main.ts also sets NODE_ENV for unbundled runs; the define makes that a no-op here.
  logOverride: { 'assign-to-define': 'silent' },
  // CommonJS dependencies (React) call require() for Node's modules: give the bundle a real one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  plugins: [esbuildDependencyPatches(await loadPatchSets()), devtoolsStub(), builtinsOnDemand()],
};

/**
 * Node's built-in modules are loaded when the code that uses them is, not all at start-up. esbuild
 * hoists every `import … from 'node:x'` of the bundle to its top, so the demo server's node:http
 * and the pager's node:child_process were loaded by every start, each through an ESM facade that
 * reads all of the module's exports (node:crypto's webcrypto getter loads Web Crypto). Imported as
 * CommonJS instead, a built-in is required where its importer is initialised, lazily for the
 * modules the bundle loads on demand.
 */
function builtinsOnDemand() {
  return {
    name: 'runs-top-builtins-on-demand',
    setup(build) {
      build.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
        if (args.kind !== 'import-statement' || !isBuiltin(args.path)) return undefined;
        return { path: args.path.replace(/^node:/, ''), namespace: 'builtin-on-demand' };
      });
      // `require` is the bundle's own (the banner); esbuild leaves a built-in's require external.
      build.onLoad({ filter: /.*/, namespace: 'builtin-on-demand' }, (args) => ({ contents: `module.exports = require('node:${args.path}');`, loader: 'js' }));
    },
  };
}

/**
 * Ink loads its devtools (react-devtools-core, and ws for it) only when DEV=true; they are not
 * shipped, and Ink says so if asked for them.
 */
function devtoolsStub() {
  return {
    name: 'runs-top-devtools-stub',
    setup(build) {
      build.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'stub' }));
      build.onResolve({ filter: /^\.\/devtools\.js$/ }, (args) =>
        /[\\/]node_modules[\\/]ink[\\/]/.test(args.importer) ? { path: 'ink-devtools', namespace: 'stub' } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: "throw new Error('React devtools are not bundled with runs-top');" }));
    },
  };
}

// The bin: turns on Node's compile cache (from Node 22.1) before the bundle is compiled, then loads
// it. Node compiles the 1.7 MB bundle at every start; the cache keeps V8's work between starts.
// Source maps are read only to report an internal error (src/cli/internal-error.ts): turned on for
// every start, Node would parse the whole map first (100+ ms).
const LAUNCHER = `#!/usr/bin/env node
import module from 'node:module';
module.enableCompileCache?.();
await import('./cli.js');
`;

rmSync('dist', { recursive: true, force: true });
await build({ ...common, entryPoints: { cli: 'src/cli/main.ts' } });
// The benchmarks run from the repository: node-pty (native) is loaded from node_modules.
await build({ ...common, entryPoints: { bench: 'src/bench/run.ts' }, external: ['@lydell/node-pty'] });
writeFileSync('dist/runs-top.js', LAUNCHER);
chmodSync('dist/runs-top.js', 0o755);
