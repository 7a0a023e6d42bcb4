import { defineScenario, expectData } from '../../../src/recording/scenario.js';

/** The id the key routes take: a key's last four characters. */
const keyIdOf = (key: string) => key.slice(-4);

export default defineScenario({
  description:
    'Lists the app\'s keys (secrets masked), creates a secret key with only the token_register scope and a public ' +
    'key, sees the scope enforced, locks, unlocks and deletes the new secret key and calls with it after each step.',
  needsManagementKey: true,
  async run({ management, appId, clientWith }) {
    const app = { params: { path: { appId } } };
    await management.GET('/admin/apps/{appId}/api-keys', app);
    await management.POST('/admin/apps/{appId}/secret-keys', { ...app, body: { scopes: [] } });
    const { apiKey: secret } = expectData(
      await management.POST('/admin/apps/{appId}/secret-keys', { ...app, body: { scopes: [0] } }),
      'POST /admin/apps/{appId}/secret-keys',
    );
    await management.POST('/admin/apps/{appId}/public-keys', { ...app, body: { scopes: [0, 1] } });
    await management.GET('/admin/apps/{appId}/api-keys', app);

    const registerOnly = clientWith({ apiSecret: secret });
    await registerOnly.POST('/register/token', { body: { userId: 'keys-user-1', username: 'keys-1' } });
    await registerOnly.POST('/signin/generate-token', { body: { userId: 'keys-user-1' } });

    const key = { params: { path: { appId, apiKeyId: keyIdOf(secret) } } };
    await management.POST('/admin/apps/{appId}/api-keys/{apiKeyId}/lock', key);
    await registerOnly.POST('/register/token', { body: { userId: 'keys-user-1', username: 'keys-1' } });
    await management.POST('/admin/apps/{appId}/api-keys/{apiKeyId}/unlock', key);
    await registerOnly.POST('/register/token', { body: { userId: 'keys-user-1', username: 'keys-1' } });
    await management.DELETE('/admin/apps/{appId}/api-keys/{apiKeyId}', key);
    await registerOnly.POST('/register/token', { body: { userId: 'keys-user-1', username: 'keys-1' } });
    await management.POST('/admin/apps/{appId}/api-keys/{apiKeyId}/lock', key);
  },
});
