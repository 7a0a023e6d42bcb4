// Aliases, credentials and users (/alias, /alias/list, /credentials/*, /users/*) as the server answers them, from what
// /alias and the ceremonies stored: aliases hashed or not, a conflict answered as each environment's database answers
// it, a user's aliases in the order the server's query reads them, deletions and counts.
import { describe, expect, it } from 'vitest';
import { ceremoniesOf } from './ceremonies.js';
import { seed, startEmulator, withSecret } from './harness.js';

const secret = withSecret();

describe('/alias and /alias/list', () => {
  it('replaces the user’s aliases, keeps the plaintext only when hashing is off, and lists them by hash', async () => {
    const { post, get, violations } = await startEmulator();
    expect((await post('/alias', { userId: 'u1', aliases: ['a@example.com', 'b@example.com'] }, secret)).status).toBe(
      204,
    );
    const hashed = (await get('/alias/list?userId=u1', secret)).body.values;
    expect(hashed).toHaveLength(2);
    expect(hashed.map((alias: { plaintext: unknown }) => alias.plaintext)).toEqual([null, null]);
    expect(hashed.map((alias: { alias: string }) => alias.alias)).toEqual(
      hashed.map((alias: { alias: string }) => alias.alias).sort(),
    );
    expect(hashed[0]).toMatchObject({
      userId: 'u1',
      tenant: 'test',
      alias: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
    });

    // Repeats collapse; the new set replaces the old one.
    await post('/alias', { userId: 'u1', aliases: ['c@example.com', 'c@example.com'], hashing: false }, secret);
    expect((await get('/alias/list?userId=u1', secret)).body.values).toEqual([
      { userId: 'u1', alias: expect.any(String), plaintext: 'c@example.com', tenant: 'test' },
    ]);
    expect((await post('/alias', { userId: 'u1', aliases: [] }, secret)).status).toBe(204);
    expect((await get('/alias/list?userId=u1', secret)).body).toEqual({ values: [] });
    expect(violations).toEqual([]);
  });

  it('answers an alias another user holds with 409 in Production, and stores nothing in Development', async () => {
    for (const [environment, status] of [
      ['Production', 409],
      ['Development', 204],
    ] as const) {
      const { post, get } = await startEmulator({ environment });
      await post('/alias', { userId: 'hermes', aliases: ['shared@example.com'], hashing: false }, secret);
      const taken = await post(
        '/alias',
        { userId: 'conrad', aliases: ['shared@example.com', 'own@example.com'] },
        secret,
      );
      expect({ environment, status: taken.status }).toEqual({ environment, status });
      if (status === 409)
        expect(taken.body).toMatchObject({
          errorCode: 'alias_conflict',
          title: 'Alias is already in use by another userid',
        });
      // Nothing of the refused set is stored, in either environment.
      expect((await get('/alias/list?userId=conrad', secret)).body.values).toEqual([]);
      // /register/token checks aliases itself and answers 409 in both.
      const token = await post(
        '/register/token',
        { userId: 'conrad', username: 'c', aliases: ['shared@example.com'] },
        secret,
      );
      expect(token.body.errorCode).toBe('alias_conflict');
    }
  });

  it("answers an empty userId with the handler's own problem", async () => {
    const { get } = await startEmulator();
    const empty = await get('/alias/list?userId=', secret);
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ title: 'UserId is empty', errorCode: null });
  });
});

describe('/users/list and /users/count', () => {
  it("gives each user's aliases in the order the server's query reads them: by hash, not as they were set", async () => {
    const { post, get, emulator } = await startEmulator();
    const aliases = ['zoidberg@example.com', 'amy@example.com', 'kif@example.com', 'nibbler@example.com'];
    await post('/alias', { userId: 'crew', aliases, hashing: false }, secret);
    const stored = emulator.exportState().apps.find((app) => app.appId === 'test')?.aliases ?? [];
    const byHash = [...stored].sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
    // The hashes do not happen to follow the order the aliases were set in, so the order shows.
    expect(byHash.map((alias) => alias.plaintext)).not.toEqual(aliases);
    const [user] = (await get('/users/list', secret)).body.values;
    expect(user).toEqual({
      userId: 'crew',
      aliasCount: 4,
      aliases: byHash.map((alias) => alias.plaintext),
      credentialsCount: 0,
      lastUsedAt: null,
    });
    expect(user.aliases).toEqual(
      (await get('/alias/list?userId=crew', secret)).body.values.map((a: { plaintext: string }) => a.plaintext),
    );
  });

  it('lists users with passkeys first (by userId), then users with only aliases, and counts only the first', async () => {
    const harness = await startEmulator();
    const { registerUser } = ceremoniesOf(harness, seed);
    await harness.post('/alias', { userId: 'zed', aliases: ['zed@example.com'], hashing: false }, secret);
    await registerUser([], 'bob');
    await registerUser(['ann@example.com'], 'ann');
    const listed = (await harness.get('/users/list', secret)).body.values;
    expect(listed.map((user: { userId: string }) => user.userId)).toEqual(['ann', 'bob', 'zed']);
    expect(listed[0]).toMatchObject({ userId: 'ann', aliasCount: 1, aliases: [null], credentialsCount: 1 });
    expect(listed[0].lastUsedAt).toMatch(/^2026-03-01T12:00:00/);
    expect(listed[2]).toEqual({
      userId: 'zed',
      aliasCount: 1,
      aliases: ['zed@example.com'],
      credentialsCount: 0,
      lastUsedAt: null,
    });
    expect((await harness.get('/users/count', secret)).body).toEqual({ count: 2 });
    expect(harness.violations).toEqual([]);
  });
});

describe('a user going in and out of /users/list', () => {
  it('follows its first and last passkey and alias, and a sign-in, in the list, the count and the limits', async () => {
    const harness = await startEmulator();
    const { registerUser, signIn } = ceremoniesOf(harness, seed);
    const summaryOf = async (userId: string) =>
      (await harness.get('/users/list', secret)).body.values.find((user: { userId: string }) => user.userId === userId);
    const count = async () => (await harness.get('/users/count', secret)).body.count;
    const usersHeld = () => harness.emulator.state.limitUsage().usersInAll.used;
    const before = usersHeld();

    // An alias first: listed with aliases only, and not counted (the count is of users with passkeys).
    await harness.post('/alias', { userId: 'kim', aliases: ['kim@example.com'], hashing: false }, secret);
    expect(await summaryOf('kim')).toMatchObject({ aliasCount: 1, credentialsCount: 0, lastUsedAt: null });
    expect(await count()).toBe(0);
    expect(usersHeld()).toBe(before + 1);

    // Then a passkey: its registration sets the aliases it names, hashed, so the plaintext goes.
    const { authenticator, credential } = await registerUser(['kim@example.com'], 'kim');
    expect(await summaryOf('kim')).toMatchObject({ aliasCount: 1, aliases: [null], credentialsCount: 1 });
    expect(await count()).toBe(1);
    const registered = (await summaryOf('kim')).lastUsedAt;

    // A sign-in replaces the passkey's record: the list shows its new time.
    harness.clock.advance(60_000);
    expect((await signIn(authenticator)).status).toBe(200);
    expect(Date.parse((await summaryOf('kim')).lastUsedAt) - Date.parse(registered)).toBe(60_000);

    // Its last passkey deleted, the user stays, with its alias.
    expect((await harness.post('/credentials/delete', { credentialId: credential.rawId }, secret)).status).toBe(204);
    expect(await summaryOf('kim')).toMatchObject({ aliasCount: 1, credentialsCount: 0, lastUsedAt: null });
    expect(await count()).toBe(0);
    expect(usersHeld()).toBe(before + 1);

    // Its last alias gone too, the user is gone; an alias again brings it back.
    expect((await harness.post('/alias', { userId: 'kim', aliases: [], hashing: true }, secret)).status).toBe(204);
    expect(await summaryOf('kim')).toBeUndefined();
    expect(usersHeld()).toBe(before);
    await harness.post('/alias', { userId: 'kim', aliases: ['kim@example.com'], hashing: true }, secret);
    expect(await summaryOf('kim')).toMatchObject({ aliasCount: 1, aliases: [null], credentialsCount: 0 });
    expect(usersHeld()).toBe(before + 1);
    expect(harness.violations).toEqual([]);
  });
});

describe('/credentials/* and /users/delete', () => {
  it('lists a user’s passkeys (GET and POST), deletes one, and answers an unknown id with the server’s 500', async () => {
    const harness = await startEmulator();
    const { registerUser } = ceremoniesOf(harness, seed);
    const { credential } = await registerUser([], 'fry');
    const viaGet = (await harness.get('/credentials/list?userId=fry', secret)).body;
    const viaPost = (await harness.post('/credentials/list', { userId: 'fry' }, secret)).body;
    expect(viaGet).toEqual(viaPost);
    expect(viaGet.values.map((c: { descriptor: { id: string } }) => c.descriptor.id)).toEqual([credential.rawId]);
    expect(Object.keys(viaGet.values[0])).toEqual([
      'descriptor',
      'publicKey',
      'userHandle',
      'signatureCounter',
      'attestationFmt',
      'createdAt',
      'aaGuid',
      'lastUsedAt',
      'rpid',
      'origin',
      'country',
      'device',
      'nickname',
      'userId',
      'backupState',
      'isBackupEligible',
      'isDiscoverable',
    ]);
    expect((await harness.post('/credentials/delete', { credentialId: credential.rawId }, secret)).status).toBe(204);
    expect((await harness.get('/credentials/list?userId=fry', secret)).body).toEqual({ values: [] });
    const again = await harness.post('/credentials/delete', { credentialId: credential.rawId }, secret);
    expect(again.status).toBe(500);
    expect(harness.violations).toEqual([]);
  });

  it('deletes a user’s passkeys and aliases, answering 200 with an empty body', async () => {
    const harness = await startEmulator();
    const { registerUser } = ceremoniesOf(harness, seed);
    await registerUser(['gone@example.com'], 'gone');
    const deleted = await harness.post('/users/delete', { userId: 'gone' }, secret);
    expect(deleted.status).toBe(200);
    expect(deleted.text).toBe('');
    expect(deleted.headers['content-type']).toBeUndefined();
    expect((await harness.get('/users/list', secret)).body).toEqual({ values: [] });
    // The alias is free again.
    expect((await harness.post('/alias', { userId: 'new', aliases: ['gone@example.com'] }, secret)).status).toBe(204);
  });
});
