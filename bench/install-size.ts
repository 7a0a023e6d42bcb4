// What `npm install` brings into an empty folder (one run, figures printed, nothing asserted): the packed client
// package (passwordless-contract) beside the official @passwordlessdev/passwordless-nodejs SDK, at the version this
// repository pins, and for reference the mock package (passwordless-contract-mock, which brings the client too).
// Packages are every entry of npm's record of the tree; bytes are the files under node_modules, unrounded.
// Target: the client installs at most 3 packages (itself, openapi-fetch and what openapi-fetch needs).
//   tsx bench/install-size.ts
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildAndPack, folderBytes, installedPackages, installInto, root } from '../test/helpers/package-install.js';

const { values } = parseArgs({ options: { help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  console.log('Usage: tsx bench/install-size.ts');
  process.exit(0);
}

const officialSdk = '@passwordlessdev/passwordless-nodejs';
const { devDependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
};
const folder = mkdtempSync(join(tmpdir(), 'passwordless-install-size-'));
try {
  const packed = await buildAndPack(folder);
  const installs: [string, string[]][] = [
    ['passwordless-contract', [packed.client.tarball]],
    [`${officialSdk}@${devDependencies[officialSdk]}`, [`${officialSdk}@${devDependencies[officialSdk]}`]],
    ['passwordless-contract-mock', [packed.client.tarball, packed.mock.tarball]],
  ];
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
  console.log('install-size: npm install into an empty folder (--ignore-scripts), everything under node_modules');
  console.log('');
  console.log(`${'package'.padEnd(45)} ${'packages'.padStart(8)} ${'bytes'.padStart(12)}`);
  const figures = new Map<string, { packages: number; bytes: number }>();
  for (const [index, [name, specs]] of installs.entries()) {
    const consumer = join(folder, `consumer-${index}`);
    await installInto(consumer, specs);
    const packages = installedPackages(consumer).filter((entry) => entry.name !== 'consumer').length;
    const bytes = folderBytes(join(consumer, 'node_modules'));
    figures.set(name, { packages, bytes });
    console.log(`${name.padEnd(45)} ${String(packages).padStart(8)} ${mb(bytes).padStart(12)}`);
  }
  const client = figures.get('passwordless-contract')!;
  const official = figures.get(`${officialSdk}@${devDependencies[officialSdk]}`)!;
  console.log('');
  console.log(
    `passwordless-contract / official SDK: ${client.packages} / ${official.packages} packages, ${(client.bytes / official.bytes).toFixed(2)}× the bytes`,
  );
  console.log(
    `passwordless-contract: ${client.packages} packages (target ≤ 3: ${client.packages <= 3 ? 'met' : 'MISSED'})`,
  );
} finally {
  rmSync(folder, { recursive: true, force: true });
}
