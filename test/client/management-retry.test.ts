// The management client retries as the app client does, from the same generated rules: GETs and the operations the spec
// marks idempotent are sent again after 429, 502, 503, 504 or a network error; creating an app or a key is sent once,
// since a repeated create makes a second key (or finds the id taken) when the first one reached the server.
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createPasswordlessManagementClient, PasswordlessNetworkError } from '../../src/management.js';
import { passwordlessEmulator } from '../../src/msw/index.js';
import { instantRetries } from './mock-api.js';

const managementKey = 'management-key-for-the-retry-tests';
const baseUrl = 'https://passwordless.example.com/api';
const emulator = passwordlessEmulator({ managementKey, baseUrl });
const server = setupServer(...emulator.handlers);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(async () => {
  server.resetHandlers();
  await emulator.reset();
});
afterAll(() => server.close());

/**
 * Answers the first `failures` requests to `path` with `failure`, counting every request; the later ones go on to the
 * emulator (an msw handler that returns nothing passes the request on).
 */
function failFirst(method: 'get' | 'post' | 'delete', path: string, failures: number, failure: () => Response) {
  const requests: Request[] = [];
  server.use(
    http[method](`${baseUrl}${path}`, ({ request }) => {
      requests.push(request.clone());
      return requests.length <= failures ? failure() : undefined;
    }),
  );
  return requests;
}

const status = (code: number) => () => new HttpResponse(null, { status: code });
const client = (retries = 2) => {
  const { waits, retry } = instantRetries(0.5, retries);
  return { waits, management: createPasswordlessManagementClient({ managementKey, baseUrl, retry }) };
};
const app = { params: { path: { appId: 'retryapp' } } };

describe('operations that create something are sent once', () => {
  test.each([503, 429, 502, 504])('createApp answered %i', async (code) => {
    const requests = failFirst('post', '/admin/apps/retryapp/create', 1, status(code));
    const { management, waits } = client();
    const { error, response } = await management.POST('/admin/apps/{appId}/create', {
      ...app,
      body: { adminEmail: 'admin@example.com' },
    });
    expect(response.status).toBe(code);
    expect(error).toMatchObject({ status: code, errorCode: null });
    expect(requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  test.each([
    ['createPublicKey', '/admin/apps/{appId}/public-keys', '/admin/apps/retryapp/public-keys'],
    ['createSecretKey', '/admin/apps/{appId}/secret-keys', '/admin/apps/retryapp/secret-keys'],
  ] as const)('%s answered 503', async (_operationId, template, path) => {
    const requests = failFirst('post', path, 1, status(503));
    const { management } = client();
    const { response } = await management.POST(template, { ...app, body: { scopes: [0] } });
    expect(response.status).toBe(503);
    expect(requests).toHaveLength(1);
  });

  test('createApp after a network error: thrown, not sent again', async () => {
    const requests = failFirst('post', '/admin/apps/retryapp/create', 1, () => HttpResponse.error());
    const { management } = client();
    const failure = await management
      .POST('/admin/apps/{appId}/create', { ...app, body: { adminEmail: 'admin@example.com' } })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PasswordlessNetworkError);
    expect((failure as Error).message).toMatch(
      /^createApp \(POST \/admin\/apps\/\{appId\}\/create\): no answer from https?:\/\/[^/]+: /,
    );
    expect(requests).toHaveLength(1);
  });
});

describe('idempotent operations are retried', () => {
  test("a GET answered 503 twice gets the emulator's answer on the third attempt, with the key each time", async () => {
    const requests = failFirst('get', '/admin/apps/retryapp/available', 2, status(503));
    const { management, waits } = client();
    const { data, error } = await management.GET('/admin/apps/{appId}/available', app);
    expect(error).toBeUndefined();
    expect(data).toEqual({ available: true });
    expect(requests).toHaveLength(3);
    expect(waits).toEqual([250, 500]);
    for (const request of requests) expect(request.headers.get('ManagementKey')).toBe(managementKey);
  });

  test('a POST the spec marks idempotent (freezing an app) is sent again with its key', async () => {
    const requests = failFirst('post', '/admin/apps/retryapp/freeze', 1, () => HttpResponse.error());
    const { management } = client();
    const { response } = await management.POST('/admin/apps/{appId}/freeze', app);
    expect(response.status).toBe(204);
    expect(requests).toHaveLength(2);
  });

  test('lock, a POST whose second call answers as the first, is sent again', async () => {
    const { management } = client();
    const { data: created } = await management.POST('/admin/apps/{appId}/create', {
      ...app,
      body: { adminEmail: 'admin@example.com' },
    });
    const apiKeyId = created!.apiKey1.slice(-4);
    const requests = failFirst('post', `/admin/apps/retryapp/api-keys/${apiKeyId}/lock`, 1, status(502));
    const { response } = await management.POST('/admin/apps/{appId}/api-keys/{apiKeyId}/lock', {
      params: { path: { appId: 'retryapp', apiKeyId } },
    });
    expect(response.status).toBe(204);
    expect(requests).toHaveLength(2);
  });

  test('retries: 0 sends a GET once', async () => {
    const requests = failFirst('get', '/apps/list-pending-deletion', 1, status(503));
    const { management } = client(0);
    expect((await management.GET('/apps/list-pending-deletion')).response.status).toBe(503);
    expect(requests).toHaveLength(1);
  });
});

describe('deletes whose second call would answer an error are sent once', () => {
  test.each([
    ['deleteApiKey', 'delete', '/admin/apps/retryapp/api-keys/6d02'],
    ['deleteApp', 'delete', '/admin/apps/retryapp'],
    ['markAppForDeletion', 'post', '/admin/apps/retryapp/mark-delete'],
  ] as const)('%s after a 502 or a network error', async (operationId, method, path) => {
    for (const failure of [status(502), () => HttpResponse.error()]) {
      const requests = failFirst(method, path, 1, failure);
      const { management, waits } = client();
      const call =
        operationId === 'deleteApiKey'
          ? management.DELETE('/admin/apps/{appId}/api-keys/{apiKeyId}', {
              params: { path: { appId: 'retryapp', apiKeyId: '6d02' } },
            })
          : operationId === 'deleteApp'
            ? management.DELETE('/admin/apps/{appId}', app)
            : management.POST('/admin/apps/{appId}/mark-delete', {
                ...app,
                body: { appId: 'retryapp', deletedBy: 'admin@example.com' },
              });
      const outcome = await call.then(
        ({ response }) => response.status,
        (error: unknown) => error,
      );
      expect(outcome === 502 || outcome instanceof PasswordlessNetworkError, operationId).toBe(true);
      expect(requests, operationId).toHaveLength(1);
      expect(waits).toEqual([]);
      server.resetHandlers();
    }
  });
});
