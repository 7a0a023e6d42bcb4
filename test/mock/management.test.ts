// The ManagementKey operations against the emulator, and what they change for the app's own keys, exactly as on the
// server: a new app's keys work at once; a locked key, a frozen app and a deleted app get the server's 401; a key
// without a scope gets its 403; features written by the management API change what the app's operations answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../../src/mock/index.js';

const managementKey = 'management-key-for-these-tests';
let mock: RunningMock;
const violations: string[] = [];

beforeAll(async () => {
  mock = await startMock({ managementKey, onContractViolation: (violation) => violations.push(violation) });
});
afterAll(async () => {
  await mock.close();
  expect(violations).toEqual([]);
});

async function call(method: string, path: string, key: { header: string; value: string }, body?: unknown) {
  const response = await fetch(`${mock.url}${path}`, {
    method,
    headers: { [key.header]: key.value, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as any) : undefined,
    wwwAuthenticate: response.headers.get('www-authenticate'),
  };
}

const admin = { header: 'ManagementKey', value: managementKey };
const secret = (value: string) => ({ header: 'ApiSecret', value });

async function createApp(appId: string, options: Record<string, unknown> = {}) {
  const created = await call('POST', `/admin/apps/${appId}/create`, admin, {
    adminEmail: 'admin@example.com',
    ...options,
  });
  expect(created.status).toBe(200);
  return created.body as { apiKey1: string; apiKey2: string; apiSecret1: string; apiSecret2: string };
}

describe('apps and keys', () => {
  it('creates an app whose keys work at once, and refuses its id a second time', async () => {
    expect((await call('GET', '/admin/apps/mgmtone/available', admin)).body).toEqual({ available: true });
    const keys = await createApp('mgmtone');
    expect(keys.apiSecret1).toMatch(/^mgmtone:secret:[0-9a-f]{32}$/);
    expect((await call('GET', '/users/count', secret(keys.apiSecret1))).status).toBe(200);
    expect((await call('GET', '/admin/apps/mgmtone/available', admin)).body).toEqual({ available: false });
    const again = await call('POST', '/admin/apps/mgmtone/create', admin, { adminEmail: 'admin@example.com' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ title: "accountName 'mgmtone' is not available", errorCode: null });
  });

  it('lists the keys by id, secrets masked, scopes by name', async () => {
    const keys = await createApp('mgmtlist');
    const listed = (await call('GET', '/admin/apps/mgmtlist/api-keys', admin)).body as {
      id: string;
      apiKey: string;
      type: number;
      scopes: string[];
    }[];
    expect(listed.map((key) => key.id)).toEqual([...listed.map((key) => key.id)].sort());
    const secretEntry = listed.find((key) => key.id === keys.apiSecret1.slice(-4))!;
    expect(secretEntry).toMatchObject({
      apiKey: `mgmtlist:secret:${'*'.repeat(28)}${keys.apiSecret1.slice(-4)}`,
      type: 2,
      scopes: ['token_register', 'token_verify'],
    });
    expect(listed.find((key) => key.apiKey === keys.apiKey1)).toMatchObject({ type: 1, scopes: ['login', 'register'] });
  });

  it('gives a locked key, a frozen app and a deleted key the 401 of an unknown key, and unlocking undoes it', async () => {
    const keys = await createApp('mgmtlock');
    const id = keys.apiSecret1.slice(-4);
    const notValid = {
      status: 401,
      wwwAuthenticate: 'ApiSecret',
      detail: "The value of your 'ApiSecret' is not valid.",
    };
    const attempt = async (value = keys.apiSecret1) => {
      const answer = await call('GET', '/users/count', secret(value));
      return { status: answer.status, wwwAuthenticate: answer.wwwAuthenticate, detail: answer.body.detail };
    };
    expect((await call('POST', `/admin/apps/mgmtlock/api-keys/${id}/lock`, admin)).status).toBe(204);
    expect(await attempt()).toEqual(notValid);
    expect((await call('GET', '/users/count', secret(keys.apiSecret2))).status).toBe(200);
    await call('POST', `/admin/apps/mgmtlock/api-keys/${id}/unlock`, admin);
    expect((await attempt()).status).toBe(200);

    expect((await call('POST', '/admin/apps/mgmtlock/freeze', admin)).status).toBe(204);
    expect(await attempt(keys.apiSecret2)).toEqual(notValid);
    expect((await call('POST', '/admin/apps/mgmtlock/unfreeze', admin)).status).toBe(204);
    expect((await attempt(keys.apiSecret2)).status).toBe(200);

    expect((await call('DELETE', `/admin/apps/mgmtlock/api-keys/${id}`, admin)).status).toBe(204);
    expect(await attempt()).toEqual(notValid);
    const gone = await call('DELETE', `/admin/apps/mgmtlock/api-keys/${id}`, admin);
    expect(gone).toMatchObject({ status: 404, body: { errorCode: 'api_key_not_found' } });
  });

  it('enforces scopes: a secret with only token_register gets the 403 at /signin/generate-token', async () => {
    await createApp('mgmtscope');
    const created = await call('POST', '/admin/apps/mgmtscope/secret-keys', admin, { scopes: [0] });
    expect(created.status).toBe(200);
    const narrow = secret(created.body.apiKey);
    expect((await call('POST', '/register/token', narrow, { userId: 'u', username: 'u' })).status).toBe(200);
    const refused = await call('POST', '/signin/generate-token', narrow, { userId: 'u' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      type: 'https://docs.passwordless.dev/guide/errors.html#forbidden',
      title: 'You are forbidden from accessing this resource.',
      detail:
        'You are unable to access this resource because you do not have the required permissions. Required scopes: token_verify',
    });
    expect((await call('POST', '/admin/apps/mgmtscope/secret-keys', admin, { scopes: [] })).body.errorCode).toBe(
      'create_api_key_scopes_required',
    );
    // A scope number the server cannot name: its 500.
    expect((await call('POST', '/admin/apps/mgmtscope/public-keys', admin, { scopes: [7] })).status).toBe(500);
  });

  it('deletes a young app at once with mark-delete; its keys then get the 401', async () => {
    const keys = await createApp('mgmtgone');
    expect((await call('GET', '/admin/apps/mgmtgone/can-delete-immediately', admin)).body).toBe(true);
    const marked = await call('POST', '/admin/apps/mgmtgone/mark-delete', admin, {
      appId: 'mgmtgone',
      deletedBy: 'admin@example.com',
    });
    expect(marked.body).toMatchObject({
      message: "The app 'mgmtgone' was deleted.",
      isDeleted: true,
      adminEmails: ['admin@example.com'],
    });
    expect((await call('GET', '/users/count', secret(keys.apiSecret1))).status).toBe(401);
    expect((await call('DELETE', '/admin/apps/mgmtgone', admin)).body.errorCode).toBe('app_not_found');
  });
});

describe('features', () => {
  it('turns event logging on through the management API, and magic links off through /apps/features', async () => {
    const keys = await createApp('mgmtfeat', { magicLinkEmailMonthlyQuota: 10 });
    expect((await call('GET', '/events?pageNumber=1', secret(keys.apiSecret1))).status).toBe(500);
    const overwrite = {
      eventLoggingIsEnabled: true,
      eventLoggingRetentionPeriod: 30,
      magicLinkEmailMonthlyQuota: 10,
      allowAttestation: true,
    };
    expect((await call('POST', '/admin/apps/mgmtfeat/features', admin, overwrite)).status).toBe(204);
    await call('POST', '/register/token', secret(keys.apiSecret1), { userId: 'u1', username: 'u1' });
    const events = await call('GET', '/events?pageNumber=1', secret(keys.apiSecret1));
    expect(events.body.events.map((event: { message: string }) => event.message)).toEqual([
      'Created registration token for u1',
    ]);

    await call('POST', '/apps/features', secret(keys.apiSecret1), { enableMagicLinks: false, performedBy: 'me' });
    const link = {
      emailAddress: 'admin@example.com',
      urlTemplate: 'https://app.example.com/?token=$TOKEN',
      userId: 'u1',
    };
    const refused = await call('POST', '/magic-links/send', secret(keys.apiSecret1), link);
    expect(refused).toMatchObject({
      status: 403,
      body: { title: 'You must enable Magic Links in settings in order to use this feature.' },
    });
    expect((await call('GET', '/admin/apps/mgmtfeat/features', admin)).body).toMatchObject({
      eventLoggingIsEnabled: true,
      isMagicLinksEnabled: false,
      allowAttestation: true,
    });
  });

  it('answers the management operations with 401 and no detail without the right key, or when it has none', async () => {
    const wrong = await call('GET', '/admin/apps/x/available', { header: 'ManagementKey', value: 'nope' });
    expect(wrong).toMatchObject({ status: 401, wwwAuthenticate: 'ManagementKey' });
    expect(wrong.body.detail).toBeUndefined();
    const noKeyMock = await startMock();
    try {
      const response = await fetch(`${noKeyMock.url}/admin/apps/x/available`, {
        headers: { ManagementKey: managementKey },
      });
      expect(response.status).toBe(401);
    } finally {
      await noKeyMock.close();
    }
  });
});
