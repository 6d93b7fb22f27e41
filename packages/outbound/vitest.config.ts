import { defineConfig } from 'vitest/config';

// Shared 2-core machines run every package's suite at once: generous timeouts, no timing asserts.
export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 120_000 } });
