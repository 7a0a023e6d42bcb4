// Every request carries `Client-Version: ts-contract/<package version>`, which the server logs to tell SDKs apart,
// next to the caller's own headers.
import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { expect, test } from 'vitest';
import { clientVersion, createPasswordlessClient } from '../../src/index.js';
import { apiSecret, baseUrl, useMockApi } from './mock-api.js';

const server = useMockApi();
const { version } = JSON.parse(
  readFileSync(new URL('../../packages/client/package.json', import.meta.url), 'utf8'),
) as { version: string };

test('the header names this package and its version', async () => {
  const seen: Headers[] = [];
  server.use(
    http.get(`${baseUrl}/users/count`, ({ request }) => {
      seen.push(request.headers);
      return HttpResponse.json({ count: 3 });
    }),
  );
  const client = createPasswordlessClient({ apiSecret, headers: { 'X-Request-Id': 'req-1' } });
  const { data } = await client.GET('/users/count');
  expect(data).toEqual({ count: 3 });
  expect(clientVersion).toBe(`ts-contract/${version}`);
  expect(seen[0]!.get('Client-Version')).toBe(`ts-contract/${version}`);
  expect(seen[0]!.get('X-Request-Id')).toBe('req-1');
});
