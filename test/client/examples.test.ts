// The code of examples/ (which the README and docs/client.md show) runs as written against mocked answers.
import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resolveLocalRefs } from '../../src/emulator/spec/local-refs.js';
import { loadBundledSpec } from '../helpers/bundled-spec.js';
import { apiSecret, baseUrl, useMockApi } from './mock-api.js';

const spec = loadBundledSpec();

const server = useMockApi();
let examples: {
  register: typeof import('../../examples/register-token.js');
  verify: typeof import('../../examples/verify-sign-in.js');
  signInToken: typeof import('../../examples/generate-sign-in-token.js');
  errors: typeof import('../../examples/handle-errors.js');
  throwing: typeof import('../../examples/throw-on-error.js');
};

beforeAll(async () => {
  // The examples read the secret from the environment, as an app would.
  process.env.PASSWORDLESS_API_SECRET = apiSecret;
  examples = {
    register: await import('../../examples/register-token.js'),
    verify: await import('../../examples/verify-sign-in.js'),
    signInToken: await import('../../examples/generate-sign-in-token.js'),
    errors: await import('../../examples/handle-errors.js'),
    throwing: await import('../../examples/throw-on-error.js'),
  };
});
// The test files of this folder share a worker (vitest.config.ts): the next one starts without the variable.
afterAll(() => {
  delete process.env.PASSWORDLESS_API_SECRET;
});

const problem = (status: number, errorCode: string | null, title: string) => () =>
  HttpResponse.json(
    { type: `https://docs.passwordless.dev/guide/errors.html#${errorCode ?? ''}`, title, status, errorCode },
    { status, headers: { 'Content-Type': 'application/problem+json' } },
  );

describe('examples/register-token.ts', () => {
  test('returns the token, sending the user and the secret', async () => {
    let sent: unknown;
    server.use(
      http.post(`${baseUrl}/register/token`, async ({ request }) => {
        sent = { body: await request.json(), secret: request.headers.get('ApiSecret') };
        return HttpResponse.json({ token: 'register_abc' });
      }),
    );
    await expect(examples.register.createRegisterToken('u1', 'fry@example.com')).resolves.toBe('register_abc');
    expect(sent).toEqual({
      body: { userId: 'u1', username: 'fry@example.com', displayName: 'fry@example.com', aliases: ['fry@example.com'] },
      secret: apiSecret,
    });
  });
});

/** The named examples of an operation's error responses, with their status: what the server answers. */
function errorExamples(path: string) {
  const operation = spec.paths[path]!.post!;
  return Object.entries(operation.responses)
    .filter(([status]) => /^[45]/.test(status))
    .flatMap(([status, response]) =>
      Object.values(resolveLocalRefs<ResponseObject>(spec, response).content ?? {}).flatMap((media) =>
        Object.entries(media.examples ?? {}).map(([name, example]) => ({
          name,
          status: Number(status),
          body: resolveLocalRefs<{ value: unknown }>(spec, example).value,
        })),
      ),
    );
}
interface ResponseObject {
  content?: Record<string, { examples?: Record<string, unknown> }>;
}
const answer = (status: number, body: unknown) => () =>
  body === undefined
    ? new HttpResponse(null, { status })
    : HttpResponse.json(body, { status, headers: { 'Content-Type': 'application/problem+json' } });

describe('examples/verify-sign-in.ts', () => {
  const verify = spec.paths['/signin/verify']!.post!;
  /** Every code the server answers about the token: all that /signin/verify lists, each caused by the visitor. */
  const tokenCodes = verify['x-passwordless-error-codes'] ?? [];

  test('returns the userId of a valid token', async () => {
    server.use(http.post(`${baseUrl}/signin/verify`, () => HttpResponse.json({ success: true, userId: 'u1' })));
    await expect(examples.verify.verifySignIn('verify_ok')).resolves.toBe('u1');
  });

  test.each(errorExamples('/signin/verify').filter((example) => tokenCodes.includes(example.name)))(
    'returns null, "not signed in", for the server\'s $name ($status): the visitor\'s token, not an outage',
    async ({ status, body }) => {
      expect(tokenCodes).toEqual(['missing_token', 'invalid_token', 'invalid_token_format', 'expired_token']);
      server.use(http.post(`${baseUrl}/signin/verify`, answer(status, body)));
      await expect(examples.verify.verifySignIn('verify_x')).resolves.toBeNull();
    },
  );

  test.each(errorExamples('/signin/verify').filter((example) => !tokenCodes.includes(example.name)))(
    "throws for the server's $name ($status)",
    async ({ status, body }) => {
      server.use(http.post(`${baseUrl}/signin/verify`, answer(status, body)));
      await expect(examples.verify.verifySignIn('verify_x')).rejects.toThrow(
        `Could not verify the sign-in (${status})`,
      );
    },
  );
});

describe('examples/generate-sign-in-token.ts', () => {
  test('returns the verify_ token, asking for a lifetime in seconds', async () => {
    let sent: unknown;
    server.use(
      http.post(`${baseUrl}/signin/generate-token`, async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json({ token: 'verify_abc' });
      }),
    );
    await expect(examples.signInToken.createSignInToken('u1')).resolves.toBe('verify_abc');
    expect(sent).toEqual({ userId: 'u1', timeToLive: 300 });
  });

  test("throws with the server's title for its validation problem", async () => {
    const validation = errorExamples('/signin/generate-token').find((example) => example.name === 'validation')!;
    server.use(http.post(`${baseUrl}/signin/generate-token`, answer(validation.status, validation.body)));
    await expect(examples.signInToken.createSignInToken('u1')).rejects.toThrow(
      'Could not create a sign-in token (400)',
    );
  });
});

describe('examples/handle-errors.ts', () => {
  test.each([
    ['saved', () => new HttpResponse(null, { status: 204 })],
    ['taken', problem(409, 'alias_conflict', 'Alias is already in use by another userId.')],
    [
      'invalid',
      () =>
        HttpResponse.json(
          {
            type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
            title: 'One or more validation errors occurred.',
            status: 400,
            errors: { aliases: ['Too many.'] },
          },
          { status: 400 },
        ),
    ],
    [
      'try-later',
      () => new HttpResponse('<html>502</html>', { status: 502, headers: { 'Content-Type': 'text/html' } }),
    ],
    ['try-later', () => HttpResponse.error()],
  ])('gives %s', async (outcome, answer) => {
    server.use(http.post(`${baseUrl}/alias`, answer));
    await expect(examples.errors.setAliases('u1', ['fry@example.com'])).resolves.toBe(outcome);
  });

  test('an unknown code from a newer server is still reported', async () => {
    server.use(http.post(`${baseUrl}/alias`, problem(400, 'alias_reserved', 'This alias is reserved.')));
    await expect(examples.errors.setAliases('u1', ['admin'])).rejects.toThrow(
      'Passwordless.dev error alias_reserved: This alias is reserved.',
    );
  });
});

describe('examples/throw-on-error.ts', () => {
  test('unwrap() gives the data', async () => {
    server.use(http.get(`${baseUrl}/credentials/list`, () => HttpResponse.json({ values: [{}, {}] })));
    await expect(examples.throwing.countCredentials('u1')).resolves.toBe(2);
  });

  test('throwOnError raises PasswordlessApiError, caught by its errorCode', async () => {
    server.use(
      http.post(`${baseUrl}/magic-links/send`, problem(429, 'magic_link_email_quota_exceeded', 'Quota reached.')),
    );
    await expect(examples.throwing.emailSignInLink('u1', 'fry@example.com')).resolves.toBe('quota reached');
    server.use(http.post(`${baseUrl}/magic-links/send`, () => new HttpResponse(null, { status: 204 })));
    await expect(examples.throwing.emailSignInLink('u1', 'fry@example.com')).resolves.toBe('sent');
  });
});
