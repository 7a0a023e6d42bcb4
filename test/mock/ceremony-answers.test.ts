// The passkey ceremonies against a mock in Development, with the payloads the official browser client sends
// (`AttestationObject`, `clientDataJson`, `RPID`, `Origin`) made by a software authenticator: options built for the
// request, tokens that carry the ceremony, credentials and signatures verified, and every mistake answered the way
// the server answers it. Every answer is checked against the spec.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../../src/mock/index.js';
import { VirtualAuthenticator } from '../../src/recording/virtual-authenticator.js';
import { validateResponse } from '../helpers/spec-validator.js';

// Apps of their own, given to the mock at start: it keeps passkeys per app, as the server keeps them per tenant.
const app = 'ceremonyapp';
const apiSecret = `${app}:secret:0123456789abcdef0123456789abcdef`;
const apiKey = `${app}:public:fedcba9876543210fedcba9876543210`;
const otherSecret = 'otherapp:secret:0123456789abcdef0123456789abcdef';
const otherKey = 'otherapp:public:fedcba9876543210fedcba9876543210';
let mock: RunningMock;
let baseUrl: string;

beforeAll(async () => {
  mock = await startMock({
    environment: 'Development',
    onContractViolation: (violation) => violations.push(violation),
    apps: [
      { appId: app, publicKeys: [apiKey], secretKeys: [apiSecret] },
      { appId: 'otherapp', publicKeys: [otherKey], secretKeys: [otherSecret] },
    ],
  });
  baseUrl = mock.url;
});
const violations: string[] = [];
afterAll(async () => {
  await mock.close();
  expect(violations).toEqual([]);
});
const origin = 'http://localhost:5173';
const rpId = 'localhost';

interface Answer {
  status: number;
  contentType: string | null;
  body: Record<string, any>;
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const answer = {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: text ? JSON.parse(text) : undefined,
  };
  const operationPath = path.replace(/^\/__example\/[^/]+/, '');
  const validation = validateResponse(
    'post',
    operationPath,
    answer.status,
    answer.body,
    answer.contentType ?? undefined,
  );
  expect(validation.errors, `${path} ${answer.status}: ${validation.schemaPointer}`).toEqual([]);
  return answer;
}

/** What `register(token)` of @passwordlessdev/passwordless-client sends to /register/begin. */
const beginRegistration = (token: string, page = { origin, rpId }, key = apiKey) =>
  post('/register/begin', { token, RPID: page.rpId, Origin: page.origin }, { ApiKey: key });

type Credential = ReturnType<VirtualAuthenticator['createCredential']>;
type Assertion = ReturnType<VirtualAuthenticator['getAssertion']>;

/** What the client sends to /register/complete: its own member names, no transports, no authenticatorAttachment. */
function registrationPayload(session: string, credential: Credential, nickname?: string) {
  return {
    session,
    response: {
      id: credential.id,
      rawId: credential.rawId,
      type: credential.type,
      clientExtensionResults: credential.clientExtensionResults,
      response: {
        AttestationObject: credential.response.attestationObject,
        clientDataJson: credential.response.clientDataJSON,
      },
    },
    ...(nickname === undefined ? {} : { nickname }),
    RPID: rpId,
    Origin: origin,
  };
}

/** What the client sends to /signin/complete: no userHandle. */
function signinPayload(session: string, assertion: Assertion) {
  return {
    session,
    response: {
      id: assertion.id,
      rawId: assertion.rawId,
      type: assertion.type,
      clientExtensionResults: assertion.clientExtensionResults,
      response: {
        authenticatorData: assertion.response.authenticatorData,
        clientDataJson: assertion.response.clientDataJSON,
        signature: assertion.response.signature,
      },
    },
    RPID: rpId,
    Origin: origin,
  };
}

async function registerToken(body: Record<string, unknown> = {}, secret = apiSecret): Promise<string> {
  const userId = `user-${randomUUID()}`;
  const answer = await post(
    '/register/token',
    { userId, username: `${userId}@example.com`, ...body },
    { ApiSecret: secret },
  );
  expect(answer.status).toBe(200);
  return answer.body.token;
}

/** A full registration; returns the user, the authenticator holding the passkey and the verify token. */
async function registerUser(aliases: string[] = []) {
  const userId = `user-${randomUUID()}`;
  const token = (
    await post('/register/token', { userId, username: `${userId}@example.com`, aliases }, { ApiSecret: apiSecret })
  ).body.token as string;
  const begin = await beginRegistration(token);
  const authenticator = new VirtualAuthenticator(origin);
  const credential = authenticator.createCredential(begin.body.data, rpId);
  const complete = await post('/register/complete', registrationPayload(begin.body.session, credential, 'Test key'), {
    ApiKey: apiKey,
  });
  expect(complete.status, JSON.stringify(complete.body)).toBe(200);
  return { userId, authenticator, credential, token: complete.body.token as string };
}

const verify = (token: string) => post('/signin/verify', { token }, { ApiSecret: apiSecret });

describe('/register/begin builds the options for the request', () => {
  it("uses the request's RPID, the token's user and settings, a fresh challenge and session, and the server's constants", async () => {
    const token = await registerToken({
      userId: 'fry-42',
      username: 'fry@example.com',
      displayName: 'Philip J. Fry',
      discoverable: false,
      userVerification: 'Required',
      authenticatorType: 'cross-platform',
    });
    const first = await beginRegistration(token, { origin: 'https://login.example.org', rpId: 'example.org' });
    const second = await beginRegistration(token, { origin: 'https://login.example.org', rpId: 'example.org' });
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
    const { body } = await beginRegistration(await registerToken({ hints: ['client-device'] }));
    expect(body.data.authenticatorSelection).toEqual({
      authenticatorAttachment: 'platform',
      residentKey: 'required',
      requireResidentKey: true,
      userVerification: 'preferred',
    });
    expect(body.data.hints).toEqual(['client-device']);
    expect(body.data.attestation).toBe('none');
  });

  it("refuses a token it did not issue (the spec's example), as the server refuses another server's", async () => {
    const { status, body } = await beginRegistration('register_k8Qg4-Hre0_a6XBtAtBTH0rE1Qx8NnJ3u7RT7D4mWdQ');
    expect(status).toBe(400);
    expect(body.errorCode).toBe('invalid_token_format');
  });
});

describe('a whole ceremony with what the official client sends', () => {
  it('registers, verifies as passkey_register, signs in by alias, userId and discoverably, and verifies as passkey_signin', async () => {
    const alias = `alias-${randomUUID()}@example.com`;
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
      const begin = await post('/signin/begin', { ...body, RPID: rpId, Origin: origin }, { ApiKey: apiKey });
      expect(begin.status, method).toBe(200);
      expect(begin.body.data).toMatchObject({
        timeout: 60000,
        rpId,
        allowCredentials,
        userVerification: 'preferred',
        hints: [],
      });
      const assertion = authenticator.getAssertion(begin.body.data, rpId);
      const complete = await post('/signin/complete', signinPayload(begin.body.session, assertion), { ApiKey: apiKey });
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
  });

  it('lists no passkey for an unknown user or alias, as the server does', async () => {
    const begin = await post(
      '/signin/begin',
      { alias: 'nobody@example.com', RPID: rpId, Origin: origin },
      { ApiKey: apiKey },
    );
    expect(begin.body.data.allowCredentials).toEqual([]);
  });

  it('still answers Prefer with the named example, even for a session it issued', async () => {
    const { authenticator } = await registerUser();
    const begin = await post('/signin/begin', { RPID: rpId, Origin: origin }, { ApiKey: apiKey });
    const assertion = authenticator.getAssertion(begin.body.data, rpId);
    const answer = await post('/signin/complete', signinPayload(begin.body.session, assertion), {
      ApiKey: apiKey,
      Prefer: 'example=signin_complete_error',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.title).toBe('Signature does not match');
  });
});

describe("mistakes get the server's answers", () => {
  it('answers a missing or empty Origin with "Origin is required." and a relative one with the 500', async () => {
    const token = await registerToken();
    for (const request of [
      { token, RPID: rpId },
      { token, RPID: rpId, Origin: '' },
    ]) {
      const answer = await post('/register/begin', request, { ApiKey: apiKey });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        type: 'https://docs.passwordless.dev/guide/errors.html#',
        title: 'Origin is required.',
        status: 400,
        errorCode: null,
        traceId: expect.any(String),
      });
    }
    const signin = await post('/signin/begin', { RPID: rpId }, { ApiKey: apiKey });
    expect(signin.body.title).toBe('Origin is required.');
    const relative = await post('/signin/begin', { RPID: rpId, Origin: 'localhost' }, { ApiKey: apiKey });
    expect(relative.status).toBe(500);
  });

  it('refuses a token of another app, an expired token and an unknown userVerification', async () => {
    const otherApp = await registerToken({}, otherSecret);
    const wrongApp = await beginRegistration(otherApp);
    expect(wrongApp.status).toBe(400);
    expect(wrongApp.body).toMatchObject({
      errorCode: 'invalid_token',
      title: expect.stringContaining('not issued for this tenant'),
    });

    const expired = await beginRegistration(
      await registerToken({ expiresAt: new Date(Date.now() - 90_000).toISOString() }),
    );
    expect(expired.status).toBe(403);
    expect(expired.body).toMatchObject({ errorCode: 'expired_token', title: 'The token expired 1 minute ago.' });

    const optional = await beginRegistration(await registerToken({ userVerification: 'optional' }));
    expect(optional.status).toBe(400);
    expect(optional.body).toMatchObject({
      errorCode: 'invalid_argument',
      title:
        "Value 'optional' is not a valid enum name of 'Fido2NetLib.Objects.UserVerificationRequirement'. " +
        'Valid values are: required, preferred, discouraged.',
    });

    const attestation = await post(
      '/register/token',
      { userId: 'u', username: 'u', attestation: 'Direct' },
      { ApiSecret: apiSecret },
    );
    expect(attestation.status).toBe(400);
    expect(attestation.body.errorCode).toBe('invalid_attestation');
  });

  it('answers a credential missing a member the client must send with the binding problem', async () => {
    const begin = await beginRegistration(await registerToken());
    const credential = new VirtualAuthenticator(origin).createCredential(begin.body.data, rpId);
    const payload = registrationPayload(begin.body.session, credential);
    delete (payload.response.response as Partial<typeof payload.response.response>).AttestationObject;
    const answer = await post('/register/complete', payload, { ApiKey: apiKey });
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
    const begin = await beginRegistration(await registerToken());
    const credential = new VirtualAuthenticator(origin).createCredential({ ...begin.body.data, ...change }, rpId);
    const answer = await post('/register/complete', registrationPayload(begin.body.session, credential), {
      ApiKey: apiKey,
    });
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
    const begin = await beginRegistration(await registerToken());
    const credential = new VirtualAuthenticator('https://evil.example').createCredential(begin.body.data, rpId);
    const answer = await post('/register/complete', registrationPayload(begin.body.session, credential), {
      ApiKey: apiKey,
    });
    expect(answer.body.title).toBe(
      `Fully qualified origin https://evil.example of https://evil.example not equal to fully qualified original origin ${origin} (1)`,
    );
  });

  it('answers a passkey it does not know with unknown_credential, and a bad signature with signin_complete_error', async () => {
    const begin = await post('/signin/begin', { RPID: rpId, Origin: origin }, { ApiKey: apiKey });
    const stranger = new VirtualAuthenticator(origin);
    stranger.createCredential({ rp: { id: rpId }, user: { id: 'eA' }, challenge: 'AA' }, rpId);
    const unknown = stranger.getAssertion(begin.body.data, rpId);
    const unknownAnswer = await post('/signin/complete', signinPayload(begin.body.session, unknown), {
      ApiKey: apiKey,
    });
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
    signature[signature.length - 1]! ^= 0xff;
    const tampered = { ...assertion, response: { ...assertion.response, signature: signature.toString('base64url') } };
    const answer = await post('/signin/complete', signinPayload(begin.body.session, tampered), { ApiKey: apiKey });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ errorCode: 'signin_complete_error', title: 'Signature does not match' });
  });

  it('fails on a registration session at /signin/complete, as the server does, and refuses a session of another app', async () => {
    const { authenticator } = await registerUser();
    const registration = await beginRegistration(await registerToken());
    const signin = await post('/signin/begin', { RPID: rpId, Origin: origin }, { ApiKey: apiKey });
    const assertion = authenticator.getAssertion(signin.body.data, rpId);
    const wrongKind = await post('/signin/complete', signinPayload(registration.body.session, assertion), {
      ApiKey: apiKey,
    });
    // The server cannot read a registration session as a sign-in one: its generic 500.
    expect(wrongKind.status).toBe(500);
    const wrongApp = await post('/signin/complete', signinPayload(signin.body.session, assertion), {
      ApiKey: otherKey,
    });
    expect(wrongApp.body).toMatchObject({
      errorCode: 'invalid_token',
      title: expect.stringContaining('not issued for this tenant'),
    });
  });
});

describe('forcing an example without a Prefer header', () => {
  it('answers the operations that have the example given in the URL with it, and the others as usual', async () => {
    const forced = '/__example/expired_token';
    const token = await post(`${forced}/register/token`, { userId: 'u1', username: 'u1' }, { ApiSecret: apiSecret });
    expect(token.status).toBe(200);
    const begin = await post(
      `${forced}/register/begin`,
      { token: token.body.token, RPID: rpId, Origin: origin },
      { ApiKey: apiKey },
    );
    expect(begin.status).toBe(403);
    expect(begin.body).toMatchObject({ errorCode: 'expired_token', title: 'The token expired 10 seconds ago.' });
  });

  it('still checks the request first, answers a CORS preflight, and names an unknown example', async () => {
    const unauthenticated = await post('/__example/expired_token/register/begin', {
      token: 'register_x',
      Origin: origin,
    });
    expect(unauthenticated.status).toBe(401);
    const preflight = await fetch(`${baseUrl}/__example/unknown_credential/signin/complete`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'apikey,content-type,client-version',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('apikey,content-type,client-version');
    const unknown = await fetch(`${baseUrl}/__example/no_such_example/signin/begin`, {
      method: 'POST',
      headers: { ApiKey: apiKey },
    });
    expect(unknown.status).toBe(404);
    const problem = await unknown.json();
    expect(problem.detail).toContain(
      'No operation of the spec has an example named "no_such_example"; the examples are: ',
    );
    expect(problem.detail).toContain('unknown_credential');
  });
});
