// The opt-in exception style: `throwOnError: true`, or `client.unwrap(call)` on single calls, raises
// PasswordlessApiError with the status, errorCode, title, detail, problem, and the operation's method and path.
import { HttpResponse, http } from 'msw';
import { describe, expect, test } from 'vitest';
import { createPasswordlessClient, PasswordlessApiError } from '../../src/index.js';
import { apiSecret, baseUrl, useMockApi } from './mock-api.js';

const server = useMockApi();

const expiredToken = {
  type: 'https://docs.passwordless.dev/guide/errors.html#expired_token',
  title: 'The token expired 10 seconds ago.',
  status: 403,
  errorCode: 'expired_token',
};

function answerRegisterToken(response: () => Response) {
  server.use(http.post(`${baseUrl}/register/token`, response));
}

const problem = (body: object, status: number) => () =>
  HttpResponse.json(body, { status, headers: { 'Content-Type': 'application/problem+json' } });
const body = { userId: 'u1', username: 'fry@example.com' };

describe('throwOnError', () => {
  test('an error answer throws PasswordlessApiError describing the problem and the operation', async () => {
    answerRegisterToken(problem(expiredToken, 403));
    const client = createPasswordlessClient({ apiSecret, throwOnError: true });
    const failure = await client.POST('/register/token', { body }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PasswordlessApiError);
    expect(failure).toMatchObject({
      name: 'PasswordlessApiError',
      status: 403,
      errorCode: 'expired_token',
      title: 'The token expired 10 seconds ago.',
      detail: undefined,
      problem: expiredToken,
      method: 'POST',
      path: '/register/token',
      operationId: 'createRegisterToken',
    });
    expect((failure as Error).message).toBe(
      'createRegisterToken (POST /register/token) failed with 403 expired_token: The token expired 10 seconds ago.',
    );
  });

  test('a body that is not a problem throws too, with errorCode null and the raw text', async () => {
    answerRegisterToken(
      () => new HttpResponse('<h1>502</h1>', { status: 502, headers: { 'Content-Type': 'text/html' } }),
    );
    const client = createPasswordlessClient({ apiSecret, throwOnError: true, retry: { retries: 0 } });
    const failure = (await client
      .POST('/register/token', { body })
      .catch((error: unknown) => error)) as PasswordlessApiError;
    expect(failure).toBeInstanceOf(PasswordlessApiError);
    expect(failure.status).toBe(502);
    expect(failure.errorCode).toBeNull();
    expect(failure.problem).toMatchObject({ rawBody: '<h1>502</h1>' });
  });

  test('a successful answer is returned as usual', async () => {
    answerRegisterToken(() => HttpResponse.json({ token: 'register_x' }));
    const client = createPasswordlessClient({ apiSecret, throwOnError: true });
    const { data } = await client.POST('/register/token', { body });
    expect(data).toEqual({ token: 'register_x' });
  });

  test('retries happen before the error is thrown', async () => {
    let requests = 0;
    answerRegisterToken(() =>
      ++requests < 3 ? new HttpResponse(null, { status: 503 }) : HttpResponse.json({ token: 'register_x' }),
    );
    const client = createPasswordlessClient({ apiSecret, throwOnError: true, retry: { sleep: async () => undefined } });
    const { data } = await client.POST('/register/token', { body });
    expect(data).toEqual({ token: 'register_x' });
    expect(requests).toBe(3);
  });
});

describe('unwrap()', () => {
  test('returns the data of a successful call', async () => {
    answerRegisterToken(() => HttpResponse.json({ token: 'register_x' }));
    const client = createPasswordlessClient({ apiSecret });
    const { token } = await client.unwrap(client.POST('/register/token', { body }));
    expect(token).toBe('register_x');
  });

  test('throws PasswordlessApiError for an error answer, with the operation', async () => {
    answerRegisterToken(
      problem({ ...expiredToken, status: 409, errorCode: 'alias_conflict', title: 'Alias is already in use.' }, 409),
    );
    const client = createPasswordlessClient({ apiSecret });
    const failure = await client.unwrap(client.POST('/register/token', { body })).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PasswordlessApiError);
    expect(failure).toMatchObject({
      status: 409,
      errorCode: 'alias_conflict',
      method: 'POST',
      path: '/register/token',
    });
  });

  test('an empty successful answer unwraps to undefined', async () => {
    server.use(http.post(`${baseUrl}/credentials/delete`, () => new HttpResponse(null, { status: 204 })));
    const client = createPasswordlessClient({ apiSecret });
    await expect(
      client.unwrap(client.POST('/credentials/delete', { body: { credentialId: 'Y3JlZA' } })),
    ).resolves.toBeUndefined();
  });
});
