// The registration ceremony (/register/token, /register/begin, /register/complete) in Development, with what the
// official browser client sends: options built for the request, tokens that carry the ceremony, credentials verified,
// and every mistake answered the way the server answers it. Every answer is checked against the spec.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualAuthenticator } from '../../src/recording/virtual-authenticator.js';
import { ceremoniesOf, origin, registrationPayload, rpId } from './ceremonies.js';
import { type Harness, startEmulator } from './harness.js';

// Apps of their own: the emulator keeps passkeys per app, as the server keeps them per tenant.
const app = {
  apiSecret: 'ceremonyapp:secret:0123456789abcdef0123456789abcdef',
  apiKey: 'ceremonyapp:public:fedcba9876543210fedcba9876543210',
};
const otherApp = {
  apiSecret: 'otherapp:secret:0123456789abcdef0123456789abcdef',
  apiKey: 'otherapp:public:fedcba9876543210fedcba9876543210',
};

let harness: Harness;
let ceremonies: ReturnType<typeof ceremoniesOf>;

beforeAll(async () => {
  harness = await startEmulator({
    environment: 'Development',
    apps: [
      { appId: 'ceremonyapp', publicKeys: [app.apiKey], secretKeys: [app.apiSecret] },
      { appId: 'otherapp', publicKeys: [otherApp.apiKey], secretKeys: [otherApp.apiSecret] },
    ],
  });
  ceremonies = ceremoniesOf(harness, app);
});
afterAll(() => expect(harness.violations).toEqual([]));

describe('/register/token', () => {
  it('issues a register token, refusing an attestation the server does not know', async () => {
    expect(await ceremonies.registerToken()).toMatch(/^register_/);
    const attestation = await harness.post(
      '/register/token',
      { userId: 'u', username: 'u', attestation: 'Direct' },
      ceremonies.secret,
    );
    expect(attestation.status).toBe(400);
    expect(attestation.body.errorCode).toBe('invalid_attestation');
  });
});

describe('/register/begin builds the options for the request', () => {
  it("uses the request's RPID, the token's user and settings, a fresh challenge and session, and the server's constants", async () => {
    const token = await ceremonies.registerToken({
      userId: 'fry-42',
      username: 'fry@example.com',
      displayName: 'Philip J. Fry',
      discoverable: false,
      userVerification: 'Required',
      authenticatorType: 'cross-platform',
    });
    const page = { origin: 'https://login.example.org', rpId: 'example.org' };
    const first = await ceremonies.beginRegistration(token, page);
    const second = await ceremonies.beginRegistration(token, page);
    expect(first.status).toBe(200);
    const { data, session } = first.body;
    expect(Object.keys(data)).toEqual([
      'rp',
      'user',
      'challenge',
      'pubKeyCredParams',
      'timeout',
      'attestation',
      'attestationFormats',
      'authenticatorSelection',
      'hints',
      'excludeCredentials',
      'extensions',
    ]);
    expect(data.rp).toEqual({ id: 'example.org', name: 'example.org' });
    expect(data.user).toEqual({
      name: 'fry@example.com',
      id: Buffer.from('fry-42').toString('base64url'),
      displayName: 'Philip J. Fry',
    });
    expect(Buffer.from(data.challenge, 'base64url')).toHaveLength(16);
    expect(second.body.data.challenge).not.toBe(data.challenge);
    expect(session).toMatch(/^session_/);
    expect(second.body.session).not.toBe(session);
    expect(data.pubKeyCredParams.map((p: { alg: number }) => p.alg)).toEqual([
      -8, -7, -257, -37, -35, -258, -38, -36, -259, -39,
    ]);
    expect(data.timeout).toBe(60000);
    expect(data.authenticatorSelection).toEqual({
      authenticatorAttachment: 'cross-platform',
      residentKey: 'discouraged',
      requireResidentKey: false,
      userVerification: 'required',
    });
    expect(data.extensions).toEqual({ credProps: true });
  });

  it('uses the defaults of a token without settings, and lets the first hint pick the attachment', async () => {
    const { body } = await ceremonies.beginRegistration(await ceremonies.registerToken({ hints: ['client-device'] }));
    expect(body.data.authenticatorSelection).toEqual({
      authenticatorAttachment: 'platform',
      residentKey: 'required',
      requireResidentKey: true,
      userVerification: 'preferred',
    });
    expect(body.data.hints).toEqual(['client-device']);
    expect(body.data.attestation).toBe('none');
  });

  it("excludes the user's passkeys", async () => {
    const { userId, credential } = await ceremonies.registerUser();
    const { body } = await ceremonies.beginRegistration(await ceremonies.registerToken({ userId }));
    expect(body.data.excludeCredentials).toEqual([{ type: 'public-key', id: credential.rawId }]);
  });

  it("refuses a token it did not issue (the spec's example), as the server refuses another server's", async () => {
    const { status, body } = await ceremonies.beginRegistration('register_k8Qg4-Hre0_a6XBtAtBTH0rE1Qx8NnJ3u7RT7D4mWdQ');
    expect(status).toBe(400);
    expect(body.errorCode).toBe('invalid_token_format');
  });

  it('refuses a token of another app, an expired token and an unknown userVerification', async () => {
    const wrongApp = await ceremonies.beginRegistration(await ceremonies.registerToken({}, otherApp.apiSecret));
    expect(wrongApp.status).toBe(400);
    expect(wrongApp.body).toMatchObject({
      errorCode: 'invalid_token',
      title: expect.stringContaining('not issued for this tenant'),
    });

    const past = new Date(harness.clock.now() - 90_000).toISOString();
    const expired = await ceremonies.beginRegistration(await ceremonies.registerToken({ expiresAt: past }));
    expect(expired.status).toBe(403);
    expect(expired.body).toMatchObject({ errorCode: 'expired_token', title: 'The token expired 1 minute ago.' });

    const optional = await ceremonies.beginRegistration(
      await ceremonies.registerToken({ userVerification: 'optional' }),
    );
    expect(optional.status).toBe(400);
    expect(optional.body).toMatchObject({
      errorCode: 'invalid_argument',
      title:
        "Value 'optional' is not a valid enum name of 'Fido2NetLib.Objects.UserVerificationRequirement'. " +
        'Valid values are: required, preferred, discouraged.',
    });
  });

  it('lets a token live 120 s when it sets no expiry: refused once the clock has moved past that', async () => {
    const token = await ceremonies.registerToken();
    harness.clock.advance(120_000);
    expect((await ceremonies.beginRegistration(token)).status).toBe(200);
    harness.clock.advance(60_000);
    const expired = await ceremonies.beginRegistration(token);
    expect(expired.status).toBe(403);
    expect(expired.body.title).toBe('The token expired 1 minute ago.');
  });

  it('answers a missing or empty Origin with "Origin is required."', async () => {
    const token = await ceremonies.registerToken();
    for (const request of [
      { token, RPID: rpId },
      { token, RPID: rpId, Origin: '' },
    ]) {
      const answer = await harness.post('/register/begin', request, ceremonies.publicKey);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        type: 'https://docs.passwordless.dev/guide/errors.html#',
        title: 'Origin is required.',
        status: 400,
        errorCode: null,
        traceId: expect.any(String),
      });
    }
  });
});

describe('/register/complete verifies the credential', () => {
  it('answers a credential missing a member the client must send with the binding problem', async () => {
    const begin = await ceremonies.beginRegistration(await ceremonies.registerToken());
    const credential = new VirtualAuthenticator(origin).createCredential(begin.body.data, rpId);
    const payload = registrationPayload(begin.body.session, credential);
    delete (payload.response.response as Partial<typeof payload.response.response>).AttestationObject;
    const answer = await harness.post('/register/complete', payload, ceremonies.publicKey);
    expect(answer.status).toBe(400);
    expect(answer.body.title).toBe(
      'Failed to read parameter "RegistrationCompleteDTO payload" from the request body as JSON.',
    );
    expect(answer.body.detail).toBeUndefined();
  });

  it.each([
    [
      'another challenge',
      { challenge: 'AAAAAAAAAAAAAAAAAAAAAA' },
      'Authenticator response challenge does not match original challenge',
    ],
    ['another RP id', { rp: { id: 'example.org' } }, 'RPID hash does not match'],
  ])('answers a credential made for %s with fido2_invalid_registration', async (_, change, title) => {
    const begin = await ceremonies.beginRegistration(await ceremonies.registerToken());
    const credential = new VirtualAuthenticator(origin).createCredential({ ...begin.body.data, ...change }, rpId);
    const answer = await harness.post(
      '/register/complete',
      registrationPayload(begin.body.session, credential),
      ceremonies.publicKey,
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      type: 'https://docs.passwordless.dev/guide/errors.html#fido2_invalid_registration',
      title,
      status: 400,
      errorCode: 'fido2_invalid_registration',
      traceId: expect.any(String),
    });
  });

  it('names both origins when the browser signed for another page', async () => {
    const begin = await ceremonies.beginRegistration(await ceremonies.registerToken());
    const credential = new VirtualAuthenticator('https://evil.example').createCredential(begin.body.data, rpId);
    const answer = await harness.post(
      '/register/complete',
      registrationPayload(begin.body.session, credential),
      ceremonies.publicKey,
    );
    expect(answer.body.title).toBe(
      `Fully qualified origin https://evil.example of https://evil.example not equal to fully qualified original origin ${origin} (1)`,
    );
  });

  it('stores the passkey with what the request and the authenticator said, and refuses the same credential twice', async () => {
    const begin = await ceremonies.beginRegistration(await ceremonies.registerToken({ userId: 'bender' }));
    const authenticator = new VirtualAuthenticator(origin);
    const credential = authenticator.createCredential(begin.body.data, rpId);
    const payload = registrationPayload(begin.body.session, credential, 'Work laptop');
    const headers = {
      ...ceremonies.publicKey,
      'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0',
      'CF-IPCountry': 'SE',
    };
    expect((await harness.call('POST', '/register/complete', { json: payload, headers })).status).toBe(200);
    const [stored] = (await harness.get('/credentials/list?userId=bender', ceremonies.secret)).body.values;
    expect(stored).toMatchObject({
      descriptor: { type: 'public-key', id: credential.rawId },
      userId: 'bender',
      nickname: 'Work laptop',
      device: 'Chrome, Linux ',
      country: 'SE',
      rpid: rpId,
      origin,
      createdAt: stored.lastUsedAt,
    });
    const again = await harness.post('/register/complete', payload, ceremonies.publicKey);
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({
      errorCode: 'fido2_invalid_registration',
      title: 'CredentialId is not unique to this user',
    });
  });
});
