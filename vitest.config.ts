import { defineConfig } from 'vitest/config';
// @ts-expect-error plain ESM script without types
import { viteDependencyPatches } from './scripts/dependency-patches.mjs';

/** Packages with patches in patches/ besides Ink (wrap-ansi, for its own copy of string-width). */
const PATCHED_DEPENDENCIES = ['string-width', 'yoga-layout', 'slice-ansi', '@alcalzone/ansi-tokenize', 'wrap-ansi'];

export default defineConfig({
  // Ink is patched as it loads (patches/, the same patches the build applies): tests render with the
  // Ink that ships, row compositor and bounded caches included.
  plugins: [await viteDependencyPatches()],
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Tests start real HTTP servers on loopback and, for the end-to-end test, a real pseudo-terminal.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: keep the pty test from competing with many parallel workers.
    maxWorkers: 2,
    // Ink colours through chalk, which detects no colour support under a test runner: force it, so
    // tests can tell colour from no-colour (and NO_COLOR from the developer's shell cannot leak in).
    env: { FORCE_COLOR: '1', NO_COLOR: '' },
    // Vite only transforms what it loads itself: Ink, every package that imports it (one Ink
    // instance) and every patched package are loaded through it rather than by Node.
    server: { deps: { inline: ['ink', 'ink-testing-library', '@alcalzone/ink-table', ...PATCHED_DEPENDENCIES] } },
  },
});
