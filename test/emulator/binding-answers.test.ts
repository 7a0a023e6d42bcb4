// What the server answers when it binds a request, end to end through the emulator (in process, both environments):
// issue 21's binding answers (date-times, nulls, the converters, Production's validation of query values it cannot
// bind, the inferred body's title) and issue 19's hostile JSON (`__proto__`, nesting past 64 levels). Each answer is
// the one the server's source gives (bitwarden/passwordless-server 20232df8 with System.Text.Json and ASP.NET 9):
// a binding failure is a titled problem in Development and an empty 400 in Production.
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnvironmentName } from '../../src/emulator/environment.js';
import {
  type Answer,
  type BindingEmulator,
  bindingEmulator,
  managementKey,
  seedPublicKey,
  seedSecret,
} from './binding-emulator.js';

const secret = { ApiSecret: seedSecret };
const publicKey = { ApiKey: seedPublicKey };
const json = (value: unknown) => JSON.stringify(value);
const registerToken = (extra: Record<string, unknown> = {}) => json({ userId: 'u1', username: 'fry', ...extra });

const environments: EnvironmentName[] = ['Development', 'Production'];
const emulators = {} as Record<EnvironmentName, BindingEmulator>;
beforeAll(async () => {
  for (const environment of environments) emulators[environment] = await bindingEmulator(environment);
});

/** The server's answer to a body it cannot bind: its Development problem, or Production's empty 400. */
function expectUnreadable(environment: EnvironmentName, answer: Answer, title: string) {
  expect(answer.status).toBe(400);
  if (environment === 'Production') {
    expect(answer.text).toBe('');
    expect(answer.headers['content-type']).toBeUndefined();
    return;
  }
  expect(answer.headers['content-type']).toBe('application/problem+json');
  expect(answer.json).toEqual({
    type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
    title,
    status: 400,
    traceId: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/),
  });
}

const readRegisterToken = 'Failed to read parameter "RegisterToken request" from the request body as JSON.';

describe.each(environments)('in %s', (environment) => {
  const send: BindingEmulator['send'] = (...args) => emulators[environment].send(...args);

  describe('date-times bind as System.Text.Json reads a DateTime', () => {
    it.each(['2030-01-01T00:00:00+00:00', '2030-01-01T00:00:00+02:00', '2030-01-01T00:00:00', '2030-01-01'])(
      'accepts expiresAt %s on /register/token',
      async (expiresAt) => {
        const answer = await send('POST', '/register/token', registerToken({ expiresAt }), secret);
        expect(answer.status).toBe(200);
        expect(answer.json.token).toMatch(/^register_/);
      },
    );

    it.each([
      ['expiresAt', null],
      ['tokenId', null],
      ['expiresAt', 1893456000],
      ['expiresAt', '2030-01-01T00:00:00+15:00'],
      ['tokenId', '{ee882879-721c-4913-9775-3dfcce97072a}'],
    ])('refuses %s: %j on /register/token as an unreadable body', async (member, value) => {
      const answer = await send('POST', '/register/token', registerToken({ [member]: value }), secret);
      expectUnreadable(environment, answer, readRegisterToken);
    });

    it('takes expiresAt 0001-01-01T00:00:00Z (a C# default) for "not set": the token lives 120 s', async () => {
      const emulator = emulators[environment];
      const made = await send('POST', '/register/token', registerToken({ expiresAt: '0001-01-01T00:00:00Z' }), secret);
      expect(made.status).toBe(200);
      const begin = () =>
        send('POST', '/register/begin', json({ token: made.json.token, origin: 'https://a.example' }), publicKey);
      const start = emulator.now;
      try {
        emulator.now = start + 119_000;
        expect((await begin()).status).toBe(200);
        emulator.now = start + 121_000;
        const late = await begin();
        expect(late.status).toBe(403);
        expect(late.json.errorCode).toBe('expired_token');
      } finally {
        emulator.now = start;
      }
    });

    it('keeps an expiresAt in the past as sent: the token has expired', async () => {
      const made = await send(
        'POST',
        '/register/token',
        registerToken({ expiresAt: '2020-01-01T00:00:00+01:00' }),
        secret,
      );
      const begin = await send(
        'POST',
        '/register/begin',
        json({ token: made.json.token, origin: 'https://a.example' }),
        publicKey,
      );
      expect(begin.status).toBe(403);
      expect(begin.json.errorCode).toBe('expired_token');
    });
  });

  describe("members bind with their C# type's converter", () => {
    it('writes a number sent for a string member as .NET writes it (username 1e15 is "1E+15")', async () => {
      const made = await send('POST', '/register/token', '{"userId":"u-number","username":1e15}', secret);
      const begin = await send(
        'POST',
        '/register/begin',
        json({ token: made.json.token, origin: 'https://a.example', rpid: 'a.example' }),
        publicKey,
      );
      expect(begin.status).toBe(200);
      expect(begin.json).toMatchObject({ data: { user: { name: '1E+15', displayName: '1E+15' } } });
    });

    it('reads a boolean sent for a string as "True" ({"token": true} on /signin/verify)', async () => {
      const answer = await send('POST', '/signin/verify', json({ token: true }), secret);
      expect(answer.status).toBe(400);
      expect(answer.json.errorCode).toBe('invalid_token');
      expect(answer.json.title).toMatch(/The value you sent started with 'True'$/);
    });

    it('refuses a number for the purpose of /signin/begin (a SignInPurpose, read only from a string)', async () => {
      const answer = await send('POST', '/signin/begin', json({ purpose: 7, origin: 'https://a.example' }), publicKey);
      expectUnreadable(
        environment,
        answer,
        'Failed to read parameter "SignInBeginDTO payload" from the request body as JSON.',
      );
    });

    it('reads a null, empty or blank /signin/begin purpose as a null SignInPurpose: a 500', async () => {
      for (const purpose of [null, '', ' \t']) {
        const answer = await send('POST', '/signin/begin', json({ purpose, origin: 'https://a.example' }), publicKey);
        expect(answer.status).toBe(500);
        expect(answer.json.title).toBe('An error occurred while processing your request.');
      }
      const absent = await send('POST', '/signin/begin', json({ origin: 'https://a.example' }), publicKey);
      expect(absent.status).toBe(200);
    });

    it('refuses a number for the credentialId of /credentials/delete (a byte[] read as base64url)', async () => {
      const answer = await send('POST', '/credentials/delete', json({ credentialId: 5 }), secret);
      expectUnreadable(
        environment,
        answer,
        'Failed to read parameter "CredentialsDeleteDTO payload" from the request body as JSON.',
      );
    });

    it('takes a hint by number, as FidoEnumConverter does (1 is client-device)', async () => {
      const made = await send('POST', '/register/token', registerToken({ hints: [1] }), secret);
      expect(made.status).toBe(200);
      const begin = await send(
        'POST',
        '/register/begin',
        json({ token: made.json.token, origin: 'https://a.example' }),
        publicKey,
      );
      expect(begin.json).toMatchObject({ data: { hints: ['client-device'] } });
    });

    it('refuses an Int32 sent with a fraction or an exponent (timeToLive 30.0, "1e2")', async () => {
      const magic = json({
        emailAddress: 'a@example.com',
        urlTemplate: 'https://a.example/?t=$TOKEN',
        userId: 'u',
        timeToLive: 30.0,
      });
      const answer = await send(
        'POST',
        '/magic-links/send',
        magic.replace('"timeToLive":30', '"timeToLive":30.0'),
        secret,
      );
      expectUnreadable(
        environment,
        answer,
        'Failed to read parameter "SendMagicLinkRequest request" from the request body as JSON.',
      );
      const generated = await send('POST', '/signin/generate-token', json({ userId: 'u', timeToLive: '1e2' }), secret);
      expectUnreadable(
        environment,
        generated,
        'Failed to read parameter "SigninTokenRequest signinToken" from the request body as JSON.',
      );
    });

    it('refuses null for a member of a C# value type (userVerificationRequirement, timeToLive)', async () => {
      const title =
        'Failed to read parameter "SetAuthenticationConfigurationRequest request" from the request body as JSON.';
      for (const member of ['userVerificationRequirement', 'timeToLive']) {
        const answer = await send(
          'POST',
          '/auth-configs/add',
          json({ purpose: 'nulls', performedBy: 'x', [member]: null }),
          secret,
        );
        expectUnreadable(environment, answer, title);
      }
    });

    it('reads a TimeSpan as .NET does ("10.00:00" is ten days)', async () => {
      const purpose = `ten-days-${environment.toLowerCase()}`;
      const add = await send(
        'POST',
        '/auth-configs/add',
        json({ purpose, performedBy: 'x', timeToLive: '10.00:00' }),
        secret,
      );
      expect(add.status).toBe(201);
      const list = await send('GET', '/auth-configs/list', undefined, secret);
      const configurations = list.json.configurations as { purpose: string; timeToLive: number }[];
      expect(configurations.find((config) => config.purpose === purpose)?.timeToLive).toBe(864_000);
    });
  });

  describe('the media type of a body', () => {
    it('takes application/json and application/*+json, and refuses others before the key (415, empty)', async () => {
      const body = registerToken();
      for (const type of ['application/json; charset=utf-8', 'application/problem+json', 'APPLICATION/JSON']) {
        expect((await send('POST', '/register/token', body, { ...secret, 'content-type': type })).status).toBe(200);
      }
      for (const type of ['text/plain+json', 'text/json', 'application/jsonx']) {
        const answer = await send('POST', '/register/token', body, { 'content-type': type });
        expect(answer.status).toBe(415);
        expect(answer.text).toBe('');
      }
    });
  });

  describe('a body that is missing, null or only white space', () => {
    it('gives /apps/features, whose body parameter ASP.NET infers, its own title for a null body', async () => {
      for (const body of ['null', undefined]) {
        const answer = await send('POST', '/apps/features', body, { ...secret, 'content-type': 'application/json' });
        expectUnreadable(
          environment,
          answer,
          'Implicit body inferred for parameter "payload" but no body was provided. ' +
            'Did you mean to use a Service instead?',
        );
      }
    });

    it('names a [FromBody] parameter as not provided, also when the request has no Content-Type', async () => {
      const answer = await send('POST', '/register/token', undefined, secret);
      expectUnreadable(environment, answer, 'Required parameter "RegisterToken request" was not provided from body.');
    });

    it('reads a body of white space as unreadable JSON, not as no body', async () => {
      const answer = await send('POST', '/register/token', '  \n', secret);
      expectUnreadable(environment, answer, readRegisterToken);
    });
  });

  describe('hostile JSON', () => {
    it('treats __proto__, constructor and prototype as unknown members: the answer is that of {}', async () => {
      const empty = await send('POST', '/alias', '{}', secret);
      expect(empty.status).toBe(400);
      expect(empty.json.errors?.userId).toEqual(['The UserId field is required.']);
      for (const body of [
        '{"__proto__":{"userId":"p","aliases":["p@x"]}}',
        '{"constructor":{"userId":"p","aliases":["p@x"]}}',
        '{"prototype":{"userId":"p","aliases":["p@x"]}}',
        '{"__proto__":null,"constructor":{"prototype":{"userId":"p"}}}',
      ]) {
        const answer = await send('POST', '/alias', body, secret);
        expect(answer.status).toBe(400);
        expect(answer.json.errors).toEqual(empty.json.errors);
      }
      const listed = await send('GET', '/alias/list?userId=p', undefined, secret);
      expect(listed.json).toEqual({ values: [] });
    });

    it('binds the real members next to a __proto__ member', async () => {
      const answer = await send(
        'POST',
        '/alias',
        '{"__proto__":{"hashing":false},"userId":"p2","aliases":["p2@x"]}',
        secret,
      );
      expect(answer.status).toBe(204);
      const listed = await send('GET', '/alias/list?userId=p2', undefined, secret);
      expect((listed.json.values as { plaintext: unknown }[])[0]?.plaintext).toBeNull();
    });

    it('reads 64 levels of nesting and refuses the 65th, as the reader does at its MaxDepth', async () => {
      const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
      const deepest = await send('POST', '/alias', `{"userId":"deep","aliases":[],"x":${nested(63)}}`, secret);
      expect(deepest.status).toBe(204);
      const tooDeep = await send('POST', '/alias', `{"userId":"deep","aliases":[],"x":${nested(64)}}`, secret);
      expectUnreadable(
        environment,
        tooDeep,
        'Failed to read parameter "AliasPayload payload" from the request body as JSON.',
      );
      expect(tooDeep.reason).toMatch(/The maximum configured depth of 64 has been exceeded/);
    });

    it('answers JSON nested 10,000 deep like any other unreadable body, without failing', async () => {
      const answer = await send('POST', '/alias', `{"x":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`, secret);
      expectUnreadable(
        environment,
        answer,
        'Failed to read parameter "AliasPayload payload" from the request body as JSON.',
      );
    });
  });
});

describe('parameters the server cannot bind, on operations with a validation filter', () => {
  const events = (environment: EnvironmentName, query = '') =>
    emulators[environment].send('GET', `/events${query}`, undefined, secret);
  const credentials = (environment: EnvironmentName) =>
    emulators[environment].send('GET', '/credentials/list', undefined, secret);

  it('get the binding problem in Development', async () => {
    const missing = await events('Development');
    expect(missing.json.title).toBe('Required parameter "int PageNumber" was not provided from query string.');
    const unreadable = await events('Development', '?pageNumber=first');
    expect(unreadable.json.title).toBe('Failed to bind parameter "int PageNumber" from "first".');
    const noUser = await credentials('Development');
    expect(noUser.json.title).toBe('Required parameter "string UserId" was not provided from query string.');
  });

  it("get the validation filter's problem in Production, for the parameter at its C# default", async () => {
    const pageNumber = { pageNumber: ['The field PageNumber must be between 1 and 2147483647.'] };
    for (const query of ['', '?pageNumber=first', '?PAGENUMBER=']) {
      const answer = await events('Production', query);
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({
        type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
        title: 'One or more validation errors occurred.',
        status: 400,
        errors: pageNumber,
        traceId: expect.any(String),
      });
    }
    const both = await events('Production', '?numberOfResults=5000');
    expect(both.json.errors).toEqual({
      ...pageNumber,
      numberOfResults: ['The field NumberOfResults must be between 1 and 1000.'],
    });
    const noUser = await credentials('Production');
    expect(noUser.status).toBe(400);
    expect(noUser.json.errors).toEqual({ userId: ['The UserId field is required.'] });
  });

  it('in Production, a missing body lets the filter validate the other parameters (appId of create)', async () => {
    const management = { ManagementKey: managementKey };
    const development = await emulators.Development.send('POST', '/admin/apps/ab/create', undefined, management);
    expect(development.json.title).toBe('Required parameter "CreateAppDto Payload" was not provided from body.');
    const production = await emulators.Production.send('POST', '/admin/apps/ab/create', undefined, management);
    expect(production.status).toBe(400);
    expect(Object.keys(production.json.errors ?? {})).toEqual(['appId']);
    const valid = await emulators.Production.send('POST', '/admin/apps/abc/create', undefined, management);
    expect(valid.status).toBe(400);
    expect(valid.text).toBe('');
  });

  it('get the empty 400 in Production when the filter finds nothing wrong or there is no filter', async () => {
    const nullable = await events('Production', '?pageNumber=1&numberOfResults=many');
    expect(nullable.status).toBe(400);
    expect(nullable.text).toBe('');
    const noFilter = await emulators.Production.send('GET', '/alias/list', undefined, secret);
    expect(noFilter.status).toBe(400);
    expect(noFilter.text).toBe('');
  });
});

describe('the answers keep the contract', () => {
  it('in Production, where every binding answer above is one the spec declares', () => {
    expect(emulators.Production.violations).toEqual([]);
  });

  it('in Development, but for the binding problem five operations do not declare yet (the spec is adding it)', () => {
    const awaited = ['/signin/begin', '/magic-links/send', '/auth-configs/add', '/apps/features', '/alias'];
    const others = emulators.Development.violations.filter(
      (violation) => !awaited.some((path) => violation.startsWith(`POST ${path} 400: `)),
    );
    expect(others).toEqual([]);
  });
});
