// The ManagementKey operations, and what they change for the app's own keys, exactly as on the server: a new app's keys
// work at once; a locked key, a frozen app and a deleted app get the server's 401; a key without a scope gets its 403;
// features written by the management API change what the app's operations answer; deletion is at once for a young or
// empty app, else a month later (the fake clock gets there); and what the server keeps of a deleted app, its
// authentication configurations, is there again when an app is created under the same id.
import { beforeEach, describe, expect, it } from 'vitest';
import { ceremoniesOf } from './ceremonies.js';
import { type Harness, startEmulator } from './harness.js';

const managementKey = 'management-key-for-these-tests';
const admin = { ManagementKey: managementKey };
const secret = (value: string) => ({ ApiSecret: value });

let harness: Harness;
beforeEach(async () => {
  harness = await startEmulator({ managementKey });
  return () => expect(harness.violations).toEqual([]);
});

interface AppKeys {
  apiKey1: string;
  apiKey2: string;
  apiSecret1: string;
  apiSecret2: string;
}

async function createApp(appId: string, options: Record<string, unknown> = {}): Promise<AppKeys> {
  const created = await harness.post(
    `/admin/apps/${appId}/create`,
    { adminEmail: 'admin@example.com', ...options },
    admin,
  );
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  return created.body;
}

describe('apps and keys', () => {
  it('creates an app whose keys work at once, and refuses its id a second time', async () => {
    expect((await harness.get('/admin/apps/mgmtone/available', admin)).body).toEqual({ available: true });
    const keys = await createApp('mgmtone');
    expect(keys).toMatchObject({
      message: 'Store keys safely. They will only be shown to you once.',
      apiKey1: expect.stringMatching(/^mgmtone:public:[0-9a-f]{32}$/),
      apiSecret1: expect.stringMatching(/^mgmtone:secret:[0-9a-f]{32}$/),
    });
    expect((await harness.get('/users/count', secret(keys.apiSecret1))).status).toBe(200);
    expect((await harness.get('/admin/apps/mgmtone/available', admin)).body).toEqual({ available: false });
    const again = await harness.post('/admin/apps/mgmtone/create', { adminEmail: 'admin@example.com' }, admin);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ title: "accountName 'mgmtone' is not available", errorCode: null });
  });

  it('lists the keys by id, secrets masked, scopes by name', async () => {
    const keys = await createApp('mgmtlist');
    const listed = (await harness.get('/admin/apps/mgmtlist/api-keys', admin)).body as {
      id: string;
      apiKey: string;
      type: number;
      scopes: string[];
    }[];
    expect(listed.map((key) => key.id)).toEqual([...listed.map((key) => key.id)].sort());
    expect(listed.find((key) => key.id === keys.apiSecret1.slice(-4))).toMatchObject({
      apiKey: `mgmtlist:secret:${'*'.repeat(28)}${keys.apiSecret1.slice(-4)}`,
      type: 2,
      scopes: ['token_register', 'token_verify'],
    });
    expect(listed.find((key) => key.apiKey === keys.apiKey1)).toMatchObject({ type: 1, scopes: ['login', 'register'] });
    expect((await harness.get('/admin/apps/nosuchapp/api-keys', admin)).body).toEqual([]);
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
      const answer = await harness.get('/users/count', secret(value));
      return { status: answer.status, wwwAuthenticate: answer.headers['www-authenticate'], detail: answer.body.detail };
    };
    expect((await harness.post(`/admin/apps/mgmtlock/api-keys/${id}/lock`, undefined, admin)).status).toBe(204);
    expect(await attempt()).toEqual(notValid);
    expect((await harness.get('/users/count', secret(keys.apiSecret2))).status).toBe(200);
    await harness.post(`/admin/apps/mgmtlock/api-keys/${id}/unlock`, undefined, admin);
    expect((await attempt()).status).toBe(200);

    expect((await harness.post('/admin/apps/mgmtlock/freeze', undefined, admin)).status).toBe(204);
    expect(await attempt(keys.apiSecret2)).toEqual(notValid);
    expect((await harness.post('/admin/apps/mgmtlock/unfreeze', undefined, admin)).status).toBe(204);
    expect((await attempt(keys.apiSecret2)).status).toBe(200);

    expect((await harness.call('DELETE', `/admin/apps/mgmtlock/api-keys/${id}`, { headers: admin })).status).toBe(204);
    expect(await attempt()).toEqual(notValid);
    const gone = await harness.call('DELETE', `/admin/apps/mgmtlock/api-keys/${id}`, { headers: admin });
    expect(gone).toMatchObject({ status: 404, body: { errorCode: 'api_key_not_found' } });
  });

  it('enforces scopes: a secret with only token_register gets the 403 at /signin/generate-token', async () => {
    await createApp('mgmtscope');
    const created = await harness.post('/admin/apps/mgmtscope/secret-keys', { scopes: [0] }, admin);
    expect(created.status).toBe(200);
    const narrow = secret(created.body.apiKey);
    expect((await harness.post('/register/token', { userId: 'u', username: 'u' }, narrow)).status).toBe(200);
    const refused = await harness.post('/signin/generate-token', { userId: 'u' }, narrow);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      type: 'https://docs.passwordless.dev/guide/errors.html#forbidden',
      title: 'You are forbidden from accessing this resource.',
      detail:
        'You are unable to access this resource because you do not have the required permissions. Required scopes: token_verify',
    });
    expect((await harness.post('/admin/apps/mgmtscope/secret-keys', { scopes: [] }, admin)).body.errorCode).toBe(
      'create_api_key_scopes_required',
    );
    // A scope number the server cannot name: its 500.
    expect((await harness.post('/admin/apps/mgmtscope/public-keys', { scopes: [7] }, admin)).status).toBe(500);
  });

  it('answers the management operations with 401 and no detail without the right key, or when it has none', async () => {
    const wrong = await harness.get('/admin/apps/x/available', { ManagementKey: 'nope' });
    expect(wrong).toMatchObject({ status: 401, headers: { 'www-authenticate': 'ManagementKey' } });
    expect(wrong.body.detail).toBeUndefined();
    const withoutKey = await startEmulator();
    expect((await withoutKey.get('/admin/apps/x/available', admin)).status).toBe(401);
  });
});

describe('deleting an app', () => {
  it('deletes a young app at once with mark-delete; its keys then get the 401', async () => {
    const keys = await createApp('mgmtgone');
    expect((await harness.get('/admin/apps/mgmtgone/can-delete-immediately', admin)).body).toBe(true);
    const marked = await harness.post(
      '/admin/apps/mgmtgone/mark-delete',
      { appId: 'mgmtgone', deletedBy: 'admin@example.com' },
      admin,
    );
    expect(marked.body).toMatchObject({
      message: "The app 'mgmtgone' was deleted.",
      isDeleted: true,
      adminEmails: ['admin@example.com'],
    });
    expect((await harness.get('/users/count', secret(keys.apiSecret1))).status).toBe(401);
    expect((await harness.call('DELETE', '/admin/apps/mgmtgone', { headers: admin })).body.errorCode).toBe(
      'app_not_found',
    );
  });

  it('schedules an older app with passkeys a month ahead, locks its keys, and deletes it once that month has passed', async () => {
    const keys = await createApp('mgmtold');
    const { registerUser } = ceremoniesOf(harness, { apiSecret: keys.apiSecret1, apiKey: keys.apiKey1 });
    await registerUser();
    harness.clock.advance(4 * 86_400_000);
    expect((await harness.get('/admin/apps/mgmtold/can-delete-immediately', admin)).body).toBe(false);
    const marked = await harness.post('/admin/apps/mgmtold/mark-delete', { deletedBy: 'admin@example.com' }, admin);
    expect(marked.body).toMatchObject({
      message: "The app 'mgmtold' will be deleted at '04/05/2026 12:00:00'.",
      isDeleted: false,
      deleteAt: expect.stringMatching(/^2026-04-05T12:00:00(\.\d+)?Z$/),
    });
    expect((await harness.get('/users/count', secret(keys.apiSecret1))).status).toBe(401);
    const twice = await harness.post('/admin/apps/mgmtold/mark-delete', { deletedBy: 'admin@example.com' }, admin);
    expect(twice.body.errorCode).toBe('app_pending_deletion');
    const early = await harness.call('DELETE', '/admin/apps/mgmtold', { headers: admin });
    expect(early.body).toMatchObject({ errorCode: 'app_not_pending_deletion', title: 'App cannot be deleted yet.' });
    expect((await harness.get('/apps/list-pending-deletion', admin)).body).toEqual([]);
    harness.clock.advance(31 * 86_400_000);
    expect((await harness.get('/apps/list-pending-deletion', admin)).body).toEqual(['mgmtold']);
    const deleted = await harness.call('DELETE', '/admin/apps/mgmtold', { headers: admin });
    expect(deleted.body).toMatchObject({ message: "The app 'mgmtold' was deleted.", isDeleted: true });
    expect((await harness.get('/admin/apps/mgmtold/available', admin)).body).toEqual({ available: true });
  });

  it('cancels a scheduled deletion, unlocking the keys', async () => {
    const keys = await createApp('mgmtkeep');
    const { registerUser } = ceremoniesOf(harness, { apiSecret: keys.apiSecret1, apiKey: keys.apiKey1 });
    await registerUser();
    harness.clock.advance(4 * 86_400_000);
    await harness.post('/admin/apps/mgmtkeep/mark-delete', { deletedBy: 'admin@example.com' }, admin);
    const cancelled = await harness.post('/admin/apps/mgmtkeep/cancel-delete', undefined, admin);
    expect(cancelled.body).toEqual({
      message: 'Your account will not be deleted since the process was aborted with the cancellation link',
    });
    expect((await harness.get('/users/count', secret(keys.apiSecret1))).status).toBe(200);
    const notPending = await harness.call('DELETE', '/admin/apps/mgmtkeep', { headers: admin });
    expect(notPending.body).toMatchObject({
      errorCode: 'app_not_pending_deletion',
      title: 'App was not scheduled for deletion.',
    });
  });

  // DeleteAccount removes the app's keys, users, features and (by cascade) its events, but the
  // AuthenticationConfigurations table has no foreign key to the app: its rows stay, and an app created again under
  // the same id finds them, `createdOn` and all.
  it('keeps the authentication configurations of a deleted app for an app created again under its id', async () => {
    const first = await createApp('mgmtagain', { eventLoggingIsEnabled: true });
    const config = {
      purpose: 'checkout',
      userVerificationRequirement: 'required',
      timeToLive: '00:02:30',
      performedBy: 'first',
    };
    expect((await harness.post('/auth-configs/add', config, secret(first.apiSecret1))).status).toBe(201);
    await harness.post('/alias', { userId: 'u1', aliases: ['fry@example.com'] }, secret(first.apiSecret1));
    const before = (await harness.get('/auth-configs/list?purpose=checkout', secret(first.apiSecret1))).body;
    expect((await harness.get('/events?pageNumber=1', secret(first.apiSecret1))).body.totalEventCount).toBe(2);
    await harness.post('/admin/apps/mgmtagain/mark-delete', { deletedBy: 'admin@example.com' }, admin);

    harness.clock.advance(86_400_000);
    const second = await createApp('mgmtagain', { eventLoggingIsEnabled: true });
    const after = (await harness.get('/auth-configs/list?purpose=checkout', secret(second.apiSecret1))).body;
    expect(after).toEqual(before);
    expect(after.configurations[0]).toMatchObject({
      purpose: 'checkout',
      userVerificationRequirement: 'required',
      timeToLive: 150,
      createdBy: 'first',
      createdOn: expect.stringMatching(/^2026-03-01T12:00:00(\.\d+)?\+00:00$/),
    });
    const duplicate = await harness.post(
      '/auth-configs/add',
      { purpose: 'checkout', performedBy: 'second' },
      secret(second.apiSecret1),
    );
    expect(duplicate.body.title).toBe('The configuration checkout already exists.');
    // Everything else is gone: the aliases and the event log.
    expect((await harness.get('/alias/list?userId=u1', secret(second.apiSecret1))).body).toEqual({ values: [] });
    expect((await harness.get('/events?pageNumber=1', secret(second.apiSecret1))).body.totalEventCount).toBe(0);
    // The state keeps them across an export and a load, and a reset forgets them.
    await harness.post('/admin/apps/mgmtagain/mark-delete', { deletedBy: 'admin@example.com' }, admin);
    const snapshot = harness.emulator.exportState();
    expect(snapshot.deletedApps?.map((deleted) => deleted.appId)).toEqual(['mgmtagain']);
    await harness.emulator.reset();
    harness.emulator.importState(snapshot);
    const third = await createApp('mgmtagain');
    expect((await harness.get('/auth-configs/list?purpose=checkout', secret(third.apiSecret1))).body).toEqual(before);
  });
});

describe('features', () => {
  it('turns event logging on through the management API, and magic links off through /apps/features', async () => {
    const keys = await createApp('mgmtfeat', { magicLinkEmailMonthlyQuota: 10 });
    const appSecret = secret(keys.apiSecret1);
    expect((await harness.get('/events?pageNumber=1', appSecret)).status).toBe(500);
    const overwrite = {
      eventLoggingIsEnabled: true,
      eventLoggingRetentionPeriod: 30,
      magicLinkEmailMonthlyQuota: 10,
      allowAttestation: true,
    };
    expect((await harness.post('/admin/apps/mgmtfeat/features', overwrite, admin)).status).toBe(204);
    await harness.post('/register/token', { userId: 'u1', username: 'u1' }, appSecret);
    const events = await harness.get('/events?pageNumber=1', appSecret);
    expect(events.body.events.map((event: { message: string }) => event.message)).toEqual([
      'Created registration token for u1',
    ]);

    await harness.post('/apps/features', { enableMagicLinks: false, performedBy: 'me' }, appSecret);
    const link = {
      emailAddress: 'admin@example.com',
      urlTemplate: 'https://app.example.com/?token=$TOKEN',
      userId: 'u1',
    };
    const refused = await harness.post('/magic-links/send', link, appSecret);
    expect(refused).toMatchObject({
      status: 403,
      body: { title: 'You must enable Magic Links in settings in order to use this feature.' },
    });
    expect((await harness.get('/admin/apps/mgmtfeat/features', admin)).body).toMatchObject({
      eventLoggingIsEnabled: true,
      isMagicLinksEnabled: false,
      allowAttestation: true,
    });
    const unknown = await harness.post('/admin/apps/nosuchapp/features', overwrite, admin);
    expect(unknown.status).toBe(500);
  });
});
