// The emulator's state as a test suite drives it, the way Firebase's emulators are driven: exported, replaced and
// reset (through /__mock/state and through the emulator's methods), apps added at start, and bounded: past a limit the
// emulator says so (507, naming the limit) instead of growing, and logs keep their newest entries. The state file is
// the HTTP door's (test/mock/http-door.test.ts).
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/index.js';
import { bundledSpecDocument, seed, startEmulator, withSecret } from './harness.js';

const secret = withSecret();

describe('the state under /__mock/state', () => {
  it('exports it, resets it (issued tokens then stop verifying) and replaces it with an export', async () => {
    const { call, post, get, violations } = await startEmulator();
    await post('/alias', { userId: 'u1', aliases: ['fry@example.com'], hashing: false }, secret);
    const { token } = (await post('/signin/generate-token', { userId: 'u1' }, secret)).body;
    const exported = await get('/__mock/state');
    expect(exported.status).toBe(200);
    const app = exported.body.apps.find((candidate: { appId: string }) => candidate.appId === 'test');
    expect(app.aliases).toEqual([{ userId: 'u1', hash: expect.any(String), plaintext: 'fry@example.com' }]);
    // The export holds no secret, only its hash.
    expect(exported.text).not.toContain('a679563b331846c79c20b114a4f56d02');

    expect((await call('DELETE', '/__mock/state')).status).toBe(204);
    expect((await get('/alias/list?userId=u1', secret)).body).toEqual({ values: [] });
    const stale = await post('/signin/verify', { token }, secret);
    expect(stale.body).toMatchObject({
      errorCode: 'invalid_token',
      title: expect.stringContaining('not issued for this tenant'),
    });

    expect((await call('PUT', '/__mock/state', { json: exported.body })).status).toBe(204);
    expect((await get('/alias/list?userId=u1', secret)).body.values).toHaveLength(1);
    expect(violations).toEqual([]);
  });

  it('refuses a body that is not a state, saying what is wrong, and keeps the state it had', async () => {
    const { call, post, get } = await startEmulator();
    await post('/alias', { userId: 'u1', aliases: ['fry@example.com'] }, secret);
    const notJson = await call('PUT', '/__mock/state', { body: '{' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.detail).toMatch(/not JSON/);
    // V8 quotes the text beside an unexpected token: a piece of a signing secret must not come back in the answer.
    const brokenAfterASecret = await call('PUT', '/__mock/state', { body: '{"secret": "s3cr3tSigningKey9", "n": x}' });
    expect(brokenAfterASecret.body.detail).toBe("The body is not JSON: Unexpected token 'x'.");
    const clock = await call('POST', '/__mock/clock', { body: '{"now": "s3cr3tSigningKey9", "n": x}' });
    expect(clock.status).toBe(400);
    expect(clock.body.detail).toMatch(/^The body is not JSON: Unexpected token 'x'\. POST \/__mock\/clock takes /);
    expect(clock.body.detail).not.toMatch(/SigningKey|y9/);
    const wrong = await call('PUT', '/__mock/state', { json: { version: 1, apps: [{ appId: 'x' }] } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.detail).toMatch(/^Not an emulator state: apps\.0/);
    expect((await get('/alias/list?userId=u1', secret)).body.values).toHaveLength(1);
  });
});

describe("the state through the emulator's methods", () => {
  it('exports, resets and imports it, and refuses what is not a state', async () => {
    const { emulator, post, get } = await startEmulator();
    await post('/alias', { userId: 'u1', aliases: ['fry@example.com'] }, secret);
    const snapshot = emulator.exportState();
    await emulator.reset();
    expect((await get('/alias/list?userId=u1', secret)).body.values).toHaveLength(0);
    emulator.importState(snapshot);
    expect((await get('/alias/list?userId=u1', secret)).body.values).toHaveLength(1);
    expect(() => emulator.importState({ version: 1 })).toThrow(/Not an emulator state/);
  });

  it('starts from a state given at start, and goes back to it on reset', async () => {
    const first = await startEmulator();
    await first.post('/alias', { userId: 'u2', aliases: ['leela@example.com'] }, secret);
    const second = await startEmulator({ state: first.emulator.exportState() });
    expect((await second.get('/alias/list?userId=u2', secret)).body.values).toHaveLength(1);
    await second.post('/alias', { userId: 'u3', aliases: ['amy@example.com'] }, secret);
    await second.emulator.reset();
    expect((await second.get('/alias/list?userId=u3', secret)).body.values).toHaveLength(0);
    expect((await second.get('/alias/list?userId=u2', secret)).body.values).toHaveLength(1);
  });
});

describe('apps and limits', () => {
  it('holds apps given at start, with their own keys and state', async () => {
    const shopSecret = 'shop:secret:00112233445566778899aabbccddeeff';
    const { post, get } = await startEmulator({
      apps: [{ appId: 'shop', publicKeys: ['shop:public:ffeeddccbbaa99887766554433221100'], secretKeys: [shopSecret] }],
    });
    await post('/alias', { userId: 'u1', aliases: ['a'] }, withSecret(shopSecret));
    expect((await get('/users/list', withSecret(shopSecret))).body.values).toHaveLength(1);
    expect((await get('/users/list', secret)).body.values).toHaveLength(0);
  });

  it('answers 507 with the limit when an app holds as many users as it may, and keeps answering the rest', async () => {
    const { post } = await startEmulator({ limits: { usersPerApp: 2 } });
    expect((await post('/alias', { userId: 'u1', aliases: ['a'] }, secret)).status).toBe(204);
    expect((await post('/alias', { userId: 'u2', aliases: ['b'] }, secret)).status).toBe(204);
    const full = await post('/alias', { userId: 'u3', aliases: ['c'] }, secret);
    expect(full.status).toBe(507);
    expect(full.body.detail).toBe(
      "The app test holds 2 users, the emulator's limit usersPerApp; delete some (POST /users/delete) or reset the " +
        'state (DELETE /__mock/state), or raise the limit: --limit usersPerApp=<n> on the command ' +
        '(PASSWORDLESS_MOCK_LIMITS="usersPerApp=<n>", startMock({ limits: { usersPerApp: <n> } })).',
    );
    // A user it already holds still changes.
    expect((await post('/alias', { userId: 'u1', aliases: ['d'] }, secret)).status).toBe(204);
  });

  it('answers 507 past the limits on aliases, configurations and apps', async () => {
    const managementKey = 'management-key-for-the-limits';
    const { post } = await startEmulator({
      managementKey,
      limits: { aliasesPerApp: 3, authConfigsPerApp: 1, apps: 2 },
    });
    expect((await post('/alias', { userId: 'u1', aliases: ['a', 'b', 'c'] }, secret)).status).toBe(204);
    expect((await post('/alias', { userId: 'u2', aliases: ['d'] }, secret)).body.detail).toMatch(
      /would hold more than 3 aliases, the emulator's limit aliasesPerApp; .* --limit aliasesPerApp=<n>/,
    );
    const config = (purpose: string) => ({ purpose, performedBy: 'me' });
    expect((await post('/auth-configs/add', config('one'), secret)).status).toBe(201);
    expect((await post('/auth-configs/add', config('two'), secret)).body.detail).toMatch(
      /holds 1 authentication configurations, the emulator's limit authConfigsPerApp; .* --limit authConfigsPerApp=<n>/,
    );
    const admin = { ManagementKey: managementKey };
    expect((await post('/admin/apps/second/create', {}, admin)).status).toBe(200);
    const third = await post('/admin/apps/third/create', {}, admin);
    expect(third.status).toBe(507);
    expect(third.body.detail).toMatch(
      /^The emulator holds 2 apps, the emulator's limit apps; delete some \(DELETE \/admin\/apps\/\{appId\}\) or reset the state .* --limit apps=<n>/,
    );
  });

  it('keeps the newest events and sent magic links past their limits', async () => {
    const { emulator, post } = await startEmulator({ limits: { eventsPerApp: 2, magicLinksPerApp: 2 } });
    const state = emulator.exportState();
    const test = state.apps.find((app) => app.appId === seed.appId);
    if (!test) throw new Error('The seed app is missing.');
    test.features.eventLoggingIsEnabled = true;
    emulator.importState(state);
    for (const userId of ['u1', 'u2', 'u3']) {
      await post(
        '/magic-links/send',
        { emailAddress: `${userId}@example.com`, urlTemplate: 'https://a.example/?t=$TOKEN', userId },
        secret,
      );
    }
    const kept = emulator.exportState().apps.find((app) => app.appId === seed.appId);
    expect(kept?.magicLinks.map((link) => link.userId)).toEqual(['u2', 'u3']);
    expect(kept?.events.map((event) => event.message)).toEqual([
      'Created signin token for u2',
      'Created signin token for u3',
    ]);
  });

  it('refuses limits that are not positive integers', async () => {
    await expect(createEmulator({ spec: bundledSpecDocument(), limits: { usersPerApp: 0 } })).rejects.toThrow(
      'limits.usersPerApp must be a positive integer, not 0.',
    );
  });
});
