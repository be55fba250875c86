import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Polls wait on real servers and queues; on a loaded 2-core CI machine a second is too short.
    expect: { poll: { timeout: 15_000 } },
    // Store tests create their own PostgreSQL schemas and SMTP tests bind port 0,
    // so files may run in parallel.
    pool: 'forks',
  },
});
