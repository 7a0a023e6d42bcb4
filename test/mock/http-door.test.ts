// The HTTP door end to end (`startMock()`, `npm start`): what only a door does, over a real socket. It writes the
// emulator's answers (status, headers, the reason in `x-mock-reason`, no body for HEAD), hands its options to the
// emulator, serves the state control and the files it publishes, reads a body over the limit to answer 413, and keeps
// the state in a file. What the emulator answers is tested in-process, in test/emulator/.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { type MockOptions, type RunningMock, startMock } from '../../src/mock/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const apiSecret = 'test:secret:a679563b331846c79c20b114a4f56d02';
const folder = mkdtempSync(join(tmpdir(), 'passwordless-state-'));
const running: RunningMock[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((mock) => mock.close()));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function start(options: MockOptions = {}) {
  const violations: string[] = [];
  const mock = await startMock({ ...options, onContractViolation: (violation) => violations.push(violation) });
  running.push(mock);
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${mock.url}${path}`, {
      method,
      headers: {
        ApiSecret: apiSecret,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: text && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : undefined,
    };
  };
  return { mock, call, violations };
}

describe('answers over the socket', () => {
  it('writes the status, the headers with Content-Length, and the reason percent-encoded in x-mock-reason', async () => {
    const { call } = await start();
    const answer = await call('GET', '/no/such/réponse');
    expect(answer.status).toBe(404);
    expect(answer.text).toBe('');
    expect(answer.headers.get('content-length')).toBe('0');
    expect(answer.headers.get('content-type')).toBeNull();
    // The path arrives percent-encoded; the header escapes its `%` again, and decodes to the reason.
    const reason = answer.headers.get('x-mock-reason') ?? '';
    expect(reason).toBe('No operation of the API matches GET /no/such/r%25C3%25A9ponse.');
    expect(decodeURIComponent(reason)).toBe('No operation of the API matches GET /no/such/r%C3%A9ponse.');
    const token = await call('POST', '/register/token', { userId: 'u1', username: 'u1' });
    expect(token.status).toBe(200);
    expect(Number(token.headers.get('content-length'))).toBe(Buffer.byteLength(token.text));
    expect(token.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers HEAD with the headers and no body', async () => {
    const { mock } = await start();
    const whole = await (await fetch(`${mock.url}/openapi.json`)).text();
    const response = await fetch(`${mock.url}/openapi.json`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(whole)));
    expect(await response.text()).toBe('');
    // The API's GET routes take no HEAD, as on the server.
    expect((await fetch(`${mock.url}/health/http`, { method: 'HEAD' })).status).toBe(405);
  });

  it("reads a body over Kestrel's 30 MB limit to its end, and answers an empty 413", async () => {
    const { call } = await start();
    const big = JSON.stringify({ userId: 'u1', username: 'u1', displayName: 'x'.repeat(30_000_001) });
    const answer = await call('POST', '/register/token', big);
    expect(answer.status).toBe(413);
    expect(answer.text).toBe('');
    expect(answer.headers.get('x-mock-reason')).toMatch(/the server's limit is 30000000 bytes/);
  });

  it("hands the emulator's options to it: environment, apps, management key, limits, clock", async () => {
    const shop = {
      appId: 'shop',
      publicKeys: ['shop:public:ffeeddccbbaa99887766554433221100'],
      secretKeys: ['shop:secret:00112233445566778899aabbccddeeff'],
    };
    const { call, violations } = await start({
      environment: 'Development',
      apps: [shop],
      managementKey: 'door-management-key',
      limits: { usersPerApp: 1 },
      clock: () => Date.parse('2030-01-01T00:00:00Z'),
    });
    expect((await call('GET', '/')).status).toBe(404);
    const secret = { ApiSecret: 'shop:secret:00112233445566778899aabbccddeeff' };
    expect((await call('POST', '/alias', { userId: 'u1', aliases: ['a'] }, secret)).status).toBe(204);
    expect((await call('POST', '/alias', { userId: 'u2', aliases: ['b'] }, secret)).status).toBe(507);
    const available = await call('GET', '/admin/apps/shop/available', undefined, {
      ManagementKey: 'door-management-key',
    });
    expect(available.body).toEqual({ available: false });
    const generated = await call('POST', '/signin/generate-token', { userId: 'u1' }, secret);
    const verified = await call('POST', '/signin/verify', { token: generated.body.token }, secret);
    expect(verified.body.timestamp).toMatch(/^2030-01-01T00:00:00(\.\d+)?Z$/);
    expect(violations).toEqual([]);
  });

  it('refuses an example no operation has at start, naming the ones there are', async () => {
    await expect(startMock({ port: 0, example: 'no_such_example' })).rejects.toThrow(
      /^No operation of the spec has an example named "no_such_example"; the examples are: .*unknown_credential/,
    );
  });
});

describe('the state control and the state file', () => {
  it('exports, resets and replaces the state under /__mock/state, and from startMock()', async () => {
    const { mock, call } = await start();
    await call('POST', '/alias', { userId: 'u1', aliases: ['fry@example.com'] });
    const exported = await call('GET', '/__mock/state');
    expect(exported.body.apps).toHaveLength(1);
    expect((await call('DELETE', '/__mock/state')).status).toBe(204);
    expect((await call('GET', '/alias/list?userId=u1')).body.values).toHaveLength(0);
    expect((await call('PUT', '/__mock/state', exported.body)).status).toBe(204);
    expect((await call('GET', '/alias/list?userId=u1')).body.values).toHaveLength(1);
    const snapshot = mock.exportState();
    await mock.reset();
    expect((await call('GET', '/alias/list?userId=u1')).body.values).toHaveLength(0);
    mock.importState(snapshot);
    expect((await call('GET', '/alias/list?userId=u1')).body.values).toHaveLength(1);
    expect(() => mock.importState({ version: 1 })).toThrow(/Not an emulator state/);
  });

  it('is written on close and on demand, and loaded at the next start', async () => {
    const stateFile = join(folder, 'state.json');
    const first = await start({ stateFile });
    await first.call('POST', '/alias', { userId: 'u1', aliases: ['fry@example.com'] });
    expect((await first.call('POST', '/__mock/state/save')).status).toBe(204);
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).apps).toHaveLength(1);
    await first.call('POST', '/alias', { userId: 'u2', aliases: ['leela@example.com'] });
    await first.mock.close();
    const second = await start({ stateFile });
    expect((await second.call('GET', '/alias/list?userId=u2')).body.values).toHaveLength(1);
    // A reset goes back to the state the file gave.
    await second.call('POST', '/alias', { userId: 'u3', aliases: ['amy@example.com'] });
    await second.call('DELETE', '/__mock/state');
    expect((await second.call('GET', '/alias/list?userId=u3')).body.values).toHaveLength(0);
    expect((await second.call('GET', '/alias/list?userId=u2')).body.values).toHaveLength(1);
  });

  it('that is not a state stops the start with a message naming the file', async () => {
    const stateFile = join(folder, 'broken.json');
    writeFileSync(stateFile, '{"version": 1, "apps": "none"}');
    await expect(startMock({ stateFile })).rejects.toThrow(
      `The state file ${stateFile}: Not an emulator state: apps must be array.`,
    );
    writeFileSync(stateFile, 'not json');
    await expect(startMock({ stateFile })).rejects.toThrow(/is not JSON .*; fix it or delete it to start fresh\./);
  });

  it('cannot be saved when the mock has none', async () => {
    const { call } = await start();
    const answer = await call('POST', '/__mock/state/save');
    expect(answer.status).toBe(404);
    expect(existsSync(join(folder, 'state.json.partial'))).toBe(false);
  });
});

describe('the clock over the socket', () => {
  it('moves with startMock().clock and /__mock/clock alike, behind the control plane rules', async () => {
    const { mock, call } = await start();
    const { token } = (await call('POST', '/signin/generate-token', { userId: 'fry', timeToLive: 60 })).body;
    mock.clock.advance(120);
    expect((await call('POST', '/signin/verify', { token })).body).toMatchObject({
      errorCode: 'expired_token',
      title: 'The token expired 1 minute ago.',
    });
    // The clock runs on with the real time from where it was moved.
    expect(Date.parse((await call('GET', '/__mock/clock')).body.now) - mock.clock.now()).toBeLessThanOrEqual(0);
    expect(mock.clock.now() - Date.now()).toBeGreaterThan(119_000);
    const back = await call('POST', '/__mock/clock', { advanceSeconds: -180 });
    expect(back.status).toBe(409);
    expect(back.headers.get('access-control-allow-origin')).toBeNull();
    expect((await call('DELETE', '/__mock/clock')).status).toBe(200);
    expect((await call('POST', '/signin/verify', { token })).status).toBe(200);
    // A page of another origin cannot move it.
    const fromPage = await call('POST', '/__mock/clock', { advanceSeconds: 60 }, { origin: 'https://evil.example' });
    expect(fromPage.status).toBe(403);
    expect(Math.abs(mock.clock.now() - Date.now())).toBeLessThan(60_000);
  });
});

describe('what npm start publishes beside the API', () => {
  it('serves the bundled spec as JSON and YAML, and the docs page', async () => {
    const sharedMockUrl = inject('mockUrl');
    const json = await fetch(`${sharedMockUrl}/openapi.json`);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await json.json()) as { openapi: string }).openapi).toBe('3.1.0');
    const yaml = await fetch(`${sharedMockUrl}/openapi.yaml`);
    expect(await yaml.text()).toMatch(/^openapi: 3\.1\.0$/m);
    const docs = await fetch(`${sharedMockUrl}/docs`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('npm start -- --example refuses an unknown name in one line and exits non-zero', async () => {
    const run = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/start.ts', '--port', '0', '--example', 'nope'],
      { cwd: root, env: { ...process.env, PORT: '' }, timeout: 20_000 },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code?: number; stderr?: string }) => ({ code: error.code, stderr: error.stderr ?? '' }),
    );
    expect(run.code).not.toBe(0);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^error: No operation of the spec has an example named "nope"/);
  });
});
