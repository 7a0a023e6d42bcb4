// Downstream teams mock the API with msw in their Node tests: msw must see the Node transport's requests even though
// the client was imported (and created) before msw started intercepting.
import { HttpResponse, http } from 'msw';
import { expect, test } from 'vitest';
import { createPasswordlessClient } from '../../src/node/index.js';
import { apiSecret, baseUrl, useMockApi } from './mock-api.js';

const client = createPasswordlessClient({ apiSecret, retry: { retries: 0 } });
const server = useMockApi();

test('msw answers requests sent through node:http', async () => {
  const seen: Request[] = [];
  server.use(
    http.post(`${baseUrl}/register/token`, ({ request }) => {
      seen.push(request);
      return HttpResponse.json({ token: 'register_from_msw' });
    }),
  );
  const { data } = await client.POST('/register/token', { body: { userId: 'u1', username: 'fry' } });
  expect(data).toEqual({ token: 'register_from_msw' });
  expect(seen[0]!.headers.get('ApiSecret')).toBe(apiSecret);
});
