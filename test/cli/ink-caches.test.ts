// Dependency patches (patches/, scripts/dependency-patches.mjs): Ink's text caches are bounded as Ink
// is bundled and as the tests load it, and a patch that no longer fits stops the build with a sentence.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { applyPatches, createPatcher, loadPatchSets } from '../../scripts/dependency-patches.mjs';

interface Patch {
  why: string;
  find: string;
  replace: string;
}
interface PatchSet {
  name: string;
  version: string;
  files: Record<string, Patch[]>;
  source: string;
}

const inkBuild = path.dirname(createRequire(import.meta.url).resolve('ink'));
let ink: PatchSet;

beforeAll(async () => {
  const sets = (await loadPatchSets()) as PatchSet[];
  ink = sets.find((set) => set.name === 'ink')!;
});

/** Ink's wrap-text.js, patched as the build patches it, run with a counting stand-in for wrap-ansi. */
function wrapTextWith(patches: Patch[]): { wrapText: (text: string, width: number, type: string) => string; wraps: () => number } {
  const source = applyPatches(readFileSync(path.join(inkBuild, 'wrap-text.js'), 'utf8'), patches, 'wrap-text.js') as string;
  const body = source.replace(/^import .*$/gm, '').replace('export default wrapText;', 'return wrapText;');
  let wraps = 0;
  const wrapAnsi = (text: string) => {
    wraps++;
    return text;
  };
  return { wrapText: new Function('wrapAnsi', 'cliTruncate', body)(wrapAnsi, () => '') as never, wraps: () => wraps };
}

describe("Ink's bounded caches", () => {
  it('the Ink the tests load forgets measured text past 5,000 entries', async () => {
    // measure-text.js returns the cached object itself: a new object means the cache started over.
    const { default: measureText } = (await import(path.join(inkBuild, 'measure-text.js'))) as { default: (text: string) => object };
    const first = measureText('first line');
    expect(measureText('first line')).toBe(first);
    for (let i = 0; i < 5000; i++) measureText(`line ${i}`);
    expect(measureText('first line')).not.toBe(first);
  });

  it('wrapped text is forgotten past 5,000 entries with the patch, and kept forever without it', () => {
    for (const [patches, wrapsAgain] of [[ink.files['build/wrap-text.js'], true], [[], false]] as const) {
      const { wrapText, wraps } = wrapTextWith([...patches]);
      wrapText('first', 10, 'wrap');
      for (let i = 0; i < 5000; i++) wrapText(`line ${i}`, 10, 'wrap');
      const before = wraps();
      wrapText('first', 10, 'wrap');
      expect(wraps() > before).toBe(wrapsAgain);
    }
  });
});

describe('a dependency that no longer matches its patches stops the build', () => {
  const patch: Patch = { why: 'bound the text-size cache', find: 'cache.set(text, dimensions);', replace: 'bounded();' };

  it('code that is gone, or there twice, is named with the file', () => {
    expect(applyPatches('a();\ncache.set(text, dimensions);\n', [patch], 'measure-text.js')).toBe('a();\nbounded();\n');
    expect(() => applyPatches('a();\n', [patch], 'patches/ink@6.8.0.mjs on build/measure-text.js')).toThrow(
      'patches/ink@6.8.0.mjs on build/measure-text.js: the code to bound the text-size cache is not there; the dependency changed, review the patch',
    );
    expect(() => applyPatches('cache.set(text, dimensions);cache.set(text, dimensions);', [patch], 'x.js')).toThrow(/is there more than once/);
  });

  it('another version of the package is refused, and a patched file never loaded is reported', () => {
    const patcher = createPatcher([{ name: 'ink', version: '6.7.0', files: { 'build/measure-text.js': [patch] }, source: 'patches/ink@6.7.0.mjs' }]);
    expect(() => patcher.transform(path.join(inkBuild, 'measure-text.js'), '')).toThrow(
      /patches\/ink@6\.7\.0\.mjs was written for ink 6\.7\.0, but 6\.8\.0 is installed/,
    );
    expect(patcher.missed()).toEqual(['patches/ink@6.7.0.mjs:build/measure-text.js']);
  });

  it('an Ink still edited by the old install script is to be reinstalled, not patched twice', () => {
    const file = path.join(inkBuild, 'wrap-text.js');
    const edited = readFileSync(file, 'utf8').replace('    cache[cacheKey] = wrappedText;', '    /* runs-top: bounded cache */ bounded();\n    cache[cacheKey] = wrappedText;');
    expect(() => createPatcher([ink]).transform(file, edited)).toThrow(/edited by an earlier runs-top install script: reinstall it \(rm -rf .*node_modules\/ink && npm install\)/);
  });

  it("every patch fits the installed Ink's files exactly once", () => {
    for (const [file, patches] of Object.entries(ink.files)) {
      expect(() => applyPatches(readFileSync(path.join(inkBuild, '..', file), 'utf8'), patches, file)).not.toThrow();
    }
  });

  it('every patch set in patches/ is for the installed version, and each of its patches fits exactly once', async () => {
    const sets = (await loadPatchSets()) as PatchSet[];
    expect(sets.map((set) => set.name)).toEqual(expect.arrayContaining(['ink', 'yoga-layout', 'string-width', 'slice-ansi', '@alcalzone/ansi-tokenize', 'undici']));
    for (const set of sets) {
      // wrap-ansi keeps its own string-width 7; every other set is for the project's own copy.
      const dir = set.name === 'string-width' && set.version.startsWith('7.') ? path.resolve('node_modules/wrap-ansi/node_modules/string-width') : path.resolve('node_modules', set.name);
      expect(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version, set.source).toBe(set.version);
      for (const [file, patches] of Object.entries(set.files)) {
        expect(() => applyPatches(readFileSync(path.join(dir, file), 'utf8'), patches, `${set.source} on ${file}`)).not.toThrow();
      }
    }
  });
});
