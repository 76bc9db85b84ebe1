import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['common/**/*.test.ts', 'main/**/*.test.ts', 'renderer/src/**/*.test.ts', 'testing/**/*.test.ts', 'vm/**/*.test.ts', 'scripts/**/*.test.mjs'],
    globalSetup: ['testing/vitest.global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Polls wait for a shared engine to reach a state; while another worker runs a CPU-bound container on a
    // two-core machine, the default second is not enough for an event and the read it causes.
    expect: { poll: { timeout: 10_000 } },
    reporters: ['default'],
  },
});
