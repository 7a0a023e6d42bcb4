// Every mistake a frontend can make in a request body or query, sent to an emulator in Development (where the server
// words its binding problems) and in Production (where it answers them with an empty 400): each gets the server's
// status, headers and body, an explanation only in the reason (the doors' `x-mock-reason`), and the emulator keeps
// answering afterwards. Keys: authentication.test.ts; routes and media types: pipeline.test.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { operationCases } from '../mock/spec-examples.js';
import { type Answer, type Harness, seed, startEmulator, withKey, withSecret } from './harness.js';

let development: Harness;
let production: Harness;
beforeAll(async () => {
  [development, production] = await Promise.all([
    startEmulator({ environment: 'Development' }),
    startEmulator({ environment: 'Production' }),
  ]);
});
// Every answer, however bad the request, still keeps the contract.
afterAll(() => expect([...development.violations, ...production.violations]).toEqual([]));

const secret = withSecret();
const validRegisterToken = { userId: '107fb578', username: 'pjfry@passwordless.dev' };
const post = (path: string, json: unknown, headers = secret) => development.post(path, json, headers);
const postText = (harness: Harness, path: string, body: string) =>
  harness.call('POST', path, { headers: { ...secret, 'content-type': 'application/json' }, body });

function expectProblem(answer: Answer, status: number) {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toBe('application/problem+json');
  expect(answer.body.status).toBe(status);
  expect(typeof answer.body.type).toBe('string');
  expect(typeof answer.body.title).toBe('string');
  expect(answer.body.traceId).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
}

afterEach(async () => {
  // The emulator still answers a good request after each bad one.
  expect((await post('/register/token', validRegisterToken)).status).toBe(200);
});

describe('JSON binding, as the server binds', () => {
  it('matches member names case-insensitively (Aliases, displayname, UserId)', async () => {
    const answer = await post('/register/token', {
      UserId: 'u1',
      USERNAME: 'fry',
      displayname: 'Philip J Fry',
      Aliases: ['fry@example.com'],
    });
    expect(answer.status).toBe(200);
  });

  it('accepts a JSON number where a string is expected (userId: 123), as the docs examples send it', async () => {
    expect((await post('/register/token', { userId: 123, username: true })).status).toBe(200);
  });

  it('accepts a numeric string where a number is expected (timeToLive: "30")', async () => {
    const answer = await post('/magic-links/send', {
      emailAddress: 'fry@example.com',
      urlTemplate: 'https://a.example/?token=$TOKEN',
      userId: 'u1',
      timeToLive: '30',
    });
    expect(answer.status).toBe(204);
  });

  it('ignores members it does not know', async () => {
    expect((await post('/register/token', { ...validRegisterToken, favouriteColour: 'green', id: 7 })).status).toBe(
      200,
    );
  });

  it('matches query parameter names case-insensitively and reads booleans in any case', async () => {
    expect((await development.get('/credentials/list?USERID=u1', secret)).status).toBe(200);
    // Binding passes; the seed app `test` does not allow attestation, which the handler then says.
    const authenticators = await development.get('/authenticators/list?isallowed=TRUE', secret);
    expect(authenticators.body.errorCode).toBe('attestation_not_supported_on_plan');
  });

  it('reads UTF-8 with or without a byte order mark', async () => {
    const body = `\uFEFF${JSON.stringify({ ...validRegisterToken, displayName: 'Zoë' })}`;
    expect((await postText(development, '/register/token', body)).status).toBe(200);
  });

  it("rejects invalid JSON (the docs' trailing comma) with a 400 problem naming the body parameter", async () => {
    const answer = await postText(
      development,
      '/register/token',
      '{"userId": "107fb578", "username": "pjfry@passwordless.dev", "displayname": "Philip J Fry",}',
    );
    expectProblem(answer, 400);
    expect(answer.body.title).toBe('Failed to read parameter "RegisterToken request" from the request body as JSON.');
    expect(answer.body.detail).toBeUndefined();
    expect(answer.reason).toMatch(/not valid JSON/);
  });

  it('answers the same binding failures with an empty 400 in Production, as the cloud does', async () => {
    const invalid = await postText(production, '/register/token', '{"userId": "1",}');
    expect(invalid.status).toBe(400);
    expect(invalid.headers['content-type']).toBeUndefined();
    expect(invalid.text).toBe('');
    expect(invalid.reason).toMatch(/Failed to read parameter/);
    const missingQuery = await production.get('/alias/list', secret);
    expect(missingQuery.status).toBe(400);
    expect(missingQuery.text).toBe('');
  });

  it('rejects a value that does not convert, naming the member (discoverable: "yes")', async () => {
    const answer = await post('/register/token', { ...validRegisterToken, discoverable: 'yes' });
    expectProblem(answer, 400);
    expect(answer.body.title).toMatch(/^Failed to read parameter/);
    expect(answer.reason).toBe('The JSON value could not be converted to System.Boolean. Path: $.discoverable.');
  });

  it('rejects a body that is not a JSON object', async () => {
    const answer = await post('/register/token', ['not', 'an', 'object']);
    expectProblem(answer, 400);
    expect(answer.reason).toMatch(/must be a JSON object/);
  });

  it('rejects a missing body', async () => {
    const answer = await postText(development, '/register/token', '');
    expectProblem(answer, 400);
    expect(answer.body.title).toBe('Required parameter "RegisterToken request" was not provided from body.');
  });
});

describe('validation problems built from what was wrong', () => {
  it('names the missing member with the server message', async () => {
    const answer = await post('/register/token', { userId: 'u1' });
    expectProblem(answer, 400);
    expect(answer.body.title).toBe('One or more validation errors occurred.');
    expect(answer.body.errors).toEqual({ username: ['The Username field is required.'] });
  });

  it('treats an empty required string as missing', async () => {
    const answer = await post('/register/token', { userId: '', username: 'fry' });
    expect(answer.body.errors).toEqual({ userId: ['The UserId field is required.'] });
  });

  it('gives the limits the schema sets for too many and too long aliases', async () => {
    const aliases = Array.from({ length: 11 }, (_, i) => `alias${i}`);
    aliases[3] = 'x'.repeat(251);
    const answer = await post('/register/token', { ...validRegisterToken, Aliases: aliases });
    expectProblem(answer, 400);
    expect(answer.body.errors).toEqual({
      aliases: [
        "The field Aliases must be a string or array type with a maximum length of '10'.",
        "The field Aliases must be a collection that contains strings with a maximum length of '250'.",
      ],
    });
  });

  it('reports several members at once, each under its camelCased key', async () => {
    const answer = await post('/auth-configs/add', { purpose: 'my purpose' });
    expectProblem(answer, 400);
    expect(answer.body.errors).toEqual({
      performedBy: ['The PerformedBy field is required.'],
      purpose: ['Characters are limited to A-z, 0-9, -, or _.'],
    });
  });

  it("uses a member's own message where the server has one (the nickname's length)", async () => {
    const registerComplete = operationCases().find((c) => c.path === '/register/complete');
    const body = { ...(registerComplete?.body as object), nickname: 'n'.repeat(65) };
    const answer = await post('/register/complete', body, withKey());
    expectProblem(answer, 400);
    expect(answer.body.errors).toEqual({ nickname: ['Nickname cannot be longer than 64 characters.'] });
  });

  it('checks e-mail addresses', async () => {
    const answer = await post('/magic-links/send', {
      emailAddress: 'not-an-address',
      urlTemplate: 'https://a.example/?token=$TOKEN',
      userId: 'u1',
    });
    expect(answer.body.errors).toEqual({ emailAddress: ['The EmailAddress field is not a valid e-mail address.'] });
  });

  it('checks query ranges, and names a missing or unreadable query parameter as the server does', async () => {
    const range = await development.get('/events?pageNumber=0&numberOfResults=5000', secret);
    expectProblem(range, 400);
    expect(range.body.errors).toEqual({
      pageNumber: ['The field PageNumber must be between 1 and 2147483647.'],
      numberOfResults: ['The field NumberOfResults must be between 1 and 1000.'],
    });
    const missing = await development.get('/events', secret);
    expectProblem(missing, 400);
    expect(missing.body.title).toBe('Required parameter "int PageNumber" was not provided from query string.');
    const unreadable = await development.get('/events?pageNumber=first', secret);
    expectProblem(unreadable, 400);
    expect(unreadable.body.title).toBe('Failed to bind parameter "int PageNumber" from "first".');
  });
});

describe('tokens with the wrong prefix', () => {
  it('answers a register token sent to /signin/verify with invalid_token, quoting its start', async () => {
    const answer = await post('/signin/verify', { token: 'register_abcdefghijkl' });
    expectProblem(answer, 400);
    expect(answer.body.errorCode).toBe('invalid_token');
    expect(answer.body.title).toBe(
      "The token you sent was not correct. The token used for this endpoint should start with 'verify_'. " +
        "Make sure you are not sending the wrong value. The value you sent started with 'register_a'",
    );
  });

  it('checks the session_ prefix of the browser ceremonies after the origin, as the server does', async () => {
    const noOrigin = await post('/signin/complete', { session: 'verify_xyz' }, withKey());
    expect(noOrigin.body.title).toBe('Origin is required.');
    const answer = await post('/signin/complete', { session: 'verify_xyz', origin: 'https://a.example' }, withKey());
    expectProblem(answer, 400);
    expect(answer.body.errorCode).toBe('invalid_token');
    expect(answer.body.title).toMatch(/should start with 'session_'/);
  });

  it('answers a missing token with missing_token, and one that is not base64url with invalid_token_format', async () => {
    const missing = await post('/register/begin', { origin: 'https://a.example' }, withKey());
    expectProblem(missing, 400);
    expect(missing.body.errorCode).toBe('missing_token');
    const unreadable = await post('/signin/verify', { token: 'verify_not*base64url' }, withSecret(seed.apiSecret));
    expect(unreadable.body.errorCode).toBe('invalid_token_format');
  });
});
