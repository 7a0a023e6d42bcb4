// Delete an app. mark-delete deletes at once an app that is less than 3 days old or has no passkeys; any other app is
// scheduled a month ahead (the answer says when), with its keys locked meanwhile (401). Cancelling unlocks them; a
// daily job deletes the apps whose month has passed.
import { management } from './create-management-client.js';

export type Deletion = { deleted: true } | { deleted: false; deleteAt: string };

export async function deleteApp(appId: string, deletedBy: string): Promise<Deletion> {
  const result = await management.unwrap(
    management.POST('/admin/apps/{appId}/mark-delete', { params: { path: { appId } }, body: { appId, deletedBy } }),
  );
  return result.isDeleted ? { deleted: true } : { deleted: false, deleteAt: result.deleteAt };
}

export async function cancelDeletion(appId: string): Promise<void> {
  await management.unwrap(management.POST('/admin/apps/{appId}/cancel-delete', { params: { path: { appId } } }));
}

/** Run it daily: deletes every app whose deletion date has passed, and returns their ids. */
export async function deleteDueApps(): Promise<string[]> {
  const due = await management.unwrap(management.GET('/apps/list-pending-deletion'));
  for (const appId of due)
    await management.unwrap(management.DELETE('/admin/apps/{appId}', { params: { path: { appId } } }));
  return due;
}
