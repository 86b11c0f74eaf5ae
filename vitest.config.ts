import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'core/**/*.test.ts'],
    globalSetup: ['tests/setup/global.ts'],
    // Browser suites drive real pages on a shared machine; a slow one must not fail them (speed is measured in bench/).
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The suites share one worker and database; a few files at once keeps PGlite responsive.
    maxWorkers: 3,
  },
});
