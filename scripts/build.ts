// `npm run build`: both packages, ready to pack. Into each package's folder (packages/client, packages/mock, or the
// same names under --out): its dist/ from tsup.config.ts, the LICENSE, and for the client the bundled spec
// (openapi.json, openapi.yaml), for the mock the docs page it serves at /docs (dist/docs/index.html). With --out, the
// manifests and READMEs are copied there too, so a test can pack a build without touching packages/.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'tsup';
import { packageBuilds } from '../tsup.config.js';
import { docsPage, isDocsPageFresh } from './fresh-docs.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const usage = `Usage: npm run build -- [--out <dir>]
  --out  where to write the packages' folders, client/ and mock/ (default: packages/)`;

function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(1);
}

let values: { out?: string; help?: boolean };
try {
  ({ values } = parseArgs({ options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
} catch (error) {
  fail(
    `${(error as Error).message.split(/\.\s/)[0]!.replace(/\.$/, '')}. Run \`npm run build -- --help\` to see the options.`,
  );
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
for (const file of ['generated/openapi.json', 'generated/openapi.yaml', 'generated/openapi.ts']) {
  if (!existsSync(join(root, file))) fail(`${file} does not exist; run \`npm run generate\` first.`);
}

const out = resolve(values.out ?? join(root, 'packages'));
const copy = (from: string, to: string) => {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
};

for (const options of packageBuilds(out)) await build({ ...options, config: false, silent: true });
// tsup builds every entry in both formats; the command runs as ES module only (its package.json points at bin.js).
rmSync(join(out, 'mock/dist/bin.cjs'));

for (const name of ['client', 'mock']) {
  if (out !== join(root, 'packages')) {
    for (const file of ['package.json', 'README.md']) copy(join(root, 'packages', name, file), join(out, name, file));
  }
  copy(join(root, 'LICENSE'), join(out, name, 'LICENSE'));
}
for (const file of ['openapi.json', 'openapi.yaml']) copy(join(root, 'generated', file), join(out, 'client', file));

// The repository's docs page when it is fresh; otherwise built straight into the package, leaving dist/ alone.
const mockDocs = join(out, 'mock/dist/docs/index.html');
if (isDocsPageFresh()) copy(docsPage, mockDocs);
else
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/docs.ts', '--out', mockDocs], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });

console.log(`Built passwordless-contract and passwordless-contract-mock into ${out}`);
