// Loading a big state (a state file, `PUT /__mock/state`, a reset to the starting state) without a second copy of its
// records and without holding the event loop: the starting state kept for a reset shares its records with the live
// state (no write changes a record in place), and a load is checked and indexed aside in slices, then swapped in at
// once, so an answer given meanwhile comes from the old state or the new, never from half of one. Counted, never timed:
// copies made (structuredClone) and turns of the event loop during a load.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HandedOverState } from '../../src/emulator/index.js';
import { AppUsers } from '../../src/emulator/state/app-users.js';
import type { AppRecord } from '../../src/emulator/state/records.js';
import type { StateSnapshot } from '../../src/emulator/state/state-snapshot.js';
import { storedCredential as credential, seed, startEmulator, withSecret } from './harness.js';

const secret = withSecret();

/** The seed app `test` of a new emulator with `users` users, each with an alias and a passkey, and what else it keeps. */
async function stateWithUsers(users: number): Promise<StateSnapshot> {
  const { emulator } = await startEmulator();
  const state = emulator.exportState({ includeSecrets: true });
  const test = state.apps.find((app) => app.appId === seed.appId) as AppRecord;
  const ids = Array.from({ length: users }, (_, i) => `user-${i}`);
  test.aliases = ids.map((userId, i) => ({ userId, hash: `hash-${i}`, plaintext: `${userId}@example.com` }));
  test.credentials = ids.map((userId, i) => credential(userId, i));
  test.authConfigs = [
    {
      purpose: 'checkout',
      userVerificationRequirement: 'required',
      timeToLiveSeconds: 60,
      hints: [],
      createdBy: 'admin@example.com',
      createdOn: '2026-03-01T12:00:00+00:00',
      editedBy: null,
      editedOn: null,
      lastUsedOn: null,
    },
  ];
  test.authenticators = [{ aaGuid: 'a0000000-0000-0000-0000-000000000000', isAllowed: true, createdAt: '2026-03-01' }];
  return state;
}

/** Counts the turns of the event loop (setImmediate) until `work` settles, and runs `each` on every turn. */
async function turnsDuring<T>(work: () => Promise<T>, each: () => void = () => undefined): Promise<number> {
  let turns = 0;
  let counting = true;
  const turn = () => {
    if (!counting) return;
    turns++;
    each();
    setImmediate(turn);
  };
  setImmediate(turn);
  try {
    await work();
  } finally {
    counting = false;
  }
  return turns;
}

const usersInAll = (harness: Awaited<ReturnType<typeof startEmulator>>) =>
  harness.emulator.state.limitUsage().usersInAll.used;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the starting state kept for a reset', () => {
  it('shares its records with the live state: a handed-over state is neither copied at start nor on reset', async () => {
    const snapshot = await stateWithUsers(50);
    const clones = vi.spyOn(globalThis, 'structuredClone');
    const harness = await startEmulator({ state: new HandedOverState(snapshot) });
    const given = snapshot.apps.find((app) => app.appId === seed.appId) as AppRecord;
    const live = () => harness.emulator.state.view().apps.find((app) => app.appId === seed.appId) as AppRecord;
    // The very records given, not copies of them (a copy kept for the reset made a million users take twice the room).
    expect(live().credentials[0]).toBe(given.credentials[0]);
    expect(live().aliases[49]).toBe(given.aliases[49]);
    await harness.emulator.reset();
    expect(live().credentials[0]).toBe(given.credentials[0]);
    expect(clones).not.toHaveBeenCalled();
    expect(usersInAll(harness)).toBe(50);
  });

  it('copies a state a caller gives and keeps, so that changing it afterwards changes nothing in the emulator', async () => {
    const snapshot = await stateWithUsers(3);
    const harness = await startEmulator({ state: snapshot });
    (snapshot.apps.find((app) => app.appId === seed.appId) as AppRecord).aliases = [];
    await harness.emulator.reset();
    expect((await harness.get('/alias/list?userId=user-2', secret)).body.values).toHaveLength(1);
  });

  it('is never changed by a write to the live state: a reset goes back to it exactly', async () => {
    const snapshot = await stateWithUsers(5);
    const untouched = structuredClone(snapshot);
    const harness = await startEmulator({ state: new HandedOverState(snapshot) });
    const withoutTokenKeys = () =>
      harness.emulator.exportState({ includeSecrets: true }).apps.map(({ tokenKey, ...app }) => app);
    const before = withoutTokenKeys();
    const app = harness.emulator.state.app(seed.appId);
    if (!app) throw new Error('The seed app is missing.');
    // Every write that once changed a stored record in place, and the others.
    expect(
      app.users.recordSignIn('credential-1', {
        signatureCounter: 7,
        country: 'NL',
        device: 'Firefox, Windows',
        lastUsedAt: '2026-03-02T12:00:00',
      }),
    ).toBe(true);
    expect(app.keys.setLocked(seed.apiSecret.slice(-4), true)).toBe(true);
    app.keys.setAllLocked(true);
    app.authConfigs.update('checkout', {
      userVerificationRequirement: 'discouraged',
      timeToLiveSeconds: 300,
      hints: ['hybrid'],
      editedBy: 'someone@example.com',
    });
    app.authConfigs.markUsed('checkout');
    app.authenticators.add(['a0000000-0000-0000-0000-000000000000'], false);
    app.setFeatures({ eventLoggingIsEnabled: true });
    app.scheduleDeletion({ deletedBy: 'admin@example.com', deleteAt: '2026-04-01T00:00:00' });
    app.events.log({ eventType: 'AdminApiKeyLocked', message: 'Locked', performedBy: 'admin' });
    app.magicLinks.record({ emailAddress: 'fry@example.com', userId: 'user-1', link: 'https://example.com/?t=1' });
    await app.users.setAliases('user-2', ['leela@example.com'], { hashing: false, conflicts: 'refused' });
    app.users.removeCredential('credential-3');
    app.users.removeUser('user-4');
    expect(withoutTokenKeys()).not.toEqual(before);
    // The records handed over are as they were: no write reached them.
    expect(snapshot).toEqual(untouched);

    await harness.emulator.reset();
    expect(withoutTokenKeys()).toEqual(before);
    expect(usersInAll(harness)).toBe(5);
  });
});

describe('a reset', () => {
  /** A second app `other` (a copy of the seed app under another id), then the seed app, each with `users` users. */
  async function twoApps(users: number): Promise<StateSnapshot> {
    const state = await stateWithUsers(users);
    const test = state.apps.find((app) => app.appId === seed.appId) as AppRecord;
    // First, so that a reset decides to keep it before it builds the seed app.
    state.apps.unshift({ ...structuredClone(test), appId: 'other' });
    return state;
  }
  const builds = () => vi.spyOn(AppUsers.prototype, 'load');

  it('keeps an app nobody used since the start as it is, with a new token key, and builds the used ones again', async () => {
    const harness = await startEmulator({ state: new HandedOverState(await twoApps(50)) });
    const other = harness.emulator.state.viewApp('other');
    const otherKey = other?.tokenKey;
    await harness.post('/alias', { userId: 'later', aliases: ['later@example.com'] }, secret);
    expect(usersInAll(harness)).toBe(101);
    const built = builds();
    await harness.emulator.reset();
    // The seed app, used by the request, was built again from its records; `other` was kept.
    expect(built).toHaveBeenCalledTimes(1);
    expect(harness.emulator.state.viewApp('other')).toBe(other);
    expect(harness.emulator.state.viewApp('other')?.tokenKey).not.toEqual(otherKey);
    expect(usersInAll(harness)).toBe(100);
    expect((await harness.get('/alias/list?userId=later', secret)).body.values).toEqual([]);
    expect(harness.emulator.state.limitUsage().aliasesInAll.used).toBe(100);
    // The state page's view of an app does not count as using it; a request to an app does, whatever its method (the
    // GET /alias/list above, to the seed app).
    expect((await harness.call('GET', '/__mock/view/apps/other')).status).toBe(200);
    built.mockClear();
    await harness.emulator.reset();
    expect(built).toHaveBeenCalledTimes(1);
    expect(harness.emulator.state.viewApp('other')).toBe(other);
  });

  it('builds again an app used while the others were being built, so that nothing written to it stays', async () => {
    const harness = await startEmulator({ state: new HandedOverState(await twoApps(5_000)) });
    await harness.post('/alias', { userId: 'later', aliases: ['later@example.com'] }, secret);
    let written = false;
    const turns = await turnsDuring(
      () => harness.emulator.reset(),
      () => {
        if (written) return;
        written = true;
        // A caller using `other` while the seed app is being built (the reset gives the event loop turns).
        void harness.emulator.state
          .app('other')
          ?.users.setAliases('meanwhile', ['meanwhile@example.com'], { hashing: false, conflicts: 'refused' });
      },
    );
    expect(turns).toBeGreaterThanOrEqual(2);
    expect(written).toBe(true);
    expect(harness.emulator.state.viewApp('other')?.users.aliasesOf('meanwhile')).toEqual([]);
    expect(usersInAll(harness)).toBe(10_000);
  });

  it('builds every app again after the daily clean-ups, which write to all of them', async () => {
    const harness = await startEmulator({ state: new HandedOverState(await twoApps(5)) });
    harness.clock.advance(2 * 86_400_000);
    harness.emulator.state.runDueChores();
    const built = builds();
    await harness.emulator.reset();
    expect(built).toHaveBeenCalledTimes(2);
  });
});

describe('loading a state in slices', () => {
  const users = 10_000;

  it('PUT /__mock/state gives the event loop turns, answers from the old state until the new one is whole', async () => {
    const harness = await startEmulator();
    await harness.post('/alias', { userId: 'before', aliases: ['before@example.com'] }, secret);
    const snapshot = await stateWithUsers(users);
    const clones = vi.spyOn(globalThis, 'structuredClone');
    const seen = new Set<number>();
    const turns = await turnsDuring(
      async () => expect((await harness.call('PUT', '/__mock/state', { json: snapshot })).status).toBe(204),
      () => seen.add(usersInAll(harness)),
    );
    // 20,000 records checked and 20,000 indexed, a turn every 500: one load in one go gave none.
    expect(turns).toBeGreaterThanOrEqual(10);
    // Every turn saw the old state (one user) or the new (all of them), never a part of the new one.
    expect([...seen].every((count) => count === 1 || count === users)).toBe(true);
    expect(seen.has(1)).toBe(true);
    expect(usersInAll(harness)).toBe(users);
    expect((await harness.get('/alias/list?userId=user-9999', secret)).body.values).toHaveLength(1);
    expect((await harness.get('/alias/list?userId=before', secret)).body.values).toHaveLength(0);
    // The body parsed for the request is the emulator's own: nothing is copied.
    expect(clones).not.toHaveBeenCalled();
  });

  it('a reset to a big starting state gives the event loop turns, answering from the old state meanwhile', async () => {
    const harness = await startEmulator({ state: new HandedOverState(await stateWithUsers(users)) });
    await harness.post('/alias', { userId: 'later', aliases: ['later@example.com'] }, secret);
    const seen = new Set<number>();
    const turns = await turnsDuring(
      () => harness.emulator.reset(),
      () => seen.add(usersInAll(harness)),
    );
    expect(turns).toBeGreaterThanOrEqual(5);
    expect([...seen].every((count) => count === users + 1 || count === users)).toBe(true);
    expect(seen.has(users + 1)).toBe(true);
    expect(usersInAll(harness)).toBe(users);
  });

  it('keeps the state last asked for when loads overlap, and the old one when a load is refused', async () => {
    const harness = await startEmulator();
    const big = await stateWithUsers(users);
    const small = await stateWithUsers(2);
    const first = harness.call('PUT', '/__mock/state', { json: big });
    const second = harness.call('PUT', '/__mock/state', { json: small });
    expect((await first).status).toBe(204);
    expect((await second).status).toBe(204);
    // The big one, asked for first, ends last: it does not undo the one asked for after it.
    expect(usersInAll(harness)).toBe(2);

    const wrong = structuredClone(big);
    (wrong.apps[0]!.credentials[users - 1] as { userId: unknown }).userId = 42;
    const refused = await harness.call('PUT', '/__mock/state', { json: wrong });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toBe(`Not an emulator state: apps.0.credentials.${users - 1}.userId must be string.`);
    expect(usersInAll(harness)).toBe(2);
  });
});

describe('a loaded user with several passkeys and aliases', () => {
  // The indexes keep a user's one record as itself and a list only from two on: a load, and writes that take a user
  // from one record to several and back, must read the same either way.
  it('reads them in the order the server does, however many each user holds, after a load and after writes', async () => {
    const snapshot = await stateWithUsers(3);
    const test = snapshot.apps.find((app) => app.appId === seed.appId) as AppRecord;
    // user-1's aliases stored out of hash order; the server reads a user's aliases by the aliases table's key.
    test.aliases.push(
      { userId: 'user-1', hash: 'hash-9', plaintext: 'nine@example.com' },
      { userId: 'user-1', hash: 'hash-0b', plaintext: 'zero-b@example.com' },
    );
    test.credentials.push({ ...credential('user-1', 7), lastUsedAt: '2026-03-02T08:00:00' });
    const harness = await startEmulator({ state: new HandedOverState(snapshot) });
    const users = () => harness.emulator.state.viewApp(seed.appId)?.users as AppUsers;
    const aliasHashes = (userId: string) =>
      users()
        .aliasesOf(userId)
        .map(({ hash }) => hash);
    const credentialIds = (userId: string) =>
      users()
        .credentialsOf(userId)
        .map(({ credentialId }) => credentialId);
    const summaryOf = (userId: string) =>
      users()
        .summaries()
        .find((summary) => summary.userId === userId);
    expect(aliasHashes('user-1')).toEqual(['hash-0b', 'hash-1', 'hash-9']);
    expect(aliasHashes('user-2')).toEqual(['hash-2']);
    expect(credentialIds('user-1')).toEqual(['credential-1', 'credential-7']);
    expect(summaryOf('user-1')).toEqual({
      userId: 'user-1',
      aliasCount: 3,
      aliases: ['zero-b@example.com', 'user-1@example.com', 'nine@example.com'],
      credentialsCount: 2,
      lastUsedAt: '2026-03-02T08:00:00',
    });

    // From two passkeys to one and to none; from one alias to two.
    users().removeCredential('credential-7');
    expect(credentialIds('user-1')).toEqual(['credential-1']);
    users().removeCredential('credential-1');
    expect(credentialIds('user-1')).toEqual([]);
    expect(users().countUsersWithCredentials()).toBe(2);
    await users().setAliases('user-2', ['b@example.com', 'a@example.com'], { hashing: false, conflicts: 'refused' });
    const hashes = aliasHashes('user-2');
    expect(hashes).toHaveLength(2);
    expect(hashes).toEqual([...hashes].sort());
    expect(summaryOf('user-2')).toMatchObject({
      aliasCount: 2,
      credentialsCount: 1,
    });
    // user-1 keeps its aliases, so it is still a user; the totals follow every write.
    expect(users().counts).toEqual({ users: 3, credentials: 2, aliases: 6 });
  });
});
