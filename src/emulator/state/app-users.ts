// The users of an app as the server derives them from its tables (EfTenantStorage): a user is a userId that has a
// credential or an alias. Credentials are kept by id and by user, aliases by hash and by user, so that every lookup
// and write costs the same however many users the app holds; these methods are the only writers, and each checks the
// emulator's limits before it writes. Aliases are stored hashed (Base64 of SHA-256 over the tenant and the alias), with
// the plaintext only when hashing is off, and setting a user's aliases replaces all of them.
import type { EnvironmentSettings } from '../environment.js';
import { sha256, toBase64, utf8 } from '../values/bytes.js';
import { rememberRecent } from '../values/remember-recent.js';
import { type EmulatorLimits, LimitReached } from './limits.js';
import type { AliasRecord, CredentialRecord } from './records.js';
import { textOrder } from './text-order.js';

/** `Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(tenant + alias)))`, remembered for recent aliases. */
const hashTenantAlias = rememberRecent(async (tenantAndAlias) => toBase64(await sha256(utf8(tenantAndAlias))));

/** What a user summary of `/users/list` holds (EfTenantStorage.GetUsers). */
export interface UserSummary {
  userId: string;
  aliasCount: number;
  aliases: (string | null)[];
  credentialsCount: number;
  lastUsedAt: string | null;
}

/** What signing in with a passkey changes on its credential. */
export interface SignInUpdate {
  signatureCounter: number;
  country: string;
  device: string;
  lastUsedAt: string;
}

/** The server reads at most this many users of each kind for `/users/list` (`Take(1000)`). */
const usersListed = 1000;

export class AppUsers {
  /** Every credential by its id (base64url), in the order stored. */
  private readonly credentials = new Map<string, CredentialRecord>();
  private readonly credentialsByUser = new Map<string, Map<string, CredentialRecord>>();
  /** Every alias by its hash, in the order stored. */
  private readonly aliases = new Map<string, AliasRecord>();
  private readonly aliasesByUser = new Map<string, AliasRecord[]>();
  /** The userIds with a credential or an alias. */
  private readonly users = new Set<string>();

  constructor(
    private readonly appId: string,
    private readonly limits: EmulatorLimits,
    stored: { credentials: readonly CredentialRecord[]; aliases: readonly AliasRecord[] },
  ) {
    for (const credential of stored.credentials) this.storeCredential(credential);
    for (const alias of stored.aliases) {
      this.aliases.set(alias.hash, alias);
      this.aliasesByUser.set(alias.userId, [...(this.aliasesByUser.get(alias.userId) ?? []), alias]);
      this.users.add(alias.userId);
    }
  }

  /** What the state file and export hold, in the order stored. */
  records(): { credentials: CredentialRecord[]; aliases: AliasRecord[] } {
    return { credentials: [...this.credentials.values()], aliases: [...this.aliases.values()] };
  }

  // Credentials

  credential(credentialId: string): Readonly<CredentialRecord> | undefined {
    return this.credentials.get(credentialId);
  }

  /** The user's credentials, in the order they were stored. */
  credentialsOf(userId: string): readonly Readonly<CredentialRecord>[] {
    return [...(this.credentialsByUser.get(userId)?.values() ?? [])];
  }

  get credentialCount(): number {
    return this.credentials.size;
  }

  /** Users with credentials (`GetUsersCount` counts only these). */
  countUsersWithCredentials(): number {
    return this.credentialsByUser.size;
  }

  /** Throws LimitReached when one more credential of this user would pass the emulator's bound on users or credentials. */
  ensureRoomForCredential(userId: string): void {
    this.ensureRoomForUser(userId);
    if (this.credentials.size >= this.limits.credentialsPerApp) {
      throw new LimitReached(
        `The app ${this.appId} holds ${this.limits.credentialsPerApp} credentials, the emulator's limit; delete some or reset the state (DELETE /__mock/state).`,
      );
    }
  }

  /** Stores a new credential; throws LimitReached past the emulator's bound on users or credentials. */
  addCredential(credential: CredentialRecord): void {
    this.ensureRoomForCredential(credential.userId);
    this.storeCredential(credential);
  }

  /** Records a sign-in with the credential (its counter, where and when); false when no credential has that id. */
  recordSignIn(credentialId: string, update: SignInUpdate): boolean {
    const credential = this.credentials.get(credentialId);
    if (!credential) return false;
    Object.assign(credential, update);
    return true;
  }

  /** Deletes one credential; the deleted record, or undefined when none has that id. */
  removeCredential(credentialId: string): Readonly<CredentialRecord> | undefined {
    const credential = this.credentials.get(credentialId);
    if (!credential) return undefined;
    this.credentials.delete(credentialId);
    const ofUser = this.credentialsByUser.get(credential.userId);
    ofUser?.delete(credentialId);
    if (ofUser?.size === 0) this.credentialsByUser.delete(credential.userId);
    this.forgetIfEmpty(credential.userId);
    return credential;
  }

  /** Deletes the user's credentials and aliases. */
  removeUser(userId: string): void {
    for (const credentialId of this.credentialsByUser.get(userId)?.keys() ?? []) this.credentials.delete(credentialId);
    this.credentialsByUser.delete(userId);
    for (const alias of this.aliasesByUser.get(userId) ?? []) this.aliases.delete(alias.hash);
    this.aliasesByUser.delete(userId);
    this.users.delete(userId);
  }

  // Aliases

  hashAlias(alias: string): Promise<string> {
    return hashTenantAlias(`${this.appId}${alias}`);
  }

  /** The user's aliases in the aliases table's key order (tenant, hash), as the server's queries read them. */
  aliasesOf(userId: string): readonly Readonly<AliasRecord>[] {
    return [...(this.aliasesByUser.get(userId) ?? [])].sort((a, b) => textOrder(a.hash, b.hash));
  }

  /** The userId that holds the alias, if any. */
  async ownerOfAlias(alias: string): Promise<string | undefined> {
    return this.aliases.get(await this.hashAlias(alias))?.userId;
  }

  /** Whether none of these aliases belongs to another user (`CheckIfAliasIsAvailable`). */
  async aliasesAvailable(aliases: readonly string[], userId: string): Promise<boolean> {
    const hashes = await Promise.all(aliases.map((alias) => this.hashAlias(alias)));
    return hashes.every((hash) => {
      const owner = this.aliases.get(hash)?.userId;
      return owner === undefined || owner === userId;
    });
  }

  /**
   * SetAliasAsync as `/register/complete` and `/alias` call it: replaces the user's aliases. An alias another user
   * holds breaks the database's unique index, which the environment answers (`aliasConflict`): refused, nothing
   * changes and the caller answers 409; swallowed, nothing changes and the request succeeds. Throws LimitReached past
   * the emulator's bound on aliases or users.
   */
  async setAliases(
    userId: string,
    aliases: readonly string[],
    options: { hashing: boolean; conflicts: EnvironmentSettings['aliasConflict'] },
  ): Promise<'stored' | 'refused' | 'swallowed'> {
    if (!(await this.aliasesAvailable(aliases, userId))) return options.conflicts;
    const records = await Promise.all(
      aliases.map(async (alias) => ({
        userId,
        hash: await this.hashAlias(alias),
        plaintext: options.hashing ? null : alias,
      })),
    );
    const current = this.aliasesByUser.get(userId) ?? [];
    if (this.aliases.size - current.length + records.length > this.limits.aliasesPerApp) {
      throw new LimitReached(
        `The app ${this.appId} would hold more than ${this.limits.aliasesPerApp} aliases, the emulator's limit; reset the state (DELETE /__mock/state).`,
      );
    }
    if (records.length > 0) this.ensureRoomForUser(userId);
    for (const alias of current) this.aliases.delete(alias.hash);
    for (const record of records) this.aliases.set(record.hash, record);
    if (records.length > 0) {
      this.aliasesByUser.set(userId, records);
      this.users.add(userId);
    } else {
      this.aliasesByUser.delete(userId);
      this.forgetIfEmpty(userId);
    }
    return 'stored';
  }

  // Users

  /**
   * `/users/list` as EfTenantStorage.GetUsers builds it: the first 1,000 users with credentials (by userId), then the
   * first 1,000 with aliases, merged by userId. A user's aliases come in the order the server's query reads them: by
   * the aliases table's key (tenant, hash), as SQLite orders text.
   */
  summaries(): UserSummary[] {
    const summaries = new Map<string, UserSummary>();
    const summaryOf = (userId: string): UserSummary => {
      let summary = summaries.get(userId);
      if (!summary) {
        summary = { userId, aliasCount: 0, aliases: [], credentialsCount: 0, lastUsedAt: null };
        summaries.set(userId, summary);
      }
      return summary;
    };
    for (const userId of [...this.credentialsByUser.keys()].sort(textOrder).slice(0, usersListed)) {
      const credentials = [...(this.credentialsByUser.get(userId)?.values() ?? [])];
      const summary = summaryOf(userId);
      summary.credentialsCount = credentials.length;
      summary.lastUsedAt =
        credentials
          .map((credential) => credential.lastUsedAt)
          .sort()
          .at(-1) ?? null;
    }
    for (const userId of [...this.aliasesByUser.keys()].sort(textOrder).slice(0, usersListed)) {
      const aliases = this.aliasesOf(userId);
      const summary = summaryOf(userId);
      summary.aliasCount = aliases.length;
      summary.aliases = aliases.map((alias) => alias.plaintext);
    }
    return [...summaries.values()];
  }

  /** Throws LimitReached when adding something for `userId` would pass the emulator's bound on users. */
  private ensureRoomForUser(userId: string): void {
    if (!this.users.has(userId) && this.users.size >= this.limits.usersPerApp) {
      throw new LimitReached(
        `The app ${this.appId} holds ${this.limits.usersPerApp} users, the emulator's limit; delete some (POST /users/delete) or reset the state (DELETE /__mock/state).`,
      );
    }
  }

  private storeCredential(credential: CredentialRecord): void {
    this.credentials.set(credential.credentialId, credential);
    let ofUser = this.credentialsByUser.get(credential.userId);
    if (!ofUser) {
      ofUser = new Map();
      this.credentialsByUser.set(credential.userId, ofUser);
    }
    ofUser.set(credential.credentialId, credential);
    this.users.add(credential.userId);
  }

  private forgetIfEmpty(userId: string): void {
    if (!this.credentialsByUser.has(userId) && !this.aliasesByUser.has(userId)) this.users.delete(userId);
  }
}
