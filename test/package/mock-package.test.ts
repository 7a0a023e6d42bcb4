// passwordless-contract-mock as a frontend team or a test suite installs it: packed (npm pack) with the client package
// it depends on, checked by publint and @arethetypeswrong/cli, installed into an empty folder, and run the two ways
// it is used: `npx passwordless-mock --port <p>`, and startMock() from ESM and CJS.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gt, minVersion, satisfies } from 'semver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, isFree } from '../helpers/ports.js';
import { keys } from '../mock/spec-examples.js';
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

const manifest = (name: string) =>
  JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8')) as {
    version: string;
    engines: { node: string };
    dependencies: Record<string, string>;
  };

const esmConsumer = `
import { startMock } from 'passwordless-contract-mock';
const mock = await startMock({ port: 0 });
const answer = await fetch(mock.url + '/users/count', { headers: { ApiSecret: '${keys.apiSecret}' } });
const spec = await fetch(mock.url + '/openapi.json').then((response) => response.json());
await mock.close();
console.log(JSON.stringify({ status: answer.status, body: await answer.json(), specVersion: spec.openapi }));
`;

const cjsConsumer = `
const { startMock } = require('passwordless-contract-mock');
(async () => {
  const mock = await startMock({ port: 0 });
  const answer = await fetch(mock.url + '/users/count', { headers: { ApiSecret: '${keys.apiSecret}' } });
  await mock.close();
  console.log(JSON.stringify({ status: answer.status }));
})();
`;

// Fails any import of what only a running mock needs: --help must answer without loading it.
const denyServerModules = `
import { registerHooks } from 'node:module';
const denied = /^(yaml|ajv|ajv-formats|cbor2|sorted-btree|@stoplight\\/.*|passwordless-contract(\\/.*)?|\\.\\/index\\.js)$/;
registerHooks({
  resolve(specifier, context, next) {
    if (denied.test(specifier)) throw new Error('--help loaded ' + specifier);
    return next(specifier, context);
  },
});
`;

let mock: PackedPackage;
let folder: string;
let installed: InstalledPackage[];
let published: Ran;
let attw: Ran;
let esm: Ran;
let cjs: Ran;

const withToolchainNode = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}`, PORT: '' };
const lastLine = (ran: Ran) => JSON.parse(ran.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;

beforeAll(async () => {
  const packed = await packedPackages();
  mock = packed.mock;
  folder = join(inject('packagesFolder'), 'mock-consumers');

  published = await run(bin('publint'), ['run', mock.staging, '--strict'], root);
  attw = await run(bin('attw'), [mock.tarball, '--profile', 'node16', '--format', 'ascii'], root);

  await installInto(folder, [packed.client.tarball, mock.tarball]);
  installed = installedPackages(folder).filter((entry) => entry.name !== 'consumer');
  writeFileSync(join(folder, 'esm.mjs'), esmConsumer);
  writeFileSync(join(folder, 'cjs.cjs'), cjsConsumer);
  writeFileSync(join(folder, 'deny-server-modules.mjs'), denyServerModules);
  esm = await run(process.execPath, ['esm.mjs'], folder);
  cjs = await run(process.execPath, ['cjs.cjs'], folder);
}, 300_000);

afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('the packed mock package', () => {
  it('passes publint (strict) and @arethetypeswrong/cli (Node 16+ resolution and bundlers)', () => {
    expect(published.output).toContain('All good!');
    expect(published.code).toBe(0);
    expect(attw.code, attw.output).toBe(0);
    for (const entry of ['"passwordless-contract-mock"', '"passwordless-contract-mock/msw"'])
      expect(attw.output).toContain(entry);
  });

  it('ships its LICENSE, README, the command and the docs page, and neither the client nor the spec', () => {
    expect(mock.files).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'README.md',
        'package.json',
        'dist/bin.js',
        'dist/index.js',
        'dist/msw.cjs',
        'dist/docs/index.html',
      ]),
    );
    expect(mock.files.filter((file) => /openapi\.(json|yaml)$/.test(file))).toEqual([]);
    for (const file of mock.files.filter((name) => /\.c?js$/.test(name))) {
      expect(readFileSync(join(mock.staging, file), 'utf8'), file).not.toContain('function createPasswordlessClient');
    }
  });

  it('depends on the client package at its own version, and the client not on it', () => {
    expect(manifest('mock').dependencies['passwordless-contract']).toBe(manifest('client').version);
    expect(installed.find((entry) => entry.name === 'passwordless-contract')?.version).toBe(manifest('client').version);
    expect(Object.keys(manifest('client').dependencies)).not.toContain('passwordless-contract-mock');
  });

  it('states in engines the Node its dependencies need: the highest of their lowest versions, which they all accept', () => {
    const needed = installed.filter((entry) => entry.name !== 'passwordless-contract-mock' && entry.engines?.node);
    const lowest = needed
      .map((entry) => minVersion(entry.engines!.node!)!.version)
      .reduce((a, b) => (gt(a, b) ? a : b));
    const own = minVersion(manifest('mock').engines.node)!.version;
    expect(own).toBe(lowest);
    expect(
      needed
        .filter((entry) => !satisfies(own, entry.engines!.node!))
        .map((entry) => `${entry.name} ${entry.engines!.node}`),
    ).toEqual([]);
  });
});

describe('npx passwordless-mock, from the folder it is installed in', () => {
  it("--port <p>: answers the API, the docs page it ships and the client package's spec; killing npx frees the port within 2 s", async () => {
    const port = await freePort();
    const npx = spawn('npx', ['passwordless-mock', '--port', String(port)], {
      cwd: folder,
      env: withToolchainNode,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npx.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    npx.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(npx, 'exit');
    try {
      await expect.poll(() => output, { timeout: 20_000 }).toContain(`listening on http://127.0.0.1:${port}`);
      const url = `http://127.0.0.1:${port}`;
      const token = await fetch(`${url}/register/token`, {
        method: 'POST',
        headers: { ApiSecret: keys.apiSecret, 'Content-Type': 'application/json' },
        body: JSON.stringify({ userId: '42', username: 'fry@example.com' }),
      });
      expect(token.status).toBe(200);
      expect(await token.json()).toEqual({ token: expect.stringMatching(/^register_/) });
      const docs = await fetch(`${url}/docs`).then((response) => response.text());
      expect(docs).toContain('<redoc');
      expect(docs).not.toContain('not built yet');
      const spec = await fetch(`${url}/openapi.json`).then((response) => response.text());
      expect(spec).toBe(readFileSync(join(folder, 'node_modules/passwordless-contract/openapi.json'), 'utf8'));

      const killed = performance.now();
      npx.kill('SIGTERM');
      await expect.poll(() => isFree(port), { timeout: 2000, interval: 50 }).toBe(true);
      expect(performance.now() - killed).toBeLessThan(2000);
    } finally {
      npx.kill('SIGKILL');
      await exited;
    }
  });

  it('--help answers in well under a second without loading the server, the spec or their dependencies', async () => {
    const started = performance.now();
    const help = await run(
      process.execPath,
      ['--import', './deny-server-modules.mjs', 'node_modules/.bin/passwordless-mock', '--help'],
      folder,
    );
    const took = performance.now() - started;
    expect(help.code, help.output).toBe(0);
    for (const flag of ['--port', '--host', '--spec <file>', '--example <name>', '--log text|json', '--help'])
      expect(help.stdout).toContain(flag);
    expect(took).toBeLessThan(500);
  });

  it('a missing --spec file is one line that names the path, without suggesting npm run generate', async () => {
    const missing = await run(
      process.execPath,
      ['node_modules/.bin/passwordless-mock', '--spec', 'no-such-spec.yaml'],
      folder,
    );
    expect(missing.code).toBe(1);
    expect(missing.output.trim()).toBe(
      `error: --spec: no file at ${join(folder, 'no-such-spec.yaml')}; pass the path of a bundled OpenAPI spec (.yaml or .json).`,
    );
  });
});

describe('startMock() from the installed package', () => {
  it("ESM: serves the client package's spec on a free port", () => {
    expect(esm.code, esm.output).toBe(0);
    expect(lastLine(esm)).toEqual({ status: 200, body: { count: expect.any(Number) }, specVersion: '3.1.0' });
  });

  it('CJS: require() gives the same', () => {
    expect(cjs.code, cjs.output).toBe(0);
    expect(lastLine(cjs)).toEqual({ status: 200 });
  });
});
