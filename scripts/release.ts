// `npm run release -- <major|minor|patch|x.y.z>`: cuts a release of both packages and the spec, which share one version.
// It refuses a version smaller than the changes since the last release need (scripts/release-plan.ts), sets the
// version in openapi/openapi.yaml and both package manifests, regenerates generated/, writes the release's section of
// docs/changelog.md, moves the baseline (release/baseline.yaml) to the new spec, empties release/next.yaml, builds and
// packs both packages into dist/release/<version>/, and prints the commands that publish them. It publishes nothing.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { repositoryRoot as root } from './bundle-spec.js';
import { changelogFile, changelogSection, withSection } from './changelog.js';
import { allows, clearDeclaration, nextVersion, planRelease } from './release-plan.js';
import { baselineFile, baselineNotice, readWorkingSpec, SpecSourceError } from './spec-source.js';

const usage = `Usage: npm run release -- <major|minor|patch|x.y.z> [--date yyyy-mm-dd]
  major, minor, patch  the next version after the last release (release/baseline.yaml)
  x.y.z                that version, which must be after the last release
  --date               the release date in the changelog (default: today, UTC)
Refuses a version smaller than the spec's changes need: a break needs major (and a \`breaking:\` reason in
release/next.yaml), an addition minor. Publishes nothing: it prints the commands that do.`;

function fail(message: string): never {
  console.error(`release: ${message}`);
  process.exit(1);
}

let values: { date?: string; help?: boolean };
let positionals: string[];
try {
  ({ values, positionals } = parseArgs({
    options: { date: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  }));
} catch (error) {
  fail(`${(error as Error).message}\n\n${usage}`);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (positionals.length !== 1) fail(`name one version or bump.\n\n${usage}`);
const date = values.date ?? new Date().toISOString().slice(0, 10);
if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) fail(`--date ${date} is not yyyy-mm-dd.`);

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const runNpm = (args: string[]) => execFileSync(npm, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });

// 1. What the changes since the last release need, before anything is written.
let working: Record<string, unknown>;
try {
  working = readWorkingSpec();
} catch (error) {
  if (error instanceof SpecSourceError) fail(error.message);
  throw error;
}
const plan = planRelease(working);
let next: ReturnType<typeof nextVersion>;
try {
  next = nextVersion(plan.lastVersion, positionals[0]!);
} catch (error) {
  fail((error as Error).message);
}
const breaking = plan.changes.filter((change) => change.level === 'breaking');
if (!allows(next.bump, plan.needed)) {
  const why =
    plan.needed === 'major'
      ? `${breaking.length} change(s) can break a client generated from ${plan.lastVersion}, for example:\n` +
        breaking
          .slice(0, 5)
          .map((change) => `  ${change.operation}: ${change.what}`)
          .join('\n')
      : `the spec gained what ${plan.lastVersion} did not have (a minor release).`;
  fail(
    `${next.version} is a ${next.bump} release, but the changes since ${plan.lastVersion} need a ${plan.needed} one: ${why}`,
  );
}
if (breaking.length && !plan.declaration.breaking) {
  fail(
    `the changes break ${plan.lastVersion}, and release/next.yaml does not declare it: set \`breaking:\` to what ` +
      'breaks and why, for the changelog.',
  );
}

// 2. One version everywhere.
const specFile = join(root, 'openapi/openapi.yaml');
const specText = readFileSync(specFile, 'utf8');
const versionLine = /^(info:\n(?:(?: {2}.*)?\n)*? {2}version: ).*$/m;
if (!versionLine.test(specText)) fail('openapi/openapi.yaml has no `version:` under `info:`.');
writeFileSync(specFile, specText.replace(versionLine, `$1${next.version}`));
for (const name of ['client', 'mock']) {
  const file = join(root, 'packages', name, 'package.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { version: string; dependencies?: Record<string, string> };
  manifest.version = next.version;
  if (manifest.dependencies?.['passwordless-contract']) manifest.dependencies['passwordless-contract'] = next.version;
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}
runNpm(['run', '-s', 'generate']);

// 3. The changelog, the baseline and the declaration.
const released = JSON.parse(readFileSync(join(root, 'generated/openapi.json'), 'utf8')) as Record<string, unknown>;
const releasedPlan = planRelease(released);
const section = changelogSection({
  version: next.version,
  previousVersion: plan.lastVersion,
  date,
  changes: releasedPlan.changes,
  declaration: plan.declaration,
  specs: [released, plan.lastSpec],
});
const changelogPath = join(root, changelogFile);
writeFileSync(changelogPath, withSection(readFileSync(changelogPath, 'utf8'), section));
const { 'x-generated': _notice, ...baseline } = released;
writeFileSync(baselineFile, `${baselineNotice}\n${stringify(baseline, { lineWidth: 0 })}`);
clearDeclaration();

// 4. Both packages, built and packed, each with the changelog.
const out = join(root, 'dist/release', next.version);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
runNpm(['run', '-s', 'build', '--', '--out', join(out, 'build')]);
const tarballs: string[] = [];
for (const name of ['client', 'mock']) {
  const folder = join(out, 'build', name);
  copyFileSync(changelogPath, join(folder, 'CHANGELOG.md'));
  const packed = execFileSync(npm, ['pack', '--pack-destination', out, '--json'], { cwd: folder, encoding: 'utf8' });
  tarballs.push(join(out, (JSON.parse(packed) as { filename: string }[])[0]!.filename));
}
rmSync(join(out, 'build'), { recursive: true, force: true });
for (const tarball of tarballs) if (!existsSync(tarball)) fail(`npm pack wrote no ${tarball}.`);

const shown = (path: string) => relative(process.cwd(), path) || '.';
console.log(`
Released ${next.version} (${next.bump}; the changes since ${plan.lastVersion} needed ${plan.needed}).
  ${changelogFile}: its section; ${relative(root, baselineFile)}: the new baseline; release/next.yaml: emptied.
  Packed: ${tarballs.map(shown).join(', ')}

Check, commit and tag it, then publish the client first (the mock depends on it):
  npm test
  git commit -am "Release ${next.version}" && git tag v${next.version}
${tarballs.map((tarball) => `  npm publish ${shown(tarball)}`).join('\n')}`);
