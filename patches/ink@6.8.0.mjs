// What runs-top changes in ink 6.8.0, applied as ink's files are bundled (scripts/build.mjs) and as
// the tests load them (vitest.config.ts), by scripts/dependency-patches.mjs. Each `find` must occur
// exactly once in the file as published, or the build stops: a new ink version needs these reviewed
// and this file renamed to its version.

const CACHE_LIMIT = 5000;

export default {
  'build/measure-text.js': [
    {
      // Ink memoises the size of every distinct string it lays out and never forgets one: a monitor
      // open while runs stream grew by about 3 KiB/s (README, "Performance"). Start over at the limit.
      why: 'bound the text-size cache',
      find: '    cache.set(text, dimensions);',
      replace: `    if (cache.size >= ${CACHE_LIMIT}) cache.clear();\n    cache.set(text, dimensions);`,
    },
  ],
  'build/wrap-text.js': [
    {
      why: 'count the entries of the wrapped-text cache',
      find: 'const cache = {};',
      replace: 'const cache = {};\nlet cacheSize = 0;',
    },
    {
      why: 'bound the wrapped-text cache the same way',
      find: '    cache[cacheKey] = wrappedText;',
      replace: `    if (++cacheSize >= ${CACHE_LIMIT}) { for (const key in cache) delete cache[key]; cacheSize = 0; }\n    cache[cacheKey] = wrappedText;`,
    },
  ],
  'build/output.js': [
    {
      // Frames are built row by row from side-by-side pieces (src/ui/row-compositor.ts, which says
      // why); Ink's own grid stays as `inkGet`, for the rows the compositor leaves to it and for
      // RUNS_TOP_INK_GRID=1 (the way back, should a terminal ever show a difference).
      why: 'build frames with the row compositor',
      find: '    get() {\n        // Initialize output array',
      replace: [
        '    get() {',
        "        if (process.env.RUNS_TOP_INK_GRID === '1') return this.inkGet();",
        '        return composeFrame(this, inkGrid);',
        '    }',
        '    inkGet() {',
        '        // Initialize output array',
      ].join('\n'),
    },
    {
      why: "the compositor, and Ink's grid for one set of operations",
      find: "import sliceAnsi from 'slice-ansi';",
      replace: [
        "import { composeFrame } from 'runs-top:row-compositor';",
        "import sliceAnsi from 'slice-ansi';",
        'const inkGrid = (width, height, operations) => {',
        '    const output = new Output({ width, height });',
        '    output.operations = operations;',
        '    return output.inkGet();',
        '};',
      ].join('\n'),
    },
  ],
};
