// Builds the API docs (dist/docs/index.html) with Redocly's build-docs from the bundled spec, as one HTML file that
// works with no network. Before building it derives, from the spec itself, a "Reference" part of the menu: an "Error
// codes" section (the ErrorCode schema's x-passwordless-error-catalog and every operation's
// x-passwordless-error-codes) and a "Differences from the official docs" section (x-passwordless-official-docs); and it
// narrows each error response to the codes its operation answers with. Nothing here is kept by hand.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { followLocalRefs } from '../src/emulator/spec/local-refs.js';
import { operationAnchor, sectionAnchor } from './docs-anchors.js';
import {
  type DocumentedOperation,
  differencesAnchor,
  differencesMarkdown,
  differencesTag,
} from './docs-differences.js';
import { DocsError } from './docs-error.js';
import { narrowErrorResponses } from './docs-error-narrowing.js';

const root = new URL('..', import.meta.url).pathname;

const usage =
  'Usage: npm run docs -- [--spec <file>] [--out <file>]\n' +
  '  --spec  the bundled spec (default generated/openapi.json; run `npm run generate` first)\n' +
  '  --out   where to write the page (default dist/docs/index.html)';

let values: { spec: string; out: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      spec: { type: 'string', default: join(root, 'generated/openapi.json') },
      out: { type: 'string', default: join(root, 'dist/docs/index.html') },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  console.error(`${(error as Error).message}\n\n${usage}`);
  process.exit(1);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const errorsTag = 'Error codes';
const errorsTagGroup = 'Reference';
const errorDocsBase = 'https://docs.passwordless.dev/guide/errors.html#';
const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  'x-passwordless-error-codes'?: unknown;
  'x-passwordless-idempotent'?: boolean;
}
interface CatalogEntry {
  status: number[];
  meaning: string;
  remedy: string;
}
interface Spec {
  tags?: { name: string; description?: string; [key: string]: unknown }[];
  'x-tagGroups'?: { name: string; tags: string[] }[];
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, Record<string, unknown>> };
  [key: string]: unknown;
}

function loadSpec(path: string): Spec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new DocsError(`Cannot read the bundled spec at ${path}. Run \`npm run generate\` first.`);
  }
  let spec: Spec;
  try {
    spec = JSON.parse(text);
  } catch (error) {
    throw new DocsError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof spec !== 'object' || spec === null || typeof spec.paths !== 'object') {
    throw new DocsError(`${path} is not an OpenAPI document (it has no paths).`);
  }
  // The generated-file notice is for people opening the JSON, not for the docs.
  delete spec['x-generated'];
  return spec;
}

/** Every errorCode with its catalog entry and the operations that list it, in the ErrorCode enum's order. */
function errorCatalog(spec: Spec) {
  const schema = spec.components?.schemas?.ErrorCode;
  const codes = schema?.enum;
  const catalog = schema?.['x-passwordless-error-catalog'] as Record<string, CatalogEntry> | undefined;
  if (!Array.isArray(codes) || typeof catalog !== 'object' || catalog === null) {
    throw new DocsError('components.schemas.ErrorCode needs an enum and an x-passwordless-error-catalog.');
  }
  const raisedBy = new Map<string, { method: string; path: string; summary: string; anchor: string }[]>(
    codes.map((c) => [c, []]),
  );
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of httpMethods) {
      const operation = item[method] as Operation | undefined;
      if (!operation) continue;
      const listed = operation['x-passwordless-error-codes'] ?? [];
      if (!Array.isArray(listed))
        throw new DocsError(`${method.toUpperCase()} ${path}: x-passwordless-error-codes is not a list.`);
      for (const code of listed) {
        const operations = raisedBy.get(code);
        if (!operations)
          throw new DocsError(`${method.toUpperCase()} ${path} lists "${code}", which is not an ErrorCode.`);
        const where = `${method.toUpperCase()} ${path}`;
        operations.push({
          method: method.toUpperCase(),
          path,
          summary: operation.summary ?? operation.operationId ?? '',
          anchor: operationAnchor(operation, where),
        });
      }
    }
  }
  return codes.map((code: string) => {
    const entry = catalog[code];
    if (!entry || !Array.isArray(entry.status) || !entry.meaning || !entry.remedy) {
      throw new DocsError(
        `x-passwordless-error-catalog has no complete entry (status, meaning, remedy) for "${code}".`,
      );
    }
    return { code, ...entry, operations: raisedBy.get(code) ?? [] };
  });
}

function errorsMarkdown(spec: Spec, catalog: ReturnType<typeof errorCatalog>): string {
  const schemaDescription = spec.components?.schemas?.ErrorCode?.description;
  const intro = [
    "The server sets a problem's `type` to the address given with each code below. The mock returns a code's " +
      'example when you send `Prefer: example=<errorCode>`.',
    typeof schemaDescription === 'string' ? schemaDescription : '',
  ];
  const sections = catalog.map(({ code, status, meaning, remedy, operations }) => {
    const raisedBy = operations.length
      ? operations.map((o) => `[\`${o.method} ${o.path}\` (${o.summary})](${o.anchor})`).join(', ')
      : 'no operation of this API lists it.';
    return [
      `### ${code}`,
      '',
      `- **Status:** ${status.map((s) => `\`${s}\``).join(', ')}`,
      `- **Meaning:** ${meaning}`,
      `- **What to do:** ${remedy}`,
      `- **Raised by:** ${raisedBy}`,
      `- **\`type\`:** [${errorDocsBase}${code}](${errorDocsBase}${code})`,
    ].join('\n');
  });
  return [...intro.filter(Boolean), ...sections].join('\n\n');
}

/**
 * What the operation-level extensions say, as a line of prose (Redoc would print them as raw JSON). `statuses` are the
 * ones each code comes with in this operation's responses.
 */
function operationNotes(entry: DocumentedOperation, statuses: Map<string, string[]>): string {
  const operation = entry.operation as Operation;
  const codes = (operation['x-passwordless-error-codes'] as string[] | undefined) ?? [];
  const notes = [
    codes.length
      ? `**Error codes:** ${codes.map((c) => `[\`${c}\`](${sectionAnchor(errorsTag, c)}) (${statuses.get(c)?.join(', ')})`).join(', ')}.`
      : '**Error codes:** none; its errors carry `errorCode: null` or no `errorCode` at all.',
  ];
  if (operation['x-passwordless-idempotent'])
    notes.push('**Safe to retry:** sending it twice does no more than sending it once.');
  const differences = differencesAnchor(entry);
  if (differences) notes.push(`**Official docs:** [they differ](${differences}).`);
  return notes.join(' ');
}

/** Follows local `$ref`s through `spec`; a reference that names nothing is a broken spec. */
function resolver(spec: Spec) {
  return function resolve<T = Record<string, unknown>>(node: unknown): T {
    const followed = followLocalRefs(spec, node);
    if (followed.pointer && followed.node === undefined) throw new DocsError(`${followed.pointer} points at nothing.`);
    return followed.node as T;
  };
}

/**
 * A copy of the spec with the "Reference" menu group (the "Error codes" and "Differences from the official docs"
 * sections), each operation's error codes and differences linked from its description, and its error responses
 * narrowed to its own codes.
 */
function withReferenceSections(spec: Spec): Spec {
  for (const tag of [errorsTag, differencesTag]) {
    if (spec.tags?.some((t) => t.name === tag)) throw new DocsError(`The spec already has a tag named "${tag}".`);
  }
  const catalog = errorCatalog(spec);
  const derived: Spec = structuredClone(spec);
  const resolve = resolver(derived);
  const operations: DocumentedOperation[] = [];
  for (const [path, item] of Object.entries(derived.paths ?? {})) {
    for (const method of httpMethods) {
      const operation = item[method] as (Operation & { description?: string; [key: string]: unknown }) | undefined;
      if (!operation) continue;
      const entry = { method, path, operation };
      operations.push(entry);
      const statuses = narrowErrorResponses(operation, `${method.toUpperCase()} ${path}`, resolve, errorsTag);
      operation.description = [operation.description, operationNotes(entry, statuses)].filter(Boolean).join('\n\n');
    }
  }
  const differences = differencesMarkdown(derived, operations);
  // x-traitTag: a tag that describes, with no operations of its own.
  derived.tags = [
    ...(spec.tags ?? []),
    { name: errorsTag, description: errorsMarkdown(spec, catalog), 'x-traitTag': true },
    { name: differencesTag, description: differences.markdown, 'x-traitTag': true },
  ];
  if (spec['x-tagGroups'])
    derived['x-tagGroups'] = [...spec['x-tagGroups'], { name: errorsTagGroup, tags: [errorsTag, differencesTag] }];
  return derived;
}

// Redoc's default page template, plus an inline favicon so the browser does not ask the server for /favicon.ico, a
// narrower example panel (Redoc 3 gives it half the page), so prose, tables and long titles keep room to breathe, and
// code in that panel that wraps instead of hiding the end of long lines (a curl's key, a TypeScript comment), with a
// column kept free for the copy button so it never covers text (test/browser/docs-page.test.ts measures both).
const template = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>{{title}}</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" href="data:," />
  <style>body { padding: 0; margin: 0; }</style>
  {{{redocHead}}}
  <style>
    html:root { --panel-samples-width: 40%; }
    [data-testid="right-panel"] pre[data-testid="source-code"] {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      padding-right: 44px;
    }
    [data-testid="right-panel"] pre[data-testid="source-code"] code { white-space: inherit; }
  </style>
</head>
<body>
  {{{redocHTML}}}
</body>
</html>
`;

// The sidebar's "API docs by Redocly" logo is the one asset Redoc 3 still loads from its CDN even with
// --inlineBundle (see the build-docs docs). Point it at an inline wordmark so the page stays offline.
const redoclyLogos = ['https://cdn.redoc.ly/redoc/logo-mini-full.svg', 'https://cdn.redoc.ly/redoc/logo-mini.svg'];
const inlineWordmark =
  'data:image/svg+xml,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="56" height="16" viewBox="0 0 56 16">' +
      '<text x="0" y="12" font-family="sans-serif" font-size="12" font-weight="600" fill="#0044d4">Redocly</text></svg>',
  );
// What must not be left in the page: the Redoc script from the CDN, or any other script or stylesheet from outside.
const remoteAssets = [
  /cdn\.redoc\.ly\//,
  /cdn\.redocly\.com\/redoc\//,
  /<script[^>]+src=["']?https?:/i,
  /<link[^>]+href=["']?https?:/i,
];

function buildDocs(specPath: string, outPath: string) {
  const spec = withReferenceSections(loadSpec(specPath));
  const workDir = mkdtempSync(join(tmpdir(), 'passwordless-docs-'));
  try {
    const derivedSpec = join(workDir, 'openapi.json');
    const templateFile = join(workDir, 'template.hbs');
    const page = join(workDir, 'index.html');
    writeFileSync(derivedSpec, JSON.stringify(spec));
    writeFileSync(templateFile, template);
    try {
      execFileSync(
        join(root, 'node_modules/.bin/redocly'),
        [
          'build-docs',
          derivedSpec,
          '--output',
          page,
          '--inlineBundle',
          '--template',
          templateFile,
          '--config',
          join(root, 'redocly.yaml'),
          '--lint-config',
          'error',
        ],
        {
          cwd: root,
          stdio: ['ignore', 'pipe', 'pipe'],
          // No telemetry from the build, and none from readers' browsers (build-docs bakes this into the page).
          env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        },
      );
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
      throw new DocsError(`redocly build-docs failed:\n${stdout?.toString() ?? ''}${stderr?.toString() ?? ''}`);
    }
    let html = readFileSync(page, 'utf8');
    for (const logo of redoclyLogos) html = html.replaceAll(logo, inlineWordmark);
    const remote = remoteAssets.find((pattern) => pattern.test(html));
    if (remote)
      throw new DocsError(`The built page still loads something from the network (${remote}); it must work offline.`);
    // Write then rename, so a reader (the mock server, a parallel test run) never sees half a page.
    mkdirSync(dirname(outPath), { recursive: true });
    writeFileSync(`${outPath}.${process.pid}.tmp`, html);
    renameSync(`${outPath}.${process.pid}.tmp`, outPath);
    return Buffer.byteLength(html);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

try {
  const out = resolve(values.out);
  const bytes = buildDocs(resolve(values.spec), out);
  const shown = relative(process.cwd(), out).startsWith('..') ? out : relative(process.cwd(), out);
  console.log(`Wrote ${shown} (${Math.ceil(bytes / 1024)} KiB), with no network dependencies.`);
} catch (error) {
  if (!(error instanceof DocsError)) throw error;
  console.error(error.message);
  process.exit(1);
}
