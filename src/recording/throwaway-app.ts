// The throwaway app the recorder creates for each scenario through the ManagementKey operations, and its deletion:
// `mark-delete` deletes at once an app that is young or has no credentials (a throwaway app always is), which the
// server requires before `DELETE /admin/apps/{appId}` would work at all. Both go through the management client.
import { randomBytes } from 'node:crypto';
import { createPasswordlessManagementClient, type PasswordlessManagementClient } from '../management.js';
import type { NamedSecret } from './redact.js';

export interface ThrowawayApp {
  appId: string;
  apiSecret: string;
  apiKey: string;
  /** The app's other keys, which must not reach a recording either. */
  spareKeys: NamedSecret[];
}

export interface ManagementTarget {
  baseUrl: string;
  managementKey: string;
  adminEmail: string;
  fetch?: (request: Request) => Promise<Response>;
}

const managementClient = ({ baseUrl, managementKey, fetch }: ManagementTarget): PasswordlessManagementClient =>
  createPasswordlessManagementClient({ managementKey, baseUrl, fetch, timeoutMs: 30_000 });

/** An app id no server holds yet: `rec` and 12 random hex digits (the server takes 3 to 62 lowercase letters and digits). */
export const newRecorderAppId = () => `rec${randomBytes(6).toString('hex')}`;

/** Creates an app with the features the scenarios use (event log, attestation, a magic-link quota). */
export async function createThrowawayApp(target: ManagementTarget): Promise<ThrowawayApp> {
  const appId = newRecorderAppId();
  const body = {
    adminEmail: target.adminEmail,
    eventLoggingIsEnabled: true,
    magicLinkEmailMonthlyQuota: 100,
    allowAttestation: true,
  };
  const { data, error, response } = await managementClient(target)
    .POST('/admin/apps/{appId}/create', { params: { path: { appId } }, body })
    .catch((failure: Error) => {
      throw new Error(`Creating a throwaway app failed: ${failure.message}`, { cause: failure });
    });
  if (error) {
    const hint = response.status === 401 ? ' (is the ManagementKey right?)' : '';
    throw new Error(`Creating a throwaway app answered ${response.status}: ${error.title}${hint}.`);
  }
  return {
    appId,
    apiSecret: data.apiSecret1,
    apiKey: data.apiKey1,
    spareKeys: [
      { name: 'ApiSecret', value: data.apiSecret2 },
      { name: 'ApiKey', value: data.apiKey2 },
    ],
  };
}

/**
 * Marks the app for deletion, which deletes a young app at once; says why when it did not (an older app with
 * credentials is only scheduled, and `DELETE /admin/apps/{appId}` works once its time has come).
 */
export async function deleteThrowawayApp(target: ManagementTarget, appId: string): Promise<string | undefined> {
  try {
    const { data, response } = await managementClient(target).POST('/admin/apps/{appId}/mark-delete', {
      params: { path: { appId } },
      body: { appId, deletedBy: target.adminEmail },
      signal: AbortSignal.timeout(10_000),
    });
    if (!data) return `mark-delete answered ${response.status}`;
    return data.isDeleted ? undefined : `it is only scheduled for deletion, at ${data.deleteAt}`;
  } catch (error) {
    return (error as Error).message;
  }
}
