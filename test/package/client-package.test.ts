// passwordless-contract as a backend installs it: packed (npm pack), checked by publint and @arethetypeswrong/cli,
// installed into an empty folder, where it must bring openapi-fetch and nothing else, and used from ESM, CJS,
// TypeScript and a browser bundle, on the toolchain's Node and on the oldest Node its `engines` names: the app client
// (`passwordless-contract`) and the management client (`passwordless-contract/management`).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { minVersion } from 'semver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { nodeRelease } from '../helpers/node-release.js';
import {
  bin,
  type InstalledPackage,
  installedPackages,
  installInto,
  type PackedPackage,
  packedPackages,
  type Ran,
  root,
  run,
} from './packed-package.js';

// A local stand-in for the API: answers POST /register/token and POST /admin/apps/myapp/create, echoing the key
// headers it saw, so the consumers can show what the clients sent.
const server = `
const { createServer } = require('node:http');
exports.startApi = () => new Promise((resolve) => {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/register/token' && req.method === 'POST') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ token: 'register_x', apiSecret: req.headers.apisecret, clientVersion: req.headers['client-version'] }));
      } else if (req.url === '/admin/apps/myapp/create' && req.method === 'POST') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ apiSecret1: 'myapp:secret:a679563b331846c79c20b114a4f56d02', managementKey: req.headers.managementkey, apiSecret: req.headers.apisecret }));
      } else {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html>bad gateway</html>');
      }
    });
  });
  server.listen(0, '127.0.0.1', () => resolve({ url: 'http://127.0.0.1:' + server.address().port, close: () => server.close() }));
});
`;

const esmConsumer = `
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { createPasswordlessClient, PasswordlessApiError, nodeFetch } from 'passwordless-contract';
import { createPasswordlessManagementClient, PasswordlessApiError as ManagementApiError } from 'passwordless-contract/management';
import spec from 'passwordless-contract/openapi.json' with { type: 'json' };
const { startApi } = createRequire(import.meta.url)('./api-server.cjs');

const api = await startApi();
// On Node the package's default transport is node:http: the global fetch is never called.
globalThis.fetch = () => Promise.reject(new Error('the global fetch was used'));
const client = createPasswordlessClient({ apiSecret: 'myapp:secret:5f4dcc3b5aa765d61d8327deb882cf99', baseUrl: api.url, retry: { retries: 0 } });
const created = await client.POST('/register/token', { body: { userId: 'u1', username: 'fry' } });
const failed = await client.unwrap(client.GET('/users/count')).catch((error) => error);
const management = createPasswordlessManagementClient({ managementKey: 'a-management-key', baseUrl: api.url, retry: { retries: 0 } });
const app = await management.POST('/admin/apps/{appId}/create', { params: { path: { appId: 'myapp' } }, body: { adminEmail: 'admin@example.com' } });
const managementFailed = await management.unwrap(management.GET('/apps/list-pending-deletion')).catch((error) => error);
api.close();
const yaml = readFileSync(fileURLToPath(import.meta.resolve('passwordless-contract/openapi.yaml')), 'utf8');
console.log(JSON.stringify({
  data: created.data,
  failed: { isApiError: failed instanceof PasswordlessApiError, status: failed.status, errorCode: failed.errorCode, rawBody: failed.problem.rawBody },
  management: {
    data: app.data,
    shownKey: management.options.managementKey,
    failed: { isApiError: managementFailed instanceof PasswordlessApiError, sameClass: ManagementApiError === PasswordlessApiError, operationId: managementFailed.operationId },
  },
  nodeTransport: typeof nodeFetch,
  specVersion: spec.openapi,
  yamlStartsWithNotice: yaml.startsWith('# GENERATED'),
}));
`;

const cjsConsumer = `
const { createPasswordlessClient, PasswordlessOptionError } = require('passwordless-contract');
const management = require('passwordless-contract/management');
const spec = require('passwordless-contract/openapi.json');
const { startApi } = require('./api-server.cjs');

(async () => {
  const api = await startApi();
  const client = createPasswordlessClient({ apiSecret: 'myapp:secret:5f4dcc3b5aa765d61d8327deb882cf99', baseUrl: api.url });
  const { data } = await client.POST('/register/token', { body: { userId: 'u1', username: 'fry' } });
  const admin = management.createPasswordlessManagementClient({ managementKey: 'a-management-key', baseUrl: api.url });
  const created = await admin.POST('/admin/apps/{appId}/create', { params: { path: { appId: 'myapp' } }, body: { adminEmail: 'admin@example.com' } });
  api.close();
  let optionError;
  try { createPasswordlessClient({ apiSecret: 'nope' }); } catch (error) { optionError = { isOptionError: error instanceof PasswordlessOptionError, option: error.option }; }
  let managementOptionError;
  try { management.createPasswordlessManagementClient({ baseUrl: api.url }); } catch (error) { managementOptionError = { isOptionError: error instanceof PasswordlessOptionError, option: error.option }; }
  console.log(JSON.stringify({ data, optionError, management: { data: created.data, optionError: managementOptionError }, specVersion: spec.openapi }));
})();
`;

const typedConsumer = `
import { createPasswordlessClient, PasswordlessApiError, type ErrorCode, type PasswordlessErrorBody } from 'passwordless-contract';
import { createPasswordlessManagementClient, type PasswordlessManagementClient } from 'passwordless-contract/management';
import type { components, paths } from 'passwordless-contract/types';

const client = createPasswordlessClient({ apiSecret: 'myapp:secret:5f4dcc3b5aa765d61d8327deb882cf99' });
export async function register(userId: string): Promise<string> {
  const { data, error } = await client.POST('/register/token', { body: { userId, username: userId } });
  if (error) {
    const body: PasswordlessErrorBody = error;
    if (error.errorCode === 'alias_conflict') throw new Error(body.title);
    throw new PasswordlessApiError(error.status, error, { method: 'POST', path: '/register/token', operationId: 'createRegisterToken' });
  }
  return data.token;
}
const code: ErrorCode = 'expired_token';
type Request = components['schemas']['RegisterTokenRequest'];
const request: Request = { userId: 'u1', username: 'fry' };
type Path = keyof paths;
const path: Path = '/register/token';
// @ts-expect-error the body needs a username
void client.POST('/register/token', { body: { userId: 'u1' } });

const admin: PasswordlessManagementClient = createPasswordlessManagementClient({ managementKey: 'a-management-key', baseUrl: 'https://passwordless.example.com/api' });
export async function createApp(appId: string): Promise<string> {
  const { data, error } = await admin.POST('/admin/apps/{appId}/create', { params: { path: { appId } }, body: { adminEmail: 'admin@example.com' } });
  if (error) throw new PasswordlessApiError(error.status, error, { method: 'POST', path: '/admin/apps/{appId}/create', operationId: 'createApp' });
  return data.apiSecret1;
}
// @ts-expect-error scopes bind as numbers
void admin.POST('/admin/apps/{appId}/secret-keys', { params: { path: { appId: 'myapp' } }, body: { scopes: ['token_register'] } });
// @ts-expect-error the management client has no app operation
void admin.POST('/register/token', { body: { userId: 'u1', username: 'fry' } });
export { code, request, path };
`;

const browserApp = `
import { createPasswordlessClient } from 'passwordless-contract';
export const client = createPasswordlessClient({ apiKey: 'myapp:public:2e728aa5986f4ba8b073a5b28a939795' });
`;

// An admin page of a self-hosted server, bundled for the browser: the management entry needs no Node built-ins either.
const browserManagementApp = `
import { createPasswordlessManagementClient } from 'passwordless-contract/management';
export const admin = createPasswordlessManagementClient({ managementKey: globalThis.KEY, baseUrl: 'https://passwordless.example.com/api' });
`;

const manifest = JSON.parse(readFileSync(join(root, 'packages/client/package.json'), 'utf8')) as {
  engines: { node: string };
  dependencies: Record<string, string>;
  scripts?: Record<string, string>;
};
// The oldest Node the package claims: the consumers must run on it, and npm must accept every installed package on it.
const oldestNode = minVersion(manifest.engines.node)!.version;

let client: PackedPackage;
let folder: string;
let installed: InstalledPackage[];
let published: Ran;
let attw: Ran;
let esm: Ran;
let cjs: Ran;
let onOldestNode: { install: Ran; esm: Ran; cjs: Ran };
let typecheck: Ran;
let browserBundle: Ran;
let browserManagementBundle: Ran;

/** publint and @arethetypeswrong/cli on the packed package. */
async function checkPackage() {
  published = await run(bin('publint'), ['run', client.staging, '--strict'], root);
  attw = await run(
    bin('attw'),
    [client.tarball, '--profile', 'node16', '--exclude-entrypoints', './openapi.yaml', '--format', 'ascii'],
    root,
  );
}

/** Writes the consumers of the installed package into `consumer`. */
function writeConsumers(consumer: string) {
  for (const [file, text] of [
    ['api-server.cjs', server],
    ['esm.mjs', esmConsumer],
    ['cjs.cjs', cjsConsumer],
  ] as const) {
    writeFileSync(join(consumer, file), text);
  }
}

/** Installed on the toolchain's Node: ESM and CJS consumers, a TypeScript module, two browser bundles. */
async function installAndConsume() {
  const consumer = join(folder, 'node-24');
  await installInto(consumer, [client.tarball]);
  installed = installedPackages(consumer).filter((entry) => entry.name !== 'consumer');
  writeConsumers(consumer);
  [esm, cjs] = await Promise.all([
    run(process.execPath, ['esm.mjs'], consumer),
    run(process.execPath, ['cjs.cjs'], consumer),
  ]);

  writeFileSync(join(consumer, 'typed.ts'), typedConsumer);
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2023',
        lib: ['es2023', 'dom'],
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: [],
      },
      files: ['typed.ts'],
    }),
  );
  writeFileSync(join(consumer, 'browser-app.js'), browserApp);
  writeFileSync(join(consumer, 'browser-management-app.js'), browserManagementApp);
  const bundle = (entry: string, outfile: string) =>
    run(bin('esbuild'), [entry, '--bundle', '--platform=browser', '--format=esm', `--outfile=${outfile}`], consumer);
  [typecheck, browserBundle, browserManagementBundle] = await Promise.all([
    run(bin('tsc'), ['-p', consumer], consumer),
    bundle('browser-app.js', 'browser-bundle.js'),
    bundle('browser-management-app.js', 'browser-management-bundle.js'),
  ]);
}

/** npm run by the oldest Node, with --engine-strict: it refuses any package of the tree that does not accept it. */
async function consumeOnOldestNode() {
  const oldNode = await nodeRelease(oldestNode);
  const oldConsumer = join(folder, `node-${oldestNode}`);
  const onOldNode = { ...process.env, PATH: `${dirname(oldNode)}:${process.env.PATH}` };
  const install = await installInto(oldConsumer, [client.tarball, '--engine-strict'], { env: onOldNode }).catch(
    (error: Error): Ran => ({ code: 1, stdout: '', output: error.message }),
  );
  writeConsumers(oldConsumer);
  const [oldEsm, oldCjs] = await Promise.all([
    run(oldNode, ['esm.mjs'], oldConsumer),
    run(oldNode, ['cjs.cjs'], oldConsumer),
  ]);
  onOldestNode = { install, esm: oldEsm, cjs: oldCjs };
}

beforeAll(async () => {
  ({ client } = await packedPackages());
  folder = join(inject('packagesFolder'), 'client-consumers');
  // Three independent chains, side by side: most of their time is spent waiting on npm and child processes.
  await Promise.all([checkPackage(), installAndConsume(), consumeOnOldestNode()]);
}, 300_000);

afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const lastLine = (ran: Ran) => JSON.parse(ran.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;

describe('the packed client package', () => {
  it('passes publint (strict)', () => {
    expect(published.output).toContain('All good!');
    expect(published.code).toBe(0);
  });

  it('passes @arethetypeswrong/cli for every entry point (Node 16+ resolution and bundlers)', () => {
    // attw exits non-zero on any problem it does not ignore; node10 resolution (no `exports` support) is out of scope
    // for a package that needs Node 22, and the YAML spec is a data file TypeScript cannot import.
    expect(attw.code, attw.output).toBe(0);
    for (const entry of [
      '"passwordless-contract"',
      '"passwordless-contract/management"',
      '"passwordless-contract/types"',
      '"passwordless-contract/openapi.json"',
    ]) {
      expect(attw.output).toContain(entry);
    }
  });

  it('ships its LICENSE, README, the spec and the client, and nothing of the mock', () => {
    expect(client.files).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'README.md',
        'package.json',
        'openapi.json',
        'openapi.yaml',
        'dist/index.js',
        'dist/node.cjs',
        'dist/management.js',
        'dist/node-management.cjs',
      ]),
    );
    expect(client.files.filter((file) => /mock|msw|docs|bin/.test(file))).toEqual([]);
    expect(readFileSync(join(client.staging, 'LICENSE'), 'utf8')).toContain('Apache License');
  });
});

describe('installing it into an empty folder', () => {
  it('brings at most 3 packages: itself, openapi-fetch and what openapi-fetch needs', () => {
    expect(installed.map((entry) => entry.name).sort()).toEqual([
      'openapi-fetch',
      'openapi-typescript-helpers',
      'passwordless-contract',
    ]);
    expect(Object.keys(manifest.dependencies)).toEqual(['openapi-fetch']);
  });

  it('runs no install script', () => {
    expect(manifest.scripts).toBeUndefined();
    expect(installed.filter((entry) => entry.hasInstallScript)).toEqual([]);
  });
});

describe('consumers', () => {
  it('ESM on Node: the client and the management client over node:http, their shared errors and the spec files', () => {
    expect(esm.code, esm.output).toBe(0);
    expect(lastLine(esm)).toEqual({
      data: {
        token: 'register_x',
        apiSecret: 'myapp:secret:5f4dcc3b5aa765d61d8327deb882cf99',
        clientVersion: expect.stringMatching(/^ts-contract\/\d+\.\d+\.\d+/),
      },
      failed: { isApiError: true, status: 502, errorCode: null, rawBody: '<html>bad gateway</html>' },
      management: {
        data: { apiSecret1: 'myapp:secret:a679563b331846c79c20b114a4f56d02', managementKey: 'a-management-key' },
        shownKey: '****',
        failed: { isApiError: true, sameClass: true, operationId: 'listAppsPendingDeletion' },
      },
      nodeTransport: 'function',
      specVersion: '3.1.0',
      yamlStartsWithNotice: true,
    });
  });

  it('CJS on Node: require() gives the same clients, errors and spec', () => {
    expect(cjs.code, cjs.output).toBe(0);
    expect(lastLine(cjs)).toEqual({
      data: expect.objectContaining({ token: 'register_x' }),
      optionError: { isOptionError: true, option: 'apiSecret' },
      management: {
        data: { apiSecret1: 'myapp:secret:a679563b331846c79c20b114a4f56d02', managementKey: 'a-management-key' },
        optionError: { isOptionError: true, option: 'managementKey' },
      },
      specVersion: '3.1.0',
    });
  });

  it(`on the oldest Node its engines name (${manifest.engines.node}): npm --engine-strict installs it, and ESM and CJS work the same`, () => {
    expect(onOldestNode.install.code, onOldestNode.install.output).toBe(0);
    expect(onOldestNode.esm.code, onOldestNode.esm.output).toBe(0);
    expect(lastLine(onOldestNode.esm)).toEqual(lastLine(esm));
    expect(onOldestNode.cjs.code, onOldestNode.cjs.output).toBe(0);
    expect(lastLine(onOldestNode.cjs)).toEqual(lastLine(cjs));
  });

  it('TypeScript (nodenext): the published types check a typical backend module', () => {
    expect(typecheck.output).toBe('');
    expect(typecheck.code).toBe(0);
  });

  it('a browser bundle of the client, or of the management client, needs no Node built-ins', () => {
    expect(browserBundle.code, browserBundle.output).toBe(0);
    expect(browserManagementBundle.code, browserManagementBundle.output).toBe(0);
  });
});
