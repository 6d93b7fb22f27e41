import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const PROCESSES = ['test/processes/**/*.test.ts'];

// SWC compiles the Nest sources so decorator metadata (which esbuild drops) is present.
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'api',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: PROCESSES,
          globalSetup: ['test/global-setup.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        // Real child processes of the built app (apps/api/dist), each file with its own
        // PostgreSQL and Redis: heavy on a small machine, so one file at a time, after the rest.
        extends: true,
        test: { name: 'processes', include: PROCESSES, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
