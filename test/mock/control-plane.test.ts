// The control plane (`/__mock/*`) belongs to the developer, not to every web page they visit: requests addressed to a
// name that is not this machine's (a DNS-rebound name) are refused, web pages of another origin can neither read nor
// change it (no CORS there, Origin and Sec-Fetch-Site checked), beyond loopback it needs a token, and a dump of the
// state withholds what lets its reader mint tokens or keys unless asked. The API routes keep the server's CORS.
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { setupServer } from 'msw/node';
import { describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../../src/mock/index.js';
import { passwordlessEmulator } from '../../src/msw/index.js';
import { mocksClosedAfterEachTest, rawRequest } from '../helpers/mock-requests.js';

const apiSecret = 'test:secret:a679563b331846c79c20b114a4f56d02';
const start = mocksClosedAfterEachTest();
const call = rawRequest;

const aliasCount = async (mock: RunningMock) =>
  (
    (await (await fetch(`${mock.url}/alias/list?userId=u1`, { headers: { ApiSecret: apiSecret } })).json()) as {
      values: unknown[];
    }
  ).values.length;

async function addAlias(mock: RunningMock) {
  const answer = await fetch(`${mock.url}/alias`, {
    method: 'POST',
    headers: { ApiSecret: apiSecret, 'content-type': 'application/json' },
    body: JSON.stringify({ userId: 'u1', aliases: ['fry@example.com'] }),
  });
  expect(answer.status).toBe(204);
}

describe('the Host allow-list of /__mock/*', () => {
  it('refuses every method on the whole prefix for a name that is not this machine, as after DNS rebinding', async () => {
    const mock = await start();
    await addAlias(mock);
    const port = new URL(mock.url).port;
    const evil = { host: `attacker.example:${port}` };
    const read = await call(mock, 'GET', '/__mock/state', evil);
    expect(read.status).toBe(403);
    expect(read.json()).toMatchObject({ title: 'Host not allowed', status: 403 });
    expect(read.reason).toMatch(/"attacker\.example" is not one of its names.*--allowed-host attacker\.example/);
    expect(read.text).not.toContain('tokenKey');
    expect((await call(mock, 'DELETE', '/__mock/state', evil)).status).toBe(403);
    expect((await call(mock, 'PUT', '/__mock/state', evil, { version: 1, apps: [] })).status).toBe(403);
    expect((await call(mock, 'POST', '/__mock/state/save', evil)).status).toBe(403);
    expect((await call(mock, 'GET', '/__MOCK/State', evil)).status).toBe(403);
    // Whatever lives under the prefix, now or later.
    expect((await call(mock, 'GET', '/__mock/clock', evil)).status).toBe(403);
    // HTTP/1.0 may leave the Host out: no name, no control plane.
    const { hostname } = new URL(mock.url);
    const socket = connect(Number(port), hostname);
    socket.end('GET /__mock/state HTTP/1.0\r\n\r\n');
    let withoutHost = '';
    for await (const chunk of socket) withoutHost += String(chunk);
    expect(withoutHost).toMatch(/^HTTP\/1\.1 403 /);
    // Nothing changed.
    expect(await aliasCount(mock)).toBe(1);
  });

  it("answers this machine's names: localhost and its subdomains, loopback addresses, and the address it listens on", async () => {
    const mock = await start();
    const port = new URL(mock.url).port;
    for (const host of [
      `localhost:${port}`,
      `app.localhost:${port}`,
      `127.0.0.1:${port}`,
      `127.9.9.9`,
      `[::1]:${port}`,
    ]) {
      const answer = await call(mock, 'GET', '/__mock/state', { host });
      expect(answer.status, host).toBe(200);
    }
  });

  it('answers the names added with allowedHosts (a docker-compose service, a domain and its subdomains)', async () => {
    const mock = await start({ allowedHosts: ['passwordless-mock', '.example.test'] });
    for (const host of ['passwordless-mock:4010', 'example.test', 'api.example.test', 'API.Example.Test.']) {
      expect((await call(mock, 'GET', '/__mock/state', { host })).status, host).toBe(200);
    }
    for (const host of ['badexample.test', 'passwordless-mock.evil.test', 'example.test.evil']) {
      expect((await call(mock, 'GET', '/__mock/state', { host })).status, host).toBe(403);
    }
  });

  it('leaves the API routes to any Host, as the server does', async () => {
    const mock = await start();
    const answer = await call(mock, 'GET', '/users/count', { host: 'attacker.example', ApiSecret: apiSecret });
    expect(answer.status).toBe(200);
  });
});

describe('no CORS on /__mock/*', () => {
  it('refuses a page of another origin, preflight included, and never sends it a CORS header', async () => {
    const mock = await start();
    await addAlias(mock);
    const host = new URL(mock.url).host;
    for (const origin of ['http://attacker.example', `http://localhost:5173`, 'null']) {
      const read = await call(mock, 'GET', '/__mock/state', { host, origin });
      expect(read.status, origin).toBe(403);
      expect(read.headers['access-control-allow-origin']).toBeUndefined();
      const reset = await call(mock, 'DELETE', '/__mock/state', { host, origin });
      expect(reset.status).toBe(403);
      const preflight = await call(mock, 'OPTIONS', '/__mock/state', {
        host,
        origin,
        'access-control-request-method': 'DELETE',
      });
      expect(preflight.status).toBe(403);
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
    }
    // A request a page makes without Origin (an image, a script) still says where it comes from.
    for (const site of ['cross-site', 'same-site']) {
      expect((await call(mock, 'GET', '/__mock/state', { host, 'sec-fetch-site': site })).status).toBe(403);
    }
    expect(await aliasCount(mock)).toBe(1);
  });

  it('answers a page of its own origin, without CORS headers, while the API keeps the server CORS', async () => {
    const mock = await start();
    const host = new URL(mock.url).host;
    const own = await call(mock, 'GET', '/__mock/state', {
      host,
      origin: `http://${host}`,
      'sec-fetch-site': 'same-origin',
    });
    expect(own.status).toBe(200);
    expect(own.headers['access-control-allow-origin']).toBeUndefined();
    const api = await call(mock, 'GET', '/users/count', { origin: 'http://localhost:5173', ApiSecret: apiSecret });
    expect(api.headers['access-control-allow-origin']).toBe('*');
    const preflight = await call(mock, 'OPTIONS', '/users/count', {
      origin: 'http://localhost:5173',
      'access-control-request-method': 'GET',
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
  });
});

describe('the control token beyond loopback', () => {
  it('listening on every interface, needs a generated token, compared in full; the API needs none', async () => {
    const mock = await start({ host: '0.0.0.0' });
    expect(mock.controlToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const port = new URL(mock.url).port;
    const local = { host: `127.0.0.1:${port}` };
    const without = await call(mock, 'GET', '/__mock/state', local);
    expect(without.status).toBe(401);
    expect(without.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(without.reason).toMatch(/needs its token: send "Authorization: Bearer <token>"/);
    const wrong = `${mock.controlToken!.slice(0, -1)}${mock.controlToken!.endsWith('a') ? 'b' : 'a'}`;
    expect((await call(mock, 'GET', '/__mock/state', { ...local, authorization: `Bearer ${wrong}` })).status).toBe(401);
    expect((await call(mock, 'GET', '/__mock/state', { ...local, authorization: mock.controlToken! })).status).toBe(
      401,
    );
    const allowed = await call(mock, 'GET', '/__mock/state', {
      ...local,
      authorization: `Bearer ${mock.controlToken}`,
    });
    expect(allowed.status).toBe(200);
    expect((await call(mock, 'GET', '/users/count', { ...local, ApiSecret: apiSecret })).status).toBe(200);
    // Reached through one of this machine's own addresses, as another machine on the network would.
    const own = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal);
    if (own) {
      const remote = { host: `${own.address}:${port}`, authorization: `Bearer ${mock.controlToken}` };
      expect((await call(mock, 'GET', '/__mock/state', remote)).status).toBe(200);
    }
  });

  it('takes a token given, on loopback too, and refuses one short enough to guess', async () => {
    const controlToken = 'a-token-of-the-developer-1234';
    const mock = await start({ controlToken });
    expect(mock.controlToken).toBe(controlToken);
    expect((await call(mock, 'GET', '/__mock/state')).status).toBe(401);
    expect((await call(mock, 'GET', '/__mock/state', { authorization: `bearer ${controlToken}` })).status).toBe(200);
    await expect(startMock({ controlToken: 'short' })).rejects.toThrow(/at least 16 characters/);
  });

  it('on loopback, without a token given, needs none', async () => {
    const mock = await start();
    expect(mock.controlToken).toBeUndefined();
  });
});

describe('a dump of the state', () => {
  async function issueToken(mock: RunningMock, secret = apiSecret) {
    const answer = await fetch(`${mock.url}/signin/generate-token`, {
      method: 'POST',
      headers: { ApiSecret: secret, 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'u1' }),
    });
    expect(answer.status).toBe(200);
    return ((await answer.json()) as { token: string }).token;
  }
  const verify = async (mock: RunningMock, token: string, secret = apiSecret) =>
    (
      await fetch(`${mock.url}/signin/verify`, {
        method: 'POST',
        headers: { ApiSecret: secret, 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      })
    ).status;

  it('withholds the token-signing keys and secret hashes unless asked with ?secrets=include', async () => {
    const mock = await start();
    const full = mock.exportState({ includeSecrets: true });
    const [app] = full.apps;
    const dumped = await call(mock, 'GET', '/__mock/state');
    expect(dumped.status).toBe(200);
    expect(dumped.text).not.toContain(app!.tokenKey.secret);
    for (const key of app!.keys) if (key.secretHash) expect(dumped.text).not.toContain(key.secretHash);
    expect(dumped.json().apps[0].tokenKey).toEqual({ id: app!.tokenKey.id });
    expect(dumped.reason).toMatch(/without the token-signing keys and secret hashes \(\?secrets=include/);

    const asked = await call(mock, 'GET', '/__mock/state?secrets=include');
    // Beside the state, its limits and their use (issue 20).
    expect(asked.json()).toEqual({ ...full, limits: expect.objectContaining({ apps: { limit: 10_000, used: 1 } }) });
    expect((await call(mock, 'GET', '/__mock/state?secrets=yes')).status).toBe(400);
    // The same from startMock().
    expect(JSON.stringify(mock.exportState())).not.toContain(app!.tokenKey.secret);
  });

  it('loads back into the emulator that wrote it, after a reset too: its tokens verify and its keys authenticate', async () => {
    const managementKey = 'management-key-of-the-test-suite';
    const mock = await start({ managementKey });
    const token = await issueToken(mock);
    const created = (await (
      await fetch(`${mock.url}/admin/apps/shop/create`, {
        method: 'POST',
        headers: { ManagementKey: managementKey, 'content-type': 'application/json' },
        body: JSON.stringify({ adminEmail: 'admin@example.com' }),
      })
    ).json()) as { apiSecret1: string };
    const shopSecret = created.apiSecret1;
    const shopToken = await issueToken(mock, shopSecret);

    const overHttp = (await call(mock, 'GET', '/__mock/state')).json();
    const fromApi = mock.exportState();
    await mock.reset();
    expect(await verify(mock, token)).not.toBe(200);
    expect((await call(mock, 'PUT', '/__mock/state', {}, overHttp)).status).toBe(204);
    expect(await verify(mock, token)).toBe(200);
    expect(await verify(mock, shopToken, shopSecret)).toBe(200);
    await mock.reset();
    mock.importState(fromApi);
    expect(await verify(mock, token)).toBe(200);
    expect(await verify(mock, shopToken, shopSecret)).toBe(200);
  });

  it('moves to another emulator only when exported with the secrets', async () => {
    const managementKey = 'management-key-of-the-test-suite';
    const first = await start({ managementKey });
    const created = (await (
      await fetch(`${first.url}/admin/apps/shop/create`, {
        method: 'POST',
        headers: { ManagementKey: managementKey, 'content-type': 'application/json' },
        body: JSON.stringify({ adminEmail: 'admin@example.com' }),
      })
    ).json()) as { apiSecret1: string };
    const token = await issueToken(first, created.apiSecret1);
    const second = await start();
    const withheld = await call(second, 'PUT', '/__mock/state', {}, first.exportState());
    expect(withheld.status).toBe(400);
    expect(withheld.json().detail).toMatch(/has no secretHash, and this emulator never held that key.*secrets=include/);
    expect((await call(second, 'PUT', '/__mock/state', {}, first.exportState({ includeSecrets: true }))).status).toBe(
      204,
    );
    expect(await verify(second, token, created.apiSecret1)).toBe(200);
  });

  it('cannot be replaced from another host, so a made-up key never replaces the seed key', async () => {
    const mock = await start();
    const state = mock.exportState({ includeSecrets: true });
    for (const key of state.apps[0]!.keys) if (key.secretHash) key.secretHash = '0'.repeat(64);
    const port = new URL(mock.url).port;
    expect((await call(mock, 'PUT', '/__mock/state', { host: `rebound.example:${port}` }, state)).status).toBe(403);
    expect((await call(mock, 'GET', '/users/count', { ApiSecret: apiSecret })).status).toBe(200);
  });

  it('behind msw withholds them the same way, and loads back', async () => {
    const emulator = passwordlessEmulator();
    const server = setupServer(...emulator.handlers);
    server.listen();
    try {
      const full = await emulator.exportState({ includeSecrets: true });
      const dump = await emulator.exportState();
      expect(JSON.stringify(dump)).not.toContain(full.apps[0]!.tokenKey.secret);
      await emulator.reset();
      await emulator.importState(dump);
      expect((await emulator.exportState({ includeSecrets: true })).apps[0]!.tokenKey).toEqual(full.apps[0]!.tokenKey);
      const overMsw = await fetch('https://v4.passwordless.dev/__mock/state', { headers: { origin: 'http://x.test' } });
      expect(overMsw.headers.get('access-control-allow-origin')).toBeNull();
      expect(JSON.stringify(await overMsw.json())).not.toContain(full.apps[0]!.tokenKey.secret);
    } finally {
      server.close();
    }
  });

  it('starts a new emulator, as a reloaded page does from what it saved: the seed keys work, the data is there', async () => {
    const first = passwordlessEmulator();
    const firstServer = setupServer(...first.handlers);
    firstServer.listen();
    let saved: unknown;
    try {
      const added = await fetch('https://v4.passwordless.dev/alias', {
        method: 'POST',
        headers: { ApiSecret: apiSecret, 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'u1', aliases: ['fry@example.com'] }),
      });
      expect(added.status).toBe(204);
      saved = JSON.parse(JSON.stringify(await first.exportState()));
    } finally {
      firstServer.close();
    }
    const reloaded = passwordlessEmulator({ state: saved });
    const server = setupServer(...reloaded.handlers);
    server.listen();
    try {
      const listed = await fetch('https://v4.passwordless.dev/alias/list?userId=u1', {
        headers: { ApiSecret: apiSecret },
      });
      expect(listed.status).toBe(200);
      expect(((await listed.json()) as { values: unknown[] }).values).toHaveLength(1);
    } finally {
      server.close();
    }
  });
});
