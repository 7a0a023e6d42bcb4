// The built docs page (dist/docs/index.html) read as a browser receives it, with a real HTML parser (parse5): the
// HTML Redoc prerendered (the introduction and the menu), every element the page loads, and the API description and
// options its hydration script hands to Redoc, from which Redoc renders every operation in the reader's browser.
import { readFileSync } from 'node:fs';
import { type DefaultTreeAdapterMap, parse } from 'parse5';
import { docsPage, ensureFreshDocs } from '../../scripts/fresh-docs.js';

type ChildNode = DefaultTreeAdapterMap['childNode'];
export type Element = DefaultTreeAdapterMap['element'];
type ParentNode = DefaultTreeAdapterMap['parentNode'];

const isElement = (node: ChildNode): node is Element => 'tagName' in node;

/** Every element under `root`, in document order, that `matches`. */
export function elements(root: ParentNode, matches: (element: Element) => boolean = () => true): Element[] {
  const found: Element[] = [];
  const visit = (node: ParentNode) => {
    for (const child of node.childNodes) {
      if (!isElement(child)) continue;
      if (matches(child)) found.push(child);
      // A <template>'s children live in its content fragment.
      visit(child.tagName === 'template' ? (child as DefaultTreeAdapterMap['template']).content : child);
    }
  };
  visit(root);
  return found;
}

/** The value of an attribute, or undefined. */
export const attribute = (element: Element, name: string) => element.attrs.find((a) => a.name === name)?.value;

/** The text inside an element, as textContent gives it. */
export function textOf(node: ParentNode): string {
  return node.childNodes
    .map((child) =>
      'value' in child && child.nodeName === '#text' ? child.value : 'childNodes' in child ? textOf(child) : '',
    )
    .join('');
}

/** The same text with runs of white space as one space, as a reader sees it. */
export const visibleText = (node: ParentNode) => textOf(node).replace(/\s+/g, ' ').trim();

export interface DocsPage {
  document: DefaultTreeAdapterMap['document'];
  /** The element Redoc hydrates, holding what it prerendered. */
  app: Element;
  /** The OpenAPI description the page renders (the bundled spec plus the sections the docs build derives). */
  definition: Record<string, unknown> & { paths: Record<string, Record<string, Record<string, unknown>>> };
  /** The Redoc options baked into the page. */
  options: Record<string, unknown>;
}

/** The value of `const <name> = <JSON>;` in a script: the docs build writes the description and options so. */
function assignedJson(script: string, name: string): Record<string, unknown> {
  const start = script.indexOf(`const ${name} = `);
  if (start < 0) throw new Error(`The page's hydration script assigns no ${name}.`);
  const from = start + `const ${name} = `.length;
  const end = script.indexOf(';\n', from);
  return JSON.parse(script.slice(from, end)) as Record<string, unknown>;
}

/** The docs page as built now (built first when it is missing or older than what it is built from). */
export function loadDocsPage(): DocsPage {
  ensureFreshDocs();
  const document = parse(readFileSync(docsPage, 'utf8'));
  const [app] = elements(document, (element) => attribute(element, 'id') === 'redoc');
  if (!app) throw new Error(`${docsPage} has no #redoc element.`);
  const hydration = elements(document, (element) => element.tagName === 'script')
    .map(textOf)
    .find((text) => text.includes('hydrate(__redoc_definition'));
  if (!hydration) throw new Error(`${docsPage} has no script that hydrates Redoc.`);
  return {
    document,
    app,
    definition: assignedJson(hydration, '__redoc_definition') as DocsPage['definition'],
    options: assignedJson(hydration, '__redoc_options'),
  };
}
