// `npm run pack`: both packages built (scripts/build.ts) and packed (npm pack) into dist/packages/, for a project to
// install while they are not on the registry; it prints the `npm install` lines to run there. The client goes in first:
// the mock depends on it at its exact version, which npm then finds installed instead of asking the registry.
// `--out <dir>` packs elsewhere (the tests pack into a folder of their own), `--json` prints what it packed as JSON.
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const usage = `Usage: npm run pack -- [--out <dir>] [--json]
  --out   where to write the two tarballs (default: dist/packages/)
  --json  print the packages, their files and the install lines as JSON`;

/** One packed package. */
export interface Packed {
  name: string;
  /** The built package's folder, as it was packed. */
  staging: string;
  /** The path of the .tgz. */
  tarball: string;
  /** The files in the tarball, as npm pack lists them. */
  files: string[];
}

/** What `--json` prints. */
export interface PackResult {
  client: Packed;
  mock: Packed;
  /** The commands to run in a project, in order: the client, then the mock (as a devDependency). */
  install: string[];
}

function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(1);
}

let values: { out?: string; json?: boolean; help?: boolean };
try {
  ({ values } = parseArgs({
    options: { out: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  }));
} catch (error) {
  fail(
    `${(error as Error).message.split(/\.\s/)[0]!.replace(/\.$/, '')}. Run \`npm run pack -- --help\` to see the options.`,
  );
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const out = resolve(values.out ?? join(root, 'dist/packages'));
const build = join(out, 'build');
rmSync(build, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
try {
  await exec(process.execPath, ['--import', 'tsx', join(root, 'scripts/build.ts'), '--out', build], { cwd: root });
} catch (error) {
  const { stdout, stderr } = error as { stdout?: string; stderr?: string };
  fail(`building the packages failed:\n${stdout ?? ''}${stderr ?? ''}`);
}

async function pack(folder: 'client' | 'mock'): Promise<Packed> {
  const staging = join(build, folder);
  const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', out], { cwd: staging });
  const [packed] = JSON.parse(stdout) as { name: string; filename: string; files: { path: string }[] }[];
  if (!packed) fail(`npm pack wrote nothing for ${staging}`);
  return {
    name: packed.name,
    staging,
    tarball: join(out, packed.filename),
    files: packed.files.map((file) => file.path),
  };
}

const client = await pack('client');
const mock = await pack('mock');
const result: PackResult = {
  client,
  mock,
  install: [`npm install ${client.tarball}`, `npm install --save-dev ${mock.tarball}`],
};
if (values.json) console.log(JSON.stringify(result));
else
  console.log(
    [
      `Packed ${client.name} and ${mock.name} into ${out}.`,
      'In your project, install the client, then the emulator if you want it:',
      '',
      ...result.install.map((line) => `  ${line}`),
    ].join('\n'),
  );
