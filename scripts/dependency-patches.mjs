// Applies patches/<package>@<version>.mjs to a dependency's files as they are bundled (esbuild plugin,
// scripts/build.mjs) or loaded by the tests (vite plugin, vitest.config.ts), so what is tested is what
// ships. Nothing under node_modules is edited, nothing is swapped at run time, and the build stops
// with a sentence when the installed dependency is not the one a patch was written against.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PATCHES = path.join(ROOT, 'patches');

/** Our modules that patched dependency code imports, by the specifier the patches use. */
export const PATCH_IMPORTS = {
  'runs-top:row-compositor': path.join(ROOT, 'src/ui/row-compositor.ts'),
  'runs-top:narrow-text': path.join(ROOT, 'src/util/narrow-text.ts'),
};

export class PatchError extends Error {}

/** The patch sets in patches/: one per dependency and version, { name, version, files }. */
export async function loadPatchSets(dir = PATCHES) {
  const sets = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.mjs')).sort()) {
    const at = file.lastIndexOf('@');
    const { default: files } = await import(pathToFileURL(path.join(dir, file)).href);
    sets.push({ name: file.slice(0, at).replace('+', '/'), version: file.slice(at + 1, -'.mjs'.length), files, source: `patches/${file}` });
  }
  return sets;
}

/** `text` (the file `file` of the patched package) with each of its patches applied; throws when one does not fit. */
export function applyPatches(text, patches, where) {
  let next = text.replace(/\r\n/g, '\n');
  for (const patch of patches) {
    const first = next.indexOf(patch.find);
    if (first === -1 || next.indexOf(patch.find, first + 1) !== -1) {
      const problem = first === -1 ? 'is not there' : 'is there more than once';
      throw new PatchError(`${where}: the code to ${patch.why} ${problem}; the dependency changed, review the patch`);
    }
    next = next.slice(0, first) + patch.replace + next.slice(first + patch.find.length);
  }
  return next;
}

/** Finds which patch set, if any, applies to an absolute file path, and checks the installed version. */
export function createPatcher(sets) {
  const versions = new Map();
  const applied = new Set();
  const installedVersion = (packageDir) => {
    if (!versions.has(packageDir)) versions.set(packageDir, JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')).version);
    return versions.get(packageDir);
  };
  return {
    /** The patched text of `file`, or undefined when no patch touches it. */
    transform(file, text) {
      const normalised = file.split(path.sep).join('/');
      let refused;
      for (const set of sets) {
        const marker = `/node_modules/${set.name}/`;
        const at = normalised.lastIndexOf(marker);
        if (at === -1) continue;
        const packageDir = normalised.slice(0, at + marker.length - 1);
        const relative = normalised.slice(at + marker.length);
        const version = installedVersion(packageDir);
        if (version !== set.version) {
          // Another version nested under some other package (wrap-ansi keeps its own string-width)
          // is that package's copy, left as published unless a patch set names its version. The
          // project's own copy must be a patched version, or the build stops.
          if (packageDir === path.join(ROOT, 'node_modules', set.name).split(path.sep).join('/')) {
            refused ??= `${set.source} was written for ${set.name} ${set.version}, but ${version} is installed: review the patches against it and rename the file`;
          }
          continue;
        }
        const patches = set.files[relative];
        if (!patches) return undefined;
        // Earlier versions edited node_modules/ink at install time (scripts/bound-ink-caches.mjs);
        // an install that still has those edits must be redone, not patched twice.
        if (text.includes('/* runs-top: bounded cache */')) {
          throw new PatchError(`${packageDir}/${relative} was edited by an earlier runs-top install script: reinstall it (rm -rf ${packageDir} && npm install)`);
        }
        applied.add(`${set.source}:${relative}`);
        return applyPatches(text, patches, `${set.source} on ${relative}`);
      }
      if (refused) throw new PatchError(refused);
      return undefined;
    },
    /** Patched files that were never loaded: the dependency moved the code somewhere else. */
    missed() {
      return sets.flatMap((set) => Object.keys(set.files).map((file) => `${set.source}:${file}`)).filter((key) => !applied.has(key));
    },
  };
}

/** The esbuild plugin: patches files as they load, and fails the build if a patched file was never bundled. */
export function esbuildDependencyPatches(sets) {
  return {
    name: 'runs-top-dependency-patches',
    setup(build) {
      const patcher = createPatcher(sets);
      const names = sets.map((set) => set.name.replace(/[/.]/g, '\\$&')).join('|');
      build.onResolve({ filter: /^runs-top:/ }, (args) => ({ path: PATCH_IMPORTS[args.path] }));
      build.onLoad({ filter: new RegExp(`[\\\\/]node_modules[\\\\/](${names})[\\\\/].*\\.js$`) }, (args) => {
        const contents = patcher.transform(args.path, readFileSync(args.path, 'utf8'));
        return contents === undefined ? undefined : { contents, loader: 'js' };
      });
      build.onEnd((result) => {
        if (result.errors.length > 0) return;
        const missed = patcher.missed();
        if (missed.length > 0) return { errors: missed.map((text) => ({ text: `${text}: this file was not bundled; the dependency changed, review the patch` })) };
      });
    },
  };
}

/** The same patches for vite (and so vitest): the dependency must be inlined for vite to load it. */
export async function viteDependencyPatches() {
  const sets = await loadPatchSets();
  const patcher = createPatcher(sets);
  const markers = sets.map((set) => `/node_modules/${set.name}/`);
  return {
    name: 'runs-top-dependency-patches',
    enforce: 'pre',
    resolveId(id) {
      return PATCH_IMPORTS[id];
    },
    // Loaded here rather than transformed, so that vite does not follow the packages' source map
    // comments to sources they do not ship (one warning per file).
    load(id) {
      const file = id.split('?')[0];
      if (!markers.some((marker) => file.includes(marker)) || !file.endsWith('.js')) return undefined;
      const text = readFileSync(file, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/m, '');
      return patcher.transform(file, text) ?? text;
    },
  };
}
