import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import bundledSpec from '../generated/openapi.json' with { type: 'json' };
import { environmentTable } from '../src/emulator/environment.js';
import { resolveLocalRefs } from '../src/emulator/spec/local-refs.js';
import { type OpenApiDocument, SpecDocument } from '../src/emulator/spec/openapi-document.js';
import { normalizationRules } from '../src/recording/normalize.js';
import { type OpenApiDocument as BundledSpec, listOperations } from './helpers/bundled-spec.js';

// The README and the guides in docs/ against the code they describe. The client code they show is examples/*.ts
// (which tsc type-checks and test/client/examples.test.ts runs), with the package name in place of the relative
// import; the tables that repeat a list of the code (the environments, the normalization rules, the browser
// operations' example names) must hold exactly its rows; and every relative link must lead to a file.
const root = fileURLToPath(new URL('..', import.meta.url));
const docsFolder = join(root, 'docs');
const pages = [
  'README.md',
  ...readdirSync(docsFolder)
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const text = (page: string) => readFileSync(join(root, page), 'utf8');
const readme = text('README.md');

/** The content of every ```ts block of a page, indented blocks (in a list item) included, without their indent. */
function tsBlocks(page: string): string[] {
  return [...text(page).matchAll(/^( *)```ts\n([\s\S]*?)^\1```/gm)].map(([, indent, code]) =>
    code!.replace(new RegExp(`^${indent}`, 'gm'), ''),
  );
}

/** The rows of the Markdown table whose header row is exactly `header`, each as its trimmed cells. */
function tableRows(markdown: string, header: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(header);
  expect(start, `a table headed ${header}`).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

const examplesFolder = join(root, 'examples');
/** An example file as a reader copies it: the packages' names in place of the repository's relative imports. */
const asPublished = (path: string) =>
  readFileSync(join(examplesFolder, path), 'utf8')
    .replaceAll("'../src/index.js'", "'passwordless-contract'")
    .replaceAll("'../../src/management.js'", "'passwordless-contract/management'");

describe('examples/*.ts', () => {
  const examples = readdirSync(examplesFolder).filter((name) => name.endsWith('.ts'));
  const shown = pages.flatMap(tsBlocks);

  it.each(examples)('%s is shown as it is in the README or a guide', (name) => {
    expect(shown).toContain(asPublished(name));
  });
});

describe('the README', () => {
  it('fits on a few screens: at most 150 lines', () => {
    expect(readme.trimEnd().split('\n').length).toBeLessThanOrEqual(150);
  });

  it('shows only TypeScript that the tests type-check and run: every ts block is an example file', () => {
    const examples = readdirSync(examplesFolder, { recursive: true, encoding: 'utf8' }).filter((name) =>
      name.endsWith('.ts'),
    );
    const published = examples.map(asPublished);
    for (const block of tsBlocks('README.md')) expect(published, block.split('\n')[0]).toContain(block);
  });

  it('installs the packages by a route that works before they are published: npm run pack, then the registry lines', () => {
    const install = readme.split('\n## Install\n')[1]?.split('\n## ')[0] ?? '';
    const scripts = (JSON.parse(text('package.json')) as { scripts: Record<string, string> }).scripts;
    // test/package/mock-package.test.ts installs the packages by running the lines that script prints.
    expect(install).toContain('`npm run pack`');
    expect(scripts.pack).toBe('tsx scripts/pack.ts');
    expect(install).toMatch(/not on the npm registry yet/i);
    expect(install).toContain('`npm install passwordless-contract`');
    expect(install).toContain('`npm install --save-dev passwordless-contract-mock`');
    // Anywhere else, the bare registry lines would fail today: they appear only in this section.
    const elsewhere = readme.replace(install, '');
    expect(elsewhere).not.toMatch(/npm install (--save-dev )?passwordless-contract/);
  });

  it('lists every difference between the environments, exactly as the settings of src/emulator/environment.ts', () => {
    const rows = tableRows(readme, '| Situation | Production | Development |');
    expect(rows).toEqual(
      environmentTable().map(({ situation, production, development }) => [situation, production, development]),
    );
  });
});

describe('the guides', () => {
  it('docs/recording.md lists every normalization rule of src/recording/normalize.ts, in order', () => {
    const listed = text('docs/recording.md')
      .split('\n')
      .filter((line) => /^- \*\*[\w-]+\*\*: /.test(line));
    expect(listed).toEqual(normalizationRules.map(({ name, rule }) => `- **${name}**: ${rule}`));
  });

  it('docs/client.md lists every member whose validation key differs from its name, as the spec marks them', () => {
    const resolve = <T>(node: unknown) => resolveLocalRefs<T>(bundledSpec, node);
    const expected = listOperations(bundledSpec as unknown as BundledSpec).flatMap(({ method, path, operation }) => {
      const body = resolve<{ content?: Record<string, { schema?: unknown }> } | undefined>(operation.requestBody);
      const schema = resolve<{ properties?: Record<string, unknown> }>(
        body?.content?.['application/json']?.schema ?? {},
      );
      return Object.entries(schema.properties ?? {}).flatMap(([name, property]) => {
        const member = resolve<{ 'x-passwordless-validation-member'?: string }>(property)[
          'x-passwordless-validation-member'
        ];
        if (!member) return [];
        const key = member.charAt(0).toLowerCase() + member.slice(1);
        return [[`\`${method.toUpperCase()} ${path}\``, `\`${name}\``, `\`${key}\``]];
      });
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(tableRows(text('docs/client.md'), '| Operation | Member you send | Key in `errors` |')).toEqual(expected);
  });

  it("docs/emulator.md lists the browser operations' example names as the spec has them", () => {
    const spec = new SpecDocument(bundledSpec as unknown as OpenApiDocument, 'generated/openapi.json');
    const rows = tableRows(text('docs/emulator.md'), '| Operation | Example names |');
    const browserOperations = ['/register/begin', '/register/complete', '/signin/begin', '/signin/complete'];
    expect(rows.map(([operation]) => operation)).toEqual(browserOperations.map((path) => `\`${path}\``));
    for (const [operation, names] of rows) {
      const entry = spec.operations.find(
        (candidate) => `\`${candidate.template}\`` === operation && candidate.method === 'post',
      )!;
      const inSpec = spec.statuses(entry).flatMap((status) => [...spec.responseExamples(entry, status).keys()]);
      const listed = names!.split(', ').map((name) => name.replaceAll('`', ''));
      expect(listed.toSorted(), operation).toEqual(inSpec.filter((name) => name !== 'default').toSorted());
    }
  });
});

describe('relative links', () => {
  it.each(pages)('in %s lead to files that exist', (page) => {
    const prose = text(page).replace(/^( *)```[\s\S]*?^\1```/gm, '');
    const targets = [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map(([, target]) => target!);
    const broken = targets
      .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'))
      .map((target) => relative(root, join(root, dirname(page), decodeURIComponent(target.split('#')[0]!))))
      .filter((path) => !existsSync(join(root, path)));
    expect(broken).toEqual([]);
  });
});
