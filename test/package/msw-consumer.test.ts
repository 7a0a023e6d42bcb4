// A downstream team's view of `passwordless-contract-mock/msw`: the packed packages (npm pack) installed with msw in a
// temporary folder, its handlers used from plain JavaScript with the typed client and with fetch, and its types
// checked from a TypeScript consumer.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { oldestSupportedNode } from '../../src/mock/supported-node.js';
import { nodeRelease } from '../helpers/node-release.js';
import { installInto, loadScript, mustRun, packedPackages, type Ran, root, run } from './packed-package.js';

/** The newest Node release the package's engines refuse (test/package/mock-package.test.ts checks the boundary). */
const newestRefusedNode = '22.10.0';

const mswVersion = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }
).devDependencies.msw!;

const consumerScript = `
import { setupServer } from 'msw/node';
import { createPasswordlessClient } from 'passwordless-contract';
import { passwordlessHandlers, useExample, useScenario, scenarioNames } from 'passwordless-contract-mock/msw';

// The seed app's documented development key: the emulator starts with that app.
const apiSecret = 'test:secret:a679563b331846c79c20b114a4f56d02';
const server = setupServer(...passwordlessHandlers());
server.listen({ onUnhandledFrame: 'error' });
const client = createPasswordlessClient({ apiSecret, retry: { retries: 0 } });
const results = { scenarioNames };

const created = await client.POST('/register/token', { body: { userId: 'u1', username: 'fry@example.com' } });
results.clientDefault = { status: created.response.status, token: created.data?.token };

const counted = await fetch('https://v4.passwordless.dev/users/count', { headers: { ApiSecret: apiSecret } });
results.fetchDefault = { status: counted.status, body: await counted.json() };

const anonymous = await fetch('https://v4.passwordless.dev/users/count');
results.fetchMissingKey = { status: anonymous.status, wwwAuthenticate: anonymous.headers.get('www-authenticate'), body: await anonymous.json() };

const invalid = await client.POST('/register/token', { body: { userId: 'u1', username: '' } });
results.clientInvalid = { status: invalid.response.status, error: invalid.error };

server.use(...useScenario('alias-conflict'));
const aliasSet = await client.POST('/alias', { body: { userId: 'a', aliases: ['hermes@example.com'] } });
const conflict = await client.POST('/register/token', { body: { userId: 'b', username: 'b', aliases: ['hermes@example.com'] } });
results.clientScenario = [aliasSet.response.status, conflict.response.status, conflict.error?.errorCode];
server.resetHandlers();

server.use(...useExample('expired_token'));
const expired = await fetch('https://v4.passwordless.dev/signin/verify', {
  method: 'POST',
  headers: { ApiSecret: apiSecret, 'Content-Type': 'application/json' },
  body: JSON.stringify({ token: 'verify_abc' }),
});
results.fetchExample = { status: expired.status, body: await expired.json() };

server.close();
console.log(JSON.stringify(results));
`;

const typedConsumer = `
import { setupServer } from 'msw/node';
import { passwordlessHandlers, useScenario, type PasswordlessHandlersOptions, type ScenarioName } from 'passwordless-contract-mock/msw';

const options: PasswordlessHandlersOptions = { baseUrl: 'https://passwordless.example.com/api', scenario: 'alias-conflict' };
const name: ScenarioName = 'passkey-sign-in';
setupServer(...passwordlessHandlers(options), ...useScenario(name));
// @ts-expect-error: only recorded scenarios are accepted
useScenario('no-such-scenario');
`;

// A frontend's service worker setup, bundled for the browser: it must need no Node built-ins.
const browserConsumer = `
import { setupWorker } from 'msw/browser';
import { passwordlessHandlers } from 'passwordless-contract-mock/msw';
export const worker = setupWorker(...passwordlessHandlers());
`;

let folder: string;
let results: Record<string, unknown>;
let typecheck: Ran;
let browserBundle: Ran;

beforeAll(async () => {
  const { client, mock } = await packedPackages();
  folder = join(inject('packagesFolder'), 'msw-consumer');
  const consumer = folder;
  await installInto(consumer, [client.tarball, mock.tarball, `msw@${mswVersion}`]);

  writeFileSync(join(consumer, 'consumer.mjs'), consumerScript);

  writeFileSync(join(consumer, 'consumer.ts'), typedConsumer);
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        ...{ module: 'nodenext', moduleResolution: 'nodenext', target: 'es2023', lib: ['es2023', 'dom'] },
        ...{ strict: true, noEmit: true, skipLibCheck: true, types: [] },
      },
      files: ['consumer.ts'],
    }),
  );
  writeFileSync(join(consumer, 'browser-consumer.js'), browserConsumer);
  // The consumer, the type check and the bundle, side by side: each runs in a process of its own.
  let printed: Ran;
  [printed, typecheck, browserBundle] = await Promise.all([
    mustRun(process.execPath, ['consumer.mjs'], consumer),
    run(join(root, 'node_modules/.bin/tsc'), ['-p', consumer], consumer),
    run(
      join(root, 'node_modules/.bin/esbuild'),
      [
        'browser-consumer.js',
        '--bundle',
        '--platform=browser',
        '--format=esm',
        '--log-level=error',
        '--outfile=browser-bundle.js',
      ],
      consumer,
    ),
  ]);
  results = JSON.parse(printed.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}, 300_000);

afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe(`on a Node its engines refuse (${newestRefusedNode})`, () => {
  it.each(['import', 'require'] as const)(
    '%s of passwordless-contract-mock/msw throws one sentence naming the Node it needs',
    async (how) => {
      const ran = await run(
        await nodeRelease(newestRefusedNode),
        ['--input-type=module', '-e', loadScript(how, 'passwordless-contract-mock/msw')],
        folder,
      );
      expect(ran.code, ran.output).toBe(0);
      expect(JSON.parse(ran.stdout)).toBe(
        `passwordless-contract-mock needs Node ${oldestSupportedNode} or later; this is Node ${newestRefusedNode}.`,
      );
    },
  );
});

describe('passwordless-contract-mock/msw, installed from the packed packages', () => {
  it("answers the typed client with the spec's success example", () => {
    expect(results.clientDefault).toEqual({ status: 200, token: expect.stringMatching(/^register_/) });
  });

  it('answers plain fetch', () => {
    expect(results.fetchDefault).toMatchObject({ status: 200, body: { count: expect.any(Number) } });
  });

  it('answers a request without its key like the mock: 401 with WWW-Authenticate', () => {
    expect(results.fetchMissingKey).toMatchObject({
      status: 401,
      wwwAuthenticate: 'ApiSecret',
      body: { detail: "A valid 'ApiSecret' header is required." },
    });
  });

  it('answers an invalid body with a validation problem naming the member', () => {
    expect(results.clientInvalid).toMatchObject({ status: 400, error: { errors: { username: [expect.any(String)] } } });
  });

  it('replays a recorded scenario per test', () => {
    expect(results.clientScenario).toEqual([204, 409, 'alias_conflict']);
    expect(results.scenarioNames).toContain('alias-conflict');
  });

  it('answers with a named error example per test', () => {
    expect(results.fetchExample).toMatchObject({ status: 403, body: { errorCode: 'expired_token' } });
  });

  it('bundles for the browser with msw/browser, needing no Node built-ins', () => {
    expect(browserBundle.output).toBe('');
    expect(browserBundle.code).toBe(0);
  });

  it('publishes types: options and scenario names check, an unknown scenario does not', () => {
    expect(typecheck.output).toBe('');
    expect(typecheck.code).toBe(0);
  });
});
