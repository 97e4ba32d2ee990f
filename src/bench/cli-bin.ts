// The CLI as users start it: the bin beside this bundle (the benchmarks are bundled into
// dist/bench.js, next to dist/runs-top.cjs; scripts/build.mjs).

import { fileURLToPath } from 'node:url';

export const CLI_BIN = fileURLToPath(new URL('./runs-top.cjs', import.meta.url));
