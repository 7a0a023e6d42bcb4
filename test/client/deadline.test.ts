// Each attempt has a deadline (timeoutMs), combined with the caller's own signal; the caller's abort ends the call at
// once, retries and backoff included.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { delay, HttpResponse, http } from 'msw';
import { describe, expect, test } from 'vitest';
import { createPasswordlessClient, PasswordlessNetworkError, PasswordlessTimeoutError } from '../../src/index.js';
import { apiSecret, baseUrl, instantRetries, useMockApi } from './mock-api.js';

const server = useMockApi();

// A garbage collection on demand: the runtime links a Request's signal to the caller's only weakly, and a collection
// during a long wait once cut that link.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** A handler that never answers the first `hang` requests and answers the rest. */
function hangThenAnswer(method: 'get' | 'post', path: string, hang: number, answer: () => Response) {
  let requests = 0;
  server.use(
    http[method](`${baseUrl}${path}`, async () => {
      requests++;
      if (requests <= hang) await delay('infinite');
      return answer();
    }),
  );
  return () => requests;
}

const count = () => HttpResponse.json({ count: 7 });

describe('the deadline', () => {
  test('a POST with no answer within timeoutMs fails with PasswordlessTimeoutError, sent once', async () => {
    const requests = hangThenAnswer(
      'post',
      '/magic-links/send',
      Infinity,
      () => new HttpResponse(null, { status: 204 }),
    );
    const client = createPasswordlessClient({ apiSecret, timeoutMs: 100 });
    const started = performance.now();
    const call = client.POST('/magic-links/send', {
      body: { emailAddress: 'fry@example.com', urlTemplate: 'https://example.com/signin?token=$TOKEN', userId: 'u1' },
    });
    setTimeout(collectGarbage, 20);
    const failure = await call.catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PasswordlessTimeoutError);
    expect(failure).toBeInstanceOf(PasswordlessNetworkError);
    expect(failure).toMatchObject({
      timeoutMs: 100,
      method: 'POST',
      path: '/magic-links/send',
      operationId: 'sendMagicLink',
    });
    expect((failure as Error).message).toBe(
      'sendMagicLink (POST /magic-links/send): no answer from https://v4.passwordless.dev within 100 ms (timeoutMs)',
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
    expect(requests()).toBe(1);
  });

  test('the deadline is per attempt: a GET that times out is retried and may then succeed', async () => {
    const requests = hangThenAnswer('get', '/users/count', 1, count);
    const { retry } = instantRetries();
    const { data } = await createPasswordlessClient({ apiSecret, timeoutMs: 100, retry }).GET('/users/count');
    expect(data).toEqual({ count: 7 });
    expect(requests()).toBe(2);
  });

  test('a GET that times out on every attempt fails with PasswordlessTimeoutError after its retries', async () => {
    const requests = hangThenAnswer('get', '/users/count', Infinity, count);
    const { retry } = instantRetries(0.5, 1);
    const failure = await createPasswordlessClient({ apiSecret, timeoutMs: 50, retry })
      .GET('/users/count')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PasswordlessTimeoutError);
    expect(requests()).toBe(2);
  });

  test('an answer within the deadline is unaffected', async () => {
    server.use(
      http.get(`${baseUrl}/users/count`, async () => {
        await delay(30);
        return count();
      }),
    );
    const { data } = await createPasswordlessClient({ apiSecret, timeoutMs: 2_000 }).GET('/users/count');
    expect(data).toEqual({ count: 7 });
  });
});

describe("the caller's signal", () => {
  test('aborting a call rejects it with the abort reason, without a retry', async () => {
    const requests = hangThenAnswer('get', '/users/count', Infinity, count);
    const controller = new AbortController();
    const { retry } = instantRetries();
    const call = createPasswordlessClient({ apiSecret, retry }).GET('/users/count', { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    const failure = await call.catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DOMException);
    expect((failure as DOMException).name).toBe('AbortError');
    expect(requests()).toBe(1);
  });

  test('a reason given to abort() is what the call rejects with', async () => {
    hangThenAnswer('get', '/users/count', Infinity, count);
    const controller = new AbortController();
    const call = createPasswordlessClient({ apiSecret }).GET('/users/count', { signal: controller.signal });
    const reason = new Error('user navigated away');
    setTimeout(() => controller.abort(reason), 30);
    await expect(call).rejects.toBe(reason);
  });

  test('aborting during the backoff wait ends the call at once, even after a garbage collection', async () => {
    let requests = 0;
    server.use(
      http.get(`${baseUrl}/users/count`, () => {
        requests++;
        return new HttpResponse(null, { status: 503, headers: { 'Retry-After': '30' } });
      }),
    );
    const controller = new AbortController();
    const call = createPasswordlessClient({ apiSecret }).GET('/users/count', { signal: controller.signal });
    setTimeout(() => {
      collectGarbage();
      controller.abort();
    }, 50);
    const started = performance.now();
    const failure = await call.catch((error: unknown) => error);
    expect((failure as DOMException).name).toBe('AbortError');
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(requests).toBe(1);
  });

  test('a signal aborted before the call sends nothing', async () => {
    const requests = hangThenAnswer('get', '/users/count', 0, count);
    const failure = await createPasswordlessClient({ apiSecret })
      .GET('/users/count', { signal: AbortSignal.abort() })
      .catch((error: unknown) => error);
    expect((failure as DOMException).name).toBe('AbortError');
    expect(requests()).toBe(0);
  });
});

describe('an error body that stalls', () => {
  // Kept reachable: with no socket behind it, a garbage collection could otherwise take the pending call whole.
  const inFlight: Request[] = [];

  test('reading it still meets the deadline, as PasswordlessTimeoutError', async () => {
    // Headers of a 502 arrive at once; its body never ends.
    const client = createPasswordlessClient({
      apiSecret,
      timeoutMs: 100,
      retry: { retries: 0 },
      fetch: async (request) => {
        inFlight.push(request);
        const body = new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('<html>'));
            request.signal.addEventListener('abort', () => controller.error(request.signal.reason));
          },
        });
        return new Response(body, { status: 502, headers: { 'Content-Type': 'text/html' } });
      },
    });
    const failure = await client.GET('/users/count').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PasswordlessTimeoutError);
  });
});
