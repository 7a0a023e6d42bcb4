// Records read from a state file each hold their own copy of the values most of them share: the origin and relying
// party, the attestation format, the authenticator model, the device and country of the last sign-in, the transports.
// A state built by requests holds far fewer copies (a request's values come from a few sources); one read from a file
// of a million users held about 300 bytes more per user, and the collector had as many more objects to trace. Sharing
// them as the records are read puts one copy of each value in the heap. Records are never changed in place, so a
// shared value (the transports' list too) is safe to hand to many. So are two texts of each user: the userId, which
// its credentials and aliases each repeat, and the time a passkey was last used, which until its first sign-in is the
// time it was made. Shared as they are read, the copies die young, before the collector has to move them.
import type { CredentialRecord } from './records.js';

/** The members of a credential whose values repeat across records. */
const repeatedMembers = [
  'attestationFmt',
  'aaGuid',
  'rpid',
  'origin',
  'country',
  'device',
] as const satisfies readonly (keyof CredentialRecord)[];

/** Values this long are seldom shared; a bound on what is remembered keeps unique values from filling the table. */
const longestShared = 128;
const mostRemembered = 4096;

export class SharedValues {
  private readonly texts = new Map<string, string>();
  private readonly lists = new Map<string, readonly string[]>();
  /** The userIds of the credentials read since the last aliases were: an app's aliases follow its credentials. */
  private userIds = new Map<string, string>();
  private aliasesWereLast = false;

  /**
   * Makes the repeated members of these credential records (as read, not yet checked: anything else is left alone)
   * share one copy of each value.
   */
  shareInCredentials(records: readonly unknown[]): void {
    if (this.aliasesWereLast) {
      // The next app's credentials.
      this.userIds = new Map();
      this.aliasesWereLast = false;
    }
    for (const record of records) {
      if (typeof record !== 'object' || record === null) continue;
      const members = record as Record<string, unknown>;
      for (const member of repeatedMembers) {
        const value = members[member];
        if (typeof value === 'string') members[member] = this.text(value);
      }
      if (members.lastUsedAt === members.createdAt) members.lastUsedAt = members.createdAt;
      const userId = members.userId;
      if (typeof userId === 'string') {
        const kept = this.userIds.get(userId);
        if (kept === undefined) this.userIds.set(userId, userId);
        else members.userId = kept;
      }
      const transports = members.transports;
      if (Array.isArray(transports) && transports.every((transport) => typeof transport === 'string')) {
        members.transports = this.list(transports);
      }
    }
  }

  /** Makes the userIds of these alias records (as read, not yet checked) share the copy their credentials hold. */
  shareInAliases(records: readonly unknown[]): void {
    this.aliasesWereLast = true;
    for (const record of records) {
      if (typeof record !== 'object' || record === null) continue;
      const members = record as Record<string, unknown>;
      const userId = members.userId;
      if (typeof userId !== 'string') continue;
      const kept = this.userIds.get(userId);
      if (kept !== undefined) members.userId = kept;
    }
  }

  private text(value: string): string {
    if (value.length > longestShared) return value;
    const kept = this.texts.get(value);
    if (kept !== undefined) return kept;
    if (this.texts.size < mostRemembered) this.texts.set(value, value);
    return value;
  }

  private list(values: readonly string[]): readonly string[] {
    const key = values.join('\n');
    const kept = this.lists.get(key);
    if (kept) return kept;
    const shared = values.map((value) => this.text(value));
    if (this.lists.size < mostRemembered) this.lists.set(key, shared);
    return shared;
  }
}
