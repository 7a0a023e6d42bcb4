// The client sends the key each operation's security requirement names, read from the spec, and nothing else; an
// operation whose key was not configured fails before any request.
import { HttpResponse, http } from 'msw';
import { describe, expect, test } from 'vitest';
import { createPasswordlessClient, PasswordlessOptionError } from '../../src/index.js';
import { listOperations, loadBundledSpec } from '../helpers/bundled-spec.js';
import { apiKey, apiSecret, baseUrl, useMockApi } from './mock-api.js';

const server = useMockApi();
const spec = loadBundledSpec();
const operations = listOperations(spec).map(({ method, path, operation }) => {
  const security = operation.security ?? (spec.security as Record<string, string[]>[] | undefined) ?? [];
  const schemes = security.flatMap((requirement) => Object.keys(requirement));
  const scheme = schemes[0] ?? 'none';
  // The client has no ManagementKey option: it must send no app key to those operations.
  const sends = scheme === 'ManagementKey' ? 'no app key (a ManagementKey operation)' : scheme;
  return { method, path, operationId: operation.operationId, scheme, sends };
});

function recordRequests() {
  const seen: Request[] = [];
  server.use(
    http.all(`${baseUrl}/*`, ({ request }) => {
      seen.push(request);
      return HttpResponse.json({});
    }),
  );
  return seen;
}

/** Calls an operation by method and path, as a generic caller would (parameters are not what is tested here). */
function call(client: ReturnType<typeof createPasswordlessClient>, method: string, path: string) {
  const untyped = client.request as unknown as (m: string, p: string, init?: object) => Promise<unknown>;
  return untyped(method, path, method === 'get' ? {} : { body: {} });
}

describe('the key header of each operation', () => {
  test.each(operations)('$operationId ($method $path) sends $sends', async ({ method, path, scheme }) => {
    const seen = recordRequests();
    const client = createPasswordlessClient({ apiSecret, apiKey, retry: { retries: 0 } });
    await call(client, method, path);
    expect(seen).toHaveLength(1);
    const headers = seen[0]!.headers;
    expect(headers.get('ApiSecret')).toBe(scheme === 'ApiSecret' ? apiSecret : null);
    expect(headers.get('ApiKey')).toBe(scheme === 'ApiKey' ? apiKey : null);
  });

  test('the spec has operations of each kind to check', () => {
    for (const scheme of ['ApiSecret', 'ApiKey', 'none'])
      expect(operations.some((operation) => operation.scheme === scheme)).toBe(true);
  });
});

describe('a key the operation needs but the client lacks', () => {
  test('an ApiSecret operation without apiSecret fails before any request, naming the option', async () => {
    const seen = recordRequests();
    const client = createPasswordlessClient({ apiKey });
    const failure = await client
      .POST('/register/token', { body: { userId: 'u1', username: 'fry' } })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PasswordlessOptionError);
    expect(failure).toMatchObject({ option: 'apiSecret' });
    expect((failure as Error).message).toMatch(
      /createRegisterToken \(POST \/register\/token\) needs `apiSecret` \(scope token_register\)/,
    );
    expect(seen).toHaveLength(0);
  });

  test('an ApiKey operation without apiKey fails before any request, naming the option', async () => {
    const seen = recordRequests();
    const target = operations.find((operation) => operation.scheme === 'ApiKey')!;
    const client = createPasswordlessClient({ apiSecret });
    const failure = await call(client, target.method, target.path).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PasswordlessOptionError);
    expect(failure).toMatchObject({ option: 'apiKey' });
    expect((failure as Error).message).toContain('needs `apiKey`');
    expect(seen).toHaveLength(0);
  });

  test('a client without keys can call an operation that needs none', async () => {
    const seen = recordRequests();
    const target = operations.find((operation) => operation.scheme === 'none')!;
    await call(createPasswordlessClient(), target.method, target.path);
    expect(seen).toHaveLength(1);
  });
});
