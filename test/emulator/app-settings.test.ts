// The app's own settings, events and reports as the client API exposes them: /apps/features (and the alerts it logs),
// /events (newest first, paged; the server's 500 with logging off), the authenticator allow-list and block-list (only
// with attestation allowed) and what registration then refuses, and the periodic reports (empty on a new server).
import { describe, expect, it } from 'vitest';
import { VirtualAuthenticator } from '../../src/recording/virtual-authenticator.js';
import { ceremoniesOf, origin, registrationPayload, rpId } from './ceremonies.js';
import { type Harness, seed, startEmulator, withSecret } from './harness.js';

const secret = withSecret();

/** An emulator whose seed app has these features on. */
async function withFeatures(features: {
  eventLoggingIsEnabled?: boolean;
  allowAttestation?: boolean;
}): Promise<Harness> {
  const harness = await startEmulator();
  const state = harness.emulator.exportState();
  const test = state.apps.find((app) => app.appId === seed.appId);
  if (!test) throw new Error('The seed app is missing.');
  Object.assign(test.features, features);
  harness.emulator.importState(state);
  return harness;
}

describe('/apps/features and /events', () => {
  it('switches the features, logging an alert for each switch, by who performed it', async () => {
    const { post, get, emulator, violations } = await withFeatures({ eventLoggingIsEnabled: true });
    await post(
      '/apps/features',
      { enableMagicLinks: false, enableManuallyGeneratedAuthenticationTokens: false },
      secret,
    );
    await post(
      '/apps/features',
      { enableMagicLinks: true, performedBy: '  ', eventLoggingRetentionPeriod: 30 },
      secret,
    );
    await post('/apps/features', { enableManuallyGeneratedAuthenticationTokens: true, performedBy: 'ann' }, secret);
    const features = emulator.exportState().apps.find((app) => app.appId === seed.appId)?.features;
    expect(features).toMatchObject({
      isMagicLinksEnabled: true,
      isGenerateSignInTokenEndpointEnabled: true,
      eventLoggingRetentionPeriod: 30,
    });
    const page = (await get('/events?pageNumber=1', secret)).body;
    expect(page.totalEventCount).toBe(4);
    expect(
      page.events.map((event: { eventType: string; performedBy: string; severity: string }) => [
        event.eventType,
        event.performedBy,
        event.severity,
      ]),
    ).toEqual([
      ['AdminGenerateSignInTokenEndpointEnabled', 'ann', 'Alert'],
      ['AdminMagicLinksEnabled', 'Unknown User', 'Alert'],
      ['AdminMagicLinksDisabled', 'Api', 'Alert'],
      ['AdminGenerateSignInTokenEndpointDisabled', 'Api', 'Alert'],
    ]);
    expect(page.events[0]).toMatchObject({ tenantId: 'test', subject: 'test', apiKeyId: '' });
    expect(violations).toEqual([]);
  });

  it('pages the log newest first, each event with the key that made the request', async () => {
    const { post, get } = await withFeatures({ eventLoggingIsEnabled: true });
    for (const userId of ['u1', 'u2', 'u3']) await post('/register/token', { userId, username: userId }, secret);
    const second = (await get('/events?pageNumber=2&numberOfResults=2', secret)).body;
    expect(second.totalEventCount).toBe(3);
    expect(second.events).toEqual([
      {
        performedAt: expect.stringMatching(/^2026-03-01T12:00:00(\.\d+)?$/),
        message: 'Created registration token for u1',
        performedBy: 'u1',
        tenantId: 'test',
        eventType: 'ApiAuthUserRegistered',
        severity: 'Informational',
        subject: 'test',
        apiKeyId: seed.apiSecret.slice(-4),
      },
    ]);
    expect((await get('/events?pageNumber=3&numberOfResults=2', secret)).body.events).toEqual([]);
  });

  it("answers /events with the server's 500 while event logging is off", async () => {
    const { get } = await startEmulator();
    const answer = await get('/events?pageNumber=1', secret);
    expect(answer.status).toBe(500);
    expect(answer.reason).toMatch(/Event logging is off for test/);
  });
});

describe('the authenticator lists', () => {
  const yubikey = 'cb69481e-8ff7-4039-93ec-0a2729a154a8';

  it('need attestation on the plan', async () => {
    const { get, post } = await startEmulator();
    const listed = await get('/authenticators/list?isAllowed=true', secret);
    expect(listed.status).toBe(403);
    expect(listed.body).toMatchObject({
      errorCode: 'attestation_not_supported_on_plan',
      title: 'Attestation is not supported on your plan.',
    });
    expect((await post('/authenticators/add', { aaGuids: [yubikey], isAllowed: true }, secret)).status).toBe(403);
    expect((await post('/authenticators/remove', { aaGuids: [yubikey] }, secret)).status).toBe(403);
  });

  it('add, move and remove AAGUIDs (in any case), and refuse the nil one, which no metadata statement has', async () => {
    const { get, post, violations } = await withFeatures({ allowAttestation: true });
    expect(
      (await post('/authenticators/add', { aaGuids: [yubikey.toUpperCase()], isAllowed: true }, secret)).status,
    ).toBe(204);
    expect((await get('/authenticators/list?isAllowed=true', secret)).body).toEqual([
      { aaGuid: yubikey, createdAt: expect.stringMatching(/^2026-03-01T12:00:00/) },
    ]);
    await post('/authenticators/add', { aaGuids: [yubikey], isAllowed: false }, secret);
    expect((await get('/authenticators/list?isAllowed=true', secret)).body).toEqual([]);
    expect((await get('/authenticators/list?isAllowed=false', secret)).body).toHaveLength(1);
    expect((await post('/authenticators/remove', { aaGuids: [yubikey] }, secret)).status).toBe(204);
    expect((await get('/authenticators/list?isAllowed=false', secret)).body).toEqual([]);
    const nil = await post('/authenticators/add', { aaGuids: ['00000000-0000-0000-0000-000000000000'] }, secret);
    expect(nil.status).toBe(400);
    expect(nil.body.title).toBe('One or more authenticators do not exist in the FIDO2 MDS.');
    expect(violations).toEqual([]);
  });

  it('refuse at registration an authenticator on the block-list, or one an allow-list lacks', async () => {
    const harness = await withFeatures({ allowAttestation: true });
    const { registerToken, beginRegistration, publicKey } = ceremoniesOf(harness, seed);
    const register = async () => {
      const begin = await beginRegistration(await registerToken());
      const credential = new VirtualAuthenticator(origin).createCredential(begin.body.data, rpId);
      return harness.post('/register/complete', registrationPayload(begin.body.session, credential), publicKey);
    };
    // The software authenticator's AAGUID is the nil one.
    const nilGuid = '00000000-0000-0000-0000-000000000000';
    const state = harness.emulator.exportState();
    state.apps[0]?.authenticators.push({ aaGuid: nilGuid, isAllowed: false, createdAt: '2026-03-01T12:00:00' });
    harness.emulator.importState(state);
    const blocked = await register();
    expect(blocked.body).toMatchObject({
      errorCode: 'authenticator_not_allowed',
      title: 'The authenticator is on the blocklist and is not allowed to be used for registration.',
    });
    await harness.post('/authenticators/remove', { aaGuids: [nilGuid] }, secret);
    await harness.post('/authenticators/add', { aaGuids: [yubikey], isAllowed: true }, secret);
    const notAllowed = await register();
    expect(notAllowed.body).toMatchObject({
      errorCode: 'attestation_required',
      title:
        "Attestation 'none' was used for registration, but an allowlist was configured. Please use a supported attestation method.",
    });
    expect(harness.violations).toEqual([]);
  });
});

describe('the periodic reports', () => {
  it('are empty: the server’s daily job has not run for an app the emulator holds', async () => {
    const { get } = await startEmulator();
    expect((await get('/reporting/credentials/periodic', secret)).body).toEqual([]);
    expect((await get('/reporting/active-users/periodic', secret)).body).toEqual([]);
  });
});
