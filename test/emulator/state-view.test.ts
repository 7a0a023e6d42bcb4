// What the state page reads (`/__mock/view`, src/emulator/state-view.ts) and the reset of one app
// (`DELETE /__mock/state/apps/{appId}`), in the emulator core that both doors share: a page of users with their aliases
// as the server keeps them and their passkeys, the newest issued tokens and sent magic links with their expiry against
// the emulator's clock, authentication configurations, events, the limits; a revision that moves only when the state
// may have; bounded answers; and nothing that lets its reader sign in or mint anything.
import { describe, expect, it } from 'vitest';
import { issuedTokensKept } from '../../src/emulator/state/issued-tokens.js';
import { ceremoniesOf } from './ceremonies.js';
import { type Harness, seed, startEmulator, withSecret } from './harness.js';

const revision = async (harness: Harness) => (await harness.get('/__mock/view/revision')).body.revision as number;
const appView = async (harness: Harness, appId: string = seed.appId, query = '') => {
  const answer = await harness.get(`/__mock/view/apps/${appId}${query}`);
  expect(answer.status, answer.text).toBe(200);
  return answer.body;
};

describe('the views of the state page', () => {
  it('show a user with its aliases as kept (hashed or not), its passkey, the issued tokens and the outbox', async () => {
    const harness = await startEmulator();
    const { post, clock } = harness;
    const ceremonies = ceremoniesOf(harness, seed);
    const { userId, token } = await ceremonies.registerUser(['fry@example.com']);
    await post('/alias', { userId, aliases: ['philip'], hashing: false }, withSecret());
    const sent = await post(
      '/magic-links/send',
      {
        emailAddress: 'fry@example.com',
        urlTemplate: 'https://app.example/signin?token=$TOKEN',
        userId,
        timeToLive: 60,
      },
      withSecret(),
    );
    expect(sent.status, sent.text).toBe(204);

    const view = await appView(harness);
    expect(view.app).toMatchObject({ appId: seed.appId, counts: { users: 1, passkeys: 1, aliases: 1 } });
    expect(view.users).toMatchObject({ total: 1, from: '', next: null });
    const [user] = view.users.shown;
    expect(user).toMatchObject({ userId, aliasCount: 1, aliases: [{ plaintext: 'philip' }], passkeyCount: 1 });
    expect(user.aliases[0].hash).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(user.passkeys[0]).toMatchObject({ nickname: 'Test key', signatureCounter: 0, rpId: 'localhost' });
    expect(Date.parse(user.passkeys[0].createdAt)).toBe(clock.now());
    expect(Date.parse(user.passkeys[0].lastUsedAt)).toBe(clock.now());

    // Newest first: the magic link's verify token, the registration's verify token, the register token.
    expect(view.issuedTokens.shown.map((issued: { kind: string; type: string | null }) => issued.type)).toEqual([
      'magic_link',
      'passkey_register',
      null,
    ]);
    const magicToken = view.issuedTokens.shown[0];
    expect(magicToken).toMatchObject({ kind: 'verify', userId });
    expect(Date.parse(magicToken.expiresAt) - Date.parse(magicToken.issuedAt)).toBe(60_000);

    const [link] = view.magicLinks.shown;
    expect(link).toMatchObject({ emailAddress: 'fry@example.com', userId });
    expect(link.link).toMatch(/^https:\/\/app\.example\/signin\?token=verify_/);
    expect(Date.parse(link.expiresAt)).toBe(clock.now() + 60_000);
    expect(Date.parse(link.sentAt)).toBe(clock.now());

    // The presets are listed as the server lists them; the verify token of the registration still verifies.
    expect(view.authConfigs.shown.map((config: { purpose: string }) => config.purpose)).toEqual(['sign-in', 'step-up']);
    expect((await ceremonies.verify(token)).status).toBe(200);
  });

  it('page the users in userId order, as many per page however many the app holds', async () => {
    const harness = await startEmulator();
    const userIds = Array.from({ length: 60 }, (_, index) => `user-${String(index).padStart(3, '0')}`);
    for (const userId of [...userIds].reverse()) {
      const set = await harness.post('/alias', { userId, aliases: [`${userId}@example.com`] }, withSecret());
      expect(set.status).toBe(204);
    }
    const first = await appView(harness);
    expect(first.users.total).toBe(60);
    expect(first.users.shown.map((user: { userId: string }) => user.userId)).toEqual(userIds.slice(0, 25));
    expect(first.users.shown[0].aliases[0].plaintext).toBeNull();
    expect(first.users.next).toBe('user-025');
    const second = await appView(harness, seed.appId, `?usersFrom=${first.users.next}`);
    expect(second.users.shown.map((user: { userId: string }) => user.userId)).toEqual(userIds.slice(25, 50));
    const last = await appView(harness, seed.appId, '?usersFrom=user-05');
    expect(last.users.shown.map((user: { userId: string }) => user.userId)).toEqual(userIds.slice(50));
    expect(last.users.next).toBeNull();
  });

  it('stay small for a big app: one page of users, the newest of each log', async () => {
    const harness = await startEmulator();
    const snapshot = harness.emulator.exportState();
    const aliases = Array.from({ length: 20_000 }, (_, index) => ({
      userId: `user-${index}`,
      hash: `hash-${index}`,
      plaintext: `user-${index}@example.com`,
    }));
    harness.emulator.importState({ ...snapshot, apps: [{ ...snapshot.apps[0]!, aliases }] });
    const answer = await harness.get(`/__mock/view/apps/${seed.appId}`);
    expect(answer.body.users.total).toBe(20_000);
    expect(answer.body.users.shown).toHaveLength(25);
    expect(answer.text.length).toBeLessThan(20_000);
    expect((await harness.get('/__mock/view')).text.length).toBeLessThan(5_000);
  });

  it('give the overview: the clock, the limits and their use, a page of apps with their counts', async () => {
    const harness = await startEmulator({ limits: { usersPerApp: 500 } });
    await harness.post('/alias', { userId: 'u1', aliases: ['a@example.com'] }, withSecret());
    const overview = (await harness.get('/__mock/view')).body;
    expect(overview.now).toBe(new Date(harness.clock.now()).toISOString());
    expect(overview.clockMoved).toBe(false);
    expect(overview.limits).toContainEqual({
      name: 'usersPerApp',
      description: 'users of one app',
      limit: 500,
      used: 1,
      fullestApp: seed.appId,
    });
    expect(overview.apps).toEqual({
      total: 1,
      from: 0,
      shown: [
        {
          appId: seed.appId,
          users: 1,
          passkeys: 0,
          aliases: 1,
          authConfigs: 0,
          events: 0,
          magicLinks: 0,
          issuedTokens: 0,
        },
      ],
    });
    expect((await harness.get('/__mock/view/apps/nothere')).status).toBe(404);
    expect((await harness.call('POST', '/__mock/view')).status).toBe(405);
  });

  it('keep only the newest issued tokens, in memory', async () => {
    const harness = await startEmulator();
    for (let index = 0; index < issuedTokensKept + 5; index++)
      await harness.post('/signin/generate-token', { userId: `u${index}` }, withSecret());
    const view = await appView(harness);
    expect(view.issuedTokens.total).toBe(issuedTokensKept);
    expect(view.issuedTokens.shown).toHaveLength(50);
    expect(view.issuedTokens.shown[0].userId).toBe(`u${issuedTokensKept + 4}`);
    expect(JSON.stringify(harness.emulator.exportState())).not.toContain('issuedTokens');
  });

  it('never hold a key, a secret hash, a token-signing key or a passkey public key', async () => {
    const harness = await startEmulator();
    const { credential } = await ceremoniesOf(harness, seed).registerUser(['fry@example.com']);
    const full = harness.emulator.exportState({ includeSecrets: true });
    const [app] = full.apps;
    const secrets = [
      seed.apiSecret,
      seed.apiKey,
      app!.tokenKey.secret,
      ...app!.keys.flatMap((key) => [key.secretHash, key.publicKey]),
      ...app!.credentials.map((stored) => stored.publicKey),
    ].filter((secret): secret is string => typeof secret === 'string');
    expect(secrets.length).toBeGreaterThanOrEqual(5);
    const views = [
      (await harness.get('/__mock/view')).text,
      (await harness.get('/__mock/view/revision')).text,
      (await harness.get(`/__mock/view/apps/${seed.appId}`)).text,
    ].join('\n');
    for (const secret of secrets) expect(views).not.toContain(secret);
    expect(views).toContain(credential.id);
  });
});

describe('the revision of the state', () => {
  it('moves on each request that may write, a reset and a clock move, and not on reads', async () => {
    const harness = await startEmulator();
    const start = await revision(harness);
    await harness.get('/users/list', withSecret());
    await harness.get('/__mock/view');
    expect(await revision(harness)).toBe(start);
    await harness.post('/alias', { userId: 'u1', aliases: ['a@example.com'] }, withSecret());
    const afterWrite = await revision(harness);
    expect(afterWrite).toBeGreaterThan(start);
    await harness.post('/__mock/clock', { advanceSeconds: 60 });
    const afterClock = await revision(harness);
    expect(afterClock).toBeGreaterThan(afterWrite);
    await harness.emulator.reset();
    expect(await revision(harness)).toBeGreaterThan(afterClock);
    // A move of the clock from code shows in the next answer, with the time.
    harness.emulator.clock.advance(30);
    expect((await harness.get('/__mock/view/revision')).body).toMatchObject({
      now: new Date(harness.clock.now() + 90_000).toISOString(),
      clockMoved: true,
    });
  });
});

describe('the reset of one app', () => {
  it('empties the app (its tokens stop verifying) and leaves its keys and the other apps alone', async () => {
    const other = {
      appId: 'other',
      apiSecret: `other:secret:${'1'.repeat(32)}`,
      apiKey: `other:public:${'2'.repeat(32)}`,
    };
    const harness = await startEmulator({
      apps: [{ appId: other.appId, publicKeys: [other.apiKey], secretKeys: [other.apiSecret] }],
    });
    const { post } = harness;
    const { token } = await ceremoniesOf(harness, seed).registerUser(['fry@example.com']);
    await post('/alias', { userId: 'kept', aliases: ['kept@example.com'] }, withSecret(other.apiSecret));
    const added = await post(
      '/auth-configs/add',
      { purpose: 'checkout', timeToLive: '00:01:00', performedBy: 'ann' },
      withSecret(),
    );
    expect(added.status, added.text).toBe(201);
    const before = await appView(harness);
    expect(before.app.counts.users).toBe(1);
    expect(before.authConfigs.shown.map((config: { purpose: string }) => config.purpose)).toContain('checkout');

    const reset = await harness.call('DELETE', `/__mock/state/apps/${seed.appId}`);
    expect(reset.status, reset.text).toBe(204);
    const view = await appView(harness);
    expect(view.app.counts).toEqual({ users: 0, passkeys: 0, aliases: 0 });
    expect(view.issuedTokens.total).toBe(0);
    expect(view.authConfigs.shown.map((config: { purpose: string }) => config.purpose)).toEqual(['sign-in', 'step-up']);
    expect((await appView(harness, other.appId)).app.counts.users).toBe(1);
    // Its keys still work; the tokens it issued before do not verify.
    expect((await harness.get('/users/count', withSecret())).body).toEqual({ count: 0 });
    expect((await post('/signin/verify', { token }, withSecret())).body).toMatchObject({ errorCode: 'invalid_token' });
    const overview = (await harness.get('/__mock/view')).body;
    expect(overview.limits.find((limit: { name: string }) => limit.name === 'usersInAll').used).toBe(1);

    expect((await harness.call('DELETE', '/__mock/state/apps/nothere')).status).toBe(404);
    expect((await harness.call('POST', `/__mock/state/apps/${seed.appId}`)).headers.allow).toBe('DELETE');
  });
});
