// The emulator's limits for whole teams: defaults no realistic suite meets (10,000 apps, 100,000 users per app), bounds
// in all apps that keep the whole within memory, the `name=<n>` settings the command and PASSWORDLESS_MOCK_LIMITS take,
// the use of each limit, and a 507 that names the limit and how to raise it.
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/index.js';
import { defaultLimits, parseLimitSettings, resolveLimits } from '../../src/emulator/state/limits.js';
import { ceremoniesOf } from './ceremonies.js';
import { bundledSpecDocument, seed, startEmulator, withSecret } from './harness.js';

const secret = withSecret();
const managementKey = 'management-key-for-the-limits';
const admin = { ManagementKey: managementKey };

/** A snapshot of the emulator's state whose seed app holds `count` users, each with one alias. */
async function withUsers(count: number, limits = {}) {
  const harness = await startEmulator({ managementKey, limits });
  const state = harness.emulator.exportState();
  const test = state.apps.find((app) => app.appId === seed.appId);
  if (!test) throw new Error('The seed app is missing.');
  test.aliases = Array.from({ length: count }, (_, i) => ({
    userId: `user${String(i).padStart(6, '0')}`,
    hash: `hash${i}`,
    plaintext: null,
  }));
  harness.emulator.importState(state);
  return harness;
}

describe('the default limits', () => {
  it('are at least 10,000 apps and 100,000 users per app, with room for a passkey and an alias each', () => {
    expect(resolveLimits()).toEqual(defaultLimits);
    expect(defaultLimits.apps).toBeGreaterThanOrEqual(10_000);
    expect(defaultLimits.usersPerApp).toBeGreaterThanOrEqual(100_000);
    expect(defaultLimits.credentialsPerApp).toBeGreaterThanOrEqual(defaultLimits.usersPerApp);
    expect(defaultLimits.aliasesPerApp).toBeGreaterThanOrEqual(defaultLimits.usersPerApp);
    expect(defaultLimits.usersInAll).toBeGreaterThanOrEqual(1_000_000);
  });

  it('let an app hold more than 10,000 users and the emulator more than 100 apps', async () => {
    const { post, emulator } = await withUsers(10_000);
    expect((await post('/alias', { userId: 'one-more', aliases: ['one-more'] }, secret)).status).toBe(204);
    for (let i = 0; i < 100; i++)
      expect((await post(`/admin/apps/app${i}/create`, { adminEmail: 'a@example.com' }, admin)).status).toBe(200);
    expect(emulator.state.allApps()).toHaveLength(101);
  });
});

describe('many apps in a message', () => {
  it('names the first ten apps and how many more when a key names an app the emulator does not hold', async () => {
    const apps = Array.from({ length: 11 }, (_, i) => ({
      appId: `app${i}`,
      publicKeys: [`app${i}:public:00112233445566778899aabbccddeeff`],
      secretKeys: [`app${i}:secret:00112233445566778899aabbccddeeff`],
    }));
    const { get } = await startEmulator({ apps });
    const unknown = await get('/users/list', { ApiSecret: 'other:secret:00112233445566778899aabbccddeeff' });
    expect(unknown.status).toBe(401);
    expect(unknown.reason).toBe(
      'The emulator knows no app "other"; its apps are test, app0, app1, app2, app3, app4, app5, app6, app7, app8 and 2 more.',
    );
  });
});

describe('the limits in all apps', () => {
  it('count users across apps, and free room when users, apps or the whole state go', async () => {
    const { post, call, emulator } = await startEmulator({ managementKey, limits: { usersInAll: 3 } });
    const other = (await post('/admin/apps/otherapp/create', { adminEmail: 'a@example.com' }, admin)).body;
    const otherSecret = withSecret(other.apiSecret1);
    expect((await post('/alias', { userId: 'u1', aliases: ['a'] }, secret)).status).toBe(204);
    expect((await post('/alias', { userId: 'u2', aliases: ['b'] }, secret)).status).toBe(204);
    expect((await post('/alias', { userId: 'o1', aliases: ['c'] }, otherSecret)).status).toBe(204);
    const full = await post('/alias', { userId: 'o2', aliases: ['d'] }, otherSecret);
    expect(full.status).toBe(507);
    expect(full.body).toMatchObject({ title: 'The emulator is full', status: 507 });
    expect(full.body.detail).toMatch(
      /^The apps hold 3 users in all, the emulator's limit usersInAll; .* --limit usersInAll=<n> on the command/,
    );
    expect(emulator.state.limitUsage().usersInAll).toEqual({ limit: 3, used: 3 });

    // Deleting a user makes room; so does deleting an app, and resetting.
    expect((await post('/users/delete', { userId: 'u2' }, secret)).status).toBe(200);
    expect((await post('/alias', { userId: 'o2', aliases: ['d'] }, otherSecret)).status).toBe(204);
    expect((await post('/alias', { userId: 'o3', aliases: ['e'] }, otherSecret)).status).toBe(507);
    expect((await post('/admin/apps/otherapp/mark-delete', { deletedBy: 'a@example.com' }, admin)).body).toMatchObject({
      isDeleted: true,
    });
    expect(emulator.state.limitUsage().usersInAll.used).toBe(1);
    expect((await post('/alias', { userId: 'u3', aliases: ['f'] }, secret)).status).toBe(204);
    expect((await call('DELETE', '/__mock/state')).status).toBe(204);
    expect(emulator.state.limitUsage().usersInAll.used).toBe(0);
  });

  it('count passkeys and aliases across apps, as loaded from a state too', async () => {
    const harness = await startEmulator({ limits: { credentialsInAll: 1, aliasesInAll: 2 } });
    const { registerUser } = ceremoniesOf(harness, { apiSecret: seed.apiSecret, apiKey: seed.apiKey });
    await registerUser([], 'first');
    await expect(registerUser([], 'second')).rejects.toThrow(/507/);
    expect((await harness.post('/alias', { userId: 'u1', aliases: ['a', 'b'] }, secret)).status).toBe(204);
    const over = await harness.post('/alias', { userId: 'u2', aliases: ['c'] }, secret);
    expect(over.body.detail).toMatch(/more than 2 aliases in all, the emulator's limit aliasesInAll/);
    // Replacing the user's two aliases with one is within the bound.
    expect((await harness.post('/alias', { userId: 'u1', aliases: ['a'] }, secret)).status).toBe(204);
    harness.emulator.importState(harness.emulator.exportState());
    expect(harness.emulator.state.limitUsage()).toMatchObject({
      credentialsInAll: { limit: 1, used: 1 },
      aliasesInAll: { limit: 2, used: 1 },
      usersInAll: { used: 2 },
    });
  });
});

describe('the use of each limit', () => {
  it('gives every limit, and for the per-app ones the app that uses the most', async () => {
    const { post, emulator } = await withUsers(5, { usersPerApp: 50 });
    const other = (await post('/admin/apps/otherapp/create', { adminEmail: 'a@example.com' }, admin)).body;
    await post('/alias', { userId: 'o1', aliases: ['c', 'd', 'e', 'f', 'g', 'h'] }, withSecret(other.apiSecret1));
    const usage = emulator.state.limitUsage();
    expect(Object.keys(usage).sort()).toEqual(Object.keys(defaultLimits).sort());
    expect(usage.apps).toEqual({ limit: defaultLimits.apps, used: 2 });
    expect(usage.usersPerApp).toEqual({ limit: 50, used: 5, fullestApp: 'test' });
    expect(usage.aliasesPerApp).toEqual({ limit: defaultLimits.aliasesPerApp, used: 6, fullestApp: 'otherapp' });
    expect(usage.credentialsPerApp).toEqual({ limit: defaultLimits.credentialsPerApp, used: 0 });
    expect(usage.usersInAll).toEqual({ limit: defaultLimits.usersInAll, used: 6 });
  });
});

describe('the limits in GET /__mock/state', () => {
  it('come beside the apps, and a PUT of that answer loads back as it was', async () => {
    const { get, call, post } = await withUsers(3, { usersPerApp: 10 });
    const exported = await get('/__mock/state');
    expect(exported.body.limits).toMatchObject({
      apps: { limit: defaultLimits.apps, used: 1 },
      usersPerApp: { limit: 10, used: 3, fullestApp: 'test' },
      usersInAll: { limit: defaultLimits.usersInAll, used: 3 },
    });
    expect((await call('DELETE', '/__mock/state')).status).toBe(204);
    expect((await call('PUT', '/__mock/state', { json: exported.body })).status).toBe(204);
    expect((await get('/__mock/state')).body.limits.usersPerApp.used).toBe(3);
    expect((await get('/users/list', secret)).body.values).toHaveLength(3);
    await post('/alias', { userId: 'u9', aliases: ['x'] }, secret);
    expect((await get('/__mock/state?secrets=include')).body.limits.usersPerApp.used).toBe(4);
  });
});

describe('limits as the command takes them', () => {
  it('reads name=<n> settings, several in one text, digits grouped with _', () => {
    expect(parseLimitSettings(['usersPerApp=200000'], '--limit')).toEqual({ usersPerApp: 200_000 });
    expect(parseLimitSettings(['apps=50_000, usersPerApp=2', ' eventsPerApp=3 '], 'PASSWORDLESS_MOCK_LIMITS')).toEqual({
      apps: 50_000,
      usersPerApp: 2,
      eventsPerApp: 3,
    });
    expect(parseLimitSettings([''], '--limit')).toEqual({});
  });

  it('refuses what is not a limit or not a positive whole number, saying what it takes', () => {
    expect(() => parseLimitSettings(['users=5'], '--limit')).toThrow(
      '--limit: "users" is not a limit; the limits are apps, usersPerApp, credentialsPerApp, aliasesPerApp, ' +
        'authConfigsPerApp, eventsPerApp, magicLinksPerApp, usersInAll, credentialsInAll, aliasesInAll.',
    );
    expect(() => parseLimitSettings(['apps=0'], 'PASSWORDLESS_MOCK_LIMITS')).toThrow(
      'PASSWORDLESS_MOCK_LIMITS: apps=0 is not a positive whole number.',
    );
    for (const value of ['1.5', '-1', '1e6', '', '9007199254740993', '1__0'])
      expect(() => parseLimitSettings([`apps=${value}`], '--limit')).toThrow(/is not a positive whole number/);
    expect(() => parseLimitSettings(['apps'], '--limit')).toThrow('--limit: "apps" is not <name>=<n>');
  });

  it('refuses a limit the emulator does not have when given in code', async () => {
    await expect(
      createEmulator({ spec: bundledSpecDocument(), limits: { userz: 5 } as Record<string, number> }),
    ).rejects.toThrow(/limits\.userz is not a limit; the limits are apps, usersPerApp/);
  });
});
