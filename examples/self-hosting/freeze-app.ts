// Freeze an app (an unpaid bill, abuse): every one of its keys is locked, so its calls get the server's 401, and its
// users, passkeys and settings stay as they are. Unfreezing unlocks them all again.
import { management } from './create-management-client.js';

export async function freezeApp(appId: string): Promise<void> {
  await management.unwrap(management.POST('/admin/apps/{appId}/freeze', { params: { path: { appId } } }));
}

export async function unfreezeApp(appId: string): Promise<void> {
  await management.unwrap(management.POST('/admin/apps/{appId}/unfreeze', { params: { path: { appId } } }));
}
