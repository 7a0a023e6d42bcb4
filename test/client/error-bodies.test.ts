// `error` is always an object with `status` and `errorCode`: the server's problem as it was sent, or, for a body that is
// not a problem (the cloud's empty 400 on a binding error, a proxy's HTML 502, an empty 429), `errorCode: null` and
// the raw text. Never a JSON parse exception, never undefined.
import { HttpResponse, http } from 'msw';
import { describe, expect, test } from 'vitest';
import { createPasswordlessClient } from '../../src/index.js';
import { apiSecret, baseUrl, useMockApi } from './mock-api.js';

const server = useMockApi();
const client = createPasswordlessClient({ apiSecret, retry: { retries: 0 } });

function answerAliasList(response: () => Response) {
  server.use(http.get(`${baseUrl}/alias/list`, response));
  return client.GET('/alias/list', { params: { query: { userId: 'u1' } } });
}

describe('problems from the server', () => {
  test('an API problem keeps its members and its errorCode', async () => {
    const problem = {
      type: 'https://docs.passwordless.dev/guide/errors.html#alias_conflict',
      title: 'Alias is already in use by another userId.',
      status: 409,
      errorCode: 'alias_conflict',
      traceId: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00',
    };
    server.use(
      http.post(`${baseUrl}/register/token`, () =>
        HttpResponse.json(problem, { status: 409, headers: { 'Content-Type': 'application/problem+json' } }),
      ),
    );
    const { data, error, response } = await client.POST('/register/token', { body: { userId: 'u1', username: 'fry' } });
    expect(data).toBeUndefined();
    expect(response.status).toBe(409);
    expect(error).toEqual(problem);
  });

  test('a validation problem gets errorCode: null and keeps its errors', async () => {
    const problem = {
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      title: 'One or more validation errors occurred.',
      status: 400,
      errors: { userId: ['The UserId field is required.'] },
    };
    server.use(
      http.post(`${baseUrl}/register/token`, () =>
        HttpResponse.json(problem, { status: 400, headers: { 'Content-Type': 'application/problem+json' } }),
      ),
    );
    const { error } = await client.POST('/register/token', { body: { userId: '', username: 'fry' } });
    expect(error).toEqual({ ...problem, errorCode: null });
  });

  test('a 401 problem without errorCode gets errorCode: null', async () => {
    const { error } = await answerAliasList(() =>
      HttpResponse.json(
        {
          type: 'https://docs.passwordless.dev/guide/errors.html#ApiSecret',
          title: "A valid 'ApiSecret' header is required.",
          status: 401,
          detail: "The value of your 'ApiSecret' is not valid.",
        },
        { status: 401, headers: { 'Content-Type': 'application/problem+json', 'WWW-Authenticate': 'ApiSecret' } },
      ),
    );
    expect(error).toMatchObject({
      status: 401,
      errorCode: null,
      detail: "The value of your 'ApiSecret' is not valid.",
    });
    expect(error?.rawBody).toBeUndefined();
  });
});

describe('bodies that are not problems', () => {
  test.each([
    [
      'an empty 400 with Content-Length: 0 (the cloud on a binding error)',
      () => new HttpResponse(null, { status: 400, headers: { 'Content-Length': '0' } }),
      400,
      '',
      /empty body/,
    ],
    ['an empty 429 without Content-Length', () => new HttpResponse(null, { status: 429 }), 429, '', /empty body/],
    [
      'an HTML 502 from a proxy',
      () =>
        new HttpResponse('<html><body>Bad gateway</body></html>', {
          status: 502,
          headers: { 'Content-Type': 'text/html; charset=utf-8' },
        }),
      502,
      '<html><body>Bad gateway</body></html>',
      /text\/html text/,
    ],
    [
      'a plain-text 503',
      () => new HttpResponse('Service Unavailable', { status: 503, headers: { 'Content-Type': 'text/plain' } }),
      503,
      'Service Unavailable',
      /text\/plain text/,
    ],
    [
      'JSON that is not a problem',
      () => HttpResponse.json({ message: 'upstream timed out' }, { status: 504 }),
      504,
      '{"message":"upstream timed out"}',
      /application\/json text/,
    ],
    [
      'truncated problem JSON',
      () =>
        new HttpResponse('{"type":"https://docs', {
          status: 500,
          headers: { 'Content-Type': 'application/problem+json' },
        }),
      500,
      '{"type":"https://docs',
      /problem\+json text/,
    ],
  ])('%s gives status, errorCode: null and the raw text', async (_case, answer, status, rawBody, detail) => {
    const { data, error, response } = await answerAliasList(answer);
    expect(data).toBeUndefined();
    expect(response.status).toBe(status);
    expect(error).toMatchObject({ status, errorCode: null, rawBody });
    expect(typeof error?.title).toBe('string');
    expect(error?.title.length).toBeGreaterThan(0);
    expect(error?.detail).toMatch(detail);
  });

  test('the title is the reason phrase, or HTTP <status> when there is none (as over HTTP/2)', async () => {
    const answering = (statusText: string) =>
      createPasswordlessClient({
        apiSecret,
        retry: { retries: 0 },
        fetch: async () => new Response('', { status: 502, statusText }),
      });
    const { error: unnamed } = await answering('').GET('/users/count');
    expect(unnamed?.title).toBe('HTTP 502');
    const { error: named } = await answering('Bad Gateway').GET('/users/count');
    expect(named?.title).toBe('Bad Gateway');
  });

  test('a successful empty answer stays data: undefined', async () => {
    server.use(http.post(`${baseUrl}/credentials/delete`, () => new HttpResponse(null, { status: 204 })));
    const { data, error, response } = await client.POST('/credentials/delete', {
      body: { credentialId: 'Y3JlZGVudGlhbC1pZA' },
    });
    expect(response.status).toBe(204);
    expect(data).toBeUndefined();
    expect(error).toBeUndefined();
  });
});
