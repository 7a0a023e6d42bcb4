// Shared set-up of the client tests: an msw server that intercepts the global fetch (nothing listens on a port),
// test keys, and a retry policy that records its waits instead of sleeping.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { RetryOptions } from '../../src/index.js';

export const baseUrl = 'https://v4.passwordless.dev';
export const apiSecret = 'myapp:secret:5f4dcc3b5aa765d61d8327deb882cf99';
export const secretDigits = '5f4dcc3b5aa765d61d8327deb882cf99';
export const apiKey = 'myapp:public:2e728aa5986f4ba8b073a5b28a939795';

/** An msw server for one test file: unhandled requests fail the test, handlers reset after each test. */
export function useMockApi() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

/** A retry policy that waits no time, records every wait it was asked for, and draws `random` for the jitter. */
export function instantRetries(random = 0.5, retries = 2) {
  const waits: number[] = [];
  const retry: RetryOptions = {
    retries,
    random: () => random,
    sleep: async (ms: number, signal: AbortSignal) => {
      signal.throwIfAborted();
      waits.push(ms);
    },
  };
  return { waits, retry };
}
