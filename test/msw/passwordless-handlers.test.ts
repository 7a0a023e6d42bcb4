// The msw door end to end, as a downstream team uses it: setupServer(...emulator.handlers), the typed client and plain
// fetch, state that one call writes and the next one reads, a reset between tests, a scenario or an error example per
// test, the answers written with their headers. What the emulator answers is tested in-process, in test/emulator/.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPasswordlessClient } from '../../src/index.js';
import {
  exampleKeys,
  passwordlessEmulator,
  passwordlessHandlers,
  scenarioNames,
  useExample,
  useScenario,
} from '../../src/msw/index.js';
import { VirtualAuthenticator } from '../../src/recording/virtual-authenticator.js';
import { loadBundledSpec } from '../helpers/bundled-spec.js';
import { validateResponse } from '../helpers/spec-validator.js';

const baseUrl = 'https://v4.passwordless.dev';
// The seed app's documented development keys: the emulator starts with that app, as a Development server does.
const apiSecret = 'test:secret:a679563b331846c79c20b114a4f56d02';
const apiKey = 'test:public:2e728aa5986f4ba8b073a5b28a939795';
const spec = loadBundledSpec();

// Every answer the handlers give in this file is checked against the spec.
const violations: string[] = [];
const emulator = passwordlessEmulator({ onContractViolation: (violation) => violations.push(violation) });
const server = setupServer(...emulator.handlers);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(async () => {
  server.resetHandlers();
  await emulator.reset();
});
afterAll(() => {
  server.close();
  expect(violations).toEqual([]);
});

const client = () => createPasswordlessClient({ apiSecret, apiKey, retry: { retries: 0 } });
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { ApiSecret: apiSecret, 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

/** The spec's example of one response, resolved. */
function specExample(path: string, method: string, status: string, key: string): unknown {
  const response = spec.paths[path]![method]!.responses[status]!;
  const media = Object.values(response.content ?? {})[0] as {
    examples: Record<string, { value?: unknown; $ref?: string }>;
  };
  const example = media.examples[key]!;
  const ref = example.$ref?.split('/').pop();
  return ref
    ? (spec.components as unknown as { examples: Record<string, { value: unknown }> }).examples[ref]!.value
    : example.value;
}

describe("the handlers answer from the emulator's state", () => {
  it('creates a register token through the typed client', async () => {
    const { data, error, response } = await client().POST('/register/token', {
      body: { userId: 'u1', username: 'fry@example.com' },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.token).toMatch(/^register_/);
  });

  it('shows what one call wrote to the next, until reset', async () => {
    const api = client();
    await api.POST('/alias', { body: { userId: 'u1', aliases: ['fry@example.com'], hashing: false } });
    const { data } = await api.GET('/alias/list', { params: { query: { userId: 'u1' } } });
    expect(data?.values.map((alias) => alias.plaintext)).toEqual(['fry@example.com']);
    await emulator.reset();
    expect((await api.GET('/alias/list', { params: { query: { userId: 'u1' } } })).data?.values).toEqual([]);
  });

  it('runs a whole passkey ceremony: register, list the credential, sign in, verify', async () => {
    const api = client();
    const origin = 'https://app.example.com';
    const rpId = 'app.example.com';
    const { token } = (await api.POST('/register/token', { body: { userId: 'u2', username: 'leela@example.com' } }))
      .data!;
    const begin = (await api.POST('/register/begin', { body: { token, origin, rpid: rpId } })).data!;
    const authenticator = new VirtualAuthenticator(origin);
    const response = authenticator.createCredential(begin.data, rpId);
    const registered = await api.POST('/register/complete', {
      body: { session: begin.session, response, origin, rpid: rpId },
    });
    expect(registered.response.status).toBe(200);
    const credentials = (await api.GET('/credentials/list', { params: { query: { userId: 'u2' } } })).data!.values;
    expect(credentials.map((credential) => credential.descriptor.id)).toEqual([response.rawId]);
    const signinBegin = (await api.POST('/signin/begin', { body: { userId: 'u2', origin, rpid: rpId } })).data!;
    expect(signinBegin.data.allowCredentials).toEqual([{ type: 'public-key', id: response.rawId }]);
    const assertion = authenticator.getAssertion(signinBegin.data, rpId);
    const signedIn = (
      await api.POST('/signin/complete', {
        body: { session: signinBegin.session, response: assertion, origin, rpid: rpId },
      })
    ).data!;
    const verified = (await api.POST('/signin/verify', { body: { token: signedIn.token } })).data!;
    expect(verified).toMatchObject({ userId: 'u2', type: 'passkey_signin', origin, rpId });
  });

  it('exports and imports its state', async () => {
    await client().POST('/alias', { body: { userId: 'u3', aliases: ['amy@example.com'] } });
    const snapshot = await emulator.exportState();
    expect(snapshot.apps.find((app) => app.appId === 'test')?.aliases).toHaveLength(1);
    await emulator.reset();
    await emulator.importState(snapshot);
    expect((await client().GET('/alias/list', { params: { query: { userId: 'u3' } } })).data?.values).toHaveLength(1);
    await expect(emulator.importState({ version: 2 })).rejects.toThrow(/Not an emulator state/);
  });

  it('moves its clock: a token of 60 s expires once the clock moved 120 s, without waiting', async () => {
    const { token } = await (await post('/signin/generate-token', { userId: 'fry', timeToLive: 60 })).json();
    try {
      emulator.clock.advance(120);
      const expired = await post('/signin/verify', { token });
      expect(expired.status).toBe(403);
      expect(await expired.json()).toMatchObject({
        errorCode: 'expired_token',
        title: 'The token expired 1 minute ago.',
      });
    } finally {
      emulator.clock.reset();
    }
    expect((await post('/signin/verify', { token })).status).toBe(200);
  });

  it('answers plain fetch with the status and content type the spec declares', async () => {
    const response = await fetch(`${baseUrl}/users/count`, { headers: { ApiSecret: apiSecret } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await response.json();
    expect(validateResponse('GET', '/users/count', 200, body).valid).toBe(true);
  });

  it('answers an operation without a body with its empty success status', async () => {
    const response = await post('/alias', { userId: 'u1', aliases: ['fry@example.com'] });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
  });

  it('serves a self-hosted base URL with a path', async () => {
    server.use(...passwordlessHandlers({ baseUrl: 'https://passwordless.example.com/api/' }));
    const selfHosted = createPasswordlessClient({
      apiSecret,
      baseUrl: 'https://passwordless.example.com/api',
      retry: { retries: 0 },
    });
    const { response } = await selfHosted.GET('/users/count');
    expect(response.status).toBe(200);
  });
});

describe("requests that break the spec get the emulator's answer, written by the handlers", () => {
  it('a missing ApiSecret is a 401 naming the header, with WWW-Authenticate and the reason', async () => {
    const response = await fetch(`${baseUrl}/users/count`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('ApiSecret');
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('x-mock-reason')).toBe('No ApiSecret header was sent.');
    expect(await response.json()).toMatchObject({ status: 401, detail: "A valid 'ApiSecret' header is required." });
  });

  it('invalid JSON is an empty 400 in Production (the default) and a titled problem in Development', async () => {
    const response = await post('/register/token', '{"userId": "u1", "username": "x",}');
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('');
    server.use(...passwordlessHandlers({ environment: 'Development' }));
    const development = await post('/register/token', '{"userId": "u1", "username": "x",}');
    expect(development.headers.get('content-type')).toBe('application/problem+json');
    expect((await development.json()).title).toMatch(/^Failed to read parameter/);
  });

  it('an unknown route is an empty 404 and a known route with another method an empty 405 with Allow', async () => {
    const unknown = await fetch(`${baseUrl}/no/such/route`, { headers: { ApiSecret: apiSecret } });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe('');
    const wrongMethod = await fetch(`${baseUrl}/users/count`, { method: 'DELETE', headers: { ApiSecret: apiSecret } });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
  });
});

describe('useExample answers with a named example wherever the spec has it', () => {
  it('gives expired_token to /signin/verify, with its errorCode through the typed client', async () => {
    server.use(...useExample('expired_token'));
    const { error, response } = await client().POST('/signin/verify', { body: { token: 'verify_abc' } });
    expect(response.status).toBe(403);
    expect(error).toEqual(specExample('/signin/verify', 'post', '403', 'expired_token'));
    expect(error?.errorCode).toBe('expired_token');
  });

  it('leaves operations without that example answering from the state', async () => {
    server.use(...useExample('expired_token'));
    const { response } = await client().GET('/users/count');
    expect(response.status).toBe(200);
  });

  it('still answers a broken request as the server does', async () => {
    server.use(...useExample('expired_token'));
    const response = await post('/signin/verify', '{"token": "verify_abc",}');
    expect(response.status).toBe(400);
  });

  it('ends with resetHandlers', async () => {
    server.use(...useExample('alias_conflict'));
    expect((await post('/alias', { userId: 'u1', aliases: ['a'] })).status).toBe(409);
    server.resetHandlers();
    expect((await post('/alias', { userId: 'u1', aliases: ['a'] })).status).toBe(204);
  });

  it('refuses a key no example has, listing the known ones', () => {
    expect(() => useExample('no_such_example')).toThrow(
      /No operation of the spec has an example named "no_such_example"; the examples are: .*expired_token/,
    );
    expect(exampleKeys()).toContain('alias_conflict');
  });

  it('honours a Prefer header, as the mock does', async () => {
    const response = await post('/alias', { userId: 'u1', aliases: ['a'] }, { Prefer: 'example=alias_conflict' });
    expect(response.status).toBe(409);
    expect((await response.json()).errorCode).toBe('alias_conflict');
  });
});

describe('useScenario replays a recorded scenario', () => {
  it('answers alias-conflict as recorded: the alias is set, then the register token conflicts', async () => {
    server.use(...useScenario('alias-conflict'));
    const api = client();
    expect((await api.POST('/alias', { body: { userId: 'a', aliases: ['hermes@example.com'] } })).response.status).toBe(
      204,
    );
    const { error, response } = await api.POST('/register/token', {
      body: { userId: 'b', username: 'b', aliases: ['hermes@example.com'] },
    });
    expect(response.status).toBe(409);
    expect(error?.errorCode).toBe('alias_conflict');
  });

  it('answers each operation in the recorded order, then repeats the last answer', async () => {
    server.use(...useScenario('auth-configs'));
    const statuses: number[] = [];
    for (let call = 0; call < 4; call++) {
      statuses.push((await post('/auth-configs/delete', { purpose: 'x', performedBy: 'me' })).status);
    }
    expect(statuses).toEqual([204, 404, 400, 400]);
  });

  it("answers operations the scenario did not record from the emulator's state", async () => {
    server.use(...useScenario('alias-conflict'));
    expect((await client().GET('/users/count')).response.status).toBe(200);
  });

  it('starts over in each test, with a fresh useScenario', async () => {
    server.use(...useScenario('auth-configs'));
    expect((await post('/auth-configs/delete', { purpose: 'x', performedBy: 'me' })).status).toBe(204);
  });

  it('refuses an unknown scenario, listing the recorded ones', () => {
    expect(() => useScenario('no-such-scenario' as never)).toThrow(
      /Unknown scenario "no-such-scenario"; the recorded scenarios are: .*alias-conflict/,
    );
  });

  // Sending a scenario's own recorded requests gives back its recorded responses, for every scenario.
  it.each(scenarioNames)('%s: the recorded requests get the recorded responses', async (name) => {
    // The management scenarios' requests carry a ManagementKey, which the emulator checks before replaying.
    const managementKey = 'msw-scenario-management-key';
    server.use(...useScenario(name, { managementKey }));
    const { recordedScenarios } = await import('../../src/msw/index.js');
    for (const exchange of recordedScenarios[name].exchanges) {
      // A recording keeps the path template; any well-formed value of a path parameter does.
      const url = new URL(`${baseUrl}${exchange.path.replace('{appId}', 'recordedapp').replace(/\{\w+\}/g, '0001')}`);
      for (const [key, value] of Object.entries(exchange.query ?? {}))
        for (const item of [value].flat()) url.searchParams.append(key, item);
      const response = await fetch(url, {
        method: exchange.method,
        headers: {
          ApiSecret: apiSecret,
          ApiKey: apiKey,
          ManagementKey: managementKey,
          ...(exchange.requestBody === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(exchange.requestBody === undefined ? {} : { body: JSON.stringify(exchange.requestBody) }),
      });
      const text = await response.text();
      expect({ path: exchange.path, status: response.status }).toEqual({
        path: exchange.path,
        status: exchange.status,
      });
      // A request that fails before the handler gets the emulator's own problem, whose trace id is its own.
      const withoutTraceId = (body: unknown) =>
        body && typeof body === 'object' ? { ...body, traceId: undefined } : body;
      expect(withoutTraceId(text === '' ? undefined : JSON.parse(text))).toEqual(withoutTraceId(exchange.body));
    }
  });
});
