// A key's secret and an app's aliases are looked up by their SHA-256, remembered for the ones sent lately: a lookup
// whose hashes are remembered answers at once, one that must hash first answers with a promise. Both must give the
// same answer, hit or miss.
import { describe, expect, it } from 'vitest';
import { AppKeys, hashSecret, keyRecord } from '../../src/emulator/state/app-keys.js';
import { AppUsers } from '../../src/emulator/state/app-users.js';
import { resolveLimits } from '../../src/emulator/state/limits.js';
import { hex, sha256 } from '../../src/emulator/values/bytes.js';

/** A value no earlier test hashed, so its hash is not remembered yet. */
const fresh = (label: string) => `${label}-${crypto.randomUUID()}`;

/** Enough other values hashed that the ones before are no longer remembered (256 are kept). */
async function crowdOut(hash: (value: string) => Promise<string>): Promise<void> {
  for (let i = 0; i < 300; i++) await hash(fresh('other'));
}

describe('AppKeys.find', () => {
  it('finds a secret not hashed lately through a promise, then the same record at once', async () => {
    const secret = `app:secret:${crypto.randomUUID().replaceAll('-', '')}`;
    const record = await keyRecord(secret, 'secret', ['token_register'], 0);
    await crowdOut(hashSecret);
    expect(record.secretHash).toBe(hex(await sha256(secret)));
    const keys = new AppKeys('app', () => 0, [record]);

    const miss = keys.find(secret, 'secret');
    expect(miss).toBeInstanceOf(Promise);
    expect(await miss).toEqual(record);
    const hit = keys.find(secret, 'secret');
    expect(hit).not.toBeInstanceOf(Promise);
    expect(hit).toEqual(record);
  });

  it('finds no key for a wrong secret with the same last four characters, hit or miss', async () => {
    const secret = `app:secret:${crypto.randomUUID().replaceAll('-', '')}`;
    const keys = new AppKeys('app', () => 0, [await keyRecord(secret, 'secret', ['token_register'], 0)]);
    const wrong = `app:secret:${'0'.repeat(28)}${secret.slice(-4)}`;
    await crowdOut(hashSecret);
    const miss = keys.find(wrong, 'secret');
    expect(miss).toBeInstanceOf(Promise);
    expect(await miss).toBeUndefined();
    const hit = keys.find(wrong, 'secret');
    expect(hit).not.toBeInstanceOf(Promise);
    expect(hit).toBeUndefined();
  });
});

describe('AppUsers.aliasesAvailable', () => {
  const users = () => new AppUsers('app', resolveLimits(), { users: 0, credentials: 0, aliases: 0 });

  it('gives the same answer through a promise (hashes not remembered) as at once (remembered)', async () => {
    const app = users();
    const held = fresh('held');
    await app.setAliases('owner', [held], { hashing: true, conflicts: 'refused' });
    const free = fresh('free');
    const cases = [
      { aliases: [held], userId: 'owner', available: true },
      { aliases: [held], userId: 'other', available: false },
      { aliases: [free], userId: 'other', available: true },
      { aliases: [free, held], userId: 'other', available: false },
      { aliases: [free, held], userId: 'owner', available: true },
    ];
    for (const { aliases, userId, available } of cases) {
      await crowdOut((alias) => app.hashAlias(alias));
      const first = app.aliasesAvailable(aliases, userId);
      expect({ aliases, userId, miss: first instanceof Promise }).toEqual({ aliases, userId, miss: true });
      expect({ aliases, userId, answer: await first }).toEqual({ aliases, userId, answer: available });
    }
    for (const { aliases, userId, available } of cases) {
      const again = app.aliasesAvailable(aliases, userId);
      expect({ aliases, userId, answer: again }).toEqual({ aliases, userId, answer: available });
    }
  });
});
