// Builds the package with the project's tsup config into a staging folder and packs it (npm pack), the way it would be
// published. Staged, so the project's dist/ is never touched while other tests may be building it.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const root = fileURLToPath(new URL('../..', import.meta.url));
const exec = promisify(execFile);

export interface Ran {
  code: number;
  stdout: string;
  /** stdout and stderr together, for messages. */
  output: string;
}

/** Runs a command and returns its exit code and output, instead of throwing on failure. */
export async function run(command: string, args: string[], cwd: string): Promise<Ran> {
  try {
    const { stdout, stderr } = await exec(command, args, { cwd, timeout: 240_000, maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, stdout, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

export interface PackedPackage {
  /** The temporary folder holding everything; remove it when done. */
  folder: string;
  /** The built package's folder, as it is packed. */
  staging: string;
  /** The path of the packed .tgz. */
  tarball: string;
}

export async function packPackage(prefix: string): Promise<PackedPackage> {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  const staging = join(folder, 'package');
  mkdirSync(join(staging, 'generated'), { recursive: true });
  for (const file of ['package.json', 'README.md', 'generated/openapi.json', 'generated/openapi.yaml']) {
    if (existsSync(join(root, file))) copyFileSync(join(root, file), join(staging, file));
  }
  const options = { timeout: 240_000, maxBuffer: 32 * 1024 * 1024 };
  await exec(join(root, 'node_modules/.bin/tsup'), ['--out-dir', join(staging, 'dist')], { cwd: root, ...options });
  const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', folder], { cwd: staging, ...options });
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  return { folder, staging, tarball: join(folder, packed!.filename) };
}
