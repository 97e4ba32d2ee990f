// `npm run build`: the CLI as one bundled file (dist/cli.js) with every runtime dependency inside,
// started by the bin dist/runs-top.cjs (src/launcher/bin.ts), and the benchmarks (dist/bench.js)
// built the same way, so they measure what ships.
// Dependency patches (patches/) are applied as the files are bundled; the build fails when one no
// longer fits. Type checking is `tsc --noEmit`, run before this by the npm script.
//
// The CLI bundle is esbuild's ES module output wrapped into one function expression, a script: V8's
// code cache, which the bin keeps between starts, exists only for scripts (src/launcher/bin.ts says
// why that matters). The build checks that the result is a script and ASCII, and names it by its
// content hash so that a cache is only ever used with the build it was made from.

import { createHash } from 'node:crypto';
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import vm from 'node:vm';
import { build } from 'esbuild';
import { esbuildDependencyPatches, loadPatchSets } from './dependency-patches.mjs';

// CommonJS dependencies (React) call require() for Node's modules: an ES module bundle gets a real one.
// The CLI bundle gets Node's `require` from the bin instead.
const ESM_REQUIRE = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

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
  plugins: [esbuildDependencyPatches(await loadPatchSets()), devtoolsStub(), builtinsOnDemand()],
};

/**
 * Node's built-in modules are loaded when the code that uses them is, not all at start-up. esbuild
 * hoists every `import … from 'node:x'` of the bundle to its top, so the demo server's node:http
 * and the pager's node:child_process were loaded by every start, each through an ESM facade that
 * reads all of the module's exports (node:crypto's webcrypto getter loads Web Crypto). Imported as
 * CommonJS instead, a built-in is required where its importer is initialised, lazily for the
 * modules the bundle loads on demand. A dynamic `import('node:x')` becomes a require too: the CLI
 * bundle is a script, which has no module loader to ask.
 */
function builtinsOnDemand() {
  return {
    name: 'runs-top-builtins-on-demand',
    setup(build) {
      build.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
        if ((args.kind !== 'import-statement' && args.kind !== 'dynamic-import') || !isBuiltin(args.path)) return undefined;
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

/** Wrapped round the CLI bundle: what an ES module gets from Node, as the bin passes it in. */
const SCRIPT_HEAD = '(async function runsTop(require, __runsTopImportMetaUrl) {"use strict";';
const SCRIPT_TAIL = '})';

/** The CLI bundle as the bin runs it: a script, the function expression above. */
const cliBuild = {
  ...common,
  entryPoints: { cli: 'src/cli/main.ts' },
  banner: { js: SCRIPT_HEAD },
  footer: { js: SCRIPT_TAIL },
  define: { ...common.define, 'import.meta.url': '__runsTopImportMetaUrl' },
  metafile: true,
};

/** Fails the build unless dist/cli.js is an ASCII script that imports nothing at run time; returns its hash. */
function checkedCliBundle(metafile) {
  const text = readFileSync('dist/cli.js', 'latin1');
  const nonAscii = text.search(/[^\x00-\x7f]/);
  if (nonAscii >= 0) throw new Error(`dist/cli.js has a non-ASCII character at ${nonAscii}: the bin reads it as latin1`);
  // Node's built-ins are required (builtinsOnDemand); an import left to run time would fail in a script.
  const imports = Object.values(metafile.outputs).flatMap((output) => output.imports.filter((entry) => entry.external && entry.kind !== 'require-call'));
  if (imports.length) throw new Error(`dist/cli.js imports at run time, which a script cannot: ${imports.map((entry) => entry.path).join(', ')}`);
  // Parsed, not run: a SyntaxError here names whatever ES module syntax is left.
  new vm.Script(text, { filename: 'dist/cli.js' });
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

rmSync('dist', { recursive: true, force: true });
const cli = await build(cliBuild);
const bundleId = checkedCliBundle(cli.metafile);
// The bin: CommonJS, dependency-free, told which build it starts.
await build({
  entryPoints: { 'runs-top': 'src/launcher/bin.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  define: { RUNS_TOP_BUNDLE_ID: JSON.stringify(bundleId) },
});
chmodSync('dist/runs-top.cjs', 0o755);
// The benchmarks run from the repository: node-pty (native) is loaded from node_modules.
await build({ ...common, entryPoints: { bench: 'src/bench/run.ts' }, external: ['@lydell/node-pty'], banner: { js: ESM_REQUIRE } });
