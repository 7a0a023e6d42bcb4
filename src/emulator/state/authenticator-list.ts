// The app's authenticator allow-list and block-list (by AAGUID, lower case), which registration checks when the app
// allows attestation. One list: each AAGUID is either allowed or blocked. A write stores a new record, never changes
// one in place (the starting state kept for a reset shares them).
import { databaseDateTime } from '../values/dotnet-formats.js';
import type { AuthenticatorRecord } from './records.js';

/** What the lists say of an authenticator at registration. */
export type AuthenticatorVerdict = 'allowed' | 'blocked' | 'not-on-allowlist';

export class AuthenticatorList {
  /** By AAGUID, in the order added. */
  private readonly listed = new Map<string, AuthenticatorRecord>();

  constructor(
    private readonly clock: () => number,
    records: readonly AuthenticatorRecord[],
  ) {
    for (const record of records) this.listed.set(record.aaGuid, record);
  }

  records(): AuthenticatorRecord[] {
    return [...this.listed.values()];
  }

  /** The AAGUIDs on the allow-list (`true`) or the block-list (`false`), in the order added. */
  onList(isAllowed: boolean): readonly Readonly<AuthenticatorRecord>[] {
    return [...this.listed.values()].filter((record) => record.isAllowed === isAllowed);
  }

  /** Puts these AAGUIDs on the allow-list or the block-list (moving them from the other one). */
  add(aaGuids: readonly string[], isAllowed: boolean): void {
    for (const aaGuid of new Set(aaGuids.map((guid) => guid.toLowerCase()))) {
      const existing = this.listed.get(aaGuid);
      if (existing) this.listed.set(aaGuid, { ...existing, isAllowed });
      else this.listed.set(aaGuid, { aaGuid, isAllowed, createdAt: databaseDateTime(this.clock()) });
    }
  }

  remove(aaGuids: readonly string[]): void {
    for (const aaGuid of aaGuids) this.listed.delete(aaGuid.toLowerCase());
  }

  /** Blocked, else not allowed when an allow-list exists and lacks it, else allowed. */
  verdict(aaGuid: string): AuthenticatorVerdict {
    const listed = this.listed.get(aaGuid.toLowerCase());
    if (listed && !listed.isAllowed) return 'blocked';
    if (listed?.isAllowed) return 'allowed';
    return this.onList(true).length > 0 ? 'not-on-allowlist' : 'allowed';
  }
}
