// The state page at `/__mock/ui` in the HTTP door: one HTML file with nothing from the internet, a policy that allows
// exactly its own script and style and no frame around it, behind the control plane's rules (Host allow-list, no
// other origin or site, no CORS). Beyond loopback the page loads without the token (it holds no state) while its
// views and resets need it; a page of another origin can reset nothing.
import { createHash } from 'node:crypto';
import { setupServer } from 'msw/node';
import { describe, expect, it } from 'vitest';
import { passwordlessEmulator } from '../../src/msw/index.js';
import { mocksClosedAfterEachTest, rawRequest } from '../helpers/mock-requests.js';

const apiSecret = 'test:secret:a679563b331846c79c20b114a4f56d02';
const apiKey = 'test:public:2e728aa5986f4ba8b073a5b28a939795';
const start = mocksClosedAfterEachTest();
const call = rawRequest;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('the state page at /__mock/ui', () => {
  it('is one HTML file whose policy allows its own script and style only, in no frame', async () => {
    const mock = await start();
    const page = await call(mock, 'GET', '/__mock/ui');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    expect(page.headers['x-frame-options']).toBe('DENY');
    const policy = String(page.headers['content-security-policy']);
    const script = /<script>([\s\S]*)<\/script>/.exec(page.text)?.[1] ?? '';
    const style = /<style>([\s\S]*)<\/style>/.exec(page.text)?.[1] ?? '';
    expect(policy).toContain(`script-src ${sha256(script)};`);
    expect(policy).toContain(`style-src ${sha256(style)};`);
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    // Nothing from elsewhere: no script, style sheet or image of another address, no markup built from data.
    expect(page.text).not.toMatch(/\b(?:src|href)=["']?(?:https?:)?\/\//i);
    expect(page.text).not.toMatch(/<script\s+src|<link\s+rel=["']?stylesheet/i);
    expect(script).not.toContain('innerHTML');
    // Every control has a name: each input a label, each button its text, each table a caption.
    for (const [, id] of page.text.matchAll(/<input id="([^"]+)"/g)) expect(page.text).toContain(`<label for="${id}">`);
    for (const [, text] of page.text.matchAll(/<button[^>]*>([^<]*)<\/button>/g)) expect(text?.trim()).not.toBe('');
    expect(page.text.match(/<table/g)?.length).toBe(page.text.match(/<caption/g)?.length);
    const ids = [...page.text.matchAll(/\bid="([^"]+)"/g)].map(([, id]) => id);
    expect(new Set(ids).size).toBe(ids.length);

    expect((await call(mock, 'GET', '/__mock/ui/')).status).toBe(200);
    const head = await call(mock, 'HEAD', '/__mock/ui');
    expect([head.status, head.text]).toEqual([200, '']);
    const post = await call(mock, 'POST', '/__mock/ui');
    expect([post.status, post.headers.allow]).toEqual([405, 'GET, HEAD']);
  });

  it('holds no key or secret, and never asks for the secrets of the state', async () => {
    const mock = await start();
    const page = (await call(mock, 'GET', '/__mock/ui')).text;
    const { tokenKey, keys } = mock.exportState({ includeSecrets: true }).apps[0]!;
    for (const secret of [apiSecret, apiKey, tokenKey.secret, ...keys.map((key) => key.secretHash ?? '')].filter(
      Boolean,
    ))
      expect(page).not.toContain(secret);
    expect(page).not.toContain('secrets=include');
    expect(page).not.toContain('/__mock/state?');
  });

  it("is behind the control plane's rules: this machine's names only, no page of another origin or site", async () => {
    const mock = await start();
    const port = new URL(mock.url).port;
    for (const path of ['/__mock/ui', '/__mock/view', '/__mock/view/apps/test']) {
      expect((await call(mock, 'GET', path, { host: `evil.example:${port}` })).status, path).toBe(403);
      expect((await call(mock, 'GET', path, { host: `localhost:${port}` })).status, path).toBe(200);
      const foreign = await call(mock, 'GET', path, { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' });
      expect(foreign.status, path).toBe(403);
      expect((await call(mock, 'GET', path, { 'sec-fetch-site': 'cross-site' })).status, path).toBe(403);
      expect((await call(mock, 'GET', path, { 'sec-fetch-site': 'same-origin' })).status, path).toBe(200);
    }
    // A page of another origin cannot empty an app or move the clock; the page's own origin can.
    await fetch(`${mock.url}/alias`, {
      method: 'POST',
      headers: { ApiSecret: apiSecret, 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'u1', aliases: ['a@example.com'] }),
    });
    const users = () => mock.emulator.state.app('test')!.users.counts.users;
    const foreign = await call(mock, 'DELETE', '/__mock/state/apps/test', { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(users()).toBe(1);
    const own = await call(mock, 'DELETE', '/__mock/state/apps/test', {
      host: `localhost:${port}`,
      origin: `http://localhost:${port}`,
      'sec-fetch-site': 'same-origin',
    });
    expect(own.status).toBe(204);
    expect(users()).toBe(0);
  });

  it('beyond loopback loads without the token, while its views and resets need it', async () => {
    const controlToken = 'a-control-token-long-enough';
    const mock = await start({ controlToken });
    expect((await call(mock, 'GET', '/__mock/ui')).status).toBe(200);
    for (const [method, path] of [
      ['GET', '/__mock/view'],
      ['GET', '/__mock/view/revision'],
      ['GET', '/__mock/view/apps/test'],
      ['DELETE', '/__mock/state/apps/test'],
    ] as const) {
      expect((await call(mock, method, path)).status, path).toBe(401);
      expect((await call(mock, method, path, { authorization: `Bearer ${controlToken}` })).status, path).toBeLessThan(
        300,
      );
    }
    // The token comes with the page's fragment, which no request carries, or is asked for; it is never in the page.
    const page = (await call(mock, 'GET', '/__mock/ui')).text;
    expect(page).not.toContain(controlToken);
    expect(page).toContain('<label for="token">Control token</label>');
  });
});

describe('behind msw', () => {
  it('the views answer as in the HTTP door, and there is no page', async () => {
    const emulator = passwordlessEmulator();
    const server = setupServer(...emulator.handlers);
    server.listen();
    try {
      const base = 'https://v4.passwordless.dev';
      await fetch(`${base}/alias`, {
        method: 'POST',
        headers: { ApiSecret: apiSecret, 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'u1', aliases: ['a@example.com'] }),
      });
      const view = (await (await fetch(`${base}/__mock/view/apps/test`)).json()) as { users: { total: number } };
      expect(view.users.total).toBe(1);
      expect((await fetch(`${base}/__mock/state/apps/test`, { method: 'DELETE' })).status).toBe(204);
      expect(
        ((await (await fetch(`${base}/__mock/view`)).json()) as { apps: { shown: { users: number }[] } }).apps,
      ).toMatchObject({ shown: [{ users: 0 }] });
      expect((await fetch(`${base}/__mock/ui`)).status).toBe(404);
    } finally {
      server.close();
    }
  });
});
