import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Files that call the code in this process (the emulator's core, the client against msw, the spec): they change no
// global a neighbour would see (msw servers close, stubbed globals and environment variables are put back), so
// they share workers and load the spec, ajv's validators and the generated tables once per worker, not once per file.
const inProcessFiles = [
  'test/emulator/**/*.test.ts',
  'test/client/**/*.test.ts',
  'test/msw/**/*.test.ts',
  'test/spec/**/*.test.ts',
  'test/conformance/**/*.test.ts',
];

// What mocks a module (vi.mock) needs a module registry of its own.
const isolatedFiles = ['test/mock/constant-time-comparisons.test.ts'];

export default defineConfig({
  test: {
    // The default report, then the run's wall time and its slowest files (the suite's budget: docs/contributing.md).
    reporters: ['default', './test/setup/run-time-reporter.ts'],
    // One file per core, not vitest's default of one fewer: much of the suite waits on child processes (npm, tsc,
    // Chromium, the mock), so a 2-core machine runs two files at a time instead of one.
    maxWorkers: Math.max(2, availableParallelism()),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    restoreMocks: true,
    projects: [
      { extends: true, test: { name: 'in-process', include: inProcessFiles, isolate: false } },
      {
        extends: true,
        test: {
          name: 'processes',
          include: ['test/**/*.test.ts'],
          exclude: [...inProcessFiles, ...isolatedFiles],
          // Their modules are loaded once per worker too; each file closes the mocks and processes it starts.
          isolate: false,
          // One real mock process per run (`npm start`'s script on port 0); tests read its URL with inject('mockUrl').
          // One folder per run for the packed packages, built by the first package test that needs them.
          globalSetup: ['test/setup/mock-server.ts', 'test/setup/package-folder.ts'],
        },
      },
      { extends: true, test: { name: 'isolated', include: isolatedFiles } },
    ],
  },
});
