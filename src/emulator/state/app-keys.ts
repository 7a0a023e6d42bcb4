// The keys of an app, made and checked the way the server makes and checks them (ApiKeyUtils, SharedManagementService):
// `<appId>:public:<32 hex>` and `<appId>:secret:<32 hex>`, looked up by the app id before the first `:` and by their
// last four characters, the secret compared by hash. The emulator keeps SHA-256 of a secret, never the secret.
import { hex, sha256 } from '../values/bytes.js';
import { databaseDateTime } from '../values/dotnet-formats.js';
import { rememberRecent } from '../values/remember-recent.js';
import type { ApiKeyRecord, AppRecord, KeyKind } from './records.js';

export const publicKeyScopes = ['register', 'login'] as const;
export const secretKeyScopes = ['token_register', 'token_verify'] as const;

const keyWord: Record<KeyKind, string> = { public: 'public', secret: 'secret' };

export const appIdOfKey = (key: string): string => key.slice(0, Math.max(0, key.indexOf(':')));

export const generateKeyValue = (appId: string, kind: KeyKind): string =>
  `${appId}:${keyWord[kind]}:${crypto.randomUUID().replaceAll('-', '')}`;

export async function keyRecord(
  value: string,
  kind: KeyKind,
  scopes: readonly string[],
  now: number,
): Promise<ApiKeyRecord> {
  return {
    id: value.slice(-4),
    kind,
    ...(kind === 'public' ? { publicKey: value } : { secretHash: await hashSecret(value) }),
    scopes: [...scopes],
    createdAt: databaseDateTime(now),
    isLocked: false,
    lastLockedAt: null,
  };
}

// Remembered: a client sends the same secret on every call (a state export holds the hashes alone).
export const hashSecret = rememberRecent(async (secret) => hex(await sha256(secret)));

/** The app's key record this value is, or undefined; locked keys are found too (the caller decides). */
export async function findKey(app: AppRecord, value: string, kind: KeyKind): Promise<ApiKeyRecord | undefined> {
  const id = value.slice(-4);
  const candidates = app.keys.filter((key) => key.kind === kind && key.id === id);
  if (candidates.length === 0) return undefined;
  if (kind === 'public') return candidates.find((key) => key.publicKey === value);
  const hash = await hashSecret(value);
  return candidates.find((key) => key.secretHash === hash);
}

/** How the key list shows a key: public keys in full, secrets masked to their last four characters. */
export function displayedKey(app: AppRecord, key: ApiKeyRecord): string {
  return key.kind === 'public' ? key.publicKey! : `${app.appId}:secret:****************************${key.id}`;
}
