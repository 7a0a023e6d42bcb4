// The management client (passwordless-contract/management) against the emulator behind msw, as a self-hoster's tests
// would run it: every ManagementKey operation with its success, and the server's answers to what it changes for the
// app's own keys (a locked or deleted key, a frozen app, an app marked for deletion: 401; a missing scope: 403) and to
// mistakes (a scope number the server cannot name: 500; an app id that is taken: 409 without an errorCode).
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { managementOperationTable } from '../../generated/management-operations.js';
import { createPasswordlessClient, PasswordlessApiError } from '../../src/index.js';
import { createPasswordlessManagementClient } from '../../src/management.js';
import { passwordlessEmulator, useExample } from '../../src/msw/index.js';
import { VirtualAuthenticator } from '../../src/recording/virtual-authenticator.js';
import { validateResponse } from '../helpers/spec-validator.js';

const managementKey = 'management-key-for-the-client-tests';
const baseUrl = 'https://passwordless.example.com/api';
const dayMs = 86_400_000;
const start = Date.parse('2025-03-01T12:00:00Z');
// The emulator's clock, which the deletion tests move: an app is only scheduled for deletion once it is 3 days old.
let now = start;
const emulator = passwordlessEmulator({ managementKey, baseUrl, clock: () => now });
const server = setupServer(...emulator.handlers);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(async () => {
  server.resetHandlers();
  await emulator.reset();
  now = start;
});
afterAll(() => server.close());

const management = createPasswordlessManagementClient({ managementKey, baseUrl, retry: { retries: 0 } });
// Every operation this file gets a success from, to check at the end that none of the table's was left out.
const succeeded = new Set<string>();
management.use({
  onResponse({ request, response, schemaPath }) {
    if (response.ok) succeeded.add(`${request.method} ${schemaPath}`);
  },
});
const throwing = createPasswordlessManagementClient({
  managementKey,
  baseUrl,
  retry: { retries: 0 },
  throwOnError: true,
});
const appClient = (apiSecret: string) => createPasswordlessClient({ apiSecret, baseUrl, retry: { retries: 0 } });
const app = (appId: string) => ({ params: { path: { appId } } });
const key = (appId: string, apiKeyId: string) => ({ params: { path: { appId, apiKeyId } } });

/** Creates an app through the management client and returns its four keys. */
async function createApp(appId: string) {
  return management.unwrap(
    management.POST('/admin/apps/{appId}/create', { ...app(appId), body: { adminEmail: 'admin@example.com' } }),
  );
}

/** What an app key gets from an ApiSecret operation: the status, and the problem's detail. */
async function useSecret(apiSecret: string) {
  const { error, response } = await appClient(apiSecret).GET('/users/count');
  return { status: response.status, detail: error?.detail };
}

const refusedKey = { status: 401, detail: "The value of your 'ApiSecret' is not valid." };
const works = { status: 200, detail: undefined };

/** Registers a passkey for a user of the app, so that the app is no longer one the server deletes at once. */
async function registerPasskey(apiSecret: string, apiKey: string) {
  const client = createPasswordlessClient({ apiSecret, apiKey, baseUrl, retry: { retries: 0 } });
  const origin = 'https://app.example.com';
  const rpid = 'app.example.com';
  const { token } = await client.unwrap(
    client.POST('/register/token', { body: { userId: 'u1', username: 'fry@example.com' } }),
  );
  const begin = await client.unwrap(client.POST('/register/begin', { body: { token, origin, rpid } }));
  const response = new VirtualAuthenticator(origin).createCredential(begin.data, rpid);
  await client.unwrap(client.POST('/register/complete', { body: { session: begin.session, response, origin, rpid } }));
}

describe('apps', () => {
  it('creates an app whose keys work at once; its id is then taken', async () => {
    expect((await management.GET('/admin/apps/{appId}/available', app('newapp'))).data).toEqual({ available: true });
    const { data, error, response } = await management.POST('/admin/apps/{appId}/create', {
      ...app('newapp'),
      body: { adminEmail: 'admin@example.com' },
    });
    expect(error).toBeUndefined();
    expect(validateResponse('post', '/admin/apps/{appId}/create', response.status, data).errors).toEqual([]);
    expect(data).toMatchObject({
      apiKey1: expect.stringMatching(/^newapp:public:[0-9a-f]{32}$/),
      apiSecret1: expect.stringMatching(/^newapp:secret:[0-9a-f]{32}$/),
    });
    expect(await useSecret(data!.apiSecret2)).toEqual(works);
    expect((await management.GET('/admin/apps/{appId}/available', app('newapp'))).data).toEqual({ available: false });
  });

  it('answers an app id that is taken with 409 and errorCode null; with throwOnError, a PasswordlessApiError', async () => {
    await createApp('takenapp');
    const again = { ...app('takenapp'), body: { adminEmail: 'other@example.com' } };
    const { error, response } = await management.POST('/admin/apps/{appId}/create', again);
    expect(response.status).toBe(409);
    expect(error).toMatchObject({ status: 409, errorCode: null, title: "accountName 'takenapp' is not available" });
    expect(error?.rawBody).toBeUndefined();
    const thrown = await throwing.POST('/admin/apps/{appId}/create', again).catch((failure: unknown) => failure);
    expect(thrown).toBeInstanceOf(PasswordlessApiError);
    expect(thrown).toMatchObject({
      status: 409,
      errorCode: null,
      operationId: 'createApp',
      method: 'POST',
      path: '/admin/apps/{appId}/create',
    });
    expect((thrown as Error).message).toBe(
      "createApp (POST /admin/apps/{appId}/create) failed with 409: accountName 'takenapp' is not available",
    );
  });

  it('replaces the features of an app, which it then reads back', async () => {
    await createApp('featapp');
    const features = {
      eventLoggingIsEnabled: true,
      eventLoggingRetentionPeriod: 30,
      magicLinkEmailMonthlyQuota: 500,
      maxUsers: 10_000,
      allowAttestation: true,
    };
    const { response } = await management.POST('/admin/apps/{appId}/features', { ...app('featapp'), body: features });
    expect(response.status).toBe(204);
    const { data } = await management.GET('/admin/apps/{appId}/features', app('featapp'));
    expect(data).toMatchObject({
      eventLoggingIsEnabled: true,
      eventLoggingRetentionPeriod: 30,
      maxUsers: 10_000,
      allowAttestation: true,
    });
  });

  it('freezes an app, whose keys then get the 401 of a key the server does not know, and unfreezes it', async () => {
    const { apiSecret1 } = await createApp('frozenapp');
    expect((await management.POST('/admin/apps/{appId}/freeze', app('frozenapp'))).response.status).toBe(204);
    expect(await useSecret(apiSecret1)).toEqual(refusedKey);
    expect((await management.POST('/admin/apps/{appId}/unfreeze', app('frozenapp'))).response.status).toBe(204);
    expect(await useSecret(apiSecret1)).toEqual(works);
  });
});

describe('keys', () => {
  it('binds scopes as enum numbers, and lists them by name, secrets masked', async () => {
    await createApp('scopeapp');
    const secret = await management.unwrap(
      management.POST('/admin/apps/{appId}/secret-keys', { ...app('scopeapp'), body: { scopes: [0] } }),
    );
    const publicKey = await management.unwrap(
      management.POST('/admin/apps/{appId}/public-keys', { ...app('scopeapp'), body: { scopes: [0, 1] } }),
    );
    expect(secret.apiKey).toMatch(/^scopeapp:secret:[0-9a-f]{32}$/);
    expect(publicKey.apiKey).toMatch(/^scopeapp:public:[0-9a-f]{32}$/);
    const { data: keys, response } = await management.GET('/admin/apps/{appId}/api-keys', app('scopeapp'));
    expect(validateResponse('get', '/admin/apps/{appId}/api-keys', response.status, keys).errors).toEqual([]);
    expect(keys).toHaveLength(6);
    expect(keys!.find((listed) => listed.id === secret.apiKey.slice(-4))).toMatchObject({
      apiKey: `scopeapp:secret:${'*'.repeat(28)}${secret.apiKey.slice(-4)}`,
      type: 2,
      scopes: ['token_register'],
      isLocked: false,
    });
    expect(keys!.find((listed) => listed.id === publicKey.apiKey.slice(-4))).toMatchObject({
      apiKey: publicKey.apiKey,
      type: 1,
      scopes: ['login', 'register'],
    });
  });

  it("gives a secret with only token_register the server's 403 on /signin/generate-token", async () => {
    await createApp('narrowapp');
    const { apiKey } = await management.unwrap(
      management.POST('/admin/apps/{appId}/secret-keys', { ...app('narrowapp'), body: { scopes: [0] } }),
    );
    const narrow = appClient(apiKey);
    expect((await narrow.POST('/register/token', { body: { userId: 'u1', username: 'fry' } })).response.status).toBe(
      200,
    );
    const { error, response } = await narrow.POST('/signin/generate-token', { body: { userId: 'u1' } });
    expect(response.status).toBe(403);
    expect(error).toMatchObject({
      status: 403,
      errorCode: null,
      title: 'You are forbidden from accessing this resource.',
      detail:
        'You are unable to access this resource because you do not have the required permissions. Required scopes: token_verify',
    });
  });

  it('answers a scope number the server cannot name with 500, and no scope with create_api_key_scopes_required', async () => {
    await createApp('badscopes');
    const unknownScope = { ...app('badscopes'), body: { scopes: [7] } } as never;
    const { error, response } = await management.POST('/admin/apps/{appId}/public-keys', unknownScope);
    expect(response.status).toBe(500);
    expect(error).toMatchObject({ status: 500, errorCode: null });
    const none = await management.POST('/admin/apps/{appId}/secret-keys', {
      ...app('badscopes'),
      body: { scopes: [] },
    });
    expect(none.response.status).toBe(400);
    expect(none.error?.errorCode).toBe('create_api_key_scopes_required');
  });

  it('locks a key (401), unlocks it, deletes it (401), and answers a key it no longer has with api_key_not_found', async () => {
    const { apiSecret1, apiSecret2 } = await createApp('lockapp');
    const id = apiSecret1.slice(-4);
    expect(
      (await management.POST('/admin/apps/{appId}/api-keys/{apiKeyId}/lock', key('lockapp', id))).response.status,
    ).toBe(204);
    expect(await useSecret(apiSecret1)).toEqual(refusedKey);
    expect(await useSecret(apiSecret2)).toEqual(works);
    expect(
      (await management.POST('/admin/apps/{appId}/api-keys/{apiKeyId}/unlock', key('lockapp', id))).response.status,
    ).toBe(204);
    expect(await useSecret(apiSecret1)).toEqual(works);
    expect(
      (await management.DELETE('/admin/apps/{appId}/api-keys/{apiKeyId}', key('lockapp', id))).response.status,
    ).toBe(204);
    expect(await useSecret(apiSecret1)).toEqual(refusedKey);
    const { error, response } = await management.DELETE('/admin/apps/{appId}/api-keys/{apiKeyId}', key('lockapp', id));
    expect(response.status).toBe(404);
    expect(error).toMatchObject({ status: 404, errorCode: 'api_key_not_found', title: 'Apikey was not found' });
  });
});

describe('deletion', () => {
  it('deletes a new app at once with mark-delete: its keys get the 401, and the app is then not found', async () => {
    const { apiSecret1 } = await createApp('youngapp');
    expect((await management.GET('/admin/apps/{appId}/can-delete-immediately', app('youngapp'))).data).toBe(true);
    const { data } = await management.POST('/admin/apps/{appId}/mark-delete', {
      ...app('youngapp'),
      body: { appId: 'youngapp', deletedBy: 'admin@example.com' },
    });
    expect(data).toMatchObject({
      message: "The app 'youngapp' was deleted.",
      isDeleted: true,
      adminEmails: ['admin@example.com'],
    });
    expect(await useSecret(apiSecret1)).toEqual(refusedKey);
    const { error } = await management.DELETE('/admin/apps/{appId}', app('youngapp'));
    expect(error).toMatchObject({ status: 400, errorCode: 'app_not_found' });
  });

  it('schedules an app in use a month ahead: its keys get the 401 until cancelled, and it is deleted when due', async () => {
    const { apiSecret1, apiKey1 } = await createApp('oldapp');
    await registerPasskey(apiSecret1, apiKey1);
    now += 4 * dayMs;
    expect((await management.GET('/admin/apps/{appId}/can-delete-immediately', app('oldapp'))).data).toBe(false);
    const mark = { ...app('oldapp'), body: { appId: 'oldapp', deletedBy: 'admin@example.com' } };
    const marked = await management.unwrap(management.POST('/admin/apps/{appId}/mark-delete', mark));
    expect(marked).toMatchObject({
      isDeleted: false,
      deleteAt: expect.stringMatching(/^2025-04-05T12:00:00(\.\d+)?Z$/),
    });
    expect(await useSecret(apiSecret1)).toEqual(refusedKey);
    expect((await management.POST('/admin/apps/{appId}/mark-delete', mark)).error?.errorCode).toBe(
      'app_pending_deletion',
    );
    const early = await management.DELETE('/admin/apps/{appId}', app('oldapp'));
    expect(early.error).toMatchObject({
      status: 400,
      errorCode: 'app_not_pending_deletion',
      title: 'App cannot be deleted yet.',
    });

    const cancelled = await management.POST('/admin/apps/{appId}/cancel-delete', app('oldapp'));
    expect(cancelled.data?.message).toMatch(/will not be deleted/);
    expect(await useSecret(apiSecret1)).toEqual(works);

    await management.unwrap(management.POST('/admin/apps/{appId}/mark-delete', mark));
    expect((await management.GET('/apps/list-pending-deletion')).data).toEqual([]);
    now += 32 * dayMs;
    expect((await management.GET('/apps/list-pending-deletion')).data).toEqual(['oldapp']);
    const deleted = await management.unwrap(management.DELETE('/admin/apps/{appId}', app('oldapp')));
    expect(deleted).toMatchObject({ message: "The app 'oldapp' was deleted.", isDeleted: true });
    expect(await useSecret(apiSecret1)).toEqual(refusedKey);
    expect((await management.GET('/admin/apps/{appId}/available', app('oldapp'))).data).toEqual({ available: true });
  });
});

describe('FIDO metadata', () => {
  const calls = Object.entries({
    '/mds/attestation-types': () => management.GET('/mds/attestation-types'),
    '/mds/certification-statuses': () => management.GET('/mds/certification-statuses'),
    '/mds/entries': () => management.GET('/mds/entries', { params: { query: { attestationTypes: ['basic_full'] } } }),
  });

  it.each(calls)('%s answers 500 offline, as the server does without the Metadata Service', async (_path, call) => {
    const { error, response } = await call();
    expect(response.status).toBe(500);
    expect(error).toMatchObject({ status: 500, errorCode: null });
  });

  it.each(calls)('%s reads the success the spec documents', async (path, call) => {
    server.use(...useExample('default', { managementKey, baseUrl }));
    const { data, error, response } = await call();
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(Array.isArray(data)).toBe(true);
    expect(validateResponse('get', path, 200, data).errors).toEqual([]);
  });
});

describe('the management key', () => {
  it("is sent in the ManagementKey header, and a wrong one gets the server's 401 without detail", async () => {
    const wrong = createPasswordlessManagementClient({ managementKey: 'not-the-key', baseUrl, retry: { retries: 0 } });
    const { error, response } = await wrong.GET('/apps/list-pending-deletion');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('ManagementKey');
    expect(error).toMatchObject({ status: 401, errorCode: null, title: "A valid 'ManagementKey' header is required." });
    expect(error?.detail).toBeUndefined();
  });

  it('goes to the management operations only: a path outside them is sent without it', async () => {
    const sent: (string | null)[] = [];
    server.use(
      http.all(`${baseUrl}/*`, ({ request }) => {
        sent.push(request.headers.get('ManagementKey'));
      }),
    );
    const untyped = management.request as unknown as (
      method: string,
      path: string,
      init?: object,
    ) => Promise<{ response: Response }>;
    expect((await untyped('get', '/users/count')).response.status).toBe(401);
    await management.GET('/apps/list-pending-deletion');
    expect(sent).toEqual([null, managementKey]);
  });
});

it('got a success from every ManagementKey operation of the spec', () => {
  const operations = managementOperationTable
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' ').slice(0, 2).join(' '));
  expect(operations).toHaveLength(20);
  expect([...succeeded].sort()).toEqual(operations.sort());
});
