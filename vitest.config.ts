import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One real mock process per run (`npm start`'s script on port 0); tests read its URL with inject('mockUrl').
    globalSetup: ['test/setup/mock-server.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    restoreMocks: true,
  },
});
