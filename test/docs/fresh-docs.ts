// The docs page as `npm run docs` builds it. CI runs only `npm test`, so the browser test builds the page itself when
// it is missing or older than what it is built from.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const docsPage = `${root}dist/docs/index.html`;
// The spec, the build script and the modules it is split into (scripts/docs-*.ts), and the Redoc settings.
const buildScripts = readdirSync(`${root}scripts`).filter((name) => /^docs(-[\w-]+)?\.ts$/.test(name)).map((name) => `scripts/${name}`);
const sources = ['generated/openapi.json', 'redocly.yaml', ...buildScripts].map((path) => `${root}${path}`);

export function ensureFreshDocs(): void {
  const builtAt = existsSync(docsPage) ? statSync(docsPage).mtimeMs : 0;
  if (sources.every((source) => statSync(source).mtimeMs <= builtAt)) return;
  execFileSync(`${root}node_modules/.bin/tsx`, ['scripts/docs.ts'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
