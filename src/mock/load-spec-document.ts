// Reads the spec the mock serves from disk. Run from this repository, that is generated/openapi.json; installed as
// passwordless-contract-mock, it is the openapi.json of the passwordless-contract package it depends on. JSON, not
// the YAML beside it: JSON.parse reads the spec in about 5 ms, the YAML parser in about 200 ms, and a start holds the
// event loop for as long as it reads.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { type OpenApiDocument, SpecDocument } from '../emulator/index.js';

/** The package this module belongs to: the nearest folder above it with a package.json. */
export function packageRoot(): string {
  // The CommonJS build has no import.meta.url, and the ES module build no __dirname.
  let directory = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory)
      throw new Error(`No package.json above ${directory}: the mock must run from its package.`);
    directory = parent;
  }
  return directory;
}

/** The spec `startMock()` serves when given none. */
export function findBundledSpec(): string {
  const root = packageRoot();
  // The repository holds the spec's sources (openapi/) and bundles them into generated/.
  if (existsSync(join(root, 'openapi', 'openapi.yaml'))) {
    const generated = join(root, 'generated', 'openapi.json');
    if (!existsSync(generated)) throw new Error(`${generated} does not exist; run \`npm run generate\` first.`);
    return generated;
  }
  try {
    return createRequire(join(root, 'package.json')).resolve('passwordless-contract/openapi.json');
  } catch {
    throw new Error(
      `Cannot find passwordless-contract/openapi.json from ${root}; install it beside the mock: npm install passwordless-contract`,
    );
  }
}

/** A JSON document starts with its object (after white space); YAML text starts otherwise. */
const looksLikeJson = (text: string) => /^\s*\{/.test(text);

export function loadSpecDocument(specPath = findBundledSpec()): SpecDocument {
  const absolute = resolve(specPath);
  if (!existsSync(absolute))
    throw new Error(`No spec file at ${absolute}; pass the path of a bundled OpenAPI spec (.yaml or .json).`);
  let document: OpenApiDocument;
  try {
    // A byte order mark is no part of the text (JSON.parse would reject it).
    const text = readFileSync(absolute, 'utf8').replace(/^\uFEFF/, '');
    // YAML is a superset of JSON, so the YAML parser reads either; JSON.parse reads JSON forty times faster.
    document = (looksLikeJson(text) ? JSON.parse(text) : parse(text)) as OpenApiDocument;
  } catch (error) {
    throw new Error(
      `${absolute} is not YAML or JSON (${(error as Error).message.split('\n')[0]}); pass a bundled OpenAPI spec.`,
    );
  }
  if (!document || typeof document.paths !== 'object')
    throw new Error(`${absolute} is not an OpenAPI document: it has no paths.`);
  return new SpecDocument(document, absolute);
}

/** The spec read last from each file, with the file's size and time when read. */
const readSpecs = new Map<string, { size: number; modifiedMs: number; spec: SpecDocument }>();

/**
 * The spec as loadSpecDocument reads it, read again only when its file changed: every start of a mock in a process
 * then shares one document, and with it the validators and routes compiled from it (about 50 ms a start otherwise).
 */
export function sharedSpecDocument(specPath = findBundledSpec()): SpecDocument {
  const absolute = resolve(specPath);
  const file = existsSync(absolute) ? statSync(absolute) : undefined;
  const known = readSpecs.get(absolute);
  if (file && known && known.size === file.size && known.modifiedMs === file.mtimeMs) return known.spec;
  const spec = loadSpecDocument(absolute);
  if (file) readSpecs.set(absolute, { size: file.size, modifiedMs: file.mtimeMs, spec });
  return spec;
}
