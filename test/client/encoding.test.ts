// Query values reach the server intact, whatever characters they hold: the official SDKs paste userId into the URL
// unencoded, so `a&b` arrives as `a`.
import { HttpResponse, http } from 'msw';
import { expect, test } from 'vitest';
import { createPasswordlessClient } from '../../src/index.js';
import { apiSecret, baseUrl, useMockApi } from './mock-api.js';

const server = useMockApi();

const awkwardUserIds = [
  'fry&bender',
  'a/b/../c',
  'room#1',
  'Philip J Fry',
  'plus+sign=equals',
  '%41 is not A',
  'Zoë Ørsted',
  '用户😀',
  '?&=#',
];

test.each(awkwardUserIds)('userId %j arrives unchanged, as the only query member', async (userId) => {
  const seen: URL[] = [];
  server.use(
    http.get(`${baseUrl}/credentials/list`, ({ request }) => {
      seen.push(new URL(request.url));
      return HttpResponse.json({ values: [] });
    }),
  );
  const client = createPasswordlessClient({ apiSecret });
  const { data } = await client.GET('/credentials/list', { params: { query: { userId } } });
  expect(data).toEqual({ values: [] });
  expect(seen).toHaveLength(1);
  expect(seen[0]!.pathname).toBe('/credentials/list');
  expect([...seen[0]!.searchParams.keys()]).toEqual(['userId']);
  expect(seen[0]!.searchParams.get('userId')).toBe(userId);
  expect(seen[0]!.hash).toBe('');
});

test('a JSON body keeps non-ASCII text as UTF-8', async () => {
  const seen: unknown[] = [];
  server.use(
    http.post(`${baseUrl}/register/token`, async ({ request }) => {
      seen.push(await request.json());
      return HttpResponse.json({ token: 'register_x' });
    }),
  );
  const client = createPasswordlessClient({ apiSecret });
  await client.POST('/register/token', { body: { userId: 'Zoë&用户', username: 'zoë@example.com' } });
  expect(seen).toEqual([{ userId: 'Zoë&用户', username: 'zoë@example.com' }]);
});
