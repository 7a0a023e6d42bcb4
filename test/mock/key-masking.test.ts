// Nothing a user sends is echoed if it could be a key: a key in the wrong place (`Prefer: example=<secret>`,
// `Content-Type: text/<secret>`, a path, the part of a malformed key before its first `:`, the ManagementKey where an
// ApiSecret goes) reaches the log, the `x-mock-reason` header and the body of the emulator's own problems only
// masked. The masking is one function every reason and log line passes through.
import { afterEach, describe, expect, it } from 'vitest';
import { maskFromNowOn, maskKeys } from '../../src/emulator/wire/key-masking.js';
import { reasonHeaderValue } from '../../src/emulator/wire/problems.js';
import { type RunningMock, startMock } from '../../src/mock/index.js';

const secret = 'test:secret:a679563b331846c79c20b114a4f56d02';
const material = 'a679563b331846c79c20b114a4f56d02';
const managementKey = 'the-management-key-of-this-test';
const running: RunningMock[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((mock) => mock.close()));
});

async function start() {
  const log: string[] = [];
  const mock = await startMock({ managementKey, log: (line) => log.push(line) });
  running.push(mock);
  const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const response = await fetch(`${mock.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const reason = response.headers.get('x-mock-reason') ?? '';
    return { status: response.status, text, reason: decodeURIComponent(reason), rawReason: reason };
  };
  // The request's line is logged once its answer is out.
  const logged = async (path: string) => {
    await expect.poll(() => log.some((line) => line.includes(path))).toBe(true);
    return log.join('\n');
  };
  return { mock, call, logged, log };
}

/** None of the secret's material, in any form it could be echoed in. */
function expectNoKey(text: string) {
  expect(text).not.toContain(material);
  expect(text).not.toContain(material.slice(0, 16));
  expect(text).not.toContain(managementKey);
}

describe('a key in the wrong place', () => {
  it('Prefer: example=<secret> gets its 400 with the secret masked in the body, the reason and the log', async () => {
    const { call, logged } = await start();
    const answer = await call(
      'POST',
      '/register/token',
      { ApiSecret: secret, 'content-type': 'application/json', Prefer: `example=${secret}` },
      { userId: 'u1', username: 'fry' },
    );
    expect(answer.status).toBe(400);
    expect(answer.reason).toContain('has no example named "test:secret:****************************6d02"');
    expectNoKey(answer.text);
    expectNoKey(answer.rawReason);
    expectNoKey(await logged('/register/token'));
  });

  it('Content-Type: text/<secret> gets its 415 with the secret masked in the reason and the log', async () => {
    const { call, logged } = await start();
    const answer = await call('POST', '/register/token', { ApiSecret: secret, 'content-type': `text/${secret}` }, {});
    expect(answer.status).toBe(415);
    expect(answer.reason).toContain('text/test:secret:****');
    expectNoKey(answer.rawReason);
    expectNoKey(await logged('/register/token'));
  });

  it('the part of a malformed key before its first ":" is masked where the reason names the app', async () => {
    const { call, logged } = await start();
    const answer = await call('GET', '/users/count', { ApiSecret: `${material}:secret:0123` });
    expect(answer.status).toBe(401);
    expect(answer.reason).toMatch(/knows no app "\*{28}6d02"/);
    expectNoKey(answer.rawReason);
    const byManagementKey = await call('GET', '/users/count', { ApiSecret: `${managementKey}:secret:0123` });
    expect(byManagementKey.status).toBe(401);
    expectNoKey(byManagementKey.rawReason);
    expectNoKey(await logged('/users/count'));
  });

  it('a key in the path is masked in the reason and the log line', async () => {
    const { call, logged } = await start();
    const answer = await call('GET', `/${secret}`, {});
    expect(answer.status).toBe(404);
    expectNoKey(answer.rawReason);
    expectNoKey(await logged('/test:secret:'));
  });

  it('the ManagementKey sent where an example name goes is masked', async () => {
    const { call, logged } = await start();
    const answer = await call('GET', '/users/count', { ApiSecret: secret, Prefer: `example=${managementKey}` });
    expect(answer.status).toBe(400);
    expectNoKey(answer.text);
    expectNoKey(answer.rawReason);
    expectNoKey(await logged('/users/count'));
  });

  it('the user and password of a --proxy URL never reach a reason', async () => {
    const mock = await startMock({ proxy: 'http://admin:hunter2-password@127.0.0.1:9' });
    running.push(mock);
    const answer = await fetch(`${mock.url}/users/count`, { headers: { ApiSecret: secret } });
    expect(answer.status).toBe(502);
    expect(decodeURIComponent(answer.headers.get('x-mock-reason') ?? '')).not.toContain('hunter2');
    expect(await answer.text()).not.toContain('hunter2');
  });
});

describe('maskKeys', () => {
  it('masks app keys as the server shows them, bare key material, and secrets it was told of, and nothing else', () => {
    maskFromNowOn('a-control-token-0123456789');
    expect(maskKeys(`key ${secret}, another test:public:2e728aa5986f4ba8b073a5b28a939795.`)).toBe(
      'key test:secret:****************************6d02, another test:public:****************************9795.',
    );
    expect(maskKeys(`x=${material}`)).toBe('x=****************************6d02');
    expect(maskKeys('myapp:secret:short')).toBe('myapp:secret:****');
    expect(maskKeys('Bearer a-control-token-0123456789!')).toBe('Bearer ****!');
    const ordinary = 'No operation of the API matches GET /users/42; the user u-1 has 2 credentials.';
    expect(maskKeys(ordinary)).toBe(ordinary);
    expect(reasonHeaderValue(`example ${secret}`)).toBe('example test:secret:****************************6d02');
  });
});
