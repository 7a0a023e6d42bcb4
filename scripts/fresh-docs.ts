// The docs page as `npm run docs` builds it (dist/docs/index.html), built again only when it is missing or older than
// what it is built from: `npm start` calls this before the mock starts, never while it serves the page, and the
// browser test calls it because CI runs only `npm test`.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
export const docsPage = `${root}dist/docs/index.html`;
// The spec, the build script and the modules it is split into (scripts/docs-*.ts), and the Redoc settings.
const buildScripts = readdirSync(`${root}scripts`)
  .filter((name) => /^docs(-[\w-]+)?\.ts$/.test(name))
  .map((name) => `scripts/${name}`);
const sources = ['generated/openapi.json', 'redocly.yaml', ...buildScripts].map((path) => `${root}${path}`);

export function isDocsPageFresh(): boolean {
  const builtAt = existsSync(docsPage) ? statSync(docsPage).mtimeMs : 0;
  return sources.every((source) => statSync(source).mtimeMs <= builtAt);
}

export function ensureFreshDocs(): void {
  if (isDocsPageFresh()) return;
  console.error('Building the API docs (dist/docs/index.html is missing or older than the spec)…');
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/docs.ts'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
