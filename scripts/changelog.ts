// One release's section of docs/changelog.md, made from the spec diff (scripts/spec-changes.ts) and the lines
// release/next.yaml adds: Breaking, Added, Changed and Fixed, each operation linked to its place on the docs page that
// `npm start` serves, with what changed where and, folded, every change line.
import { operationAnchor } from './docs-anchors.js';
import type { NextRelease } from './release-plan.js';
import type { SpecChange } from './spec-changes.js';
import type { Spec } from './spec-source.js';

export const changelogFile = 'docs/changelog.md';
/** The docs page of `npm start` (and of `npx passwordless-mock`), where each operation has an anchor. */
const docsPage = 'http://127.0.0.1:4010/docs';

type Category = 'Breaking' | 'Added' | 'Changed' | 'Fixed';

const categoryOf = (change: SpecChange): Category =>
  change.level === 'breaking'
    ? 'Breaking'
    : change.level === 'docs'
      ? 'Fixed'
      : change.action === 'add'
        ? 'Added'
        : 'Changed';

/** Where in its operation a change is: the request body, the parameters, a response, or the operation itself. */
function areaOf(pointer: string): string {
  if (!pointer.startsWith('/paths/')) return pointer.startsWith('/components/schemas/') ? 'schema' : 'document';
  const keys = pointer.split('/').slice(4);
  if (keys[0] === 'requestBody') return 'request body';
  if (keys[0] === 'parameters') return 'parameters';
  if (keys[0] === 'responses' && keys[1]) return `response ${keys[1]}`;
  return 'operation';
}

/** A Markdown link to the operation on the docs page, from whichever spec still has it. */
function operationLink(name: string, specs: Spec[]): string {
  const [method, path] = name.split(' ');
  for (const spec of specs) {
    const operation = (spec.paths as Record<string, Record<string, unknown>> | undefined)?.[path ?? '']?.[
      (method ?? '').toLowerCase()
    ] as { operationId?: string; tags?: string[] } | undefined;
    if (operation?.operationId && operation.tags?.length) {
      return `[\`${name}\`](${docsPage}${operationAnchor(operation, name)})`;
    }
  }
  return `\`${name}\``;
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface SectionInput {
  version: string;
  previousVersion: string;
  date: string;
  changes: SpecChange[];
  declaration: NextRelease;
  /** The released spec and the previous one, to link operations that one of them no longer has. */
  specs: Spec[];
}

export function changelogSection({
  version,
  previousVersion,
  date,
  changes,
  declaration,
  specs,
}: SectionInput): string {
  const lines = [`## ${version} (${date})`, ''];
  const count = (level: SpecChange['level']) => changes.filter((change) => change.level === level).length;
  lines.push(
    `Compared with ${previousVersion}: ${count('breaking')} breaking, ${count('compatible')} compatible and ` +
      `${count('docs')} documentation changes of the spec (\`npm run spec:diff -- <${previousVersion} spec> <${version} spec>\` lists them).`,
    '',
  );
  if (declaration.breaking) lines.push(`**Breaking:** ${declaration.breaking}`, '');
  const categories: Category[] = ['Breaking', 'Added', 'Changed', 'Fixed'];
  for (const category of categories) {
    const inCategory = changes.filter((change) => categoryOf(change) === category);
    const extra = category === 'Changed' ? declaration.changed : category === 'Fixed' ? declaration.fixed : [];
    if (inCategory.length === 0 && extra.length === 0) continue;
    lines.push(`### ${category}`, '');
    for (const line of extra) lines.push(`- ${line}`);
    const byOperation = new Map<string, SpecChange[]>();
    for (const change of inCategory)
      byOperation.set(change.operation, [...(byOperation.get(change.operation) ?? []), change]);
    for (const [operation, operationChanges] of [...byOperation].sort(([a], [b]) => a.localeCompare(b))) {
      const areas = [...new Set(operationChanges.map((change) => areaOf(change.pointer)))];
      const name = operation.includes(' ') ? operationLink(operation, specs) : `\`${operation}\``;
      lines.push(`- ${name}: ${areas.join(', ')}`);
      lines.push(
        `  <details><summary>${operationChanges.length} change${operationChanges.length === 1 ? '' : 's'}</summary>`,
        '',
        ...operationChanges.map((change) => `  - ${escapeHtml(change.what)}`),
        '',
        '  </details>',
      );
    }
    lines.push('');
  }
  if (changes.length === 0 && !declaration.fixed.length && !declaration.changed.length) {
    lines.push('No change to the spec.', '');
  }
  return lines.join('\n');
}

/** The changelog with `section` inserted above the newest release (below the file's introduction). */
export function withSection(changelog: string, section: string): string {
  const firstRelease = changelog.search(/^## /m);
  if (firstRelease < 0) return `${changelog.trimEnd()}\n\n${section.trimEnd()}\n`;
  return `${changelog.slice(0, firstRelease)}${section.trimEnd()}\n\n${changelog.slice(firstRelease)}`;
}
