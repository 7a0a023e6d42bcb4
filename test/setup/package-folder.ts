// vitest globalSetup: one temporary folder per test run for the packed packages (test/package/packed-package.ts).
// Only its name is made here; the first test file that needs the packages builds them into it, so runs that need
// none pay nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where this run's packed packages are built (test/package/packed-package.ts). */
    packagesFolder: string;
  }
}

let folder: string | undefined;

export function setup(project: TestProject): void {
  folder = mkdtempSync(join(tmpdir(), 'passwordless-packages-'));
  project.provide('packagesFolder', folder);
}

export function teardown(): void {
  if (folder) rmSync(folder, { recursive: true, force: true });
}
