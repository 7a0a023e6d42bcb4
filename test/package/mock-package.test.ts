// passwordless-contract-mock as a frontend team or a test suite installs it: packed (npm pack) with the client package
// it depends on, checked by publint and @arethetypeswrong/cli, installed into an empty folder, and run the two ways
// it is used: `npx passwordless-mock --port <p>`, and startMock() from ESM and CJS.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { gt, lt, minVersion, satisfies } from 'semver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { oldestSupportedNode, unsupportedNodeMessage } from '../../src/mock/supported-node.js';
import { nodeRelease } from '../helpers/node-release.js';
import { freePort, isFree } from '../helpers/ports.js';
import { keys } from '../mock/spec-examples.js';
import {
  bin,
  followInstallLines,
  type InstalledPackage,
  installedPackages,
  loadScript,
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
const page = await fetch(mock.url + '/__mock/ui');
const statePage = { status: page.status, title: (await page.text()).split('<title>')[1]?.split('</title>')[0] };
await mock.close();
console.log(JSON.stringify({ status: answer.status, body: await answer.json(), specVersion: spec.openapi, statePage }));
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
/** The newest Node release the package's engines refuse: 22.10.0 for `>=22.11.0`. */
const newestRefusedNode = '22.10.0';
let tooOldNode: string;

const withToolchainNode = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}`, PORT: '' };
const lastLine = (ran: Ran) => JSON.parse(ran.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;

beforeAll(async () => {
  const packed = await packedPackages();
  mock = packed.mock;
  folder = join(inject('packagesFolder'), 'mock-consumers');

  // The checks of the package and its install, side by side: most of their time is spent waiting on child processes.
  const check = async () => {
    published = await run(bin('publint'), ['run', mock.staging, '--strict'], root);
    attw = await run(bin('attw'), [mock.tarball, '--profile', 'node16', '--format', 'ascii'], root);
  };
  const installAndConsume = async () => {
    // The route the README gives while the packages are not on the registry: the lines `npm run pack` prints.
    await followInstallLines(folder, packed.install);
    installed = installedPackages(folder).filter((entry) => entry.name !== 'consumer');
    writeFileSync(join(folder, 'esm.mjs'), esmConsumer);
    writeFileSync(join(folder, 'cjs.cjs'), cjsConsumer);
    writeFileSync(join(folder, 'deny-server-modules.mjs'), denyServerModules);
    [esm, cjs] = await Promise.all([
      run(process.execPath, ['esm.mjs'], folder),
      run(process.execPath, ['cjs.cjs'], folder),
    ]);
  };
  const olderNode = async () => {
    tooOldNode = await nodeRelease(newestRefusedNode);
  };
  await Promise.all([check(), installAndConsume(), olderNode()]);
}, 300_000);

afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe("the README's install route", () => {
  it('`npm run pack` prints the two install lines: the client, then the emulator as a dev dependency', () => {
    const consumer = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    expect(Object.keys(consumer.dependencies ?? {})).toEqual(['passwordless-contract']);
    expect(Object.keys(consumer.devDependencies ?? {})).toEqual(['passwordless-contract-mock']);
    // Both from the tarballs: the mock's dependency on the client is the installed tarball, not the registry's.
    const tree = JSON.parse(readFileSync(join(folder, 'node_modules/.package-lock.json'), 'utf8')) as {
      packages: Record<string, { resolved?: string }>;
    };
    for (const name of ['passwordless-contract', 'passwordless-contract-mock'])
      expect(tree.packages[`node_modules/${name}`]?.resolved, name).toMatch(/^file:.*\.tgz$/);
    expect(Object.keys(tree.packages).filter((path) => path.endsWith('/passwordless-contract'))).toEqual([
      'node_modules/passwordless-contract',
    ]);
  });
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
  it("--port <p>: answers the API, the docs page it ships and the client package's spec; killing npx frees the port", async () => {
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

      // How fast is the bench's concern (bench/mock-startup.ts); here, that the port comes free at all.
      npx.kill('SIGTERM');
      await expect.poll(() => isFree(port), { timeout: 20_000, interval: 50 }).toBe(true);
    } finally {
      npx.kill('SIGKILL');
      await exited;
    }
  });

  it('--help answers without loading the server, the spec or their dependencies', async () => {
    // deny-server-modules.mjs fails any import of them: --help stays fast because it loads nothing it does not show.
    const help = await run(
      process.execPath,
      ['--import', './deny-server-modules.mjs', 'node_modules/.bin/passwordless-mock', '--help'],
      folder,
    );
    expect(help.code, help.output).toBe(0);
    for (const flag of ['--port', '--host', '--spec <file>', '--example <name>', '--log text|json', '--help'])
      expect(help.stdout).toContain(flag);
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

describe(`on a Node its engines refuse (${newestRefusedNode})`, () => {
  const sentence = `passwordless-contract-mock needs Node ${oldestSupportedNode} or later; this is Node ${newestRefusedNode}.`;

  it('the sentence names the lowest version the engines allow', () => {
    expect(oldestSupportedNode).toBe(minVersion(manifest('mock').engines.node)!.version);
    expect(lt(newestRefusedNode, oldestSupportedNode)).toBe(true);
    expect(unsupportedNodeMessage('20.20.2')).toBe(
      `passwordless-contract-mock needs Node ${oldestSupportedNode} or later; this is Node 20.20.2.`,
    );
    for (const supported of [oldestSupportedNode, '22.12.0', '24.0.0'])
      expect(unsupportedNodeMessage(supported)).toBe(undefined);
  });

  it('the command prints that one sentence and exits 1', async () => {
    const ran = await run(tooOldNode, ['node_modules/.bin/passwordless-mock', '--port', '0'], folder);
    expect(ran.code).toBe(1);
    expect(ran.output).toBe(`error: ${sentence}\n`);
  });

  // The msw entry is tried where msw is installed: test/package/msw-consumer.test.ts.
  it.each(['import', 'require'] as const)('%s of passwordless-contract-mock throws it', async (how) => {
    const ran = await run(
      tooOldNode,
      ['--input-type=module', '-e', loadScript(how, 'passwordless-contract-mock')],
      folder,
    );
    expect(ran.code, ran.output).toBe(0);
    expect(JSON.parse(ran.stdout)).toBe(sentence);
  });
});

describe('a port already in use', () => {
  it("startMock() rejects with a message for library users: its `port` option, not the command's flag", async () => {
    const script = `import { createServer } from 'node:net';
import { startMock } from 'passwordless-contract-mock';
const busy = createServer().listen(0, '127.0.0.1');
await new Promise((resolve) => busy.once('listening', resolve));
const { port } = busy.address();
const failure = await startMock({ port }).catch((error) => error);
busy.close();
console.log(JSON.stringify({ message: failure.message, code: failure.code, port: failure.port === port }));`;
    const ran = await run(process.execPath, ['--input-type=module', '-e', script], folder);
    expect(ran.code, ran.output).toBe(0);
    const failure = JSON.parse(ran.stdout) as { message: string; code: string; port: boolean };
    expect(failure).toMatchObject({ code: 'EADDRINUSE', port: true });
    expect(failure.message).toMatch(
      /^Port \d+ is already in use on 127\.0\.0\.1: pass startMock\(\) another `port`, or 0 for a free one\.$/,
    );
    expect(failure.message).not.toMatch(/--port|PORT/);
  });

  it('the command says it in one line with its own flag and variable', async () => {
    const busy = createServer().listen(0, '127.0.0.1');
    await once(busy, 'listening');
    const { port } = busy.address() as AddressInfo;
    try {
      const ran = await run(process.execPath, ['node_modules/.bin/passwordless-mock', '--port', String(port)], folder);
      expect(ran.code).toBe(1);
      expect(ran.output).toBe(
        `error: Port ${port} is already in use on 127.0.0.1; choose another with --port or PORT.\n`,
      );
    } finally {
      busy.close();
    }
  });
});

describe('startMock() from the installed package', () => {
  it("ESM: serves the client package's spec and the state page on a free port", () => {
    expect(esm.code, esm.output).toBe(0);
    expect(lastLine(esm)).toEqual({
      status: 200,
      body: { count: expect.any(Number) },
      specVersion: '3.1.0',
      statePage: { status: 200, title: 'Emulator state · Passwordless.dev emulator' },
    });
  });

  it('CJS: require() gives the same', () => {
    expect(cjs.code, cjs.output).toBe(0);
    expect(lastLine(cjs)).toEqual({ status: 200 });
  });
});
