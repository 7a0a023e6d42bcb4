// Links inside the docs page. Redoc 3 routes by hash: a tag is `#/<tag>`, an operation `#/<tag>/<operationId>`, and a
// heading of a tag's description `#/<tag>/<heading>`, each part slugged as the slugify package does by default (lower
// case, spaces as hyphens, punctuation other than $*_+~.()'"!:@- left out). The docs test follows these links.
import { DocsError } from './docs-error.js';

const slug = (text: string) =>
  text
    .trim()
    .toLowerCase()
    .replace(/[^\w\s$*+~.()'"!:@-]/g, '')
    .replace(/\s+/g, '-');

/** The address of a tag's section, or of a heading in its description. */
export const sectionAnchor = (tag: string, heading?: string) =>
  `#/${slug(tag)}${heading === undefined ? '' : `/${slug(heading)}`}`;

/** The address of an operation, which Redoc shows under its first tag. */
export function operationAnchor(operation: { operationId?: string; tags?: string[] }, where: string): string {
  const tag = operation.tags?.[0];
  if (!tag || !operation.operationId)
    throw new DocsError(`${where}: an operation needs a tag and an operationId to be linked to`);
  return `#/${slug(tag)}/${slug(operation.operationId)}`;
}
