// Keys, checked as the server's HeaderHandler checks them: the header each operation's security names, the server's
// 401 with `WWW-Authenticate` and the `detail` for each mistake (quoting at most ten characters of a wrong value), keys
// of apps the emulator does not hold, and anonymous operations. Scopes (403) and locked keys: management.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { type Answer, type Harness, seed, startEmulator, withKey } from './harness.js';

const validRegisterToken = { userId: '107fb578', username: 'pjfry@passwordless.dev' };
let harness: Harness;
beforeAll(async () => {
  harness = await startEmulator({ environment: 'Development' });
  return () => expect(harness.violations).toEqual([]);
});

function expectProblem(answer: Answer, status: number) {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toBe('application/problem+json');
  expect(answer.body.status).toBe(status);
  // .NET 9's problem writer ends every problem with a trace id.
  expect(answer.body.traceId).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
}

describe('an app key', () => {
  const cases: [string, Record<string, string>, string][] = [
    ['the header is missing', {}, "A valid 'ApiSecret' header is required."],
    ['the header is empty', { ApiSecret: '' }, "A valid 'ApiSecret' header is required."],
    [
      'the ApiKey header is sent instead',
      withKey(),
      "A 'ApiKey' header was supplied when a 'ApiSecret' header should have been supplied.",
    ],
    [
      'a public key is sent as the secret',
      { ApiSecret: seed.apiKey },
      "Your ApiSecret header contained a public ApiKey instead of your 'ApiSecret'.",
    ],
    [
      'a verify token is sent as the secret',
      { ApiSecret: 'verify_abc' },
      "A verify token was supplied instead of your 'ApiSecret'.",
    ],
    [
      'a register token is sent as the secret',
      { ApiSecret: 'register_abc' },
      "A register token was supplied instead of your 'ApiSecret'.",
    ],
    [
      'the value is not a secret at all',
      { ApiSecret: 'myapp:whoops-0123' },
      "We don't recognize the value you supplied for your 'ApiSecret'. It started with: 'myapp:whoo'.",
    ],
    ['the secret is malformed', { ApiSecret: 'myapp:secret:XYZ' }, "The value of your 'ApiSecret' is not valid."],
    [
      'the secret is of an app the emulator does not hold',
      { ApiSecret: 'myapp:secret:5f4dcc3b5aa765d61d8327deb882cf99' },
      "The value of your 'ApiSecret' is not valid.",
    ],
    [
      'the secret is not one of the app',
      { ApiSecret: 'test:secret:00000000000000000000000000000000' },
      "The value of your 'ApiSecret' is not valid.",
    ],
  ];

  it.each(cases)('gets 401 with WWW-Authenticate: ApiSecret when %s', async (_, headers, detail) => {
    const answer = await harness.post('/register/token', validRegisterToken, headers);
    expectProblem(answer, 401);
    expect(answer.headers['www-authenticate']).toBe('ApiSecret');
    expect(answer.body).toEqual({
      type: 'https://docs.passwordless.dev/guide/errors.html#ApiSecret',
      title: "A valid 'ApiSecret' header is required.",
      status: 401,
      detail,
      traceId: expect.any(String),
    });
  });

  it('names the apps the emulator holds in the reason, for a key of another app', async () => {
    const unknown = await harness.get('/users/list', { ApiSecret: 'other:secret:00112233445566778899aabbccddeeff' });
    expect(unknown.reason).toMatch(/knows no app "other"; its apps are test\./);
  });

  it('is asked for as the ApiKey by the browser operations, with WWW-Authenticate: ApiKey', async () => {
    const missing = await harness.post('/signin/begin', {});
    expectProblem(missing, 401);
    expect(missing.headers['www-authenticate']).toBe('ApiKey');
    const secretInstead = await harness.post('/signin/begin', {}, { ApiKey: seed.apiSecret });
    expect(secretInstead.body.detail).toBe("Your ApiKey header contained a ApiSecret instead of your 'ApiKey'.");
  });

  it('is checked before the body', async () => {
    const answer = await harness.call('POST', '/register/token', {
      headers: { 'content-type': 'application/json' },
      body: '{,',
    });
    expectProblem(answer, 401);
  });
});

describe('anonymous operations', () => {
  it('answer without a key', async () => {
    const answer = await harness.get('/health/http');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/plain');
    expect(answer.text).toBe('Healthy');
  });
});
