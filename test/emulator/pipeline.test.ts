// What the emulator does before any operation, in the server's order: routing (any case, a trailing slash; unknown
// routes and methods get ASP.NET's empty 404 and 405), media types (415), the body limit (413), CORS (preflights, and
// the header on answers) and the server's security headers, `GET /` in each environment, and the spec's examples forced
// with `Prefer`, with `/__example/<name>` in the URL, or for every request with the `example` option.
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/index.js';
import { keys, operationCases } from '../mock/spec-examples.js';
import { type Answer, bundledSpecDocument, startEmulator, withKey, withSecret } from './harness.js';

const validRegisterToken = { userId: '107fb578', username: 'pjfry@passwordless.dev' };
const signinComplete = operationCases().find((c) => c.path === '/signin/complete');

/** The server's empty answer: the status alone, no content type, no body; the explanation only for humans. */
function expectEmpty(answer: Answer, status: number) {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toBeUndefined();
  expect(answer.text).toBe('');
  expect(answer.reason).toBeTruthy();
}

describe('routing', () => {
  it('matches paths without regard to case or a trailing slash', async () => {
    const { post } = await startEmulator();
    expect((await post('/Register/Token/', validRegisterToken, withSecret())).status).toBe(200);
  });

  it('answers an unknown route with an empty 404, whatever the key', async () => {
    const { get } = await startEmulator();
    const answer = await get('/register/tokens', { ApiSecret: 'garbage' });
    expectEmpty(answer, 404);
    expect(answer.reason).toMatch(/GET \/register\/tokens/);
  });

  it('answers a known route with another method with an empty 405 and Allow', async () => {
    const { call } = await startEmulator();
    const answer = await call('DELETE', '/register/token', { headers: withSecret() });
    expectEmpty(answer, 405);
    expect(answer.headers.allow).toBe('POST');
  });

  it('answers GET / with the greeting in Production, and as an unknown route in Development', async () => {
    const production = await (await startEmulator({ environment: 'Production' })).get('/');
    expect(production.status).toBe(200);
    expect(production.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(production.text).toBe(
      'Hey, this place is for computers. Check out our human documentation instead: https://docs.passwordless.dev',
    );
    const development = await (await startEmulator({ environment: 'Development' })).get('/');
    expectEmpty(development, 404);
    expect(development.reason).toBe('No operation of the API matches GET / in Development.');
  });
});

describe('media types and sizes', () => {
  it('answers a body that is not JSON with an empty 415, before looking at the key', async () => {
    const { call } = await startEmulator();
    const answer = await call('POST', '/register/token', {
      headers: { 'content-type': 'text/plain' },
      body: 'userId=1',
    });
    expectEmpty(answer, 415);
    expect(answer.reason).toMatch(/text\/plain/);
  });

  it('answers a body with no Content-Type with a 415 after the key: a problem in Development, empty in Production', async () => {
    const body = JSON.stringify(validRegisterToken);
    const development = await startEmulator({ environment: 'Development' });
    const titled = await development.call('POST', '/register/token', { headers: withSecret(), body });
    expect(titled.status).toBe(415);
    expect(titled.body.title).toBe('Expected a supported JSON media type but got "".');
    const production = await startEmulator({ environment: 'Production' });
    const empty = await production.call('POST', '/register/token', { headers: withSecret(), body });
    expect(empty.status).toBe(415);
    expect(empty.text).toBe('');
  });

  it("answers a body over Kestrel's 30 MB limit with an empty 413, outside the operation's contract", async () => {
    const { call, violations } = await startEmulator();
    const answer = await call('POST', '/register/token', {
      headers: { ...withSecret(), 'content-type': 'application/json' },
      body: JSON.stringify(validRegisterToken),
      size: 30_000_001,
    });
    expectEmpty(answer, 413);
    expect(violations).toEqual([]);
  });
});

describe('CORS and the security headers', () => {
  it('answers a preflight from another origin, and lets the page read the answer', async () => {
    const { call, post } = await startEmulator();
    const preflight = await call('OPTIONS', '/register/token', {
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'apisecret, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toEqual({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'apisecret, content-type',
    });
    const answer = await post('/register/token', validRegisterToken, {
      ...withSecret(),
      Origin: 'http://localhost:5173',
    });
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    expect(answer.headers).toMatchObject({
      'content-security-policy': "default-src 'self';",
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
  });
});

describe('forcing one of the spec’s examples', () => {
  it('answers Prefer: example=<name> with that example, and a preference the operation cannot satisfy with a clear problem', async () => {
    const { post } = await startEmulator();
    const conflict = await post(
      '/alias',
      { userId: 'u1', aliases: ['a'] },
      { ...withSecret(), Prefer: 'example=alias_conflict' },
    );
    expect(conflict.status).toBe(409);
    expect(conflict.body.errorCode).toBe('alias_conflict');
    const unknown = await post('/register/token', validRegisterToken, {
      ...withSecret(),
      Prefer: 'example=no_such_example',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toMatch(/no example named "no_such_example".*alias_conflict/);
    const status = await post('/register/token', validRegisterToken, { ...withSecret(), Prefer: 'code=418' });
    expect(status.status).toBe(400);
    expect(status.body.detail).toMatch(/code=418 is not a status/);
  });

  it('answers the operations that have the example given in the URL with it, and the others as usual', async () => {
    const { post } = await startEmulator();
    const forced = '/__example/expired_token';
    const token = await post(`${forced}/register/token`, { userId: 'u1', username: 'u1' }, withSecret());
    expect(token.status).toBe(200);
    const begin = await post(
      `${forced}/register/begin`,
      { token: token.body.token, RPID: 'localhost', Origin: 'http://localhost:5173' },
      withKey(),
    );
    expect(begin.status).toBe(403);
    expect(begin.body).toMatchObject({ errorCode: 'expired_token', title: 'The token expired 10 seconds ago.' });
  });

  it('still checks the request first, answers a CORS preflight, and names an unknown example', async () => {
    const { call, post } = await startEmulator();
    const unauthenticated = await post('/__example/expired_token/register/begin', {
      token: 'register_x',
      Origin: 'http://localhost:5173',
    });
    expect(unauthenticated.status).toBe(401);
    const preflight = await call('OPTIONS', '/__example/unknown_credential/signin/complete', {
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'apikey,content-type,client-version',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toBe('apikey,content-type,client-version');
    const unknown = await call('POST', '/__example/no_such_example/signin/begin', { headers: withKey() });
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toContain(
      'No operation of the spec has an example named "no_such_example"; the examples are: ',
    );
    expect(unknown.body.detail).toContain('unknown_credential');
  });

  it('answers every operation that has the example of the `example` option with it; Prefer and the URL choose otherwise', async () => {
    const { post, violations } = await startEmulator({ example: 'unknown_credential' });
    const forced = await post('/signin/complete', signinComplete?.body, withKey(keys.apiKey));
    expect(forced.status).toBe(400);
    expect(forced.body).toMatchObject({
      errorCode: 'unknown_credential',
      title: "We don't recognize the passkey you sent us.",
    });
    expect((await post('/register/token', { userId: 'u1', username: 'u1' }, withSecret())).status).toBe(200);
    const preferred = await post('/signin/complete', signinComplete?.body, {
      ...withKey(),
      Prefer: 'example=signin_complete_error',
    });
    expect(preferred.body.errorCode).toBe('signin_complete_error');
    const inUrl = await post('/__example/invalid_token/signin/complete', signinComplete?.body, withKey());
    expect(inUrl.body.errorCode).toBe('invalid_token');
    expect(violations).toEqual([]);
  });

  it('refuses an `example` option no operation has, naming the ones there are', async () => {
    await expect(createEmulator({ spec: bundledSpecDocument(), example: 'no_such_example' })).rejects.toThrow(
      /^No operation of the spec has an example named "no_such_example"; the examples are: .*unknown_credential/,
    );
  });
});
