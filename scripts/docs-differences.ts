// The docs' "Differences from the official docs" section, gathered from `x-passwordless-official-docs`: at the root for
// the whole API, and on each operation for that operation. The operations' own descriptions then speak only of the API.
import { operationAnchor, sectionAnchor } from './docs-anchors.js';
import { DocsError } from './docs-error.js';

export const differencesTag = 'Differences from the official docs';
const extension = 'x-passwordless-official-docs';
const officialDocs = 'https://docs.passwordless.dev';

interface OfficialDocs {
  /** false when the official docs do not describe the operation at all. */
  documented: boolean;
  differences: string[];
}

export interface DocumentedOperation {
  method: string;
  path: string;
  operation: { operationId?: string; summary?: string; tags?: string[]; [key: string]: unknown };
}

/** The extension's value, checked: `{ documented?: boolean, differences?: string[] }`, nothing else. */
export function officialDocsOf(node: Record<string, unknown>, where: string): OfficialDocs {
  const value = node[extension];
  if (value === undefined) return { documented: true, differences: [] };
  const { documented = true, differences = [], ...rest } = value as Record<string, unknown>;
  const problem =
    typeof value !== 'object' || value === null || Array.isArray(value)
      ? 'is not an object'
      : Object.keys(rest).length
        ? `has unknown members (${Object.keys(rest).join(', ')})`
        : typeof documented !== 'boolean'
          ? 'has a `documented` that is not a boolean'
          : !Array.isArray(differences) || differences.some((d) => typeof d !== 'string' || d.trim() === '')
            ? 'has `differences` that are not a list of sentences'
            : documented && differences.length === 0
              ? 'says nothing: give `documented: false` or `differences`'
              : undefined;
  if (problem) throw new DocsError(`${where}: ${extension} ${problem}.`);
  return { documented: documented as boolean, differences: differences as string[] };
}

const operationLink = ({ method, path, operation }: DocumentedOperation) =>
  `[\`${method.toUpperCase()} ${path}\`](${operationAnchor(operation, `${method.toUpperCase()} ${path}`)})`;

/** Where an operation's differences are listed on the page, if it has any. */
export function differencesAnchor(entry: DocumentedOperation): string | undefined {
  const where = `${entry.method.toUpperCase()} ${entry.path}`;
  const { differences } = officialDocsOf(entry.operation, where);
  if (differences.length === 0) return undefined;
  if (!entry.operation.summary) throw new DocsError(`${where} needs a summary to head its differences.`);
  return sectionAnchor(differencesTag, entry.operation.summary);
}

/** The section's markdown, and how many operations it covers. */
export function differencesMarkdown(root: Record<string, unknown>, operations: DocumentedOperation[]) {
  const general = officialDocsOf(root, 'The spec root');
  if (!general.documented) throw new DocsError(`The spec root: ${extension} cannot say \`documented: false\`.`);
  const described = operations.map((entry) => ({
    entry,
    docs: officialDocsOf(entry.operation, `${entry.method.toUpperCase()} ${entry.path}`),
  }));
  const missing = described.filter(({ docs }) => !docs.documented);
  const differing = described.filter(({ docs }) => docs.differences.length > 0);
  const bullets = (sentences: string[]) => sentences.map((sentence) => `- ${sentence}`).join('\n');
  const sections = [
    `The [official docs](${officialDocs}) and this reference do not always agree: this reference follows what the ` +
      'server does (`bitwarden/passwordless-server`). What the official docs say otherwise, or not at all, is ' +
      'gathered here, so that the operations speak only of the API. Start here when code written from the official ' +
      'docs, or from an SDK that follows them, does not behave as expected.',
  ];
  if (general.differences.length) sections.push(`### Across the API\n\n${bullets(general.differences)}`);
  if (missing.length) {
    sections.push(
      `### Operations the official docs leave out\n\nThe official docs do not describe these ${missing.length} operations:\n\n` +
        bullets(
          missing.map(
            ({ entry }) => `${operationLink(entry)}: ${entry.operation.summary ?? entry.operation.operationId}`,
          ),
        ),
    );
  }
  for (const { entry, docs } of differing) {
    sections.push(`### ${entry.operation.summary}\n\n${operationLink(entry)}\n\n${bullets(docs.differences)}`);
  }
  return { markdown: sections.join('\n\n'), differing: differing.length, missing: missing.length };
}
