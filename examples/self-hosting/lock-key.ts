// Lock a key you suspect has leaked: calls with it then get the server's 401, as if it did not exist, until you unlock
// it. A key is named by its id, its last four characters (`id` in the key list).
import { management } from './create-management-client.js';

export async function lockKey(appId: string, apiKeyId: string): Promise<void> {
  await management.unwrap(
    management.POST('/admin/apps/{appId}/api-keys/{apiKeyId}/lock', { params: { path: { appId, apiKeyId } } }),
  );
}

export async function unlockKey(appId: string, apiKeyId: string): Promise<void> {
  await management.unwrap(
    management.POST('/admin/apps/{appId}/api-keys/{apiKeyId}/unlock', { params: { path: { appId, apiKeyId } } }),
  );
}
