// This run's packed packages (test/helpers/package-install.ts builds and packs them), built once per test run into the
// folder test/setup/package-folder.ts names: that setup builds them on a whole run, else the first test file that asks;
// the others wait for its result.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import { buildAndPack, type PackedPackages } from '../helpers/package-install.js';

export * from '../helpers/package-install.js';

/** This run's packed packages, built by the first caller. */
export async function packedPackages(): Promise<PackedPackages> {
  const folder = inject('packagesFolder');
  const result = join(folder, 'packed.json');
  try {
    mkdirSync(join(folder, 'building'));
  } catch {
    // Another test file is building them: wait for what it writes.
    for (let waited = 0; !existsSync(result); waited += 200) {
      // A bound for a hang, not a target: a busy machine may take minutes.
      if (waited > 600_000) throw new Error(`The packages in ${folder} were not built within 600 s.`);
      await sleep(200);
    }
    const written = JSON.parse(readFileSync(result, 'utf8')) as PackedPackages | { error: string };
    if ('error' in written) throw new Error(`Building the packages failed in another test file:\n${written.error}`);
    return written;
  }
  try {
    const packed = await buildAndPack(folder);
    writeFileSync(result, JSON.stringify(packed));
    return packed;
  } catch (error) {
    writeFileSync(result, JSON.stringify({ error: (error as Error).message }));
    throw error;
  }
}
