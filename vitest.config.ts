import { defineConfig } from 'vitest/config';

export default defineConfig({
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
    // Frames are built by src/ui/row-compositor.ts in the monitor, so in the tests too.
    setupFiles: ['test/setup/ink.ts'],
  },
});
