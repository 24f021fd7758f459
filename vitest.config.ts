import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Files run side by side, one per core (vitest's default leaves one core idle), each with a store of its own;
    // a test waits longer for its turn on a busy machine, so timeouts allow for that.
    maxWorkers: Math.max(2, availableParallelism()),
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A worker keeps its modules (and so its one local store) from file to file: importing the platform
    // afresh for each of 70-odd files cost more CPU than many whole test files. No test relies on a fresh
    // module registry; state a file changes (env, timers, spies) it puts back itself.
    isolate: false,
    // The JSON report feeds the one-line summary that .ci/run prints.
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' },
  },
});
