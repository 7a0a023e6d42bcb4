// The test-suite example of docs/emulator.md's "Moving time", run as it is printed there (the docs' block is the text
// between the example markers below, with the imports of the published packages instead of the source's).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPasswordlessClient } from '../../src/index.js';
import { type RunningMock, startMock } from '../../src/mock/index.js';

// example:start
let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0 });
});
afterAll(() => mock.close());

it('refuses a sign-in token once its lifetime has passed', async () => {
  const passwordless = createPasswordlessClient({
    apiSecret: 'test:secret:a679563b331846c79c20b114a4f56d02',
    baseUrl: mock.url,
  });
  const { data } = await passwordless.POST('/signin/generate-token', { body: { userId: '42', timeToLive: 60 } });

  mock.clock.advance(120); // two minutes later, without waiting for them

  const { error } = await passwordless.POST('/signin/verify', { body: { token: data!.token } });
  expect(error).toMatchObject({ status: 403, errorCode: 'expired_token', title: 'The token expired 1 minute ago.' });
});
// example:end

it('is the example docs/emulator.md prints', () => {
  const source = readFileSync(new URL(import.meta.url), 'utf8');
  const example = source.slice(source.indexOf('// example:start\n') + 17, source.indexOf('// example:end'));
  const docs = readFileSync(new URL('../../docs/emulator.md', import.meta.url), 'utf8');
  expect(docs).toContain(example.trim());
});
