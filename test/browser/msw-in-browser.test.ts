// The msw handlers in a browser, for frontend teams that mock the API with a service worker (msw's setupWorker) rather
// than run the mock server: a page bundled for the browser (no Node built-ins) starts the worker with
// passwordlessHandlers(), and this package's typed client, pointed at the cloud URL, gets the mock's answers: a token,
// a validation problem naming the member, and a recorded scenario. Debian's Chromium, driven by playwright-core.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';

const chromiumPath = '/usr/bin/chromium';
const root = fileURLToPath(new URL('../..', import.meta.url));
const workerScript = createRequire(import.meta.url).resolve('msw/mockServiceWorker.js');

// What the page runs once the worker is up; each call reports what the typed client handed back.
const pageApp = `
import { setupWorker } from 'msw/browser';
import { passwordlessHandlers, useScenario } from './src/msw/index.ts';
import { createPasswordlessClient } from './src/index.ts';

const worker = setupWorker(...passwordlessHandlers());
const client = createPasswordlessClient({
  apiSecret: 'myapp:secret:0123456789abcdef0123456789abcdef',
  retry: { retries: 0 },
});
const summary = ({ data, error, response }) => ({ status: response.status, data, error });

window.started = worker.start({ quiet: true, onUnhandledFrame: 'error' });
window.calls = {
  registerToken: async () => summary(await client.POST('/register/token', { body: { userId: 'u1', username: 'fry@example.com' } })),
  invalidBody: async () => summary(await client.POST('/register/token', { body: { userId: 'u1', username: '' } })),
  aliasConflict: async () => {
    worker.use(...useScenario('alias-conflict'));
    try {
      // The scenario answers each operation in its recorded order: the alias is set, then refused.
      const body = { userId: 'u2', aliases: ['fry@example.com'], hashing: false };
      return [summary(await client.POST('/alias', { body })), summary(await client.POST('/alias', { body }))];
    } finally {
      worker.resetHandlers();
    }
  },
};
`;

let pageServer: Server;
let browser: Browser;
let page: Page;

type CallName = 'registerToken' | 'invalidBody' | 'aliasConflict';
type CallSummary = { status: number; data?: Record<string, unknown>; error?: Record<string, unknown> };

const call = (name: CallName) =>
  page.evaluate(async (callName) => {
    const calls = (window as unknown as { calls: Record<string, () => Promise<unknown>> }).calls;
    return calls[callName]!();
  }, name) as Promise<CallSummary>;

beforeAll(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: install Debian's chromium (apt-get install chromium).`);
  const bundle = await build({
    stdin: { contents: pageApp, resolveDir: root, loader: 'js', sourcefile: 'page-app.js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'error',
  });
  const files: Record<string, { type: string; body: string | Uint8Array }> = {
    '/': { type: 'text/html; charset=utf-8', body: '<!doctype html><meta charset="utf-8"><title>msw</title><script type="module" src="/app.js"></script>' },
    '/app.js': { type: 'text/javascript', body: bundle.outputFiles[0]!.contents },
    '/mockServiceWorker.js': { type: 'text/javascript', body: readFileSync(workerScript) },
  };
  pageServer = createServer((request, response) => {
    const file = files[request.url ?? '/'];
    if (file) response.writeHead(200, { 'content-type': file.type }).end(file.body);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
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
  expect(error).toMatchObject({ status: 400, title: 'One or more validation errors occurred.', errors: { username: [expect.any(String)] } });
});

it('replays a recorded scenario on demand', async () => {
  const [set, refused] = (await call('aliasConflict')) as unknown as CallSummary[];
  expect(set!.status).toBe(204);
  expect(refused!.status).toBe(409);
  expect(refused!.error).toMatchObject({ status: 409, errorCode: 'alias_conflict' });
});
