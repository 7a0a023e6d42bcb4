// The sign-in ceremony (/signin/begin, /signin/complete, /signin/verify) and /signin/generate-token, with what the
// official browser client sends: passkeys listed for the user or alias, assertions and signatures verified, tokens that
// verify until they expire (the fake clock moves them past it), and every mistake answered the way the server answers it.
import { describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '../../src/emulator/index.js';
import { SpecDocument } from '../../src/emulator/index.js';
import { VirtualAuthenticator } from '../../src/recording/virtual-authenticator.js';
import { ceremoniesOf, origin, rpId, signinPayload } from './ceremonies.js';
import { bundledSpecDocument, seed, startEmulator, withKey, withSecret } from './harness.js';

const app = {
  apiSecret: 'ceremonyapp:secret:0123456789abcdef0123456789abcdef',
  apiKey: 'ceremonyapp:public:fedcba9876543210fedcba9876543210',
};
const otherApp = {
  apiSecret: 'otherapp:secret:0123456789abcdef0123456789abcdef',
  apiKey: 'otherapp:public:fedcba9876543210fedcba9876543210',
};
const apps = [
  { appId: 'ceremonyapp', publicKeys: [app.apiKey], secretKeys: [app.apiSecret] },
  { appId: 'otherapp', publicKeys: [otherApp.apiKey], secretKeys: [otherApp.apiSecret] },
];

async function start(options: Parameters<typeof startEmulator>[0] = {}) {
  const harness = await startEmulator({ environment: 'Development', apps, ...options });
  return { harness, ...ceremoniesOf(harness, app) };
}

describe('a whole ceremony with what the official client sends', () => {
  it('registers, verifies as passkey_register, signs in by alias, userId and discoverably, and verifies as passkey_signin', async () => {
    const { harness, registerUser, verify, publicKey } = await start();
    const alias = 'alias-fry@example.com';
    const { userId, authenticator, credential, token } = await registerUser([alias]);
    expect(token).toMatch(/^verify_/);
    const registered = await verify(token);
    expect(registered.status).toBe(200);
    expect(registered.body).toMatchObject({
      userId,
      rpId,
      origin,
      success: true,
      country: '',
      nickname: 'Test key',
      credentialId: Buffer.from(credential.rawId, 'base64url').toString('base64'),
      purpose: null,
      type: 'passkey_register',
    });
    expect(Object.keys(registered.body)).toEqual([
      'userId',
      'timestamp',
      'rpId',
      'origin',
      'success',
      'device',
      'country',
      'nickname',
      'credentialId',
      'purpose',
      'expiresAt',
      'tokenId',
      'type',
    ]);

    const descriptor = [{ type: 'public-key', id: credential.rawId }];
    for (const [method, body, allowCredentials] of [
      ['alias', { alias }, descriptor],
      ['userId', { userId, purpose: 'step-up' }, descriptor],
      ['discoverable', {}, []],
    ] as const) {
      const begin = await harness.post('/signin/begin', { ...body, RPID: rpId, Origin: origin }, publicKey);
      expect(begin.status, method).toBe(200);
      expect(begin.body.data).toMatchObject({
        timeout: 60000,
        rpId,
        allowCredentials,
        userVerification: 'preferred',
        hints: [],
      });
      const assertion = authenticator.getAssertion(begin.body.data, rpId);
      const complete = await harness.post('/signin/complete', signinPayload(begin.body.session, assertion), publicKey);
      expect(complete.status, `${method}: ${JSON.stringify(complete.body)}`).toBe(200);
      const signedIn = await verify(complete.body.token);
      expect(signedIn.body).toMatchObject({
        userId,
        rpId,
        origin,
        nickname: 'Test key',
        purpose: 'purpose' in body ? 'step-up' : 'sign-in',
        type: 'passkey_signin',
      });
    }
    expect(harness.violations).toEqual([]);
  });

  it("takes user verification, hints and the token's lifetime from the purpose's configuration, and marks it used", async () => {
    const { harness, registerUser, signIn, verify, secret } = await start();
    const { userId, authenticator } = await registerUser();
    const config = {
      purpose: 'payment',
      userVerificationRequirement: 'required',
      timeToLive: '00:05:00',
      hints: ['security-key'],
      performedBy: 'admin',
    };
    expect((await harness.post('/auth-configs/add', config, secret)).status).toBe(201);
    const begin = await harness.post(
      '/signin/begin',
      { userId, purpose: 'payment', RPID: rpId, Origin: origin },
      withKey(app.apiKey),
    );
    expect(begin.body.data).toMatchObject({ userVerification: 'required', hints: ['security-key'] });
    const complete = await signIn(authenticator, { userId, purpose: 'payment' });
    const verified = await verify(complete.body.token);
    expect(verified.body.purpose).toBe('payment');
    expect(Date.parse(verified.body.expiresAt) - Date.parse(verified.body.timestamp)).toBe(300_000);
    const listed = await harness.get('/auth-configs/list?purpose=payment', secret);
    expect(listed.body.configurations[0].lastUsedOn).toMatch(/^2026-03-01T12:00:00(\.\d+)?\+00:00$/);
    expect(harness.violations).toEqual([]);
  });

  it('lists no passkey for an unknown user or alias, as the server does', async () => {
    const { harness, publicKey } = await start();
    const begin = await harness.post(
      '/signin/begin',
      { alias: 'nobody@example.com', RPID: rpId, Origin: origin },
      publicKey,
    );
    expect(begin.body.data.allowCredentials).toEqual([]);
  });

  it('still answers Prefer with the named example, even for a session it issued', async () => {
    const { harness, registerUser, publicKey } = await start();
    const { authenticator } = await registerUser();
    const begin = await harness.post('/signin/begin', { RPID: rpId, Origin: origin }, publicKey);
    const assertion = authenticator.getAssertion(begin.body.data, rpId);
    const answer = await harness.post('/signin/complete', signinPayload(begin.body.session, assertion), {
      ...publicKey,
      Prefer: 'example=signin_complete_error',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.title).toBe('Signature does not match');
  });

  it('updates the passkey on each sign-in: its counter, device, country and last use', async () => {
    const { harness, registerUser, signIn, secret } = await start();
    const { userId, authenticator } = await registerUser();
    harness.clock.advance(3_600_000);
    expect((await signIn(authenticator)).status).toBe(200);
    const [credential] = (await harness.get(`/credentials/list?userId=${userId}`, secret)).body.values;
    expect(credential.signatureCounter).toBeGreaterThan(0);
    expect(credential.lastUsedAt).toMatch(/^2026-03-01T13:00:00/);
    expect(credential.createdAt).toMatch(/^2026-03-01T12:00:00/);
  });
});

describe("sign-in mistakes get the server's answers", () => {
  it('answers a missing Origin with "Origin is required." and a relative one with the 500', async () => {
    const { harness, publicKey } = await start();
    const missing = await harness.post('/signin/begin', { RPID: rpId }, publicKey);
    expect(missing.status).toBe(400);
    expect(missing.body.title).toBe('Origin is required.');
    const relative = await harness.post('/signin/begin', { RPID: rpId, Origin: 'localhost' }, publicKey);
    expect(relative.status).toBe(500);
  });

  it('answers a passkey it does not know with unknown_credential, and a bad signature with signin_complete_error', async () => {
    const { harness, registerUser, publicKey } = await start();
    const begin = await harness.post('/signin/begin', { RPID: rpId, Origin: origin }, publicKey);
    const stranger = new VirtualAuthenticator(origin);
    stranger.createCredential({ rp: { id: rpId }, user: { id: 'eA' }, challenge: 'AA' }, rpId);
    const unknown = stranger.getAssertion(begin.body.data, rpId);
    const unknownAnswer = await harness.post('/signin/complete', signinPayload(begin.body.session, unknown), publicKey);
    expect(unknownAnswer.status).toBe(400);
    expect(unknownAnswer.body).toEqual({
      type: 'https://docs.passwordless.dev/guide/errors.html#unknown_credential',
      title: "We don't recognize the passkey you sent us.",
      status: 400,
      credentialId: unknown.id,
      errorCode: 'unknown_credential',
      traceId: expect.any(String),
    });

    const { authenticator } = await registerUser();
    const assertion = authenticator.getAssertion(begin.body.data, rpId);
    const signature = Buffer.from(assertion.response.signature, 'base64url');
    signature[signature.length - 1] = (signature.at(-1) ?? 0) ^ 0xff;
    const tampered = { ...assertion, response: { ...assertion.response, signature: signature.toString('base64url') } };
    const answer = await harness.post('/signin/complete', signinPayload(begin.body.session, tampered), publicKey);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ errorCode: 'signin_complete_error', title: 'Signature does not match' });
    expect(harness.violations).toEqual([]);
  });

  it('fails on a registration session at /signin/complete, as the server does, and refuses a session of another app', async () => {
    const { harness, registerUser, registerToken, beginRegistration, publicKey } = await start();
    const { authenticator } = await registerUser();
    const registration = await beginRegistration(await registerToken());
    const signin = await harness.post('/signin/begin', { RPID: rpId, Origin: origin }, publicKey);
    const assertion = authenticator.getAssertion(signin.body.data, rpId);
    const wrongKind = await harness.post(
      '/signin/complete',
      signinPayload(registration.body.session, assertion),
      publicKey,
    );
    // The server cannot read a registration session as a sign-in one: its generic 500.
    expect(wrongKind.status).toBe(500);
    const wrongApp = await harness.post(
      '/signin/complete',
      signinPayload(signin.body.session, assertion),
      withKey(otherApp.apiKey),
    );
    expect(wrongApp.body).toMatchObject({
      errorCode: 'invalid_token',
      title: expect.stringContaining('not issued for this tenant'),
    });
  });

  it('answers a sign-in token past its lifetime with expired_token, naming its age', async () => {
    const { harness, registerUser, verify } = await start();
    const { token } = await registerUser();
    harness.clock.advance(120_000);
    expect((await verify(token)).status).toBe(200);
    harness.clock.advance(3 * 3_600_000);
    const expired = await verify(token);
    expect(expired.status).toBe(403);
    expect(expired.body).toMatchObject({ errorCode: 'expired_token', title: 'The token expired 3 hours ago.' });
  });

  /**
   * The server binds `purpose` with SignInPurposeConverter: a blank string reads as null, and a JSON null stays null;
   * Fido2Service then dereferences the null SignInPurpose, its 500. A spec that declares `purpose` as the server binds
   * it (nullable, any text) lets the request reach the handler, which answers so.
   */
  it('answers a null, empty or blank purpose with the 500 of the null SignInPurpose, in both environments', async () => {
    const document = structuredClone(bundledSpecDocument().document) as OpenApiDocument;
    const schemas = (document.components as { schemas: Record<string, { properties: Record<string, unknown> }> })
      .schemas;
    const signinBegin = schemas.SigninBeginRequest;
    if (!signinBegin) throw new Error('The spec has no SigninBeginRequest.');
    signinBegin.properties.purpose = { type: ['string', 'null'] };
    const spec = new SpecDocument(document, 'openapi-as-the-server-binds.json');
    for (const environment of ['Production', 'Development'] as const) {
      const { call, post, violations } = await startEmulator({ environment, spec });
      for (const purpose of [null, '', '   ']) {
        const answer = await post('/signin/begin', { origin, purpose }, withKey(seed.apiKey));
        expect({ environment, purpose, status: answer.status }).toEqual({ environment, purpose, status: 500 });
        expect(answer.body).toMatchObject({
          title: 'An error occurred while processing your request.',
          detail: 'The api has encountered an error',
        });
      }
      // Left out, the purpose is `sign-in`.
      const session = await call('POST', '/signin/begin', { json: { origin }, headers: withKey(seed.apiKey) });
      expect(session.status).toBe(200);
      expect(violations).toEqual([]);
    }
  });
});

describe('/signin/generate-token', () => {
  it('issues a token that verifies as generated_signin until its timeToLive has passed', async () => {
    const { harness, verify } = await start();
    const generated = await harness.post(
      '/signin/generate-token',
      { userId: 'leela', timeToLive: 60, purpose: 'step-up' },
      withSecret(app.apiSecret),
    );
    expect(generated.status).toBe(200);
    const first = await verify(generated.body.token);
    expect(first.body).toMatchObject({
      userId: 'leela',
      rpId: null,
      origin: null,
      device: null,
      country: null,
      nickname: null,
      credentialId: null,
      purpose: 'step-up',
      type: 'generated_signin',
    });
    // A verify token verifies more than once, until it expires.
    expect((await verify(generated.body.token)).status).toBe(200);
    harness.clock.advance(120_000);
    expect((await verify(generated.body.token)).body).toMatchObject({
      errorCode: 'expired_token',
      title: 'The token expired 1 minute ago.',
    });
  });
});
