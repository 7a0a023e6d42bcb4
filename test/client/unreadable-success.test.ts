// A success status whose body is not JSON (a proxy's HTML page answered 200, a body cut short) is a
// PasswordlessBodyError that names the call, the status and the Content-Type, with or without throwOnError, and never a
// bare SyntaxError; its message holds no part of the body, which may carry keys.
import { HttpResponse, http } from 'msw';
import { describe, expect, test } from 'vitest';
import { createPasswordlessClient, PasswordlessBodyError } from '../../src/index.js';
import { createPasswordlessManagementClient } from '../../src/management.js';
import { apiSecret, baseUrl, useMockApi } from './mock-api.js';

const server = useMockApi();
const body = { userId: 'u1', username: 'fry@example.com' };

describe('a 2xx answer whose body cannot be read as JSON', () => {
  test.each([
    ['an HTML page', '<html>maintenance</html>', 'text/html'],
    ['a body cut short', '{"token":"register_abc', 'application/json'],
  ])('%s: PasswordlessBodyError, with or without throwOnError', async (_case, text, contentType) => {
    server.use(
      http.post(
        `${baseUrl}/register/token`,
        () => new HttpResponse(text, { status: 200, headers: { 'Content-Type': contentType } }),
      ),
    );
    for (const throwOnError of [false, true]) {
      const client = createPasswordlessClient({ apiSecret, throwOnError, fetch: (request) => fetch(request) });
      const failure = await client.POST('/register/token', { body }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(PasswordlessBodyError);
      expect(failure).not.toBeInstanceOf(SyntaxError);
      expect(failure).toMatchObject({
        status: 200,
        contentType,
        method: 'POST',
        path: '/register/token',
        operationId: 'createRegisterToken',
      });
      expect((failure as Error).message).toBe(
        `createRegisterToken (POST /register/token): the server answered 200, but its body could not be read as JSON (${contentType}, ${text.length} characters)`,
      );
    }
  });

  test('the message and the error hold no part of the body, which may carry a key', async () => {
    const cut = '{"apiKey1":"myapp:public:2e728aa5986f4ba8b073a5b28a939795","apiSecret1":"myapp:secret:a679563b331846';
    server.use(
      http.post(
        'https://passwordless.example.com/api/admin/apps/myapp/create',
        () => new HttpResponse(cut, { status: 201, headers: { 'Content-Type': 'application/json' } }),
      ),
    );
    const management = createPasswordlessManagementClient({
      managementKey: 'a-management-key',
      baseUrl: 'https://passwordless.example.com/api',
    });
    const failure = await management
      .POST('/admin/apps/{appId}/create', {
        params: { path: { appId: 'myapp' } },
        body: { adminEmail: 'a@example.com' },
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PasswordlessBodyError);
    const shown = JSON.stringify({
      ...(failure as object),
      message: (failure as Error).message,
      cause: (failure as Error).cause,
    });
    for (const part of ['2e728aa5986f4ba8b073a5b28a939795', 'a679563b331846', 'apiSecret1'])
      expect(shown).not.toContain(part);
  });

  test('a readable body, an empty body, a 204 and parseAs: text are as before', async () => {
    server.use(
      http.post(`${baseUrl}/register/token`, () => HttpResponse.json({ token: 'register_abc' })),
      http.post(`${baseUrl}/users/delete`, () => new HttpResponse(null, { status: 204 })),
      http.get(
        `${baseUrl}/health/http`,
        () => new HttpResponse('Healthy', { headers: { 'Content-Type': 'text/plain' } }),
      ),
    );
    const client = createPasswordlessClient({ apiSecret, fetch: (request) => fetch(request) });
    expect((await client.POST('/register/token', { body })).data).toEqual({ token: 'register_abc' });
    expect((await client.POST('/users/delete', { body: { userId: 'u1' } })).response.status).toBe(204);
    server.use(http.post(`${baseUrl}/users/delete`, () => new HttpResponse('', { status: 200 })));
    expect(await client.POST('/users/delete', { body: { userId: 'u1' } })).toMatchObject({ data: undefined });
    expect((await client.GET('/health/http', { parseAs: 'text' })).data).toBe('Healthy');
  });
});
