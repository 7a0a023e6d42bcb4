// The throwaway app the recorder creates for each scenario through the ManagementKey operations, and its deletion:
// `mark-delete` deletes at once an app that is young or has no credentials (a throwaway app always is), which the
// server requires before `DELETE /admin/apps/{appId}` would work at all.
import { randomBytes } from 'node:crypto';
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

const send = (target: ManagementTarget, path: string, init: RequestInit, timeoutMs: number) =>
  (target.fetch ?? fetch)(
    new Request(`${target.baseUrl}${path}`, {
      ...init,
      headers: { ManagementKey: target.managementKey, 'Content-Type': 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    }),
  );

/** Creates an app with the features the scenarios use (event log, attestation, a magic-link quota). */
export async function createThrowawayApp(target: ManagementTarget): Promise<ThrowawayApp> {
  const appId = `rec${randomBytes(6).toString('hex')}`;
  const response = await send(
    target,
    `/admin/apps/${appId}/create`,
    {
      method: 'POST',
      body: JSON.stringify({ adminEmail: target.adminEmail, eventLoggingIsEnabled: true, magicLinkEmailMonthlyQuota: 100, allowAttestation: true }),
    },
    30_000,
  ).catch((error: Error) => {
    throw new Error(`Creating a throwaway app failed: ${error.message} (is a server listening at ${target.baseUrl}?)`);
  });
  const text = await response.text();
  if (!response.ok) {
    const title = (() => {
      try {
        return (JSON.parse(text) as { title?: string }).title;
      } catch {
        return undefined;
      }
    })();
    const hint = response.status === 401 ? ' (is the ManagementKey right?)' : '';
    throw new Error(`Creating a throwaway app answered ${response.status}${title ? `: ${title}` : ''}${hint}.`);
  }
  const keys = JSON.parse(text) as { apiKey1?: string; apiKey2?: string; apiSecret1?: string; apiSecret2?: string };
  if (!keys.apiSecret1 || !keys.apiKey1) throw new Error('Creating a throwaway app gave no apiSecret1/apiKey1.');
  return {
    appId,
    apiSecret: keys.apiSecret1,
    apiKey: keys.apiKey1,
    spareKeys: [
      ...(keys.apiSecret2 ? [{ name: 'ApiSecret' as const, value: keys.apiSecret2 }] : []),
      ...(keys.apiKey2 ? [{ name: 'ApiKey' as const, value: keys.apiKey2 }] : []),
    ],
  };
}

/**
 * Marks the app for deletion, which deletes a young app at once; says why when it did not (an older app with
 * credentials is only scheduled, and `DELETE /admin/apps/{appId}` works once its time has come).
 */
export async function deleteThrowawayApp(target: ManagementTarget, appId: string): Promise<string | undefined> {
  try {
    const response = await send(target, `/admin/apps/${appId}/mark-delete`, { method: 'POST', body: JSON.stringify({ appId, deletedBy: target.adminEmail }) }, 10_000);
    if (!response.ok) return `mark-delete answered ${response.status}`;
    const result = (await response.json()) as { isDeleted?: boolean; deleteAt?: string };
    return result.isDeleted ? undefined : `it is only scheduled for deletion, at ${result.deleteAt}`;
  } catch (error) {
    return (error as Error).message;
  }
}
