// Forcing an example for the whole process (`npm start -- --example <name>`, `startMock({ example })`), for clients
// that cannot send `Prefer`: operations that have the example answer with it, the others as usual, `Prefer` still wins,
// and an unknown name is refused at startup with the list of names.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../../src/mock/index.js';
import { validateResponse } from '../helpers/spec-validator.js';
import { keys, operationCases } from './spec-examples.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const signinComplete = operationCases().find((c) => c.path === '/signin/complete')!;
let mock: RunningMock;

beforeAll(async () => {
  mock = await startMock({ port: 0, example: 'unknown_credential' });
});
afterAll(() => mock.close());

async function post(path: string, body: unknown, headers: Record<string, string>) {
  const response = await fetch(`${mock.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const answer = {
    status: response.status,
    contentType: response.headers.get('content-type') ?? undefined,
    body: await response.json(),
  };
  expect(validateResponse('post', path, answer.status, answer.body, answer.contentType).errors).toEqual([]);
  return answer;
}

describe('startMock({ example })', () => {
  it('answers the operations that have the example with it, and the others as usual', async () => {
    const forced = await post('/signin/complete', signinComplete.body, { ApiKey: keys.apiKey });
    expect(forced.status).toBe(400);
    expect(forced.body).toMatchObject({
      errorCode: 'unknown_credential',
      title: "We don't recognize the passkey you sent us.",
    });
    const usual = await post('/register/token', { userId: 'u1', username: 'u1' }, { ApiSecret: keys.apiSecret });
    expect(usual.status).toBe(200);
  });

  it('lets Prefer and an example in the URL choose otherwise', async () => {
    const preferred = await post('/signin/complete', signinComplete.body, {
      ApiKey: keys.apiKey,
      Prefer: 'example=signin_complete_error',
    });
    expect(preferred.body.errorCode).toBe('signin_complete_error');
    const response = await fetch(`${mock.url}/__example/invalid_token/signin/complete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ApiKey: keys.apiKey },
      body: JSON.stringify(signinComplete.body),
    });
    expect((await response.json()).errorCode).toBe('invalid_token');
  });

  it('refuses an example no operation has, naming the ones there are', async () => {
    await expect(startMock({ port: 0, example: 'no_such_example' })).rejects.toThrow(
      /^No operation of the spec has an example named "no_such_example"; the examples are: .*unknown_credential/,
    );
  });

  it('npm start -- --example refuses an unknown name in one line and exits non-zero', async () => {
    const run = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/start.ts', '--port', '0', '--example', 'nope'],
      {
        cwd: root,
        env: { ...process.env, PORT: '' },
        timeout: 20_000,
      },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code?: number; stderr?: string }) => ({ code: error.code, stderr: error.stderr ?? '' }),
    );
    expect(run.code).not.toBe(0);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^error: No operation of the spec has an example named "nope"/);
  });
});
