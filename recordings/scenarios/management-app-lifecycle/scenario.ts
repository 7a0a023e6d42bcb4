import { defineScenario, expectData } from '../../../src/recording/scenario.js';

export default defineScenario({
  description:
    'Creates an app through the ManagementKey operations (its id free before, taken after, a second create a 409), ' +
    'overwrites its features and sees them apply, freezes it (its keys stop working) and unfreezes it, then marks ' +
    'the young app for deletion, which deletes it at once and frees its id.',
  needsManagementKey: true,
  async run({ management, newAppId, clientWith, adminEmail }) {
    const path = { params: { path: { appId: newAppId() } } };
    await management.GET('/admin/apps/{appId}/available', path);
    const keys = expectData(await management.POST('/admin/apps/{appId}/create', { ...path, body: { adminEmail } }), 'POST /admin/apps/{appId}/create');
    await management.POST('/admin/apps/{appId}/create', { ...path, body: { adminEmail } });
    await management.GET('/admin/apps/{appId}/available', path);

    const app = clientWith({ apiSecret: keys.apiSecret1, apiKey: keys.apiKey1 });
    await management.GET('/admin/apps/{appId}/features', path);
    await app.POST('/register/token', { body: { userId: 'lifecycle-user-1', username: 'lifecycle-1', attestation: 'direct' } });
    await management.POST('/admin/apps/{appId}/features', {
      ...path,
      body: { eventLoggingIsEnabled: true, eventLoggingRetentionPeriod: 30, magicLinkEmailMonthlyQuota: 50, maxUsers: 100, allowAttestation: true },
    });
    await management.GET('/admin/apps/{appId}/features', path);
    await app.POST('/register/token', { body: { userId: 'lifecycle-user-1', username: 'lifecycle-1', attestation: 'direct' } });

    await management.POST('/admin/apps/{appId}/freeze', path);
    await app.GET('/users/count');
    await management.POST('/admin/apps/{appId}/unfreeze', path);
    await app.GET('/users/count');

    await management.GET('/admin/apps/{appId}/can-delete-immediately', path);
    await management.POST('/admin/apps/{appId}/mark-delete', { ...path, body: { deletedBy: adminEmail } });
    await app.GET('/users/count');
    await management.GET('/admin/apps/{appId}/available', path);
  },
});
