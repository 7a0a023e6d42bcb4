// Rotate a secret key: create its replacement with the same scopes and deploy it; then lock the old one (unlock it if
// something still used it), and delete it once nothing has complained.
import { management } from './create-management-client.js';
import { lockKey } from './lock-key.js';

// The key list shows scopes by name; a new secret key takes them as numbers (the spec's SecretKeyScope enum).
const scopeNumbers = { token_register: 0, token_verify: 1 } as const;
const isSecretScope = (scope: string): scope is keyof typeof scopeNumbers => scope in scopeNumbers;

/** The id the management API knows a key by: its last four characters. */
export const keyId = (key: string): string => key.slice(-4);

export async function createReplacementSecret(appId: string, oldSecret: string): Promise<string> {
  const keys = await management.unwrap(management.GET('/admin/apps/{appId}/api-keys', { params: { path: { appId } } }));
  const old = keys.find((key) => key.id === keyId(oldSecret));
  if (!old) throw new Error(`${appId} has no key ${keyId(oldSecret)}: was it deleted already?`);
  const scopes = old.scopes.filter(isSecretScope).map((scope) => scopeNumbers[scope]);
  const created = await management.unwrap(
    management.POST('/admin/apps/{appId}/secret-keys', { params: { path: { appId } }, body: { scopes } }),
  );
  return created.apiKey;
}

export async function lockOldSecret(appId: string, oldSecret: string): Promise<void> {
  await lockKey(appId, keyId(oldSecret));
}

export async function deleteOldSecret(appId: string, oldSecret: string): Promise<void> {
  const path = { appId, apiKeyId: keyId(oldSecret) };
  await management.unwrap(management.DELETE('/admin/apps/{appId}/api-keys/{apiKeyId}', { params: { path } }));
}
