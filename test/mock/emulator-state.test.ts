// The emulator's state as a test suite drives it, the way Firebase's emulators are driven: exported, replaced and
// reset over HTTP (/__mock/state) and from startMock(), saved to a state file on close and on demand and loaded at the
// next start, apps added at start, and bounded: past a limit the emulator says so instead of growing.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../../src/mock/index.js';

const apiSecret = 'test:secret:a679563b331846c79c20b114a4f56d02';
const folder = mkdtempSync(join(tmpdir(), 'passwordless-state-'));
const running: RunningMock[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((mock) => mock.close()));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function start(options: Parameters<typeof startMock>[0] = {}) {
  const violations: string[] = [];
  const mock = await startMock({ ...options, onContractViolation: (violation) => violations.push(violation) });
  running.push(mock);
  const call = async (method: string, path: string, body?: unknown, secret = apiSecret) => {
    const response = await fetch(`${mock.url}${path}`, {
      method,
      headers: { ApiSecret: secret, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as Record<string, any>) : undefined,
      reason: response.headers.get('x-mock-reason'),
    };
  };
  return { mock, call, violations };
}

describe('the state over HTTP, under /__mock/state', () => {
  it('exports it, resets it (issued tokens then stop verifying) and replaces it with an export', async () => {
    const { call, violations } = await start();
    await call('POST', '/alias', { userId: 'u1', aliases: ['fry@example.com'], hashing: false });
    const { token } = (await call('POST', '/signin/generate-token', { userId: 'u1' })).body!;
    const exported = await call('GET', '/__mock/state');
    expect(exported.status).toBe(200);
    const app = exported.body!.apps.find((candidate: { appId: string }) => candidate.appId === 'test');
    expect(app.aliases).toEqual([{ userId: 'u1', hash: expect.any(String), plaintext: 'fry@example.com' }]);
    // The export holds no secret, only its hash.
    expect(JSON.stringify(exported.body)).not.toContain('a679563b331846c79c20b114a4f56d02');

    expect((await call('DELETE', '/__mock/state')).status).toBe(204);
    expect((await call('GET', '/alias/list?userId=u1')).body).toEqual({ values: [] });
    const stale = await call('POST', '/signin/verify', { token });
    expect(stale.body).toMatchObject({
      errorCode: 'invalid_token',
      title: expect.stringContaining('not issued for this tenant'),
    });

    expect((await call('PUT', '/__mock/state', exported.body)).status).toBe(204);
    expect((await call('GET', '/alias/list?userId=u1')).body!.values).toHaveLength(1);
    expect(violations).toEqual([]);
  });

  it('refuses a body that is not a state, saying what is wrong, and keeps the state it had', async () => {
    const { call } = await start();
    await call('POST', '/alias', { userId: 'u1', aliases: ['fry@example.com'] });
    const notJson = await call('PUT', '/__mock/state', '{');
    expect(notJson.status).toBe(400);
    expect(notJson.body!.detail).toMatch(/not JSON/);
    const wrong = await call('PUT', '/__mock/state', { version: 1, apps: [{ appId: 'x' }] });
    expect(wrong.status).toBe(400);
    expect(wrong.body!.detail).toMatch(/^Not an emulator state: apps\.0/);
    expect((await call('GET', '/alias/list?userId=u1')).body!.values).toHaveLength(1);
  });

  it('does the same from startMock()', async () => {
    const { mock, call } = await start();
    await call('POST', '/alias', { userId: 'u1', aliases: ['fry@example.com'] });
    const snapshot = mock.exportState();
    await mock.reset();
    expect((await call('GET', '/alias/list?userId=u1')).body!.values).toHaveLength(0);
    mock.importState(snapshot);
    expect((await call('GET', '/alias/list?userId=u1')).body!.values).toHaveLength(1);
    expect(() => mock.importState({ version: 1 })).toThrow(/Not an emulator state/);
  });
});

describe('a state file', () => {
  it('is written on close and on demand, and loaded at the next start', async () => {
    const stateFile = join(folder, 'state.json');
    const first = await start({ stateFile });
    await first.call('POST', '/alias', { userId: 'u1', aliases: ['fry@example.com'] });
    expect((await first.call('POST', '/__mock/state/save')).status).toBe(204);
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).apps).toHaveLength(1);
    await first.call('POST', '/alias', { userId: 'u2', aliases: ['leela@example.com'] });
    await first.mock.close();
    const second = await start({ stateFile });
    expect((await second.call('GET', '/alias/list?userId=u2')).body!.values).toHaveLength(1);
    // A reset goes back to the state the file gave.
    await second.call('POST', '/alias', { userId: 'u3', aliases: ['amy@example.com'] });
    await second.call('DELETE', '/__mock/state');
    expect((await second.call('GET', '/alias/list?userId=u3')).body!.values).toHaveLength(0);
    expect((await second.call('GET', '/alias/list?userId=u2')).body!.values).toHaveLength(1);
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

describe('apps and bounds', () => {
  it('holds apps given at start, with their own keys and state, and refuses keys of an app it does not hold', async () => {
    const secret = 'shop:secret:00112233445566778899aabbccddeeff';
    const { call } = await start({
      apps: [{ appId: 'shop', publicKeys: ['shop:public:ffeeddccbbaa99887766554433221100'], secretKeys: [secret] }],
    });
    await call('POST', '/alias', { userId: 'u1', aliases: ['a'] }, secret);
    expect((await call('GET', '/users/list', undefined, secret)).body!.values).toHaveLength(1);
    expect((await call('GET', '/users/list')).body!.values).toHaveLength(0);
    const unknown = await call('GET', '/users/list', undefined, 'other:secret:00112233445566778899aabbccddeeff');
    expect(unknown.status).toBe(401);
    expect(unknown.body!.detail).toBe("The value of your 'ApiSecret' is not valid.");
    expect(decodeURIComponent(unknown.reason!)).toMatch(/knows no app "other"/);
  });

  it('answers 507 with the limit when an app holds as many users as it may, and keeps answering the rest', async () => {
    const { call } = await start({ limits: { usersPerApp: 2 } });
    expect((await call('POST', '/alias', { userId: 'u1', aliases: ['a'] })).status).toBe(204);
    expect((await call('POST', '/alias', { userId: 'u2', aliases: ['b'] })).status).toBe(204);
    const full = await call('POST', '/alias', { userId: 'u3', aliases: ['c'] });
    expect(full.status).toBe(507);
    expect(full.body!.detail).toMatch(/holds 2 users, the emulator's limit; delete some .* or reset the state/);
    // A user it already holds still changes.
    expect((await call('POST', '/alias', { userId: 'u1', aliases: ['d'] })).status).toBe(204);
  });

  it('refuses limits that are not positive integers', async () => {
    await expect(startMock({ limits: { usersPerApp: 0 } })).rejects.toThrow(
      'limits.usersPerApp must be a positive integer, not 0.',
    );
  });
});
