import os from 'node:os';
import { defineConfig } from 'vitest/config';

// Tiers are in the file names: *.test.ts are pure; *.api.test.ts run against a fresh database
// (PGlite by default, PostgreSQL when DATABASE_URL is set).
export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the CPUs: a single one on a two-core machine,
    // although API tests spend much of their time waiting on the database. Two at least.
    maxWorkers: Math.max(2, os.availableParallelism()),
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'tests/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['**/*.api.test.ts', 'tests/e2e/**', 'node_modules/**'],
        },
      },
      {
        test: {
          name: 'api',
          include: ['src/**/*.api.test.ts', 'tests/**/*.api.test.ts'],
          exclude: ['tests/e2e/**', 'node_modules/**'],
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
