// Test runner settings: Node environment, generous timeouts for tests that start local fake servers.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // two files at a time (the default on 2 cores is one): the suite is mostly waiting on local servers and child
    // processes, so this cuts the wall time by a third (375 s to 254 s on this 2-core machine)
    maxWorkers: 2,
  },
});
