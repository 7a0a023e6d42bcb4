// The manifests: the private repository root that installs the toolchain, and the two packages' own package.json.
// The packages are not npm workspaces (npm would check their run-time `engines` against the Node that runs
// `npm ci`), so the root's lockfile installs their dependencies for development, and this keeps the versions equal.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/package-install.js';

interface Manifest {
  name: string;
  version?: string;
  private?: boolean;
  engines?: Record<string, string>;
  devEngines?: unknown;
  workspaces?: unknown;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
}
const read = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8')) as Manifest;
const repository = read('package.json');
const client = read('packages/client/package.json');
const mock = read('packages/mock/package.json');

/** The Node that runs npm when someone types `npm ci` here (npm tells its scripts), else the first one on PATH. */
function machineNode(): string {
  if (process.env.npm_node_execpath) return process.env.npm_node_execpath;
  const folder = (process.env.PATH ?? '').split(delimiter).find((entry) => entry && !entry.startsWith(root));
  return join(folder ?? '/usr/bin', 'node');
}

describe('the repository root', () => {
  it('is private, with no engines of its own: the toolchain is a development concern (devEngines, the node devDependency)', () => {
    expect(repository.private).toBe(true);
    expect(repository.engines).toBeUndefined();
    expect(repository.workspaces).toBeUndefined();
    expect(repository.devEngines).toBeDefined();
  });

  it("npm ci on the machine's Node prints no warning: none of this project's, and no wall of other packages' engines", async () => {
    const node = machineNode();
    const env = { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env.PATH}` };
    const { stdout, stderr } = await promisify(execFile)(
      'npm',
      ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'],
      { cwd: root, env, timeout: 120_000 },
    );
    expect(`${stdout}${stderr}`).not.toMatch(/npm warn|EBADENGINE|EBADDEVENGINES/i);
  });

  it('silences only warnings, with the reason beside the setting; its own devEngines fail the install instead', () => {
    const npmrc = readFileSync(join(root, '.npmrc'), 'utf8');
    expect(npmrc).toMatch(/^loglevel=error$/m);
    expect(npmrc).toMatch(/^# .*EBADENGINE/m);
    const devEngines = repository.devEngines as Record<string, { onFail: string }>;
    expect(Object.values(devEngines).map((engine) => engine.onFail)).toEqual(['error', 'error']);
  });

  it('runs npm start without a shell layer between npm and node, so npm passes its signals on to the mock', () => {
    expect(repository.scripts!.start).toMatch(/^exec node /);
  });
});

describe('the packages', () => {
  it('share one version, and the mock depends on exactly that client', () => {
    expect(mock.version).toBe(client.version);
    expect(mock.dependencies!['passwordless-contract']).toBe(client.version);
  });

  it('pin each dependency to the version the root installs, so the tests run what ships', () => {
    for (const manifest of [client, mock]) {
      for (const [name, version] of Object.entries(manifest.dependencies ?? {})) {
        if (name === 'passwordless-contract') continue;
        expect(repository.dependencies?.[name], `${manifest.name} → ${name}`).toBe(version);
      }
    }
  });

  it("the root's dependencies are the packages' and nothing else", () => {
    const used = new Set([...Object.keys(client.dependencies ?? {}), ...Object.keys(mock.dependencies ?? {})]);
    expect(Object.keys(repository.dependencies ?? {}).filter((name) => !used.has(name))).toEqual([]);
  });

  it('have no install scripts', () => {
    expect(client.scripts).toBeUndefined();
    expect(mock.scripts).toBeUndefined();
  });
});
