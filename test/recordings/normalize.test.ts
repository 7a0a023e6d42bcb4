// The normalizer on synthetic server output: two runs that differ only in what the server chose at random normalize
// to the same bytes, no key survives anywhere, every value keeps its shape, and the result still validates.
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/recording/exchange.js';
import { normalizationRules, normalizeExchanges, placeholderAppId } from '../../src/recording/normalize.js';
import { serializeRecording } from '../../src/recording/recording-file.js';
import { assertNoSecrets, findSecrets, type NamedSecret } from '../../src/recording/redact.js';
import { loadBundledSpec } from '../helpers/bundled-spec.js';
import { validateExchange } from '../helpers/spec-validator.js';

const hex32 = () => randomBytes(16).toString('hex');
const token = (prefix: string) => `${prefix}_${randomBytes(40 + Math.floor(Math.random() * 30)).toString('base64url')}`;
const dbDate = () => new Date(Date.now() - Math.random() * 1e10).toISOString().replace('Z', '').padEnd(27, '1');

/** What one run against a fresh app could give: the same calls, with everything the server chooses at random. */
function serverRun() {
  const appId = `rec${randomBytes(6).toString('hex')}`;
  const apiSecret = `${appId}:secret:${hex32()}`;
  const apiKey = `${appId}:public:${hex32()}`;
  const spareSecret = `${appId}:secret:${hex32()}`;
  const managementKey = `management-${hex32()}`;
  const credentialId = randomBytes(32);
  const registerToken = token('register');
  const sessionToken = token('session');
  const verifyToken = token('verify');
  const tokenId = randomUUID();
  const secrets: NamedSecret[] = [
    { name: 'ApiSecret', value: apiSecret },
    { name: 'ApiKey', value: apiKey },
    { name: 'ApiSecret', value: spareSecret },
    { name: 'ManagementKey', value: managementKey },
  ];
  const exchanges: Exchange[] = [
    {
      method: 'POST',
      path: '/register/token',
      requestBody: { userId: 'user-1', username: 'fry@example.com', expiresAt: '2030-01-01T00:00:00Z' },
      status: 200,
      contentType: 'application/json; charset=utf-8',
      body: { token: registerToken },
    },
    {
      method: 'POST',
      path: '/register/begin',
      requestBody: { token: registerToken, origin: 'https://example.com', rpid: 'example.com' },
      status: 200,
      contentType: 'application/json; charset=utf-8',
      body: {
        data: {
          rp: { id: 'example.com', name: 'example.com' },
          user: { name: 'fry@example.com', id: Buffer.from('user-1').toString('base64url'), displayName: 'fry' },
          challenge: randomBytes(16).toString('base64url'),
          pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
          timeout: 60000,
          attestation: 'none',
          attestationFormats: [],
          authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'preferred' },
          hints: [],
          excludeCredentials: [{ type: 'public-key', id: credentialId.toString('base64url') }],
          extensions: { credProps: true },
        },
        session: sessionToken,
      },
    },
    {
      method: 'POST',
      path: '/signin/generate-token',
      requestBody: { userId: 'user-1' },
      status: 200,
      contentType: 'application/json; charset=utf-8',
      body: { token: verifyToken },
    },
    {
      method: 'POST',
      path: '/signin/verify',
      requestBody: { token: verifyToken },
      status: 200,
      contentType: 'application/json; charset=utf-8',
      body: {
        userId: 'user-1',
        timestamp: new Date().toISOString().replace(/\.(\d{3})Z$/, (_, millis: string) => `.${millis}4567Z`),
        rpId: 'example.com',
        origin: 'https://example.com',
        success: true,
        device: 'Other',
        country: '',
        nickname: 'Phone',
        credentialId: credentialId.toString('base64'),
        purpose: 'sign-in',
        expiresAt: new Date(Date.now() + 120_000).toISOString(),
        tokenId,
        type: 'passkey_signin',
      },
    },
    {
      method: 'POST',
      path: '/signin/complete',
      requestBody: {
        session: sessionToken,
        response: {
          id: credentialId.toString('base64url'),
          rawId: credentialId.toString('base64url'),
          type: 'public-key',
          response: {
            authenticatorData: randomBytes(37).toString('base64url'),
            // DER signatures are 70 to 72 bytes long, depending on the random r and s.
            signature: randomBytes(70 + Math.floor(Math.random() * 3)).toString('base64url'),
            clientDataJSON: randomBytes(120).toString('base64url'),
            userHandle: Buffer.from('user-1').toString('base64url'),
          },
        },
        origin: 'https://example.com',
        rpid: 'example.com',
      },
      status: 200,
      contentType: 'application/json; charset=utf-8',
      body: { token: verifyToken },
    },
    {
      method: 'GET',
      path: '/credentials/list',
      query: { userId: 'user-1' },
      status: 200,
      contentType: 'application/json; charset=utf-8',
      body: {
        values: [
          {
            descriptor: { type: 'public-key', id: credentialId.toString('base64url') },
            publicKey: randomBytes(77).toString('base64'),
            userHandle: Buffer.from('user-1').toString('base64'),
            signatureCounter: 0,
            attestationFmt: 'none',
            createdAt: dbDate(),
            aaGuid: '00000000-0000-0000-0000-000000000000',
            lastUsedAt: dbDate(),
            rpid: 'example.com',
            origin: 'https://example.com',
            country: '',
            device: 'Other',
            nickname: `Key of ${appId}`,
            userId: 'user-1',
            backupState: false,
            isBackupEligible: false,
            isDiscoverable: true,
          },
        ],
      },
    },
    {
      method: 'POST',
      path: '/credentials/delete',
      requestBody: { credentialId: credentialId.toString('base64url') },
      status: 204,
    },
    {
      method: 'GET',
      path: '/alias/list',
      query: { userId: 'user-1' },
      status: 200,
      contentType: 'application/json; charset=utf-8',
      body: {
        values: [
          { userId: 'user-1', alias: randomBytes(32).toString('base64'), plaintext: null, tenant: appId },
          { userId: 'user-1', alias: randomBytes(32).toString('base64'), plaintext: 'fry', tenant: appId },
        ],
      },
    },
    {
      method: 'GET',
      path: '/events',
      query: { pageNumber: '1' },
      status: 200,
      contentType: 'application/json; charset=utf-8',
      body: {
        tenantId: appId,
        events: [
          {
            performedAt: dbDate(),
            message: `Created app ${appId} with key ${apiSecret}.`,
            performedBy: `admin console (${managementKey})`,
            tenantId: appId,
            eventType: 'ApiUserSignInCompleted',
            severity: 'Informational',
            subject: appId,
            apiKeyId: apiSecret.slice(-4),
          },
        ],
        totalEventCount: 1,
      },
    },
    {
      method: 'GET',
      path: '/auth-configs/list',
      status: 200,
      contentType: 'application/json; charset=utf-8',
      body: {
        configurations: [
          {
            purpose: 'step-up',
            userVerificationRequirement: 'required',
            timeToLive: 300,
            hints: 'SecurityKey',
            createdBy: 'recorder',
            createdOn: new Date().toISOString().replace('Z', '+00:00'),
            editedBy: null,
            editedOn: null,
            lastUsedOn: null,
          },
        ],
      },
    },
    {
      method: 'GET',
      path: '/reporting/credentials/periodic',
      status: 200,
      contentType: 'application/json; charset=utf-8',
      body: [{ createdAt: new Date().toISOString().slice(0, 10), users: 1, credentials: 1 }],
    },
    {
      method: 'POST',
      path: '/signin/verify',
      requestBody: { token: registerToken },
      status: 400,
      contentType: 'application/problem+json',
      body: {
        type: 'https://docs.passwordless.dev/guide/errors.html#invalid_token',
        title:
          "The token you sent was not correct. The token used for this endpoint should start with 'verify_'. Make sure " +
          `you are not sending the wrong value. The value you sent started with '${registerToken.slice(0, 10)}'`,
        status: 400,
        errorCode: 'invalid_token',
        traceId: `00-${hex32()}-${randomBytes(8).toString('hex')}-00`,
      },
    },
    {
      method: 'POST',
      path: '/signin/verify',
      requestBody: { token: verifyToken },
      status: 403,
      contentType: 'application/problem+json',
      body: {
        type: 'https://docs.passwordless.dev/guide/errors.html#expired_token',
        title: `The token expired ${1 + Math.floor(Math.random() * 50)} seconds ago.`,
        status: 403,
        errorCode: 'expired_token',
      },
    },
  ];
  return {
    appId,
    secrets,
    exchanges,
    values: { apiSecret, apiKey, spareSecret, managementKey, credentialId, tokenId },
  };
}

const normalize = (run: ReturnType<typeof serverRun>) =>
  normalizeExchanges(run.exchanges, { secrets: run.secrets, appIds: [run.appId] });
const bodyOf = <Body>(exchanges: Exchange[], path: string, status = 200) =>
  exchanges.find((exchange) => exchange.path === path && exchange.status === status)!.body as Body;
const schemaPattern = (name: string) =>
  new RegExp((loadBundledSpec().components.schemas[name] as { pattern: string }).pattern);

describe('normalization is deterministic', () => {
  it('gives the same output for the same input', () => {
    const run = serverRun();
    expect(serializeRecording({ source: 's', exchanges: normalize(run) })).toBe(
      serializeRecording({ source: 's', exchanges: normalize(run) }),
    );
  });

  it('gives the same output for two runs that differ only in what the server chose at random', () => {
    const first = serverRun();
    const second = serverRun();
    expect(JSON.stringify(first.exchanges)).not.toBe(JSON.stringify(second.exchanges));
    expect(normalize(second)).toEqual(normalize(first));
  });

  it('stays the same over many runs, whatever alphabet characters the random bytes happen to show', () => {
    const reference = JSON.stringify(normalize(serverRun()));
    for (let run = 0; run < 200; run++) expect(JSON.stringify(normalize(serverRun()))).toBe(reference);
  });

  it('does not change its input', () => {
    const run = serverRun();
    const before = JSON.stringify(run.exchanges);
    normalize(run);
    expect(JSON.stringify(run.exchanges)).toBe(before);
  });

  it('lists every rule with a name and a sentence', () => {
    expect(normalizationRules.length).toBeGreaterThan(5);
    for (const rule of normalizationRules) expect(rule.rule).toMatch(/^[A-Z`].{20,}\.$/s);
    expect(new Set(normalizationRules.map((rule) => rule.name)).size).toBe(normalizationRules.length);
  });
});

describe('normalization removes every secret', () => {
  it('leaves no ApiSecret, ApiKey or ManagementKey value, whole or as its random part', () => {
    const run = serverRun();
    const text = JSON.stringify(normalize(run));
    expect(findSecrets(JSON.stringify(run.exchanges), run.secrets)).toContain('ApiSecret');
    expect(findSecrets(text, run.secrets)).toEqual([]);
    expect(() => assertNoSecrets(text, run.secrets, 'the recording')).not.toThrow();
    for (const secret of run.secrets) expect(text).not.toContain(secret.value);
  });

  it('replaces a key by a placeholder of the same format, and a ManagementKey by a fixed word', () => {
    const run = serverRun();
    const exchanges: Exchange[] = [
      {
        method: 'POST',
        path: '/register/token',
        requestBody: {
          userId: run.values.apiKey,
          username: `${run.values.managementKey} and ${run.values.spareSecret}`,
        },
        status: 200,
        body: { token: 'register_abc' },
      },
    ];
    const [normalized] = normalizeExchanges(exchanges, { secrets: run.secrets, appIds: [run.appId] });
    expect(normalized!.requestBody).toEqual({
      userId: `${placeholderAppId}:public:00000000000000000000000000000001`,
      username: `redacted-management-key and ${placeholderAppId}:secret:00000000000000000000000000000002`,
    });
  });

  it('replaces a key nobody declared when it has the key format', () => {
    const stray = `someapp:secret:${hex32()}`;
    const [normalized] = normalizeExchanges(
      [{ method: 'GET', path: '/users/count', status: 200, body: { note: `leaked ${stray}` } }],
      { secrets: [] },
    );
    expect(JSON.stringify(normalized)).not.toContain(stray);
    expect(normalized!.body).toEqual({ note: `leaked ${placeholderAppId}:secret:00000000000000000000000000000001` });
  });

  it("turns an event's apiKeyId (a key's last four characters) into its placeholder's", () => {
    const [event] = bodyOf<{ events: { apiKeyId: string; message: string; performedBy: string }[] }>(
      normalize(serverRun()),
      '/events',
    ).events;
    expect(event!.apiKeyId).toBe('0001');
    expect(event!.performedBy).toBe('admin console (redacted-management-key)');
    expect(event!.message).toBe(
      `Created app ${placeholderAppId} with key ${placeholderAppId}:secret:00000000000000000000000000000001.`,
    );
  });

  it('refuses to write a text that still holds a secret, without showing it', () => {
    const secret: NamedSecret = { name: 'ManagementKey', value: 'management-0123456789' };
    expect(() => assertNoSecrets(`{"x":"management-0123456789"}`, [secret], 'The recording of x')).toThrow(
      'The recording of x still contains the ManagementKey value; nothing was written.',
    );
    try {
      assertNoSecrets(`{"x":"management-0123456789"}`, [secret], 'The recording of x');
    } catch (error) {
      expect((error as Error).message).not.toContain(secret.value);
    }
  });
});

describe('normalization keeps every shape', () => {
  const run = serverRun();
  const exchanges = normalize(run);

  it('keeps tokens prefixed and base64url, and the same token the same everywhere', () => {
    const registerToken = bodyOf<{ token: string }>(exchanges, '/register/token').token;
    const begin = bodyOf<{ session: string }>(exchanges, '/register/begin');
    expect(registerToken).toMatch(schemaPattern('RegisterToken'));
    expect(registerToken).toBe(`register_${Buffer.from('recorded register token 1').toString('base64url')}`);
    expect(begin.session).toMatch(schemaPattern('SessionToken'));
    expect(exchanges[1]!.requestBody).toMatchObject({ token: registerToken });
    const verifyToken = bodyOf<{ token: string }>(exchanges, '/signin/generate-token').token;
    expect(verifyToken).toMatch(schemaPattern('VerifyToken'));
    expect(
      exchanges.filter((exchange) => exchange.path === '/signin/verify').map((exchange) => exchange.requestBody),
    ).toEqual([{ token: verifyToken }, { token: registerToken }, { token: verifyToken }]);
  });

  it('keeps a malformed token the scenario wrote itself', () => {
    const [normalized] = normalizeExchanges(
      [{ method: 'POST', path: '/signin/verify', requestBody: { token: 'verify_not-a-token' }, status: 400, body: {} }],
      { secrets: [] },
    );
    expect(normalized!.requestBody).toEqual({ token: 'verify_not-a-token' });
  });

  it('echoes the start of a placeholder where the server echoed the start of a value', () => {
    const problem = bodyOf<{ title: string }>(exchanges, '/signin/verify', 400);
    expect(problem.title).toMatch(/started with 'register_c'$/);
  });

  it('turns GUIDs the server produced into numbered GUIDs and keeps the nil GUID', () => {
    const verified = bodyOf<{ tokenId: string }>(exchanges, '/signin/verify');
    expect(verified.tokenId).toBe('00000000-0000-4000-8000-000000000001');
    const [credential] = bodyOf<{ values: { aaGuid: string }[] }>(exchanges, '/credentials/list').values;
    expect(credential!.aaGuid).toBe('00000000-0000-0000-0000-000000000000');
  });

  it('keeps base64 as base64 and base64url as base64url, with the same bytes the same placeholder', () => {
    const verified = bodyOf<{ credentialId: string }>(exchanges, '/signin/verify');
    const [credential] = bodyOf<{ values: { descriptor: { id: string }; publicKey: string }[] }>(
      exchanges,
      '/credentials/list',
    ).values;
    expect(verified.credentialId).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(credential!.descriptor.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(verified.credentialId, 'base64')).toEqual(Buffer.from(credential!.descriptor.id, 'base64url'));
    expect(verified.credentialId).not.toBe(run.values.credentialId.toString('base64'));
    expect(Buffer.from(credential!.publicKey, 'base64')).toHaveLength(77);
    expect(credential!.publicKey).toMatch(schemaPattern('Base64'));
    expect(exchanges.find((exchange) => exchange.path === '/credentials/delete')!.requestBody).toEqual({
      credentialId: credential!.descriptor.id,
    });
  });

  it("keeps each date-time's zone and fraction digits: Z, an offset, or none", () => {
    const verified = bodyOf<{ timestamp: string; expiresAt: string }>(exchanges, '/signin/verify');
    const [credential] = bodyOf<{ values: { createdAt: string }[] }>(exchanges, '/credentials/list').values;
    const [config] = bodyOf<{ configurations: { createdOn: string }[] }>(
      exchanges,
      '/auth-configs/list',
    ).configurations;
    expect(verified.timestamp).toBe('2025-01-01T00:00:00.0000000Z');
    expect(verified.expiresAt).toBe('2025-01-01T00:00:01.000Z');
    expect(credential!.createdAt).toMatch(/^2025-01-01T00:00:0\d\.0000000$/);
    expect(config!.createdOn).toMatch(/^2025-01-01T00:00:\d\d\.000\+00:00$/);
    // A date-time the scenario wrote itself is kept.
    expect(exchanges[0]!.requestBody).toMatchObject({ expiresAt: '2030-01-01T00:00:00Z' });
  });

  it('turns dates into numbered days', () => {
    expect(bodyOf(exchanges, '/reporting/credentials/periodic')).toEqual([
      { createdAt: '2025-01-01', users: 1, credentials: 1 },
    ]);
  });

  it('turns the app id into a placeholder, alone and inside texts', () => {
    const events = bodyOf<{ tenantId: string; events: { subject: string }[] }>(exchanges, '/events');
    expect(events.tenantId).toBe(placeholderAppId);
    expect(events.events[0]!.subject).toBe(placeholderAppId);
    const [credential] = bodyOf<{ values: { nickname: string }[] }>(exchanges, '/credentials/list').values;
    expect(credential!.nickname).toBe(`Key of ${placeholderAppId}`);
    expect(JSON.stringify(exchanges)).not.toContain(run.appId);
  });

  it('fixes timing-dependent texts and trace ids', () => {
    const expired = bodyOf<{ title: string }>(exchanges, '/signin/verify', 403);
    expect(expired.title).toBe('The token expired 10 seconds ago.');
    const problem = bodyOf<{ traceId: string }>(exchanges, '/signin/verify', 400);
    expect(problem.traceId).toBe('00-00000000000000000000000000000001-0000000000000001-00');
  });

  it('gives a result that still validates against the spec', () => {
    for (const exchange of exchanges) {
      const result = validateExchange(exchange);
      expect(result.errors, `${exchange.method} ${exchange.path} ${exchange.status}: ${result.schemaPointer}`).toEqual(
        [],
      );
    }
  });
});
