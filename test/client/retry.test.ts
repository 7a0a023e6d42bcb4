// Idempotent operations (GET, and POSTs the spec marks x-passwordless-idempotent) are retried after network errors,
// 429, 502, 503 and 504, with full-jitter backoff and Retry-After; any other operation is sent once.
import { HttpResponse, http } from 'msw';
import { describe, expect, test } from 'vitest';
import { createPasswordlessClient, PasswordlessNetworkError } from '../../src/index.js';
import { listOperations, loadBundledSpec } from '../helpers/bundled-spec.js';
import { apiSecret, baseUrl, instantRetries, useMockApi } from './mock-api.js';

const server = useMockApi();

/** Answers the given responses in turn (the last one repeats) and counts the requests. */
function answerInTurn(method: 'get' | 'post', path: string, ...answers: (() => Response)[]) {
  const requests: Request[] = [];
  server.use(
    http[method](`${baseUrl}${path}`, ({ request }) => {
      requests.push(request.clone());
      return answers[Math.min(requests.length, answers.length) - 1]!();
    }),
  );
  return requests;
}

const status =
  (code: number, headers: Record<string, string> = {}) =>
  () =>
    new HttpResponse(null, { status: code, headers });
const count = () => HttpResponse.json({ count: 7 });

// A POST the spec does not mark idempotent (it sends an e-mail), read from the spec rather than assumed.
const sendOnce = listOperations(loadBundledSpec()).find(
  ({ method, operation }) =>
    method === 'post' && operation.operationId === 'sendMagicLink' && !operation['x-passwordless-idempotent'],
);

describe('idempotent operations', () => {
  test.each([429, 502, 503, 504])('a GET answered %i is retried', async (code) => {
    const requests = answerInTurn('get', '/users/count', status(code), status(code), count);
    const { waits, retry } = instantRetries(0.5);
    const { data, error } = await createPasswordlessClient({ apiSecret, retry }).GET('/users/count');
    expect(error).toBeUndefined();
    expect(data).toEqual({ count: 7 });
    expect(requests).toHaveLength(3);
    // Full jitter: half of the 500 ms ceiling, then half of 1000 ms.
    expect(waits).toEqual([250, 500]);
  });

  test('a network error on a GET is retried', async () => {
    const requests = answerInTurn('get', '/users/count', () => HttpResponse.error(), count);
    const { retry } = instantRetries();
    const { data } = await createPasswordlessClient({ apiSecret, retry }).GET('/users/count');
    expect(data).toEqual({ count: 7 });
    expect(requests).toHaveLength(2);
  });

  test('a POST marked idempotent is retried with the same body and key', async () => {
    const requests = answerInTurn('post', '/register/token', status(503), () =>
      HttpResponse.json({ token: 'register_x' }),
    );
    const { retry } = instantRetries();
    const body = { userId: 'u1', username: 'fry@example.com' };
    const { data } = await createPasswordlessClient({ apiSecret, retry }).POST('/register/token', { body });
    expect(data).toEqual({ token: 'register_x' });
    expect(requests).toHaveLength(2);
    for (const request of requests) {
      expect(await request.json()).toEqual(body);
      expect(request.headers.get('ApiSecret')).toBe(apiSecret);
    }
  });

  test('after the last retry the error answer is returned', async () => {
    const requests = answerInTurn('get', '/users/count', status(502));
    const { waits, retry } = instantRetries(0.5);
    const { error, response } = await createPasswordlessClient({ apiSecret, retry }).GET('/users/count');
    expect(requests).toHaveLength(3);
    expect(waits).toHaveLength(2);
    expect(response.status).toBe(502);
    expect(error).toMatchObject({ status: 502, errorCode: null });
  });

  test.each([400, 401, 404, 500])('a GET answered %i is not retried', async (code) => {
    const requests = answerInTurn('get', '/users/count', status(code), count);
    const { retry } = instantRetries();
    const { error } = await createPasswordlessClient({ apiSecret, retry }).GET('/users/count');
    expect(error).toMatchObject({ status: code });
    expect(requests).toHaveLength(1);
  });

  test('retries: 0 sends once', async () => {
    const requests = answerInTurn('get', '/users/count', status(503), count);
    const { retry } = instantRetries(0.5, 0);
    await createPasswordlessClient({ apiSecret, retry }).GET('/users/count');
    expect(requests).toHaveLength(1);
  });
});

describe('backoff', () => {
  test('the ceiling doubles from 0.5 s and stops at 5 s; the wait is random below it', async () => {
    answerInTurn('get', '/users/count', status(503));
    const { waits, retry } = instantRetries(0.999, 6);
    await createPasswordlessClient({ apiSecret, retry }).GET('/users/count');
    expect(waits).toEqual([500, 1000, 2000, 4000, 5000, 5000].map((ceiling) => Math.floor(0.999 * ceiling)));
  });

  test('Retry-After in seconds is waited for when longer than the backoff', async () => {
    const requests = answerInTurn('get', '/users/count', status(429, { 'Retry-After': '7' }), count);
    const { waits, retry } = instantRetries(0.5);
    const { data } = await createPasswordlessClient({ apiSecret, retry }).GET('/users/count');
    expect(data).toEqual({ count: 7 });
    expect(requests).toHaveLength(2);
    expect(waits).toEqual([7000]);
  });

  test('Retry-After as an HTTP date is waited for', async () => {
    const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 10_000).toUTCString();
    answerInTurn('get', '/users/count', status(503, { 'Retry-After': at }), count);
    const { waits, retry } = instantRetries(0);
    await createPasswordlessClient({ apiSecret, retry }).GET('/users/count');
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(8_000);
    expect(waits[0]).toBeLessThanOrEqual(11_000);
  });

  test('a Retry-After beyond 60 s ends the retries at once', async () => {
    const requests = answerInTurn('get', '/users/count', status(429, { 'Retry-After': '3600' }), count);
    const { waits, retry } = instantRetries();
    const { error } = await createPasswordlessClient({ apiSecret, retry }).GET('/users/count');
    expect(error).toMatchObject({ status: 429, errorCode: null });
    expect(requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  test('the default sleep really waits', async () => {
    answerInTurn('get', '/users/count', status(503), count);
    const started = performance.now();
    const { data } = await createPasswordlessClient({
      apiSecret,
      retry: { retries: 1, minDelayMs: 40, maxDelayMs: 40, random: () => 0.99 },
    }).GET('/users/count');
    expect(data).toEqual({ count: 7 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
  });
});

describe('operations that are not idempotent', () => {
  test('the spec has a POST that must be sent once', () => {
    expect(sendOnce).toBeDefined();
  });

  test.each([429, 502, 503, 504])('a POST not marked idempotent answered %i is not sent again', async (code) => {
    const requests = answerInTurn('post', sendOnce!.path, status(code), status(204));
    const { waits, retry } = instantRetries();
    const untyped = createPasswordlessClient({ apiSecret, retry }).request as unknown as (
      m: string,
      p: string,
      i: object,
    ) => Promise<{ error?: unknown }>;
    const { error } = await untyped('post', sendOnce!.path, { body: {} });
    expect(error).toMatchObject({ status: code });
    expect(requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  test.each([
    ['a network error', () => HttpResponse.error()],
    ['503', status(503)],
  ])(
    'POST /credentials/delete after %s is not sent again: a second delete of the same credential is a 500 on the server',
    async (_, failure) => {
      const requests = answerInTurn('post', '/credentials/delete', failure, status(204));
      const { retry, waits } = instantRetries();
      const call = createPasswordlessClient({ apiSecret, retry }).POST('/credentials/delete', {
        body: { credentialId: 'Y3JlZA' },
      });
      const outcome = await call.then(
        ({ response }) => response.status,
        (error: unknown) => error,
      );
      expect(outcome === 503 || outcome instanceof PasswordlessNetworkError).toBe(true);
      expect(requests).toHaveLength(1);
      expect(waits).toEqual([]);
    },
  );

  test('a POST not marked idempotent that meets a network error is not sent again', async () => {
    const requests = answerInTurn('post', sendOnce!.path, () => HttpResponse.error(), status(204));
    const { retry } = instantRetries();
    const untyped = createPasswordlessClient({ apiSecret, retry }).request as unknown as (
      m: string,
      p: string,
      i: object,
    ) => Promise<unknown>;
    const failure = await untyped('post', sendOnce!.path, { body: {} }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PasswordlessNetworkError);
    expect((failure as Error).message).toMatch(
      /^sendMagicLink \(POST \/magic-links\/send\): no answer from https:\/\/v4\.passwordless\.dev: /,
    );
    expect(requests).toHaveLength(1);
  });
});
