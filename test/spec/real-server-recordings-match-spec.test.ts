// Every answer the real server gave in the shared reference recordings (shared/reference/real-server/, beside the
// clone: bitwarden/passwordless-server at the commit the spec's x-passwordless-server names, all 20 scenarios, in its
// Development and its Production environment) validates against the spec's response for its operation and status.
// They are read where they are, not copied: test/recordings/ holds the project's own recordings.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecording } from '../../src/recording/recording-file.js';
import { loadBundledSpec } from '../helpers/bundled-spec.js';
import { root } from '../helpers/package-install.js';
import { validateResponse } from '../helpers/spec-validator.js';

/** shared/reference/real-server in the nearest folder above the clone that has one (CI puts shared/ beside it). */
function findReference(): string {
  for (let folder = root; ; folder = dirname(folder)) {
    const candidate = join(folder, 'shared/reference/real-server');
    if (existsSync(candidate)) return candidate;
    if (dirname(folder) === folder) {
      throw new Error(
        `No shared/reference/real-server in ${root} or a folder above it: the reference recordings are kept there.`,
      );
    }
  }
}

const reference = findReference();
const exchanges = (['scenarios', 'scenarios-production'] as const).flatMap((environment) =>
  readdirSync(join(reference, environment)).flatMap((scenario) =>
    readRecording(join(reference, environment, scenario, 'recording.json')).exchanges.map((exchange, index) => ({
      environment: environment === 'scenarios' ? 'Development' : 'Production',
      scenario,
      index,
      ...exchange,
    })),
  ),
);

describe('the real server answers as the spec says', () => {
  it('reads all 20 scenarios in both environments, recorded from the server the spec names', () => {
    expect(readdirSync(join(reference, 'scenarios'))).toHaveLength(20);
    expect(readdirSync(join(reference, 'scenarios-production'))).toHaveLength(20);
    const server = (loadBundledSpec().info as { 'x-passwordless-server': { commit: string } })['x-passwordless-server'];
    expect(server.commit).toMatch(/^20232df8/);
  });

  it.each(exchanges)('$scenario ($environment) exchange $index: $method $path $status', (exchange) => {
    const result = validateResponse(
      exchange.method,
      exchange.path,
      exchange.status,
      exchange.body,
      exchange.contentType,
    );
    expect(result.errors, result.schemaPointer).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
