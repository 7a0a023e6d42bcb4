// The bundled spec as `npm run generate` publishes it: Redocly bundles openapi/ into one document, and the request
// samples (x-codeSamples, scripts/code-samples.ts) are added to every operation. `npm run spec:diff` bundles the
// working spec the same way, so that it compares like with like.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { withCodeSamples } from './code-samples.js';

export const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));

/** Bundles openapi/ (the `passwordless@v4` API of redocly.yaml) and adds the request samples. */
export function bundleSpec(root = repositoryRoot): Record<string, unknown> {
  const workDir = mkdtempSync(join(tmpdir(), 'passwordless-bundle-'));
  try {
    const output = join(workDir, 'openapi.yaml');
    execFileSync(join(root, 'node_modules/.bin/redocly'), ['bundle', 'passwordless@v4', '-o', output], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return withCodeSamples(parse(readFileSync(output, 'utf8')));
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
