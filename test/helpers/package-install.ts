// The packages as a consumer meets them, for the package tests and the install-size bench: built by scripts/build.ts
// into a folder of the caller's (never packages/, which other tests may be reading), packed with npm pack, installed
// into an empty folder, and what that install brought (packages, install scripts, bytes).
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { PackResult } from '../../scripts/pack.js';

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

export type { Packed as PackedPackage, PackResult as PackedPackages } from '../../scripts/pack.js';

/** Both packages built and packed into `folder` by `npm run pack`'s script, which also gives the install lines. */
export async function buildAndPack(folder: string): Promise<PackResult> {
  const { stdout } = await mustRun(bin('tsx'), ['scripts/pack.ts', '--out', folder, '--json'], root);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as PackResult;
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

/**
 * An empty project folder where `lines` (`npm install …` commands, such as the ones `npm run pack` prints) were run in
 * order, as a user would, with no install scripts and no audit.
 */
export async function followInstallLines(folder: string, lines: string[]): Promise<Ran[]> {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const ran: Ran[] = [];
  for (const line of lines) {
    const [command, ...args] = line.split(' ');
    if (command !== 'npm' || args[0] !== 'install') throw new Error(`Not an npm install line: ${line}`);
    ran.push(
      await mustRun('npm', [...args, '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], folder),
    );
  }
  return ran;
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

/** A script for `node --input-type=module -e` that imports or requires `entry` and prints the error message, if any. */
export function loadScript(how: 'import' | 'require', entry: string): string {
  const load = how === 'import' ? `await import('${entry}')` : `createRequire(import.meta.url)('${entry}')`;
  return `import { createRequire } from 'node:module';
try { ${load}; console.log('"loaded"'); } catch (error) { console.log(JSON.stringify(error.message)); }`;
}
