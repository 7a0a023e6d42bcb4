// Middleware a user adds with client.use() runs after the client's own: its onRequest sees the key already set, and its
// onResponse (openapi-fetch runs those in reverse order) sees the answer as it came, before the client normalizes the
// error body. The recorder (src/recording) relies on both.
import { HttpResponse, http } from 'msw';
import type { Middleware } from 'openapi-fetch';
import { expect, test } from 'vitest';
import { createPasswordlessClient } from '../../src/index.js';
import { apiSecret, baseUrl, useMockApi } from './mock-api.js';

const server = useMockApi();

test('added middleware sees the key on the request and the raw error answer, while the call gets the normalized one', async () => {
  server.use(
    http.get(
      `${baseUrl}/users/count`,
      () => new HttpResponse('<h1>Bad gateway</h1>', { status: 502, headers: { 'Content-Type': 'text/html' } }),
    ),
  );
  const seen: { key: string | null; contentType: string | null; body: string }[] = [];
  const observer: Middleware = {
    async onResponse({ request, response }) {
      seen.push({
        key: request.headers.get('ApiSecret'),
        contentType: response.headers.get('content-type'),
        body: await response.clone().text(),
      });
      return undefined;
    },
  };
  const client = createPasswordlessClient({ apiSecret, retry: { retries: 0 } });
  client.use(observer);
  const { error, response } = await client.GET('/users/count');
  expect(seen).toEqual([{ key: apiSecret, contentType: 'text/html', body: '<h1>Bad gateway</h1>' }]);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(error).toMatchObject({ status: 502, errorCode: null, rawBody: '<h1>Bad gateway</h1>' });
});

test('after retries, added middleware sees only the final answer', async () => {
  let requests = 0;
  server.use(
    http.get(`${baseUrl}/users/count`, () =>
      ++requests === 1 ? new HttpResponse(null, { status: 503 }) : HttpResponse.json({ count: 7 }),
    ),
  );
  const statuses: number[] = [];
  const client = createPasswordlessClient({ apiSecret, retry: { sleep: async () => undefined } });
  client.use({
    onResponse({ response }) {
      statuses.push(response.status);
      return undefined;
    },
  });
  const { data } = await client.GET('/users/count');
  expect(data).toEqual({ count: 7 });
  expect(requests).toBe(2);
  expect(statuses).toEqual([200]);
});
