// A real passkey ceremony in a real browser against the emulator that `npm start` runs: Debian's Chromium (driven by
// playwright-core) opens a page on http://localhost that loads the official browser client,
// @passwordlessdev/passwordless-client, from node_modules and points it at the test run's mock. A CDP virtual
// authenticator plays the platform passkey. The backend half (the register token, listing and deleting credentials,
// verifying the sign-in tokens) goes through this package's typed client, with the seed app's development keys.
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createPasswordlessClient } from '../../src/index.js';
import { addPlatformAuthenticator, launchChromium } from '../helpers/chromium.js';

const mockUrl = inject('mockUrl');
// The seed app `test` and its documented development keys; users of their own keep this test apart from the others.
const apiSecret = 'test:secret:a679563b331846c79c20b114a4f56d02';
const apiKey = 'test:public:2e728aa5986f4ba8b073a5b28a939795';
const backend = createPasswordlessClient({ apiSecret, baseUrl: mockUrl, retry: { retries: 0 } });

const clientBuild = join(
  dirname(createRequire(import.meta.url).resolve('@passwordlessdev/passwordless-client')),
  '../iife/passwordless.iife.js',
);
const pageHtml =
  '<!doctype html><meta charset="utf-8"><title>Passkeys against the mock</title><script src="/passwordless.iife.js"></script>';

/** What the official client's methods resolve to. */
interface ClientResult {
  token?: string;
  error?: { from: string; errorCode: string | null; title: string; status?: number };
}

let pageServer: Server;
let pageOrigin: string;
let browser: Browser;
let page: Page;
let cdp: CDPSession;
let authenticatorId: string;

beforeAll(async () => {
  const script = readFileSync(clientBuild);
  pageServer = createServer((request, response) => {
    if (request.url === '/passwordless.iife.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pageHtml);
    }
  });
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  // WebAuthn needs a secure context, which http://localhost is; the RP id is then `localhost`.
  pageOrigin = `http://localhost:${(pageServer.address() as AddressInfo).port}`;

  browser = await launchChromium();
  page = await browser.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(pageOrigin);
  cdp = await page.context().newCDPSession(page);
}, 30_000);

// Each test gets an empty platform authenticator with resident keys and user verification.
beforeEach(async () => {
  authenticatorId = await addPlatformAuthenticator(cdp);
});

afterEach(async () => {
  await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => pageServer?.close(resolve));
});

/** Runs one method of a `new Passwordless.Client({ apiUrl, apiKey })` in the page. */
function inBrowser(
  apiUrl: string,
  method: 'register' | 'signinWithDiscoverable' | 'signinWithAlias',
  argument?: string,
) {
  return page.evaluate(
    async ({ apiUrl, apiKey, method, argument }) => {
      const { Client } = (window as unknown as { Passwordless: typeof import('@passwordlessdev/passwordless-client') })
        .Passwordless;
      const client = new Client({ apiUrl, apiKey });
      const result =
        method === 'register'
          ? await client.register(argument!, 'Chromium virtual authenticator')
          : method === 'signinWithAlias'
            ? await client.signinWithAlias(argument!)
            : await client.signinWithDiscoverable();
      return JSON.parse(JSON.stringify(result)) as ClientResult;
    },
    { apiUrl, apiKey, method, argument },
  );
}

async function verify(token: string) {
  const { data, error } = await backend.POST('/signin/verify', { body: { token } });
  expect(error).toBeUndefined();
  return data!;
}

describe('@passwordlessdev/passwordless-client in Chromium against the mock', () => {
  const userId = `user-${randomUUID()}`;
  const alias = `${userId}@example.com`;

  it('registers a passkey, signs in with it discoverably and by alias, and each token verifies', async () => {
    const { data: registration, error } = await backend.POST('/register/token', {
      body: { userId, username: alias, displayName: 'Browser Test', aliases: [alias] },
    });
    expect(error).toBeUndefined();

    const registered = await inBrowser(mockUrl, 'register', registration!.token);
    expect(registered.error).toBeUndefined();
    expect(registered.token).toMatch(/^verify_/);

    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    const [credential] = credentials;
    expect(credential).toMatchObject({ rpId: 'localhost', isResidentCredential: true });
    expect(Buffer.from(credential!.userHandle!, 'base64').toString('utf8')).toBe(userId);

    const expected = {
      userId,
      rpId: 'localhost',
      origin: pageOrigin,
      success: true,
      credentialId: credential!.credentialId,
    };
    expect(await verify(registered.token!)).toMatchObject({
      ...expected,
      nickname: 'Chromium virtual authenticator',
      type: 'passkey_register',
    });

    for (const [method, argument] of [['signinWithDiscoverable'], ['signinWithAlias', alias]] as const) {
      const signedIn = await inBrowser(mockUrl, method, argument);
      expect(signedIn.error, method).toBeUndefined();
      expect(signedIn.token, method).toMatch(/^verify_/);
      expect(await verify(signedIn.token!)).toMatchObject({ ...expected, purpose: 'sign-in', type: 'passkey_signin' });
    }
    // Each sign-in raised the passkey's counter, which the mock checks as the server does.
    const { credentials: after } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(after[0]!.signCount).toBeGreaterThanOrEqual(2);

    // The backend sees the passkey, and /signin/begin with the user's alias offers it.
    const credentialId = Buffer.from(credential!.credentialId, 'base64').toString('base64url');
    const listed = await backend.GET('/credentials/list', { params: { query: { userId } } });
    expect(listed.data?.values.map((stored) => stored.descriptor.id)).toEqual([credentialId]);
    const begin = await fetch(`${mockUrl}/signin/begin`, {
      method: 'POST',
      headers: { ApiKey: apiKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ alias, origin: pageOrigin, rpid: 'localhost' }),
    });
    expect(((await begin.json()) as { data: { allowCredentials: unknown[] } }).data.allowCredentials).toEqual([
      { type: 'public-key', id: credentialId },
    ]);

    // Deleted on the backend, the passkey the browser still holds is refused, as the server refuses it.
    const deleted = await backend.POST('/credentials/delete', { body: { credentialId } });
    expect(deleted.response.status).toBe(204);
    const afterDeletion = await inBrowser(mockUrl, 'signinWithAlias', alias);
    expect(afterDeletion.token).toBeUndefined();
    expect(afterDeletion.error).toMatchObject({ from: 'server', errorCode: 'unknown_credential', status: 400 });
  });

  it("surfaces the server's problem as the client's error when an example is forced through the API URL", async () => {
    const { data } = await backend.POST('/register/token', { body: { userId, username: alias } });
    const register = await inBrowser(`${mockUrl}/__example/expired_token`, 'register', data!.token);
    expect(register.token).toBeUndefined();
    expect(register.error).toMatchObject({
      from: 'server',
      errorCode: 'expired_token',
      status: 403,
      title: 'The token expired 10 seconds ago.',
    });

    // A passkey the authenticator holds but the mock never registered: left alone, /signin/complete would answer
    // unknown_credential; the example in the URL makes it answer signin_complete_error instead.
    await cdp.send('WebAuthn.addCredential', {
      authenticatorId,
      credential: {
        credentialId: randomBytes(32).toString('base64'),
        isResidentCredential: true,
        rpId: 'localhost',
        privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' })
          .privateKey.export({ format: 'der', type: 'pkcs8' })
          .toString('base64'),
        userHandle: Buffer.from(userId).toString('base64'),
        signCount: 0,
      },
    });
    const signin = await inBrowser(`${mockUrl}/__example/signin_complete_error`, 'signinWithDiscoverable');
    expect(signin.token).toBeUndefined();
    expect(signin.error).toMatchObject({
      from: 'server',
      errorCode: 'signin_complete_error',
      status: 400,
      title: 'Signature does not match',
    });
    const unforced = await inBrowser(mockUrl, 'signinWithDiscoverable');
    expect(unforced.error).toMatchObject({ from: 'server', errorCode: 'unknown_credential', status: 400 });
  });
});
