import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Tests start real HTTP servers on loopback and, for the end-to-end test, a real pseudo-terminal.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: keep the pty test from competing with many parallel workers.
    maxWorkers: 2,
  },
});
