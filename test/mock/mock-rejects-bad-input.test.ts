// Every mistake a frontend can make, sent to a mock in Development (where the server words its binding problems) and
// to one in Production (where it answers them with an empty 400): each gets the server's status, headers and body,
// an explanation only in the `x-mock-reason` header, and the mock keeps answering afterwards.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningMock, startMock } from '../../src/mock/index.js';
import { keys, operationCases } from './spec-examples.js';

const sharedMockUrl = inject('mockUrl');
let development: RunningMock;
let production: RunningMock;
let baseUrl: string;

// Every answer, however bad the request, still keeps the contract.
const violations: string[] = [];
const onContractViolation = (violation: string) => violations.push(violation);

beforeAll(async () => {
  [development, production] = await Promise.all([
    startMock({ environment: 'Development', onContractViolation }),
    startMock({ environment: 'Production', onContractViolation }),
  ]);
  baseUrl = development.url;
});
afterAll(async () => {
  await Promise.all([development.close(), production.close()]);
  expect(violations).toEqual([]);
});
const secret = keys.apiSecret;
const publicKey = keys.apiKey;

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { errors?: Record<string, string[]> };
  text: string;
}

async function send(
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: string; json?: unknown } = {},
): Promise<Answer> {
  const headers = { ...(init.json === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers };
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(init.json !== undefined
      ? { body: JSON.stringify(init.json) }
      : init.body !== undefined
        ? { body: init.body }
        : {}),
  });
  const text = await response.text();
  let body: Answer['body'] = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = {};
  }
  return { status: response.status, headers: response.headers, body, text };
}

const withSecret = (json: unknown, headers: Record<string, string> = {}) => ({
  headers: { ApiSecret: secret, ...headers },
  json,
});
const validRegisterToken = { userId: '107fb578', username: 'pjfry@passwordless.dev' };

function expectProblem(answer: Answer, status: number) {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/problem+json');
  expect(answer.body.status).toBe(status);
  expect(typeof answer.body.type).toBe('string');
  expect(typeof answer.body.title).toBe('string');
  // .NET 9's problem writer ends every problem with a trace id.
  expect(answer.body.traceId).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
}

/** The server's empty answer: the status alone, no content type, no body; the explanation only for humans. */
function expectEmpty(answer: Answer, status: number) {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBeNull();
  expect(answer.text).toBe('');
  expect(answer.headers.get('x-mock-reason')).toBeTruthy();
}

const reason = (answer: Answer) => decodeURIComponent(answer.headers.get('x-mock-reason') ?? '');

afterEach(async () => {
  // The mock still answers a good request after each bad one.
  const answer = await send('POST', '/register/token', withSecret(validRegisterToken));
  expect(answer.status).toBe(200);
});

describe('JSON binding, as the server binds', () => {
  it('matches member names case-insensitively (Aliases, displayname, UserId)', async () => {
    const answer = await send(
      'POST',
      '/register/token',
      withSecret({ UserId: 'u1', USERNAME: 'fry', displayname: 'Philip J Fry', Aliases: ['fry@example.com'] }),
    );
    expect(answer.status).toBe(200);
  });

  it('accepts a JSON number where a string is expected (userId: 123), as the docs examples send it', async () => {
    const answer = await send('POST', '/register/token', withSecret({ userId: 123, username: true }));
    expect(answer.status).toBe(200);
  });

  it('accepts a numeric string where a number is expected (timeToLive: "30")', async () => {
    const answer = await send(
      'POST',
      '/magic-links/send',
      withSecret({
        emailAddress: 'fry@example.com',
        urlTemplate: 'https://a.example/?token=$TOKEN',
        userId: 'u1',
        timeToLive: '30',
      }),
    );
    expect(answer.status).toBe(204);
  });

  it('ignores members it does not know', async () => {
    const answer = await send(
      'POST',
      '/register/token',
      withSecret({ ...validRegisterToken, favouriteColour: 'green', id: 7 }),
    );
    expect(answer.status).toBe(200);
  });

  it('matches query parameter names case-insensitively and reads booleans in any case', async () => {
    expect((await send('GET', '/credentials/list?USERID=u1', { headers: { ApiSecret: secret } })).status).toBe(200);
    // Binding passes; the seed app `test` does not allow attestation, which the handler then says.
    const authenticators = await send('GET', '/authenticators/list?isallowed=TRUE', { headers: { ApiSecret: secret } });
    expect(authenticators.body.errorCode).toBe('attestation_not_supported_on_plan');
  });

  it('routes without regard to case or a trailing slash', async () => {
    expect((await send('POST', '/Register/Token/', withSecret(validRegisterToken))).status).toBe(200);
  });

  it('reads UTF-8 with or without a byte order mark', async () => {
    const body = `\uFEFF${JSON.stringify({ ...validRegisterToken, displayName: 'Zoë' })}`;
    const answer = await send('POST', '/register/token', {
      headers: { ApiSecret: secret, 'content-type': 'application/json' },
      body,
    });
    expect(answer.status).toBe(200);
  });

  it("rejects invalid JSON (the docs' trailing comma) with a 400 problem naming the body parameter", async () => {
    const answer = await send('POST', '/register/token', {
      headers: { ApiSecret: secret, 'content-type': 'application/json' },
      body: '{"userId": "107fb578", "username": "pjfry@passwordless.dev", "displayname": "Philip J Fry",}',
    });
    expectProblem(answer, 400);
    expect(answer.body.title).toBe('Failed to read parameter "RegisterToken request" from the request body as JSON.');
    expect(answer.body.detail).toBeUndefined();
    expect(reason(answer)).toMatch(/not valid JSON/);
  });

  it('answers the same binding failures with an empty 400 in Production, as the cloud does', async () => {
    const bad = { headers: { ApiSecret: secret, 'content-type': 'application/json' }, body: '{"userId": "1",}' };
    const response = await fetch(`${production.url}/register/token`, { method: 'POST', ...bad });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBeNull();
    expect(await response.text()).toBe('');
    const missingQuery = await fetch(`${production.url}/alias/list`, { headers: { ApiSecret: secret } });
    expect(missingQuery.status).toBe(400);
    expect(await missingQuery.text()).toBe('');
  });

  it('rejects a value that does not convert, naming the member (discoverable: "yes")', async () => {
    const answer = await send('POST', '/register/token', withSecret({ ...validRegisterToken, discoverable: 'yes' }));
    expectProblem(answer, 400);
    expect(answer.body.title).toMatch(/^Failed to read parameter/);
    expect(reason(answer)).toBe('The JSON value could not be converted to System.Boolean. Path: $.discoverable.');
  });

  it('rejects a body that is not a JSON object', async () => {
    const answer = await send('POST', '/register/token', withSecret(['not', 'an', 'object']));
    expectProblem(answer, 400);
    expect(reason(answer)).toMatch(/must be a JSON object/);
  });

  it('rejects a missing body', async () => {
    const answer = await send('POST', '/register/token', {
      headers: { ApiSecret: secret, 'content-type': 'application/json' },
    });
    expectProblem(answer, 400);
    expect(answer.body.title).toBe('Required parameter "RegisterToken request" was not provided from body.');
  });
});

describe('validation problems built from what was wrong', () => {
  it('names the missing member with the server message', async () => {
    const answer = await send('POST', '/register/token', withSecret({ userId: 'u1' }));
    expectProblem(answer, 400);
    expect(answer.body.title).toBe('One or more validation errors occurred.');
    expect(answer.body.errors).toEqual({ username: ['The Username field is required.'] });
  });

  it('treats an empty required string as missing', async () => {
    const answer = await send('POST', '/register/token', withSecret({ userId: '', username: 'fry' }));
    expect(answer.body.errors).toEqual({ userId: ['The UserId field is required.'] });
  });

  it('gives the limits the schema sets for too many and too long aliases', async () => {
    const aliases = Array.from({ length: 11 }, (_, i) => `alias${i}`);
    aliases[3] = 'x'.repeat(251);
    const answer = await send('POST', '/register/token', withSecret({ ...validRegisterToken, Aliases: aliases }));
    expectProblem(answer, 400);
    expect(answer.body.errors).toEqual({
      aliases: [
        "The field Aliases must be a string or array type with a maximum length of '10'.",
        "The field Aliases must be a collection that contains strings with a maximum length of '250'.",
      ],
    });
  });

  it('reports several members at once, each under its camelCased key', async () => {
    const answer = await send('POST', '/auth-configs/add', withSecret({ purpose: 'my purpose' }));
    expectProblem(answer, 400);
    expect(answer.body.errors).toEqual({
      performedBy: ['The PerformedBy field is required.'],
      purpose: ['Characters are limited to A-z, 0-9, -, or _.'],
    });
  });

  it("uses a member's own message where the server has one (the nickname's length)", async () => {
    const registerComplete = operationCases().find((c) => c.path === '/register/complete')!;
    const body = { ...(registerComplete.body as object), nickname: 'n'.repeat(65) };
    const answer = await send('POST', '/register/complete', { headers: { ApiKey: publicKey }, json: body });
    expectProblem(answer, 400);
    expect(answer.body.errors).toEqual({ nickname: ['Nickname cannot be longer than 64 characters.'] });
  });

  it('checks e-mail addresses', async () => {
    const answer = await send(
      'POST',
      '/magic-links/send',
      withSecret({ emailAddress: 'not-an-address', urlTemplate: 'https://a.example/?token=$TOKEN', userId: 'u1' }),
    );
    expect(answer.body.errors).toEqual({ emailAddress: ['The EmailAddress field is not a valid e-mail address.'] });
  });

  it('checks query ranges, and names a missing or unreadable query parameter as the server does', async () => {
    const range = await send('GET', '/events?pageNumber=0&numberOfResults=5000', { headers: { ApiSecret: secret } });
    expectProblem(range, 400);
    expect(range.body.errors).toEqual({
      pageNumber: ['The field PageNumber must be between 1 and 2147483647.'],
      numberOfResults: ['The field NumberOfResults must be between 1 and 1000.'],
    });
    const missing = await send('GET', '/events', { headers: { ApiSecret: secret } });
    expectProblem(missing, 400);
    expect(missing.body.title).toBe('Required parameter "int PageNumber" was not provided from query string.');
    const unreadable = await send('GET', '/events?pageNumber=first', { headers: { ApiSecret: secret } });
    expectProblem(unreadable, 400);
    expect(unreadable.body.title).toBe('Failed to bind parameter "int PageNumber" from "first".');
  });

  it("answers an empty query value with the handler's own problem where the server has one", async () => {
    const answer = await send('GET', '/alias/list?userId=', { headers: { ApiSecret: secret } });
    expectProblem(answer, 400);
    expect(answer.body).toMatchObject({ title: 'UserId is empty', errorCode: null });
  });
});

describe('tokens with the wrong prefix', () => {
  it('answers a register token sent to /signin/verify with invalid_token, quoting its start', async () => {
    const answer = await send('POST', '/signin/verify', withSecret({ token: 'register_abcdefghijkl' }));
    expectProblem(answer, 400);
    expect(answer.body.errorCode).toBe('invalid_token');
    expect(answer.body.title).toBe(
      "The token you sent was not correct. The token used for this endpoint should start with 'verify_'. " +
        "Make sure you are not sending the wrong value. The value you sent started with 'register_a'",
    );
  });

  it('checks the session_ prefix of the browser ceremonies after the origin, as the server does', async () => {
    const noOrigin = await send('POST', '/signin/complete', {
      headers: { ApiKey: publicKey },
      json: { session: 'verify_xyz' },
    });
    expect(noOrigin.body.title).toBe('Origin is required.');
    const answer = await send('POST', '/signin/complete', {
      headers: { ApiKey: publicKey },
      json: { session: 'verify_xyz', origin: 'https://a.example' },
    });
    expectProblem(answer, 400);
    expect(answer.body.errorCode).toBe('invalid_token');
    expect(answer.body.title).toMatch(/should start with 'session_'/);
  });

  it('answers a missing token with missing_token', async () => {
    const answer = await send('POST', '/register/begin', {
      headers: { ApiKey: publicKey },
      json: { origin: 'https://a.example' },
    });
    expectProblem(answer, 400);
    expect(answer.body.errorCode).toBe('missing_token');
  });
});

describe('keys, checked as the server checks them', () => {
  const cases: [string, Record<string, string>, string][] = [
    ['the header is missing', {}, "A valid 'ApiSecret' header is required."],
    ['the header is empty', { ApiSecret: '' }, "A valid 'ApiSecret' header is required."],
    [
      'the ApiKey header is sent instead',
      { ApiKey: publicKey },
      "A 'ApiKey' header was supplied when a 'ApiSecret' header should have been supplied.",
    ],
    [
      'a public key is sent as the secret',
      { ApiSecret: publicKey },
      "Your ApiSecret header contained a public ApiKey instead of your 'ApiSecret'.",
    ],
    [
      'a verify token is sent as the secret',
      { ApiSecret: 'verify_abc' },
      "A verify token was supplied instead of your 'ApiSecret'.",
    ],
    [
      'a register token is sent as the secret',
      { ApiSecret: 'register_abc' },
      "A register token was supplied instead of your 'ApiSecret'.",
    ],
    [
      'the value is not a secret at all',
      { ApiSecret: 'myapp:whoops-0123' },
      "We don't recognize the value you supplied for your 'ApiSecret'. It started with: 'myapp:whoo'.",
    ],
    ['the secret is malformed', { ApiSecret: 'myapp:secret:XYZ' }, "The value of your 'ApiSecret' is not valid."],
  ];

  it.each(cases)('401 with WWW-Authenticate: ApiSecret when %s', async (_, headers, detail) => {
    const answer = await send('POST', '/register/token', { headers, json: validRegisterToken });
    expectProblem(answer, 401);
    expect(answer.headers.get('www-authenticate')).toBe('ApiSecret');
    expect(answer.body).toEqual({
      type: 'https://docs.passwordless.dev/guide/errors.html#ApiSecret',
      title: "A valid 'ApiSecret' header is required.",
      status: 401,
      detail,
      traceId: expect.any(String),
    });
  });

  it('asks browser operations for the ApiKey, with WWW-Authenticate: ApiKey', async () => {
    const missing = await send('POST', '/signin/begin', { json: {} });
    expectProblem(missing, 401);
    expect(missing.headers.get('www-authenticate')).toBe('ApiKey');
    const secretInstead = await send('POST', '/signin/begin', { headers: { ApiKey: secret }, json: {} });
    expect(secretInstead.body.detail).toBe("Your ApiKey header contained a ApiSecret instead of your 'ApiKey'.");
  });

  it('checks the key before the body', async () => {
    const answer = await send('POST', '/register/token', {
      headers: { 'content-type': 'application/json' },
      body: '{,',
    });
    expectProblem(answer, 401);
  });

  it('lets anonymous operations through without a key', async () => {
    const answer = await send('GET', '/health/http');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/plain');
    expect(answer.text).toBe('Healthy');
  });
});

describe('transport mistakes, answered with the empty bodies ASP.NET sends', () => {
  it('answers an unknown route with an empty 404, whatever the key', async () => {
    const answer = await send('GET', '/register/tokens', { headers: { ApiSecret: 'garbage' } });
    expectEmpty(answer, 404);
    expect(reason(answer)).toMatch(/GET \/register\/tokens/);
  });

  it('answers a known route with another method with an empty 405 and Allow', async () => {
    const answer = await send('DELETE', '/register/token', { headers: { ApiSecret: secret } });
    expectEmpty(answer, 405);
    expect(answer.headers.get('allow')).toBe('POST');
  });

  it('answers a body that is not JSON with an empty 415, before looking at the key', async () => {
    const answer = await send('POST', '/register/token', {
      headers: { 'content-type': 'text/plain' },
      body: 'userId=1',
    });
    expectEmpty(answer, 415);
    expect(reason(answer)).toMatch(/text\/plain/);
  });

  it('answers a body with no Content-Type with a 415 after the key: a problem in Development, empty in Production', async () => {
    const init = {
      method: 'POST',
      headers: { ApiSecret: secret },
      body: new Blob([JSON.stringify(validRegisterToken)]),
    };
    const titled = await fetch(`${baseUrl}/register/token`, init);
    expect(titled.status).toBe(415);
    expect(((await titled.json()) as { title: string }).title).toBe('Expected a supported JSON media type but got "".');
    const empty = await fetch(`${production.url}/register/token`, init);
    expect(empty.status).toBe(415);
    expect(await empty.text()).toBe('');
  });

  it("answers a body over Kestrel's 30 MB limit with an empty 413", async () => {
    const big = JSON.stringify({ ...validRegisterToken, displayName: 'x'.repeat(30_000_001) });
    const answer = await send('POST', '/register/token', {
      headers: { ApiSecret: secret, 'content-type': 'application/json' },
      body: big,
    });
    expectEmpty(answer, 413);
  });

  it('answers a Prefer header the operation cannot satisfy with a clear problem', async () => {
    const unknown = await send(
      'POST',
      '/register/token',
      withSecret(validRegisterToken, { Prefer: 'example=no_such_example' }),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toMatch(/no example named "no_such_example".*alias_conflict/);
    const status = await send('POST', '/register/token', withSecret(validRegisterToken, { Prefer: 'code=418' }));
    expect(status.status).toBe(400);
    expect(status.body.detail).toMatch(/code=418 is not a status/);
  });

  it('answers a CORS preflight from another origin, and lets the page read the answer', async () => {
    const preflight = await fetch(`${baseUrl}/register/token`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'apisecret, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('apisecret, content-type');
    const answer = await send(
      'POST',
      '/register/token',
      withSecret(validRegisterToken, { Origin: 'http://localhost:5173' }),
    );
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('what npm start publishes beside the API', () => {
  it('serves the bundled spec as JSON and YAML, and the docs page', async () => {
    const json = await fetch(`${sharedMockUrl}/openapi.json`);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await json.json()) as { openapi: string }).openapi).toBe('3.1.0');
    const yaml = await fetch(`${sharedMockUrl}/openapi.yaml`);
    expect(await yaml.text()).toMatch(/^openapi: 3\.1\.0$/m);
    const docs = await fetch(`${sharedMockUrl}/docs`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toMatch(/^text\/html/);
  });
});
