// vitest globalSetup: one temporary folder per test run for the packed packages (test/package/packed-package.ts). On a
// whole run (`vitest run` with no file filter) the packages are built and packed at once, in a child process, while the
// mock starts and the first files run on an otherwise idle core: the package tests wait for that build, the slowest
// step of the run. A run of some files only builds them, if it needs them, in the first file that asks.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where this run's packed packages are built (test/package/packed-package.ts). */
    packagesFolder: string;
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));
let folder: string | undefined;
let building: ChildProcess | undefined;

/**
 * Whether vitest was asked for every file: no argument but `run` and flags. (A flag's value given after a space reads
 * as a filter: that run only builds lazily.)
 */
function isWholeRun(): boolean {
  return process.argv.slice(2).every((arg) => arg === 'run' || arg.startsWith('-'));
}

/** Builds and packs into `folder` as packedPackages() would, writing its result (or error) where the tests wait. */
function buildNow(into: string): void {
  mkdirSync(join(into, 'building'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/pack.ts', '--out', into, '--json'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.on('close', (code) => {
    building = undefined;
    const result = join(into, 'packed.json');
    if (code === 0) writeFileSync(result, output.trim().split('\n').at(-1) ?? '');
    else writeFileSync(result, JSON.stringify({ error: `scripts/pack.ts failed (${code}):\n${output}` }));
  });
  building = child;
}

export function setup(project: TestProject): void {
  folder = mkdtempSync(join(tmpdir(), 'passwordless-packages-'));
  project.provide('packagesFolder', folder);
  if (isWholeRun()) buildNow(folder);
}

export async function teardown(): Promise<void> {
  // A run stopped early may leave the build going: end it (this process started it) before removing its folder.
  if (building && building.exitCode === null) {
    const exited = once(building, 'close');
    building.kill('SIGTERM');
    await exited;
  }
  if (folder) rmSync(folder, { recursive: true, force: true });
}
