// The keys of an app, made and checked the way the server makes and checks them (ApiKeyUtils, SharedManagementService):
// `<appId>:public:<32 hex>` and `<appId>:secret:<32 hex>`, looked up by the app id before the first `:` and by their
// last four characters, the secret compared by hash. The emulator keeps SHA-256 of a secret, never the secret. The
// methods of AppKeys are the only writers of an app's keys; they never change a record in place (the starting state
// kept for a reset shares them), but store a new one.
import { hex, sha256 } from '../values/bytes.js';
import { databaseDateTime } from '../values/dotnet-formats.js';
import { rememberRecent } from '../values/remember-recent.js';
import type { ApiKeyRecord, KeyKind, ScopeName } from './records.js';
import { textOrder } from './text-order.js';

/** The scopes of each kind of key, in the order of their numbers in the management API (`register` is 0). */
export const publicKeyScopes: readonly ScopeName[] = ['register', 'login'];
export const secretKeyScopes: readonly ScopeName[] = ['token_register', 'token_verify'];

const keyWord: Record<KeyKind, string> = { public: 'public', secret: 'secret' };

export const appIdOfKey = (key: string): string => key.slice(0, Math.max(0, key.indexOf(':')));

export const generateKeyValue = (appId: string, kind: KeyKind): string =>
  `${appId}:${keyWord[kind]}:${crypto.randomUUID().replaceAll('-', '')}`;

export async function keyRecord(
  value: string,
  kind: KeyKind,
  scopes: readonly ScopeName[],
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

const withSecretHash = (keys: readonly ApiKeyRecord[], hash: string) => keys.find((key) => key.secretHash === hash);

export class AppKeys {
  private readonly keys: ApiKeyRecord[];

  constructor(
    private readonly appId: string,
    private readonly clock: () => number,
    keys: readonly ApiKeyRecord[],
  ) {
    this.keys = [...keys];
  }

  records(): ApiKeyRecord[] {
    return [...this.keys];
  }

  /** Every key by id, as the server's key list orders them. */
  inIdOrder(): readonly Readonly<ApiKeyRecord>[] {
    return [...this.keys].sort((a, b) => textOrder(a.id, b.id));
  }

  /** The key of this kind whose id (last four characters) is this, locked or not. */
  byId(kind: KeyKind, id: string): Readonly<ApiKeyRecord> | undefined {
    return this.keys.find((key) => key.kind === kind && key.id === id);
  }

  /** Whether a key of the app has this id: a new key's must differ (the server's key id would collide: its 500). */
  hasId(id: string): boolean {
    return this.keys.some((key) => key.id === id);
  }

  /**
   * The app's key record this value is, or undefined; locked keys are found too (the caller decides). At once unless
   * a secret must be hashed first (one not sent lately): a promise then.
   */
  find(value: string, kind: KeyKind): Readonly<ApiKeyRecord> | undefined | Promise<Readonly<ApiKeyRecord> | undefined> {
    const id = value.slice(-4);
    const candidates = this.keys.filter((key) => key.kind === kind && key.id === id);
    if (candidates.length === 0) return undefined;
    if (kind === 'public') return candidates.find((key) => key.publicKey === value);
    const hash = hashSecret.remembered(value);
    // No named closure here: tsx names each one it makes (Object.defineProperty), on every request.
    if (hash !== undefined) return withSecretHash(candidates, hash);
    return hashSecret(value).then((computed) => withSecretHash(candidates, computed));
  }

  /** How the key list shows a key: public keys in full, secrets masked to their last four characters. */
  displayed(key: Readonly<ApiKeyRecord>): string {
    return key.kind === 'public' && key.publicKey !== undefined
      ? key.publicKey
      : `${this.appId}:secret:****************************${key.id}`;
  }

  add(key: ApiKeyRecord): void {
    this.keys.push(key);
  }

  /** Locks or unlocks the key with this id; false when the app has none. */
  setLocked(id: string, locked: boolean): boolean {
    const index = this.keys.findIndex((candidate) => candidate.id === id);
    if (index === -1) return false;
    this.lock(index, locked);
    return true;
  }

  /** Locks or unlocks every key (freezing, scheduling deletion, and undoing either). */
  setAllLocked(locked: boolean): void {
    for (let index = 0; index < this.keys.length; index++) this.lock(index, locked);
  }

  /** Deletes the key with this id; false when the app has none. */
  delete(id: string): boolean {
    const index = this.keys.findIndex((key) => key.id === id);
    if (index === -1) return false;
    this.keys.splice(index, 1);
    return true;
  }

  private lock(index: number, locked: boolean): void {
    const key = this.keys[index];
    if (!key) return;
    this.keys[index] = {
      ...key,
      isLocked: locked,
      ...(locked ? { lastLockedAt: databaseDateTime(this.clock()) } : {}),
    };
  }
}
