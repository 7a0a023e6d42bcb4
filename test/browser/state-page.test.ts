// The state page (`/__mock/ui`) in Debian's Chromium, against an emulator of its own (a reset here must not empty the
// suite's shared mock): a passkey registered by the official browser client with a CDP virtual authenticator, and a
// magic link sent through the API, show up without a reload; moving the clock from the page expires a token, which
// `/signin/verify` then refuses with the server's 403; resetting the app from the page empties it. Every step waits on
// what the page shows, found by its accessible name (labels, button texts, table captions).

import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../../src/mock/index.js';
import { addPlatformAuthenticator, launchChromium } from '../helpers/chromium.js';

const apiSecret = 'test:secret:a679563b331846c79c20b114a4f56d02';
const apiKey = 'test:public:2e728aa5986f4ba8b073a5b28a939795';
const clientBuild = join(
  dirname(createRequire(import.meta.url).resolve('@passwordlessdev/passwordless-client')),
  '../iife/passwordless.iife.js',
);

let mock: RunningMock;
let clientServer: Server;
let browser: Browser;

beforeAll(async () => {
  mock = await startMock();
  const script = readFileSync(clientBuild);
  clientServer = createServer((request, response) => {
    if (request.url === '/passwordless.iife.js')
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else
      response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end('<!doctype html><meta charset="utf-8"><title>App</title><script src="/passwordless.iife.js"></script>');
  });
  await new Promise<void>((resolve) => clientServer.listen(0, '127.0.0.1', resolve));
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => clientServer?.close(resolve));
  await mock?.close();
});

const api = async (path: string, body: unknown) =>
  fetch(`${mock.url}${path}`, {
    method: 'POST',
    headers: { ApiSecret: apiSecret, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** The official client's register() in a page of its own origin, with a virtual platform authenticator. */
async function registerInBrowser(token: string): Promise<string> {
  const page = await browser.newPage();
  try {
    // WebAuthn needs a secure context, which http://localhost is.
    await page.goto(`http://localhost:${(clientServer.address() as AddressInfo).port}/`);
    await addPlatformAuthenticator(await page.context().newCDPSession(page));
    const result = await page.evaluate(
      async ({ apiUrl, apiKey, token }) => {
        const { Client } = (
          window as unknown as { Passwordless: typeof import('@passwordlessdev/passwordless-client') }
        ).Passwordless;
        const registered = await new Client({ apiUrl, apiKey }).register(token, 'Virtual key');
        return JSON.parse(JSON.stringify(registered)) as { token?: string; error?: unknown };
      },
      { apiUrl: mock.url, apiKey, token },
    );
    expect(result.error).toBeUndefined();
    return result.token ?? '';
  } finally {
    await page.close();
  }
}

const tableRow = (page: Page, table: RegExp, text: string) =>
  page.getByRole('table', { name: table }).getByRole('row').filter({ hasText: text });

/** Waits until the page shows this, however long a busy machine takes (the page's default timeout bounds a hang). */
const shown = (locator: Locator, text?: string | RegExp) =>
  (text === undefined ? locator : locator.filter({ hasText: text })).first().waitFor();

describe('the state page in Chromium', () => {
  it('shows a passkey and a magic link as they come, moves the clock, and resets the app', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(20_000);
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    const { port } = new URL(mock.url);
    await page.goto(`http://localhost:${port}/__mock/ui`);
    await shown(page.getByRole('status'), /Up to date/);
    await shown(page.getByRole('heading', { name: 'App test' }));
    await shown(page.getByRole('table', { name: /Users of test \(0 in all\)/ }));
    // Set on the page once: still there at the end, so nothing reloaded it.
    await page.evaluate(() => Object.assign(window, { loadedOnce: true }));

    const userId = 'browser-user';
    const registration = await api('/register/token', {
      userId,
      username: 'fry@example.com',
      aliases: ['fry@example.com'],
      aliasHashing: false,
    });
    const { token: registerToken } = (await registration.json()) as { token: string };
    expect(await registerInBrowser(registerToken)).toMatch(/^verify_/);

    await shown(tableRow(page, /^Users of test/, userId), 'fry@example.com');
    const credentialId = mock.exportState().apps[0]!.credentials[0]!.credentialId;
    await shown(tableRow(page, /^Passkeys/, userId).filter({ hasText: 'Virtual key' }), credentialId);

    const sent = await api('/magic-links/send', {
      emailAddress: 'fry@example.com',
      urlTemplate: 'https://app.example/signin?token=$TOKEN',
      userId,
      timeToLive: 60,
    });
    expect(sent.status).toBe(204);
    const outboxRow = tableRow(page, /^Magic-link outbox/, 'fry@example.com');
    await shown(outboxRow, 'valid for');
    const href = (await outboxRow.getByRole('link').getAttribute('href')) ?? '';
    expect(href).toMatch(/^https:\/\/app\.example\/signin\?token=verify_/);
    const magicToken = new URL(href).searchParams.get('token') ?? '';

    // Two minutes on, from the page: the link's token has expired, and the server's 403 says so.
    await page.getByLabel('Move the clock by (seconds)').fill('120');
    await page.getByRole('button', { name: 'Move clock' }).click();
    await shown(outboxRow, 'expired');
    await shown(page.getByText('moved away from the real time'));
    const verify = await api('/signin/verify', { token: magicToken });
    expect(verify.status).toBe(403);
    expect(await verify.json()).toMatchObject({ errorCode: 'expired_token' });

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Reset test' }).click();
    await shown(page.getByRole('table', { name: /Users of test \(0 in all\)/ }));
    await shown(page.getByRole('table', { name: /^Passkeys/ }), 'No passkeys.');
    await shown(page.getByRole('table', { name: /^Magic-link outbox/ }), 'No magic links sent.');
    const count = await fetch(`${mock.url}/users/count`, { headers: { ApiSecret: apiSecret } });
    expect(await count.json()).toEqual({ count: 0 });

    expect(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
    expect(failures).toEqual([]);
    await page.close();
  }, 120_000);

  it('works with the control token beyond loopback: from the URL fragment, or asked for', async () => {
    const controlToken = 'the-control-token-of-this-test';
    const guarded = await startMock({ controlToken });
    const page = await browser.newPage();
    page.setDefaultTimeout(20_000);
    try {
      const pageUrl = `http://localhost:${new URL(guarded.url).port}/__mock/ui`;
      await page.goto(pageUrl);
      await shown(page.getByRole('status'), /needs its token/);
      await shown(page.getByLabel('Control token'));
      await page.getByLabel('Control token').fill(controlToken);
      await page.getByRole('button', { name: 'Use token' }).click();
      await shown(page.getByRole('status'), /Up to date/);
      await shown(page.getByRole('heading', { name: 'App test' }));

      const fresh = await browser.newPage();
      fresh.setDefaultTimeout(20_000);
      await fresh.goto(`${pageUrl}#token=${controlToken}`);
      await shown(fresh.getByRole('status'), /Up to date/);
      // The token leaves the address bar (and so the history) once read.
      expect(fresh.url()).toBe(pageUrl);
      expect(await fresh.getByLabel('Control token').isVisible()).toBe(false);
      await fresh.close();
    } finally {
      await page.close();
      await guarded.close();
    }
  }, 120_000);
});
