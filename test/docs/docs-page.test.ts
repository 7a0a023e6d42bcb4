// The published docs page (dist/docs/index.html), read with an HTML parser, without a browser: what Redoc prerendered
// (the introduction, the menu), that it loads nothing from the network, and the API description its hydration script
// hands to Redoc, which must carry every operation's summary, path, examples and samples, each error response's own
// codes with their links, the Error codes and Differences sections, and only links that land somewhere. Redoc's
// rendering of that description in Chromium is test/browser/docs-page.test.ts. Expectations are read from
// generated/openapi.json, never copied here.
import { describe, expect, it } from 'vitest';
import { operationAnchor, sectionAnchor } from '../../scripts/docs-anchors.js';
import { resolveLocalRefs } from '../../src/emulator/spec/local-refs.js';
import { listOperations, loadBundledSpec, type OpenApiOperation } from '../helpers/bundled-spec.js';
import { attribute, elements, loadDocsPage, visibleText } from '../helpers/docs-page-html.js';

interface CatalogEntry {
  status: number[];
  meaning: string;
  remedy: string;
}
interface ExampleObject {
  summary?: string;
  value?: unknown;
}
interface ResponseObject {
  description?: string;
  content?: Record<string, { schema?: unknown; examples?: Record<string, unknown> }>;
}
interface OfficialDocs {
  documented?: boolean;
  differences?: string[];
}
interface Tag {
  name: string;
  description?: string;
}

const errorsTag = 'Error codes';
const differencesTag = 'Differences from the official docs';
const spec = loadBundledSpec();
const operations = listOperations(spec);
const errorCodeSchema = spec.components.schemas.ErrorCode as {
  enum: string[];
  'x-passwordless-error-catalog': Record<string, CatalogEntry>;
};
const page = loadDocsPage();
const { definition } = page;
const tags = (definition.tags ?? []) as Tag[];
const tagDescription = (name: string) => tags.find((tag) => tag.name === name)?.description ?? '';

/** Follows a local $ref in the spec, or in the description the page renders. */
const inSpec = <T>(node: unknown): T => resolveLocalRefs<T>(spec, node);
const onPage = <T>(node: unknown): T => resolveLocalRefs<T>(definition, node);

/** The operation as the page renders it. */
const shown = (method: string, path: string) => definition.paths[path]?.[method] as OpenApiOperation | undefined;

/** The named examples of a response, as `label → value`. */
function examplesOf(response: unknown, resolve: <T>(node: unknown) => T): Record<string, unknown> {
  const media = Object.values(resolve<ResponseObject>(response).content ?? {})[0];
  return Object.fromEntries(
    Object.entries(media?.examples ?? {}).map(([name, example]) => {
      const { summary, value } = resolve<ExampleObject>(example);
      return [summary ?? name, value];
    }),
  );
}

/** The errorCodes an error response's examples carry, `null` as 'null': what the page should list for it. */
function responseCodes(response: unknown): string[] {
  const codes = new Set<string>();
  for (const value of Object.values(examplesOf(response, inSpec))) {
    if (value && typeof value === 'object' && 'errorCode' in value)
      codes.add(String((value as { errorCode: unknown }).errorCode));
  }
  return [...codes].sort();
}

/** Every `errorCode` property schema inside a response schema, through $refs and combiners. */
function errorCodeProperties(schema: unknown, seen = new Set<unknown>()): { enum?: unknown[]; description?: string }[] {
  const node = onPage<Record<string, unknown> | undefined>(schema);
  if (!node || typeof node !== 'object' || seen.has(node)) return [];
  seen.add(node);
  const found: { enum?: unknown[]; description?: string }[] = [];
  const properties = node.properties as Record<string, unknown> | undefined;
  if (properties?.errorCode) found.push(onPage(properties.errorCode));
  for (const combiner of ['allOf', 'anyOf', 'oneOf'] as const)
    for (const part of (node[combiner] as unknown[] | undefined) ?? []) found.push(...errorCodeProperties(part, seen));
  return found;
}

/** The markdown links `[text](#/…)` of a text, as `{ text, target }`. */
function localLinks(markdown: string): { text: string; target: string }[] {
  return [...markdown.matchAll(/\[([^\]]+)\]\((#\/[^)\s]*)\)/g)].map(([, text, target]) => ({
    text: text!,
    target: target!,
  }));
}

/** Markdown shows `code` without its backticks. */
const rendered = (markdown: string) => markdown.replaceAll('`', '');

describe('the page as served', () => {
  it('loads nothing from the network: no script, stylesheet, image or icon from another host', () => {
    const loaded = elements(page.document, (element) => ['script', 'link', 'img', 'iframe'].includes(element.tagName))
      .flatMap((element) => [attribute(element, 'src'), attribute(element, 'href')])
      .filter((address): address is string => address !== undefined);
    expect(loaded.filter((address) => /^(https?:)?\/\//.test(address))).toEqual([]);
    const icon = elements(
      page.document,
      (element) => element.tagName === 'link' && attribute(element, 'rel') === 'icon',
    );
    expect(icon.map((element) => attribute(element, 'href'))).toEqual(['data:,']);
  });

  it('prerenders the introduction: the title and each section of the description', () => {
    const title = (spec.info as { title: string; description: string }).title;
    const [heading] = elements(page.app, (element) => element.tagName === 'h1');
    expect(heading && visibleText(heading)).toContain(title);
    const sections = (spec.info as { description: string }).description
      .split('\n')
      .filter((line) => line.startsWith('## '))
      .map((line) => line.slice(3).trim());
    expect(sections.length).toBeGreaterThan(0);
    const headings = elements(page.app, (element) => element.tagName === 'h2').map(visibleText);
    for (const section of sections) expect(headings, section).toContain(section);
  });

  it('prerenders a menu entry for every tag, and Redoc addresses each as the docs build links to it', () => {
    const entries = elements(page.app, (element) => attribute(element, 'data-component-name') === 'Menu/MenuItem');
    const addresses = new Map(
      entries.flatMap((entry) => {
        const [link] = elements(entry, (element) => element.tagName === 'a');
        const [label] = elements(entry, (element) => attribute(element, 'data-text') !== undefined);
        return link && label ? [[attribute(label, 'data-text')!, attribute(link, 'href')!] as const] : [];
      }),
    );
    const groups = (spec['x-tagGroups'] as { tags: string[] }[]).flatMap((group) => group.tags);
    for (const tag of [...groups, errorsTag, differencesTag]) {
      // Redoc's own address for the tag, `/<slug>`, is what the docs build writes as `#/<slug>`.
      expect(addresses.get(tag), `the menu entry of ${tag}`).toBe(sectionAnchor(tag).slice(1));
    }
  });
});

describe('every operation', () => {
  it("is addressed by Redoc's one rule: its tag's address, then its operationId in lower case", () => {
    // The tags' addresses are checked against the prerendered menu above; an operationId of letters and digits only
    // leaves nothing else to the slug rule, which test/browser/docs-page.test.ts follows for one operation.
    for (const { path, operation } of operations) {
      expect(operation.operationId).toMatch(/^[A-Za-z0-9]+$/);
      const tag = (operation.tags as string[])[0]!;
      expect(operationAnchor(operation, path)).toBe(`${sectionAnchor(tag)}/${operation.operationId.toLowerCase()}`);
    }
  });

  it('the page renders exactly the operations of the spec', () => {
    const onThePage = Object.entries(definition.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((method) => ['get', 'put', 'post', 'delete', 'patch'].includes(method))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(onThePage.sort()).toEqual(operations.map(({ method, path }) => `${method.toUpperCase()} ${path}`).sort());
  });

  it.each(operations.map((entry) => [entry.operation.operationId, entry] as const))(
    '%s: its summary, tag, responses and each response example',
    (_, { method, path, operation }) => {
      const page = shown(method, path)!;
      expect(page.summary).toBe(operation.summary);
      expect(page.operationId).toBe(operation.operationId);
      expect((page.tags as string[])[0], 'the tag it is listed under').toBe((operation.tags as string[])[0]);
      expect(Object.keys(page.responses)).toEqual(Object.keys(operation.responses));
      for (const [status, response] of Object.entries(operation.responses)) {
        expect(examplesOf(page.responses[status], onPage), `${status} examples`).toEqual(examplesOf(response, inSpec));
      }
    },
  );

  it.each(operations.map((entry) => [entry.operation.operationId, entry] as const))(
    '%s: its curl and TypeScript samples, as the spec publishes them',
    (_, { method, path, operation }) => {
      const samples = operation['x-codeSamples'] as { label: string; source: string }[];
      expect(samples.map((sample) => sample.label)).toEqual(['curl', 'TypeScript']);
      expect(shown(method, path)!['x-codeSamples']).toEqual(samples);
    },
  );

  it('Redoc is told to show both sample labels', () => {
    const languages = (page.options.codeSamples as { languages: { lang: string; label?: string }[] }).languages;
    expect(languages.map((language) => language.label ?? language.lang)).toEqual(
      expect.arrayContaining(['curl', 'TypeScript']),
    );
  });

  it.each(operations.map((entry) => [entry.operation.operationId, entry] as const))(
    '%s: each error response lists only the errorCodes it answers with, each linked to its entry',
    (_, { method, path, operation }) => {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!/^[45]/.test(status)) continue;
        const expected = responseCodes(response);
        const media = Object.values(onPage<ResponseObject>(shown(method, path)!.responses[status]).content ?? {});
        const properties = media.flatMap((entry) => errorCodeProperties(entry.schema));
        const where = `${operation.operationId} ${status}`;
        if (expected.length === 0) {
          // No errorCode at all in these answers (401s, 500s, validation): the schema shows none.
          expect(properties, `${where}: no errorCode`).toEqual([]);
          continue;
        }
        expect(properties.length, `${where}: an errorCode`).toBeGreaterThan(0);
        for (const property of properties) {
          expect((property.enum ?? []).map(String).sort(), `${where}: the errorCodes shown`).toEqual(expected);
          const linked = localLinks(property.description ?? '').map((link) => link.target);
          const codes = expected.filter((code) => code !== 'null');
          expect(linked, `${where}: each code links to its entry`).toEqual(
            codes.length === 0 ? [] : expect.arrayContaining(codes.map((code) => sectionAnchor(errorsTag, code))),
          );
        }
      }
    },
  );
});

describe('the Error codes section', () => {
  const markdown = tagDescription(errorsTag);
  const catalog = errorCodeSchema['x-passwordless-error-catalog'];

  it('lists every errorCode with its status, meaning, remedy, the operations that raise it and its docs address', () => {
    expect(errorCodeSchema.enum.length).toBeGreaterThan(0);
    const entries = markdown.split(/^### /m).slice(1);
    expect(entries.map((entry) => entry.split('\n')[0])).toEqual(errorCodeSchema.enum);
    for (const code of errorCodeSchema.enum) {
      const text = entries.find((entry) => entry.split('\n')[0] === code)!;
      const entry = catalog[code]!;
      for (const status of entry.status) expect(text, `${code}: status`).toContain(`\`${status}\``);
      expect(text, `${code}: meaning`).toContain(entry.meaning);
      expect(text, `${code}: remedy`).toContain(entry.remedy);
      const raisedBy = operations.filter(({ operation }) => operation['x-passwordless-error-codes']?.includes(code));
      expect(
        localLinks(text).map(({ text, target }) => `${rendered(text)} → ${target}`),
        `${code}: "Raised by"`,
      ).toEqual(
        raisedBy.map(
          ({ method, path, operation }) =>
            `${method.toUpperCase()} ${path} (${operation.summary}) → ${operationAnchor(operation, path)}`,
        ),
      );
      const address = `https://docs.passwordless.dev/guide/errors.html#${code}`;
      expect(text, `${code}: docs address`).toContain(`[${address}](${address})`);
    }
  });

  it.each(operations.map((entry) => [entry.operation.operationId, entry] as const))(
    '%s: its description links each of its codes, with the statuses it comes with',
    (_, { method, path, operation }) => {
      const codes = operation['x-passwordless-error-codes'] ?? [];
      const description = String(shown(method, path)!.description ?? '');
      for (const code of codes) expect(description).toContain(`[\`${code}\`](${sectionAnchor(errorsTag, code)})`);
      if (codes.length === 0) expect(description).toContain('**Error codes:** none');
    },
  );
});

describe('the Differences from the official docs section', () => {
  const markdown = tagDescription(differencesTag);
  const officialDocs = (node: unknown) =>
    (node as Record<string, unknown>)['x-passwordless-official-docs'] as OfficialDocs | undefined;

  it('lists the differences across the API and the operations the official docs leave out', () => {
    for (const sentence of officialDocs(spec)?.differences ?? []) expect(markdown).toContain(sentence);
    const undocumented = operations.filter(({ operation }) => officialDocs(operation)?.documented === false);
    expect(undocumented.length).toBeGreaterThan(0);
    const leftOut = markdown.split('### Operations the official docs leave out')[1]?.split('\n### ')[0] ?? '';
    for (const { method, path, operation } of undocumented) {
      expect(localLinks(leftOut), `${path} is left out`).toContainEqual({
        text: `\`${method.toUpperCase()} ${path}\``,
        target: operationAnchor(operation, path),
      });
    }
  });

  it("links each operation's differences to and from the operation", () => {
    const differing = operations.filter(({ operation }) => officialDocs(operation)?.differences?.length);
    expect(differing.length).toBeGreaterThan(0);
    for (const { method, path, operation } of differing) {
      const entry = markdown.split(`### ${operation.summary}\n`)[1]?.split('\n### ')[0] ?? '';
      expect(localLinks(entry), `${operation.operationId}: back to the operation`).toContainEqual({
        text: `\`${method.toUpperCase()} ${path}\``,
        target: operationAnchor(operation, path),
      });
      for (const sentence of officialDocs(operation)!.differences!)
        expect(entry, operation.operationId).toContain(sentence);
      expect(localLinks(String(shown(method, path)!.description))).toContainEqual({
        text: 'they differ',
        target: sectionAnchor(differencesTag, operation.summary),
      });
    }
  });

  it('the operations themselves no longer speak of the official docs', () => {
    for (const { operation } of operations)
      expect(String(operation.description ?? ''), operation.operationId).not.toMatch(/\bdocs\b/i);
  });
});

describe('links inside the page', () => {
  /** Every place the page can show, by the address the docs build gives it. */
  const places = new Set<string>([
    ...operations.map(({ path, operation }) => operationAnchor(operation, path)),
    ...tags.map((tag) => sectionAnchor(tag.name)),
    ...tags.flatMap((tag) =>
      (tag.description ?? '')
        .split('\n')
        .filter((line) => line.startsWith('### '))
        .map((line) => sectionAnchor(tag.name, line.slice(4))),
    ),
  ]);
  /** Every markdown text of the description: the introduction, the tags and the operations with their responses. */
  const texts = [
    String((definition.info as { description?: string }).description ?? ''),
    ...tags.map((tag) => tag.description ?? ''),
    ...Object.values(definition.paths).flatMap((item) =>
      Object.values(item).map((operation) => JSON.stringify(operation)),
    ),
  ];

  it('every local link leads to an operation, a section or a heading the page has', () => {
    const links = texts.flatMap((text) => localLinks(text.replaceAll('\\"', '"')));
    expect(links.length).toBeGreaterThan(operations.length);
    expect(links.filter((link) => !places.has(link.target)).map((link) => `${link.text} → ${link.target}`)).toEqual([]);
  });
});
