// What the types promise, checked by `npm run typecheck` (tsc compiles this file); at run time these are no-ops.
import { expectTypeOf, test } from 'vitest';
import { createPasswordlessClient, type ErrorCode, type PasswordlessErrorBody } from '../../src/index.js';
import { createPasswordlessManagementClient } from '../../src/management.js';
import { apiSecret } from './mock-api.js';

const client = createPasswordlessClient({ apiSecret, fetch: async () => Response.json({ token: 'register_x' }) });

test('errorCode narrows to the operation codes and still takes unknown ones', async () => {
  const { data, error } = await client.POST('/register/token', { body: { userId: 'u1', username: 'fry' } });
  if (error) {
    expectTypeOf(error.status).toEqualTypeOf<number>();
    expectTypeOf(error.title).toEqualTypeOf<string>();
    expectTypeOf(error.errorCode).toExtend<string | null>();
    expectTypeOf<'alias_conflict'>().toExtend<typeof error.errorCode>();
    expectTypeOf<'a_code_from_a_newer_server'>().toExtend<typeof error.errorCode>();
    expectTypeOf(error).toExtend<PasswordlessErrorBody>();
    if (typeof error.rawBody === 'string') expectTypeOf(error.errorCode).toEqualTypeOf<null>();
  } else {
    expectTypeOf(data.token).toEqualTypeOf<string>();
  }
});

test('ErrorCode is the spec’s enum', () => {
  expectTypeOf<'expired_token'>().toExtend<ErrorCode>();
  expectTypeOf<'max_users_exceeded'>().not.toExtend<ErrorCode>();
});

test('parameters and bodies are checked', () => {
  // @ts-expect-error userId is required
  void client.GET('/credentials/list', { params: { query: {} } });
  // @ts-expect-error the body is required
  void client.POST('/register/token');
  // @ts-expect-error the spec has no such path
  void client.GET('/credentials');
  // @ts-expect-error a call takes no fetch of its own: the client's retries and error bodies live in its own fetch
  void client.GET('/users/count', { fetch: async () => Response.json({ count: 1 }) });
  // Defaulted members of a request body are optional.
  void client.POST('/register/token', { body: { userId: 'u1', username: 'fry' } });
});

test('a request body may have no member the spec does not declare, at any depth', () => {
  void client.POST('/signin/generate-token', {
    body: {
      userId: '42',
      // @ts-expect-error `ttl` is no member: the server would ignore it and give the token its default lifetime
      ttl: 60,
    },
  });
  void client.POST('/signin/generate-token', { body: { userId: '42', timeToLive: 60 } });
  // The same for a body built beforehand: its type must fit the spec's.
  const built = { userId: '42', username: 'fry', displayname: 'Fry' };
  // @ts-expect-error `displayname` is not `displayName`: the server binds case-insensitively, the types do not
  void client.POST('/register/token', { body: built });
  // Only compiled, never called: this client has no ApiKey for the browser operation.
  void (() =>
    client.POST('/register/complete', {
      body: {
        session: 'session_x',
        origin: 'https://example.com',
        RPID: 'example.com',
        response: {
          id: 'id',
          rawId: 'rawId',
          type: 'public-key',
          extensions: {},
          response: {
            attestationObject: 'a',
            clientDataJSON: 'c',
            // @ts-expect-error a member inside a nested object is checked too
            transport: ['usb'],
          },
        },
        nickname: 'laptop',
      },
    }));
  // A wrong type was caught before as well.
  // @ts-expect-error userId is a string
  void client.POST('/signin/generate-token', { body: { userId: 42 } });
});

test('unwrap() returns the data type', async () => {
  const unwrapped = await client.unwrap(client.POST('/register/token', { body: { userId: 'u1', username: 'fry' } }));
  expectTypeOf(unwrapped.token).toEqualTypeOf<string>();
});

const management = createPasswordlessManagementClient({
  managementKey: 'a-management-key',
  baseUrl: 'https://passwordless.example.com/api',
  fetch: async () => Response.json([]),
});
const appId = { params: { path: { appId: 'myapp' } } };

test('the management client is typed from the spec: scopes are numbers, the key list gives names', async () => {
  const { data } = await management.POST('/admin/apps/{appId}/secret-keys', { ...appId, body: { scopes: [0, 1] } });
  expectTypeOf(data!.apiKey).toBeString();
  // @ts-expect-error scopes bind as enum numbers, not the names the key list shows
  void management.POST('/admin/apps/{appId}/secret-keys', { ...appId, body: { scopes: ['token_register'] } });
  // @ts-expect-error 2 is no scope of the enum
  void management.POST('/admin/apps/{appId}/public-keys', { ...appId, body: { scopes: [2] } });
  const { data: keys } = await management.GET('/admin/apps/{appId}/api-keys', appId);
  expectTypeOf<NonNullable<typeof keys>[number]['scopes']>().toEqualTypeOf<
    ('register' | 'login' | 'token_register' | 'token_verify')[]
  >();
  // @ts-expect-error the path needs its appId
  void management.GET('/admin/apps/{appId}/api-keys');
});

test('the management client narrows errorCode per operation', async () => {
  const { error } = await management.DELETE('/admin/apps/{appId}', appId);
  if (error) {
    expectTypeOf<'app_not_found' | 'app_not_pending_deletion'>().toExtend<typeof error.errorCode>();
    expectTypeOf(error.status).toEqualTypeOf<number>();
  }
  const unwrapped = await management.unwrap(
    management.POST('/admin/apps/{appId}/create', { ...appId, body: { adminEmail: 'a@example.com' } }),
  );
  expectTypeOf(unwrapped.apiSecret1).toBeString();
});

test('each client has its own operations only', () => {
  // @ts-expect-error the app client has no management operation: it would send them without a key
  void client.GET('/admin/apps/{appId}/available', appId);
  // @ts-expect-error the management client has no app operation
  void management.POST('/register/token', { body: { userId: 'u1', username: 'fry' } });
  // @ts-expect-error baseUrl is required (created only for its type: it would throw)
  void (() => createPasswordlessManagementClient({ managementKey: 'a-management-key' }));
});
