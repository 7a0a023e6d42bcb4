// Another Node release than the toolchain's, for the tests that check what a package claims in `engines`: the
// registry's node-<platform>-<arch> package (what the `node` package installs) at that version, installed once into
// node_modules/.cache and reused. Never over the toolchain's node_modules/.bin/node.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const cache = fileURLToPath(new URL('../../node_modules/.cache/node-releases/', import.meta.url));

/** The path of the `node` binary of this exact version, installed from the npm registry when not cached yet. */
export async function nodeRelease(version: string): Promise<string> {
  const name = `node-${process.platform}-${process.arch}`;
  const folder = join(cache, version);
  const binary = join(folder, 'node_modules', name, 'bin', 'node');
  if (existsSync(binary)) return binary;
  // Installed beside, then moved into place in one step: two test files asking at once never share a half install.
  const staging = `${folder}.${process.pid}.${Date.now()}`;
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: `node-release-${version}`, private: true }));
  try {
    await exec(
      'npm',
      ['install', `${name}@${version}`, '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'],
      { cwd: staging, timeout: 240_000 },
    );
    try {
      renameSync(staging, folder);
    } catch (error) {
      // Another file got there first: use its copy.
      if (!existsSync(binary)) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  const { stdout } = await exec(binary, ['--version']);
  if (stdout.trim() !== `v${version}`) throw new Error(`${binary} is ${stdout.trim()}, not v${version}.`);
  return binary;
}
