// The msw handlers in a browser, for frontend teams that mock the API with a service worker (msw's setupWorker) rather
// than run the mock server: a page bundled for the browser (no Node built-ins) starts the worker with the emulator's
// handlers, and the typed client and the official browser client, pointed at the cloud URL, get the emulator's
// answers: a token, a validation problem naming the member, a recorded scenario, and a whole passkey ceremony with a
// CDP virtual authenticator, state included. Debian's Chromium, driven by playwright-core.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addPlatformAuthenticator, launchChromium } from '../helpers/chromium.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const workerScript = createRequire(import.meta.url).resolve('msw/mockServiceWorker.js');

// What the page runs once the worker is up; each call reports what the typed client handed back.
const pageApp = `
import { setupWorker } from 'msw/browser';
import { Client } from '@passwordlessdev/passwordless-client';
import { passwordlessEmulator, useScenario } from './src/msw/index.ts';
import { createPasswordlessClient } from './src/index.ts';

const emulator = passwordlessEmulator();
const worker = setupWorker(...emulator.handlers);
// The seed app's development keys: the emulator starts with that app.
const client = createPasswordlessClient({ apiSecret: 'test:secret:a679563b331846c79c20b114a4f56d02', retry: { retries: 0 } });
const browserClient = new Client({ apiUrl: 'https://v4.passwordless.dev', apiKey: 'test:public:2e728aa5986f4ba8b073a5b28a939795' });
const summary = ({ data, error, response }) => ({ status: response.status, data, error });
const plain = (result) => JSON.parse(JSON.stringify(result));

window.started = worker.start({ quiet: true, onUnhandledFrame: 'error' });
window.calls = {
  registerToken: async () => summary(await client.POST('/register/token', { body: { userId: 'u1', username: 'fry@example.com' } })),
  invalidBody: async () => summary(await client.POST('/register/token', { body: { userId: 'u1', username: '' } })),
  aliasConflict: async () => {
    worker.use(...useScenario('alias-conflict'));
    try {
      // The scenario answers each operation in its recorded order: the alias is set, then a token with it is refused.
      const alias = { userId: 'u2', aliases: ['fry@example.com'], hashing: false };
      const token = { userId: 'u3', username: 'bender@example.com', aliases: ['fry@example.com'] };
      return [summary(await client.POST('/alias', { body: alias })), summary(await client.POST('/register/token', { body: token }))];
    } finally {
      worker.resetHandlers();
    }
  },
  ceremony: async () => {
    const userId = 'u-ceremony';
    const alias = 'leela@example.com';
    const { token } = (await client.POST('/register/token', { body: { userId, username: alias, aliases: [alias] } })).data;
    const registered = plain(await browserClient.register(token, 'Virtual authenticator'));
    const credentials = (await client.GET('/credentials/list', { params: { query: { userId } } })).data.values;
    const begin = await fetch('https://v4.passwordless.dev/signin/begin', {
      method: 'POST',
      headers: { ApiKey: 'test:public:2e728aa5986f4ba8b073a5b28a939795', 'Content-Type': 'application/json' },
      body: JSON.stringify({ alias, origin: location.origin, rpid: location.hostname }),
    }).then((response) => response.json());
    const signedIn = plain(await browserClient.signinWithAlias(alias));
    const verified = signedIn.token ? (await client.POST('/signin/verify', { body: { token: signedIn.token } })).data : undefined;
    const deleted = summary(await client.POST('/credentials/delete', { body: { credentialId: credentials[0].descriptor.id } }));
    const afterDeletion = plain(await browserClient.signinWithDiscoverable());
    return { registered, credentials, allowCredentials: begin.data.allowCredentials, signedIn, verified, deleted, afterDeletion };
  },
};
`;

let pageServer: Server;
let browser: Browser;
let page: Page;

type CallName = 'registerToken' | 'invalidBody' | 'aliasConflict' | 'ceremony';
type CallSummary = { status: number; data?: Record<string, unknown>; error?: Record<string, unknown> };

const call = (name: CallName) =>
  page.evaluate(async (callName) => {
    const calls = (window as unknown as { calls: Record<string, () => Promise<unknown>> }).calls;
    return calls[callName]!();
  }, name) as Promise<CallSummary>;

beforeAll(async () => {
  const bundle = await build({
    stdin: { contents: pageApp, resolveDir: root, loader: 'js', sourcefile: 'page-app.js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'error',
  });
  const files: Record<string, { type: string; body: string | Uint8Array }> = {
    '/': {
      type: 'text/html; charset=utf-8',
      body: '<!doctype html><meta charset="utf-8"><title>msw</title><script type="module" src="/app.js"></script>',
    },
    '/app.js': { type: 'text/javascript', body: bundle.outputFiles[0]!.contents },
    '/mockServiceWorker.js': { type: 'text/javascript', body: readFileSync(workerScript) },
  };
  pageServer = createServer((request, response) => {
    const file = files[request.url ?? '/'];
    if (file) response.writeHead(200, { 'content-type': file.type }).end(file.body);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  browser = await launchChromium();
  page = await browser.newPage();
  page.setDefaultTimeout(15_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Service workers need a secure context, which http://localhost is.
  await page.goto(`http://localhost:${(pageServer.address() as AddressInfo).port}/`);
  await page.waitForFunction(() => 'started' in window);
  await page.evaluate(() => (window as unknown as { started: Promise<unknown> }).started);
  expect(pageErrors).toEqual([]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  pageServer?.close();
});

it('answers the typed client with a register token, without any network', async () => {
  const { status, data } = await call('registerToken');
  expect(status).toBe(200);
  expect(data?.token).toMatch(/^register_/);
});

it('answers a body that breaks the spec with the 400 problem naming the member', async () => {
  const { status, error } = await call('invalidBody');
  expect(status).toBe(400);
  expect(error).toMatchObject({
    status: 400,
    title: 'One or more validation errors occurred.',
    errors: { username: [expect.any(String)] },
  });
});

it('replays a recorded scenario on demand', async () => {
  const [set, refused] = (await call('aliasConflict')) as unknown as CallSummary[];
  expect(set!.status).toBe(204);
  expect(refused!.status).toBe(409);
  expect(refused!.error).toMatchObject({ status: 409, errorCode: 'alias_conflict' });
});

it('runs a passkey ceremony with the official client in the page: register, list, sign in by alias, delete, refuse', async () => {
  await addPlatformAuthenticator(await page.context().newCDPSession(page));
  const journey = (await call('ceremony')) as unknown as {
    registered: { token?: string; error?: unknown };
    credentials: { descriptor: { id: string }; userId: string }[];
    allowCredentials: { id: string }[];
    signedIn: { token?: string; error?: unknown };
    verified?: Record<string, unknown>;
    deleted: CallSummary;
    afterDeletion: { token?: string; error?: Record<string, unknown> };
  };
  expect(journey.registered.error).toBeUndefined();
  expect(journey.registered.token).toMatch(/^verify_/);
  expect(journey.credentials).toHaveLength(1);
  expect(journey.credentials[0]!.userId).toBe('u-ceremony');
  expect(journey.allowCredentials.map((descriptor) => descriptor.id)).toEqual([journey.credentials[0]!.descriptor.id]);
  expect(journey.signedIn.error).toBeUndefined();
  expect(journey.verified).toMatchObject({ userId: 'u-ceremony', type: 'passkey_signin', rpId: 'localhost' });
  expect(journey.deleted.status).toBe(204);
  expect(journey.afterDeletion.token).toBeUndefined();
  expect(journey.afterDeletion.error).toMatchObject({ from: 'server', errorCode: 'unknown_credential', status: 400 });
});
