// The emulator's clock (emulator.clock): everything time-dependent follows it, as the server follows its TimeProvider:
// token lifetimes (the server's 403 "The token expired …" once it has moved past them), the times written into
// answers and records, events and sent magic links (and the daily clean-ups that delete old ones), management dates.
// It never goes back past an issued token unless asked. The harness's source clock stands still, so every instant
// below is exact.
import { describe, expect, it } from 'vitest';
import { ClockRefusal } from '../../src/emulator/index.js';
import { seed, startEmulator, withSecret } from './harness.js';

const secret = withSecret();
const managementKey = 'management-key-for-the-clock';
const admin = { ManagementKey: managementKey };

describe('a token after the clock moved', () => {
  it("answers a verify_ token of timeToLive 60 with the server's 403 once the clock moved 120 s", async () => {
    const { post, emulator, violations } = await startEmulator();
    const { token } = (await post('/signin/generate-token', { userId: 'fry', timeToLive: 60 }, secret)).body;
    expect((await post('/signin/verify', { token }, secret)).status).toBe(200);
    emulator.clock.advance(120);
    const expired = await post('/signin/verify', { token }, secret);
    expect(expired.status).toBe(403);
    expect(expired.headers['content-type']).toBe('application/problem+json');
    // As the real server answers (recordings/…/sign-in-verify-expired-token): Humanizer's words for the drift.
    expect(expired.body).toEqual({
      type: 'https://docs.passwordless.dev/guide/errors.html#expired_token',
      title: 'The token expired 1 minute ago.',
      status: 403,
      errorCode: 'expired_token',
      traceId: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/),
    });
    expect(violations).toEqual([]);
  });

  it('expires a register token after its 120 s and a magic link after its timeToLive', async () => {
    const { post, emulator } = await startEmulator();
    const { token: registerToken } = (await post('/register/token', { userId: 'u1', username: 'u1' }, secret)).body;
    await post(
      '/magic-links/send',
      { emailAddress: 'fry@example.com', urlTemplate: 'https://app.example/?t=$TOKEN', userId: 'fry', timeToLive: 300 },
      secret,
    );
    const link = emulator.exportState().apps.find((app) => app.appId === seed.appId)?.magicLinks[0]?.link ?? '';
    const magicToken = new URL(link).searchParams.get('t');
    const begin = () =>
      post('/register/begin', { token: registerToken, origin: 'http://localhost', rpid: 'localhost' }, withKey());
    expect((await begin()).status).toBe(200);
    emulator.clock.advance(121);
    expect((await begin()).body).toMatchObject({ status: 403, title: 'The token expired 1 second ago.' });
    expect((await post('/signin/verify', { token: magicToken }, secret)).status).toBe(200);
    emulator.clock.advance(180);
    expect((await post('/signin/verify', { token: magicToken }, secret)).body).toMatchObject({
      errorCode: 'expired_token',
      title: 'The token expired 1 second ago.',
    });
  });
});

const withKey = () => ({ ApiKey: seed.apiKey });

describe('times written after the clock moved', () => {
  it('stamps tokens, events, sent links and new apps with the moved time', async () => {
    const { post, get, emulator } = await startEmulator({ managementKey });
    emulator.clock.set('2031-07-04T09:30:00Z');
    expect(emulator.clock.iso()).toBe('2031-07-04T09:30:00.000Z');
    const { token } = (await post('/signin/generate-token', { userId: 'fry', timeToLive: 60 }, secret)).body;
    const verified = (await post('/signin/verify', { token }, secret)).body;
    expect(verified.timestamp).toMatch(/^2031-07-04T09:30:00(\.\d+)?Z$/);
    expect(verified.expiresAt).toMatch(/^2031-07-04T09:31:00(\.\d+)?Z$/);

    const created = await post('/admin/apps/clockapp/create', { adminEmail: 'admin@example.com' }, admin);
    expect(created.status).toBe(200);
    const app = emulator.exportState().apps.find((candidate) => candidate.appId === 'clockapp');
    expect(app?.createdAt).toMatch(/^2031-07-04T09:30:00/);
    const appSecret = withSecret(created.body.apiSecret1);
    await post(
      '/admin/apps/clockapp/features',
      { eventLoggingIsEnabled: true, eventLoggingRetentionPeriod: 30 },
      admin,
    );
    emulator.clock.advance(3600);
    await post('/alias', { userId: 'u1', aliases: ['fry'] }, appSecret);
    const events = (await get('/events?pageNumber=1', appSecret)).body.events;
    expect(events[0]).toMatchObject({
      eventType: 'ApiUserSetAliases',
      performedAt: expect.stringMatching(/^2031-07-04T10:30:00/),
    });
  });

  it('schedules an app deletion a month after the moved time, and deletes it once the clock is moved past that', async () => {
    const harness = await startEmulator({ managementKey });
    const { post, get, call, emulator } = harness;
    const created = (await post('/admin/apps/clockold/create', { adminEmail: 'admin@example.com' }, admin)).body;
    // An app with a passkey-less user and four days of age cannot be deleted at once.
    await post('/alias', { userId: 'u1', aliases: ['fry'] }, withSecret(created.apiSecret1));
    emulator.clock.advance(4 * 86_400);
    const state = emulator.exportState();
    const app = state.apps.find((candidate) => candidate.appId === 'clockold');
    if (!app) throw new Error('The app is missing.');
    app.credentials.push({
      credentialId: 'AAAA',
      transports: null,
      publicKey: 'AA==',
      userHandle: 'dTE=',
      signatureCounter: 0,
      attestationFmt: 'none',
      createdAt: app.createdAt,
      aaGuid: '00000000-0000-0000-0000-000000000000',
      lastUsedAt: app.createdAt,
      rpid: 'localhost',
      origin: 'http://localhost',
      country: '',
      device: '',
      nickname: null,
      userId: 'u1',
      backupState: null,
      isBackupEligible: null,
      isDiscoverable: null,
    });
    emulator.importState(state);
    const marked = await post('/admin/apps/clockold/mark-delete', { deletedBy: 'admin@example.com' }, admin);
    expect(marked.body).toMatchObject({ isDeleted: false, deleteAt: expect.stringMatching(/^2026-04-05T12:00:00/) });
    expect((await call('DELETE', '/admin/apps/clockold', { headers: admin })).body.errorCode).toBe(
      'app_not_pending_deletion',
    );
    emulator.clock.set('2026-04-05T12:00:01Z');
    expect((await get('/apps/list-pending-deletion', admin)).body).toEqual(['clockold']);
    expect((await call('DELETE', '/admin/apps/clockold', { headers: admin })).body).toMatchObject({ isDeleted: true });
  });
});

describe("the server's daily clean-ups", () => {
  it('delete events older than the retention period at the first midnight after, as the server does', async () => {
    const { post, get, emulator } = await startEmulator();
    // The seed app keeps events 0 days; give it 1 and switch logging on.
    const state = emulator.exportState();
    const test = state.apps.find((app) => app.appId === seed.appId);
    if (!test) throw new Error('The seed app is missing.');
    Object.assign(test.features, { eventLoggingIsEnabled: true, eventLoggingRetentionPeriod: 1 });
    emulator.importState(state);
    // 2026-03-01T12:00Z: one event.
    await post('/alias', { userId: 'u1', aliases: ['fry'] }, secret);
    const count = async () => (await get('/events?pageNumber=1', secret)).body.totalEventCount;
    expect(await count()).toBe(1);
    // The midnight of 03-02 deletes what is older than 03-01T00:00: not this one.
    emulator.clock.set('2026-03-02T12:00:00Z');
    expect(await count()).toBe(1);
    // The midnight of 03-03 deletes what is older than 03-02T00:00: this one.
    emulator.clock.set('2026-03-03T00:00:01Z');
    expect(await count()).toBe(0);
  });

  it('delete sent magic links after 50 days, which the quota no longer counts after 30', async () => {
    const { post, emulator } = await startEmulator();
    await post(
      '/magic-links/send',
      { emailAddress: 'fry@example.com', urlTemplate: 'https://app.example/?t=$TOKEN', userId: 'fry' },
      secret,
    );
    const outbox = () => emulator.exportState().apps.find((app) => app.appId === seed.appId)?.magicLinks ?? [];
    emulator.clock.advance(50 * 86_400);
    await post('/signin/generate-token', { userId: 'fry' }, secret);
    expect(outbox()).toHaveLength(1);
    emulator.clock.advance(86_400);
    await post('/signin/generate-token', { userId: 'fry' }, secret);
    expect(outbox()).toHaveLength(0);
  });
});

describe('moving the clock', () => {
  it('never goes back past an issued token unless asked, and freely after a reset', async () => {
    const { post, emulator } = await startEmulator();
    const start = emulator.clock.now();
    emulator.clock.advance(-60);
    expect(emulator.clock.now()).toBe(start - 60_000);
    emulator.clock.advance(60);
    await post('/signin/generate-token', { userId: 'fry' }, secret);
    expect(emulator.clock.latestTokenIssuedAt).toBe(start);
    const back = () => emulator.clock.advance(-1);
    expect(back).toThrow(ClockRefusal);
    expect(back).toThrow(/before 2026-03-01T12:00:00.000Z, when the emulator issued its latest token.*allowBackwards/);
    expect(() => emulator.clock.set('2026-03-01T11:59:59Z')).toThrow(ClockRefusal);
    expect(emulator.clock.now()).toBe(start);
    // Forward, or back to the issue time itself, is fine.
    emulator.clock.set('2026-03-01T12:00:00Z');
    emulator.clock.set('2026-03-01T11:00:00Z', { allowBackwards: true });
    expect(emulator.clock.iso()).toBe('2026-03-01T11:00:00.000Z');
    emulator.clock.set('2026-03-01T12:00:00Z');
    await emulator.reset();
    emulator.clock.advance(-3600);
    expect(emulator.clock.iso()).toBe('2026-03-01T11:00:00.000Z');
  });

  it('refuses what is not a time, with a message that says what it takes', async () => {
    const { emulator } = await startEmulator();
    const start = emulator.clock.now();
    expect(() => emulator.clock.advance(Number.NaN)).toThrow(/advanceSeconds must be a finite number/);
    expect(() => emulator.clock.advance(Number.POSITIVE_INFINITY)).toThrow(ClockRefusal);
    expect(() => emulator.clock.set('tomorrow')).toThrow(/ISO 8601 date and time with an offset/);
    expect(() => emulator.clock.set('2026-03-01T12:00:00')).toThrow(/with an offset/);
    expect(() => emulator.clock.set('2026-02-30T12:00:00Z')).toThrow(ClockRefusal);
    expect(() => emulator.clock.set('9999-12-31T00:00:00Z')).toThrow(/outside/);
    expect(() => emulator.clock.set('1969-12-31T23:59:59Z')).toThrow(/outside/);
    expect(emulator.clock.now()).toBe(start);
    emulator.clock.set('2026-03-01T14:00:00+02:00');
    expect(emulator.clock.iso()).toBe('2026-03-01T12:00:00.000Z');
    emulator.clock.set('2026-03-01T12:00:00.123456789Z');
    expect(emulator.clock.iso()).toBe('2026-03-01T12:00:00.123Z');
  });
});

describe('/__mock/clock', () => {
  it('answers the time, moves it on or sets it, and puts it back on the real time', async () => {
    const { call, get, post, violations } = await startEmulator();
    const read = await get('/__mock/clock');
    expect(read.status).toBe(200);
    expect(read.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(read.body).toEqual({ now: '2026-03-01T12:00:00.000Z', latestTokenIssuedAt: null });
    const moved = await post('/__mock/clock', { advanceSeconds: 90.5 });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({ now: '2026-03-01T12:01:30.500Z', latestTokenIssuedAt: null });
    expect(moved.reason).toBe('The clock moved from 2026-03-01T12:00:00.000Z to 2026-03-01T12:01:30.500Z.');
    expect((await post('/__mock/clock', { now: '2027-01-01T00:00:00+01:00' })).body.now).toBe(
      '2026-12-31T23:00:00.000Z',
    );
    // The harness's source stands still at 12:00, so back on it is exactly that.
    expect((await call('DELETE', '/__mock/clock')).body.now).toBe('2026-03-01T12:00:00.000Z');
    expect(violations).toEqual([]);
  });

  it('expires a verify_ token of timeToLive 60 with the server’s 403 once moved 120 s', async () => {
    const { post } = await startEmulator();
    const { token } = (await post('/signin/generate-token', { userId: 'fry', timeToLive: 60 }, secret)).body;
    expect((await post('/__mock/clock', { advanceSeconds: 120 })).body.latestTokenIssuedAt).toBe(
      '2026-03-01T12:00:00.000Z',
    );
    expect((await post('/signin/verify', { token }, secret)).body).toMatchObject({
      status: 403,
      errorCode: 'expired_token',
      title: 'The token expired 1 minute ago.',
    });
  });

  it('refuses to go back past an issued token with 409 unless allowBackwards, and stays where it was', async () => {
    const { post, get } = await startEmulator();
    await post('/signin/generate-token', { userId: 'fry' }, secret);
    const refused = await post('/__mock/clock', { now: '2026-03-01T11:00:00Z' });
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toBe('application/problem+json');
    expect(refused.body).toMatchObject({
      title: 'The clock would go back past an issued token',
      status: 409,
      detail: expect.stringContaining('"allowBackwards": true'),
    });
    expect((await post('/__mock/clock', { advanceSeconds: -1 })).status).toBe(409);
    expect((await get('/__mock/clock')).body.now).toBe('2026-03-01T12:00:00.000Z');
    const allowed = await post('/__mock/clock', { now: '2026-03-01T11:00:00Z', allowBackwards: true });
    expect(allowed.body.now).toBe('2026-03-01T11:00:00.000Z');
  });

  it('refuses a body that is not a move with 400 saying what it takes, and other methods with 405', async () => {
    const { call, post } = await startEmulator();
    const cases: [unknown, RegExp][] = [
      [{}, /either advanceSeconds or now, not both and not neither/],
      [{ advanceSeconds: 1, now: '2026-03-01T12:00:00Z' }, /not both/],
      [{ advanceSeconds: '60' }, /advanceSeconds must be a number/],
      [{ now: 5 }, /now must be an ISO 8601 text/],
      [{ now: 'soon' }, /ISO 8601 date and time with an offset/],
      [{ now: '2026-13-01T00:00:00Z' }, /not a real date and time/],
      [{ advanceSeconds: 1e20 }, /outside/],
      [{ advanceSeconds: 1, allowBackwards: 'yes' }, /allowBackwards must be true or false/],
      [{ advanceSeconds: 1, seconds: 2 }, /Unknown member "seconds"/],
      [[1], /not a JSON object/],
    ];
    for (const [body, detail] of cases) {
      const refused = await post('/__mock/clock', body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.detail).toMatch(detail);
      expect(refused.body.detail).toContain('POST /__mock/clock takes {"advanceSeconds": <seconds>}');
    }
    expect(
      (await call('POST', '/__mock/clock', { body: '{', headers: { 'content-type': 'application/json' } })).body,
    ).toMatchObject({ status: 400, detail: expect.stringMatching(/^The body is not JSON/) });
    const put = await call('PUT', '/__mock/clock', { json: { advanceSeconds: 1 } });
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('GET, POST, DELETE');
    expect((await call('GET', '/__mock/nothing')).body.detail).toBe(
      "/__mock/nothing is not an emulator endpoint; the emulator's are /__mock/state (GET, PUT, DELETE), " +
        '/__mock/state/apps/{appId} (DELETE), /__mock/clock (GET, POST, DELETE), /__mock/view and ' +
        '/__mock/view/apps/{appId} (GET), /__mock/ui (the state page, in the HTTP door).',
    );
  });

  it('runs the daily clean-ups a move passes at once', async () => {
    const { post, emulator } = await startEmulator();
    await post(
      '/magic-links/send',
      { emailAddress: 'fry@example.com', urlTemplate: 'https://app.example/?t=$TOKEN', userId: 'fry' },
      secret,
    );
    await post('/__mock/clock', { advanceSeconds: 52 * 86_400 });
    expect(emulator.state.app(seed.appId)?.magicLinks.count).toBe(0);
  });
});
