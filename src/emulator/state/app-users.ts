// The users of an app as the server derives them from its tables (EfTenantStorage): a user is a userId that has a
// credential or an alias. Credentials are kept by id and by user, aliases by hash and by user (in the aliases table's
// key order), and the users with each in userId order, so that every lookup, write and `/users/list` costs the same
// however many users the app holds; these methods are the only writers, and each checks the emulator's limits before
// it writes. Aliases are stored hashed (Base64 of SHA-256 over the tenant and the alias), with the plaintext only when
// hashing is off, and setting a user's aliases replaces all of them. A stored record is never changed in place: a write
// stores a new one, so the starting state kept for a reset can share its records with the live state.
import type { EnvironmentSettings } from '../environment.js';
import { sha256, toBase64, utf8 } from '../values/bytes.js';
import { rememberRecent } from '../values/remember-recent.js';
import { type EmulatorLimits, LimitReached } from './limits.js';
import { countOf, listOf, type OneOrMore, oneOrMore, withOneMore } from './one-or-more.js';
import type { AliasRecord, CredentialRecord } from './records.js';
import type { SliceCounter, SlicedWork } from './sliced-work.js';
import { SortedTextMap } from './sorted-text-map.js';
import { TextIndex } from './text-index.js';
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

/** How many users, credentials and aliases all apps of an emulator hold together: what the limits in all bound. */
export interface StateTotals {
  users: number;
  credentials: number;
  aliases: number;
}

const byHash = (a: AliasRecord, b: AliasRecord) => textOrder(a.hash, b.hash);

/**
 * What the indexes hold of one user: its credentials in the order stored, its aliases in the aliases table's key
 * order (one record, or a list from two on: one-or-more.ts). The entry is the indexes' own and a write replaces its
 * `credentials` or `aliases` in place, so that the ordered sets, which hold the same entry, need no change unless a
 * user gains its first or loses its last; the records in it are never changed.
 */
interface UserEntry {
  readonly userId: string;
  credentials: OneOrMore<CredentialRecord> | undefined;
  aliases: OneOrMore<AliasRecord> | undefined;
}
const resetHint = 'reset the state (DELETE /__mock/state)';

export class AppUsers {
  /** Every credential by its id (base64url), in the order stored. */
  private readonly credentials = new TextIndex<CredentialRecord>((credential) => credential.credentialId);
  /** Every alias by its hash, in the order stored. */
  private readonly aliases = new TextIndex<AliasRecord>((alias) => alias.hash);
  /**
   * The users (userIds with a credential or an alias), each with its records: one lookup finds both, where a map per
   * kind of record cost a user three entries and a write in an app of 100,000 users a lookup in each.
   */
  private readonly users = new TextIndex<UserEntry>((entry) => entry.userId);
  /**
   * The users with a credential, and with an alias, in userId order, with the same entries as `users`: `/users/list`
   * reads the first 1,000 of each.
   */
  private readonly usersWithCredentials = new SortedTextMap<UserEntry>();
  private readonly usersWithAliases = new SortedTextMap<UserEntry>();

  constructor(
    private readonly appId: string,
    private readonly limits: EmulatorLimits,
    private totals: StateTotals,
  ) {}

  /** Counts what the app holds in these totals from now on (the app kept by a reset, in the new state's totals). */
  countIn(totals: StateTotals): void {
    this.totals = totals;
    totals.users += this.users.size;
    totals.credentials += this.credentials.size;
    totals.aliases += this.aliases.size;
  }

  /**
   * Indexes stored records (a state loaded), yielding when a slice is done. The records are kept as they are, shared
   * with the snapshot they come from (no write changes a record in place).
   */
  *load(
    stored: { credentials: readonly CredentialRecord[]; aliases: readonly AliasRecord[] },
    slices: SliceCounter,
  ): SlicedWork<void> {
    for (const credential of stored.credentials) {
      this.storeCredential(credential);
      if (slices.tick()) yield;
    }
    // Each user's aliases gathered in its entry, then the few users with more than one put in order.
    const usersWithMore = new Set<UserEntry>();
    for (const alias of stored.aliases) {
      this.aliases.set(alias);
      this.totals.aliases++;
      const entry = this.entryOf(alias.userId);
      if (entry.aliases !== undefined) usersWithMore.add(entry);
      entry.aliases = withOneMore(entry.aliases, alias);
      if (slices.tick()) yield;
    }
    for (const entry of usersWithMore) {
      entry.aliases = [...listOf(entry.aliases)].sort(byHash);
      if (slices.tick()) yield;
    }
    for (const entry of this.users.values()) {
      if (entry.aliases !== undefined) this.usersWithAliases.set(entry.userId, entry);
      if (slices.tick()) yield;
    }
  }

  /** How many users, credentials and aliases the app holds. */
  get counts(): StateTotals {
    return { users: this.users.size, credentials: this.credentials.size, aliases: this.aliases.size };
  }

  /** What the state file and export hold, in the order stored. */
  records(): { credentials: CredentialRecord[]; aliases: AliasRecord[] } {
    return { credentials: this.credentials.values(), aliases: this.aliases.values() };
  }

  // Credentials

  credential(credentialId: string): Readonly<CredentialRecord> | undefined {
    return this.credentials.get(credentialId);
  }

  /** The user's credentials, in the order they were stored. */
  credentialsOf(userId: string): readonly Readonly<CredentialRecord>[] {
    return listOf(this.users.get(userId)?.credentials);
  }

  get credentialCount(): number {
    return this.credentials.size;
  }

  /** Users with credentials (`GetUsersCount` counts only these). */
  countUsersWithCredentials(): number {
    return this.usersWithCredentials.size;
  }

  /** Throws LimitReached when one more credential of this user would pass the emulator's bound on users or credentials. */
  ensureRoomForCredential(userId: string): void {
    this.ensureRoomForUser(userId);
    if (this.credentials.size >= this.limits.credentialsPerApp) {
      throw new LimitReached(
        'credentialsPerApp',
        `The app ${this.appId} holds ${this.limits.credentialsPerApp} passkeys`,
        `delete some (POST /credentials/delete) or ${resetHint}`,
      );
    }
    if (this.totals.credentials >= this.limits.credentialsInAll) {
      throw new LimitReached(
        'credentialsInAll',
        `The apps hold ${this.limits.credentialsInAll} passkeys in all`,
        `delete some or ${resetHint}`,
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
    // A new record in place of the old one, which the starting state may share.
    const updated = { ...credential, ...update };
    this.credentials.set(updated);
    this.storeCredentialsOf(
      credential.userId,
      this.credentialsOf(credential.userId).map((stored) => (stored.credentialId === credentialId ? updated : stored)),
    );
    return true;
  }

  /** Deletes one credential; the deleted record, or undefined when none has that id. */
  removeCredential(credentialId: string): Readonly<CredentialRecord> | undefined {
    const credential = this.credentials.get(credentialId);
    if (!credential) return undefined;
    this.credentials.delete(credentialId);
    this.totals.credentials--;
    this.storeCredentialsOf(
      credential.userId,
      this.credentialsOf(credential.userId).filter((stored) => stored.credentialId !== credentialId),
    );
    this.forgetIfEmpty(credential.userId);
    return credential;
  }

  /** Deletes the user's credentials and aliases. */
  removeUser(userId: string): void {
    for (const { credentialId } of this.credentialsOf(userId)) {
      this.credentials.delete(credentialId);
      this.totals.credentials--;
    }
    this.storeCredentialsOf(userId, []);
    for (const alias of this.aliasesOf(userId)) this.aliases.delete(alias.hash);
    this.totals.aliases -= this.aliasesOf(userId).length;
    this.storeAliasesOf(userId, []);
    this.forgetIfEmpty(userId);
  }

  /** The app is deleted: the totals in all apps go down by what it held. */
  releaseTotals(): void {
    this.totals.users -= this.users.size;
    this.totals.credentials -= this.credentials.size;
    this.totals.aliases -= this.aliases.size;
  }

  // Aliases

  hashAlias(alias: string): Promise<string> {
    return hashTenantAlias(`${this.appId}${alias}`);
  }

  /** The alias's hash when it was hashed lately, at once; undefined when it must be computed (`hashAlias`). */
  rememberedAliasHash(alias: string): string | undefined {
    return hashTenantAlias.remembered(`${this.appId}${alias}`);
  }

  /** The user's aliases in the aliases table's key order (tenant, hash), as the server's queries read them. */
  aliasesOf(userId: string): readonly Readonly<AliasRecord>[] {
    return listOf(this.users.get(userId)?.aliases);
  }

  /** The userId that holds the alias, if any. */
  async ownerOfAlias(alias: string): Promise<string | undefined> {
    return this.aliases.get(await this.hashAlias(alias))?.userId;
  }

  /**
   * Whether none of these aliases belongs to another user (`CheckIfAliasIsAvailable`): at once when every alias was
   * hashed lately (the same client registers the same aliases call after call), else a promise.
   */
  aliasesAvailable(aliases: readonly string[], userId: string): boolean | Promise<boolean> {
    const hashes: string[] = [];
    for (const alias of aliases) {
      const hash = this.rememberedAliasHash(alias);
      if (hash === undefined)
        return Promise.all(aliases.map((each) => this.hashAlias(each))).then((all) =>
          this.noneOwnedByOthers(all, userId),
        );
      hashes.push(hash);
    }
    return this.noneOwnedByOthers(hashes, userId);
  }

  private noneOwnedByOthers(hashes: readonly string[], userId: string): boolean {
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
    const current = this.aliasesOf(userId);
    const change = records.length - current.length;
    if (this.aliases.size + change > this.limits.aliasesPerApp) {
      throw new LimitReached(
        'aliasesPerApp',
        `The app ${this.appId} would hold more than ${this.limits.aliasesPerApp} aliases`,
        resetHint,
      );
    }
    if (this.totals.aliases + change > this.limits.aliasesInAll) {
      throw new LimitReached(
        'aliasesInAll',
        `The apps would hold more than ${this.limits.aliasesInAll} aliases in all`,
        resetHint,
      );
    }
    if (records.length > 0) this.ensureRoomForUser(userId);
    for (const alias of current) this.aliases.delete(alias.hash);
    for (const record of records) this.aliases.set(record);
    this.totals.aliases += change;
    this.storeAliasesOf(userId, records.sort(byHash));
    this.forgetIfEmpty(userId);
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
    for (const [userId, { credentials }] of this.usersWithCredentials.first(usersListed)) {
      const summary = summaryOf(userId);
      let lastUsedAt: string | null = null;
      let count = 0;
      for (const credential of listOf(credentials)) {
        count++;
        if (lastUsedAt === null || credential.lastUsedAt > lastUsedAt) lastUsedAt = credential.lastUsedAt;
      }
      summary.credentialsCount = count;
      summary.lastUsedAt = lastUsedAt;
    }
    for (const [userId, { aliases }] of this.usersWithAliases.first(usersListed)) {
      const summary = summaryOf(userId);
      summary.aliasCount = aliases === undefined ? 0 : countOf(aliases);
      summary.aliases = listOf(aliases).map((alias) => alias.plaintext);
    }
    return [...summaries.values()];
  }

  /**
   * Up to `count` userIds in order from `from` on (itself included), for the state page: read from the two ordered
   * sets, so a page costs the same however many users the app holds.
   */
  userIdsFrom(from: string, count: number): string[] {
    const merged = [
      ...new Set(
        [...this.usersWithCredentials.first(count, from), ...this.usersWithAliases.first(count, from)].map(
          ([userId]) => userId,
        ),
      ),
    ];
    return merged.sort(textOrder).slice(0, count);
  }

  /** Throws LimitReached when adding something for `userId` would pass the emulator's bound on users. */
  private ensureRoomForUser(userId: string): void {
    if (this.users.has(userId)) return;
    if (this.users.size >= this.limits.usersPerApp) {
      throw new LimitReached(
        'usersPerApp',
        `The app ${this.appId} holds ${this.limits.usersPerApp} users`,
        `delete some (POST /users/delete) or ${resetHint}`,
      );
    }
    if (this.totals.users >= this.limits.usersInAll) {
      throw new LimitReached(
        'usersInAll',
        `The apps hold ${this.limits.usersInAll} users in all`,
        `delete some (POST /users/delete) or ${resetHint}`,
      );
    }
  }

  /** The user's entry, made (and the user counted) when it has none; the caller checked the limits on users. */
  private entryOf(userId: string): UserEntry {
    let entry = this.users.get(userId);
    if (entry === undefined) {
      entry = { userId, credentials: undefined, aliases: undefined };
      this.users.set(entry);
      this.totals.users++;
    }
    return entry;
  }

  private storeCredential(credential: CredentialRecord): void {
    this.credentials.set(credential);
    this.totals.credentials++;
    const entry = this.entryOf(credential.userId);
    if (entry.credentials === undefined) this.usersWithCredentials.set(credential.userId, entry);
    entry.credentials = withOneMore(entry.credentials, credential);
  }

  /** Makes these the user's credentials in its entry; the caller keeps `credentials` up to date. */
  private storeCredentialsOf(userId: string, credentials: readonly CredentialRecord[]): void {
    this.storeInEntry(userId, 'credentials', oneOrMore(credentials), this.usersWithCredentials);
  }

  /** Makes these (sorted by hash) the user's aliases in its entry; the caller keeps `aliases` up to date. */
  private storeAliasesOf(userId: string, aliases: readonly AliasRecord[]): void {
    this.storeInEntry(userId, 'aliases', oneOrMore(aliases), this.usersWithAliases);
  }

  /** Puts what the user holds of one kind in its entry, and the user in or out of that kind's ordered set. */
  private storeInEntry<Kind extends keyof UserEntry>(
    userId: string,
    kind: Kind,
    held: UserEntry[Kind],
    usersWithKind: SortedTextMap<UserEntry>,
  ): void {
    const entry = held === undefined ? this.users.get(userId) : this.entryOf(userId);
    if (entry === undefined) return;
    if (held === undefined && entry[kind] !== undefined) usersWithKind.delete(userId);
    else if (held !== undefined && entry[kind] === undefined) usersWithKind.set(userId, entry);
    entry[kind] = held;
  }

  /** Forgets a user left with no credential and no alias. */
  private forgetIfEmpty(userId: string): void {
    const entry = this.users.get(userId);
    if (entry?.credentials === undefined && entry?.aliases === undefined && this.users.delete(userId))
      this.totals.users--;
  }
}
