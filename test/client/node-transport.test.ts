// The Node entry sends through node:http(s) by default (nodeFetch), and behaves like fetch where the client relies on
// it: headers and bodies both ways, null-body statuses, aborts and deadlines, connection failures. Against a real local
// server, since the point is the socket path.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { PasswordlessNetworkError, PasswordlessTimeoutError } from '../../src/index.js';
import { createPasswordlessClient, nodeFetch } from '../../src/node/index.js';
import { apiSecret } from './mock-api.js';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;
let handle: Handler = (_request, _body, response) => response.end();
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => handle(request, body, response));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterEach(() => vi.unstubAllGlobals());
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const json = (
  response: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string | string[]> = {},
) => {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(value));
};

describe('the Node entry', () => {
  test('sends through node:http by default, not the global fetch', async () => {
    const globalFetch = vi.fn(() => Promise.reject(new Error('the global fetch was used')));
    vi.stubGlobal('fetch', globalFetch);
    handle = (request, body, response) =>
      json(response, 200, {
        token: 'register_x',
        seen: { method: request.method, url: request.url, headers: request.headers, body: JSON.parse(body) },
      });
    const client = createPasswordlessClient({ apiSecret, baseUrl });
    const { data } = await client.POST('/register/token', { body: { userId: 'Zoë', username: 'zoë@example.com' } });
    expect(globalFetch).not.toHaveBeenCalled();
    expect(data).toMatchObject({
      token: 'register_x',
      seen: {
        method: 'POST',
        url: '/register/token',
        headers: {
          apisecret: apiSecret,
          'client-version': expect.stringMatching(/^ts-contract\//),
          'content-type': 'application/json',
        },
        body: { userId: 'Zoë', username: 'zoë@example.com' },
      },
    });
  });

  test('a fetch passed in the options wins', async () => {
    const fetch = vi.fn(async () => Response.json({ count: 1 }));
    const { data } = await createPasswordlessClient({ apiSecret, baseUrl, fetch }).GET('/users/count');
    expect(fetch).toHaveBeenCalledOnce();
    expect(data).toEqual({ count: 1 });
  });

  test('query values arrive encoded and intact', async () => {
    handle = (request, _body, response) => json(response, 200, { values: [], url: request.url });
    const userId = 'a&b /c#d?é用';
    const { data } = await createPasswordlessClient({ apiSecret, baseUrl }).GET('/alias/list', {
      params: { query: { userId } },
    });
    expect(new URL(`http://x${(data as unknown as { url: string }).url}`).searchParams.get('userId')).toBe(userId);
  });

  test('an HTML error page becomes the usual non-problem error', async () => {
    handle = (_request, _body, response) => {
      response.writeHead(502, 'Bad Gateway', { 'content-type': 'text/html' });
      response.end('<html>upstream down</html>');
    };
    const { error } = await createPasswordlessClient({ apiSecret, baseUrl, retry: { retries: 0 } }).GET('/users/count');
    expect(error).toEqual({
      status: 502,
      errorCode: null,
      title: 'Bad Gateway',
      detail: 'The response body was text/html text, not a problem.',
      rawBody: '<html>upstream down</html>',
    });
  });

  test.each([
    ['node:http', undefined],
    ["the runtime's fetch", fetch],
  ])(
    'a connection refused is a PasswordlessNetworkError whose message names the method, the origin and the code (%s)',
    async (_transport, transport) => {
      const closed = createServer();
      closed.listen(0, '127.0.0.1');
      await once(closed, 'listening');
      const port = (closed.address() as { port: number }).port;
      closed.close();
      await once(closed, 'close');
      const origin = `http://127.0.0.1:${port}`;
      const failure = await createPasswordlessClient({
        apiSecret,
        baseUrl: `${origin}/api`,
        retry: { retries: 0 },
        ...(transport ? { fetch: transport } : {}),
      })
        .GET('/users/count')
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(PasswordlessNetworkError);
      expect((failure as Error).cause).toBeInstanceOf(TypeError);
      expect(failure).toMatchObject({ origin, code: 'ECONNREFUSED', method: 'GET', operationId: 'countUsers' });
      expect((failure as Error).message).toBe(
        `countUsers (GET /users/count): no answer from ${origin}: ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:${port})`,
      );
    },
  );

  test('a body that stalls after the headers still meets the deadline', async () => {
    handle = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"count":');
    };
    const failure = await createPasswordlessClient({ apiSecret, baseUrl, timeoutMs: 100, retry: { retries: 0 } })
      .GET('/users/count')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PasswordlessTimeoutError);
  });

  test("the caller's abort rejects with its reason", async () => {
    handle = () => undefined;
    const controller = new AbortController();
    const call = createPasswordlessClient({ apiSecret, baseUrl }).GET('/users/count', { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    const failure = await call.catch((error: unknown) => error);
    expect((failure as DOMException).name).toBe('AbortError');
  });
});

describe('nodeFetch', () => {
  test('gives a Response with status, reason, repeated headers and body', async () => {
    handle = (_request, _body, response) =>
      json(response, 201, { ok: true }, { 'set-cookie': ['a=1', 'b=2'], 'x-trace': 't1' });
    const response = await nodeFetch(`${baseUrl}/anything`, { method: 'POST', body: 'hello' });
    expect(response.status).toBe(201);
    expect(response.statusText).toBe('Created');
    expect(response.headers.get('x-trace')).toBe('t1');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.json()).toEqual({ ok: true });
  });

  test('a 204 has a null body', async () => {
    handle = (_request, _body, response) => {
      response.writeHead(204);
      response.end();
    };
    const response = await nodeFetch(new Request(`${baseUrl}/x`, { method: 'POST' }));
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  test('sends the request body with its length', async () => {
    handle = (request, body, response) => json(response, 200, { length: request.headers['content-length'], body });
    const response = await nodeFetch(`${baseUrl}/x`, { method: 'POST', body: 'Zoë' });
    expect(await response.json()).toEqual({ length: '4', body: 'Zoë' });
  });

  test('an already aborted signal rejects before sending', async () => {
    const sent = vi.fn();
    handle = (_request, _body, response) => {
      sent();
      response.end();
    };
    await expect(nodeFetch(`${baseUrl}/x`, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(sent).not.toHaveBeenCalled();
  });
});
