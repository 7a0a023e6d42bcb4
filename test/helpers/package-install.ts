// The packages as a consumer meets them, for the package tests and the install-size bench: built by scripts/build.ts
// into a folder of the caller's (never packages/, which other tests may be reading), packed with npm pack, installed
// into an empty folder, and what that install brought (packages, install scripts, bytes).
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const bin = (name: string) => join(root, 'node_modules/.bin', name);
const exec = promisify(execFile);

export interface Ran {
  code: number;
  stdout: string;
  /** stdout and stderr together, for messages. */
  output: string;
}

/** Runs a command and returns its exit code and output, instead of throwing on failure. */
export async function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Ran> {
  try {
    const { stdout, stderr } = await exec(command, args, { cwd, env, timeout: 240_000, maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, stdout, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : -1,
      stdout: failed.stdout ?? '',
      output: `${failed.stdout ?? ''}${failed.stderr ?? ''}`,
    };
  }
}

/** Like run(), but throws with the output when the command fails. */
export async function mustRun(command: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<Ran> {
  const ran = await run(command, args, cwd, env);
  if (ran.code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${ran.code}):\n${ran.output}`);
  return ran;
}

export interface PackedPackage {
  /** The built package's folder, as it is packed. */
  staging: string;
  /** The path of the packed .tgz. */
  tarball: string;
  /** The files in the tarball, as npm pack lists them. */
  files: string[];
}

export interface PackedPackages {
  client: PackedPackage;
  mock: PackedPackage;
}

/** Builds both packages into `<folder>/build` and packs them into `folder`. */
export async function buildAndPack(folder: string): Promise<PackedPackages> {
  const out = join(folder, 'build');
  await mustRun(bin('tsx'), ['scripts/build.ts', '--out', out], root);
  const pack = async (name: string): Promise<PackedPackage> => {
    const staging = join(out, name);
    const { stdout } = await mustRun('npm', ['pack', '--json', '--pack-destination', folder], staging);
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    return { staging, tarball: join(folder, packed!.filename), files: packed!.files.map((file) => file.path) };
  };
  return { client: await pack('client'), mock: await pack('mock') };
}

/** An empty project folder with these installed: tarballs, or registry specs such as `msw@3.0.5`. */
export async function installInto(
  folder: string,
  specs: string[],
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<Ran> {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  // No install scripts: neither package has one, and one of the mock's dependencies (Prism's @scarf/scarf) would
  // send telemetry. installedPackages() reports which packages have them.
  return mustRun(
    'npm',
    ['install', ...specs, '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'],
    folder,
    options.env,
  );
}

export interface InstalledPackage {
  name: string;
  version: string;
  engines?: { node?: string };
  hasInstallScript?: boolean;
}

/** Every package an install brought, read from npm's own record of the tree (node_modules/.package-lock.json). */
export function installedPackages(folder: string): InstalledPackage[] {
  const lock = JSON.parse(readFileSync(join(folder, 'node_modules/.package-lock.json'), 'utf8')) as {
    packages: Record<string, Omit<InstalledPackage, 'name'> & { name?: string }>;
  };
  return Object.entries(lock.packages).map(([path, entry]) => ({
    ...entry,
    name: entry.name ?? path.replace(/^.*node_modules\//, ''),
  }));
}

/** The bytes of every file under a folder, as an install takes them on disk (without block rounding). */
export function folderBytes(folder: string): number {
  let bytes = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) bytes += statSync(join(entry.parentPath, entry.name)).size;
  }
  return bytes;
}
