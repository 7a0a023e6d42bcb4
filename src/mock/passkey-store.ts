// The passkeys registered with this mock, so that /signin/begin can list a user's passkey in `allowCredentials` and
// /signin/complete can check the signature with its public key. Kept in memory, per app (the app id of the key, as
// the server keeps one tenant per app), and bounded: each user keeps the passkey registered last, and past `maxUsers`
// the user registered longest ago is forgotten first, as are aliases past `maxAliases`.
export interface StoredPasskey {
  app: string;
  /** base64url. */
  credentialId: string;
  /** The COSE public key. */
  publicKey: Buffer;
  userId: string;
  /** base64url of the user handle the credential was created with. */
  userHandle: string;
  signCount: number;
  nickname: string | null;
}

export interface PasskeyStoreLimits {
  maxUsers?: number;
  maxAliases?: number;
}

const key = (app: string, name: string) => `${app}\n${name}`;

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`passkeyLimits.${name} must be a positive integer, not ${String(value)}.`);
  }
  return value;
}

export class PasskeyStore {
  private readonly passkeys = new Map<string, StoredPasskey>();
  /** app + userId → app + credentialId of the user's passkey, oldest registration first. */
  private readonly users = new Map<string, string>();
  /** app + alias → userId, oldest first. */
  private readonly aliases = new Map<string, string>();
  private readonly maxUsers: number;
  private readonly maxAliases: number;

  constructor(limits: PasskeyStoreLimits = {}) {
    this.maxUsers = positiveInteger('maxUsers', limits.maxUsers ?? 1000);
    this.maxAliases = positiveInteger('maxAliases', limits.maxAliases ?? 10_000);
  }

  /** Stores the user's new passkey in place of the one before, and points the aliases at the user. */
  register(passkey: StoredPasskey, aliases: readonly string[]): void {
    const userKey = key(passkey.app, passkey.userId);
    const previous = this.users.get(userKey);
    if (previous !== undefined) this.passkeys.delete(previous);
    this.users.delete(userKey);
    const passkeyKey = key(passkey.app, passkey.credentialId);
    this.passkeys.set(passkeyKey, passkey);
    this.users.set(userKey, passkeyKey);
    for (const alias of aliases) {
      this.aliases.delete(key(passkey.app, alias));
      this.aliases.set(key(passkey.app, alias), passkey.userId);
    }
    for (const [oldest, oldestPasskey] of this.users) {
      if (this.users.size <= this.maxUsers) break;
      this.users.delete(oldest);
      this.passkeys.delete(oldestPasskey);
    }
    for (const oldest of this.aliases.keys()) {
      if (this.aliases.size <= this.maxAliases) break;
      this.aliases.delete(oldest);
    }
  }

  find(app: string, credentialId: string): StoredPasskey | undefined {
    return this.passkeys.get(key(app, credentialId));
  }

  ofUser(app: string, userId: string): StoredPasskey | undefined {
    const passkeyKey = this.users.get(key(app, userId));
    return passkeyKey === undefined ? undefined : this.passkeys.get(passkeyKey);
  }

  ofAlias(app: string, alias: string): StoredPasskey | undefined {
    const userId = this.aliases.get(key(app, alias));
    return userId === undefined ? undefined : this.ofUser(app, userId);
  }

  /** Keeps the counter of the latest sign-in, which the next one must exceed. */
  recordSignIn(passkey: StoredPasskey, signCount: number): void {
    passkey.signCount = signCount;
  }

  /** Counts of what is held, for tests of the bounds. */
  get size(): { users: number; passkeys: number; aliases: number } {
    return { users: this.users.size, passkeys: this.passkeys.size, aliases: this.aliases.size };
  }
}
