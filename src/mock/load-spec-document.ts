// Reads the spec the mock serves from disk: the package's own generated/openapi.yaml, or another bundled spec.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { SpecDocument, type OpenApiDocument } from '../emulator/spec/openapi-document.js';

/** Finds `generated/openapi.yaml` from the package that contains this module, wherever it was built to. */
export function findBundledSpec(): string {
  // The CommonJS build has no import.meta.url, and the ES module build no __dirname.
  let directory = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(directory, 'generated', 'openapi.yaml');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(directory);
    if (parent === directory) {
      throw new Error('Cannot find generated/openapi.yaml above the mock. Run `npm run generate` first.');
    }
    directory = parent;
  }
}

export function loadSpecDocument(yamlPath = findBundledSpec()): SpecDocument {
  const absolute = resolve(yamlPath);
  const document = parse(readFileSync(absolute, 'utf8')) as OpenApiDocument;
  if (!document || typeof document.paths !== 'object') throw new Error(`${absolute} is not an OpenAPI document.`);
  return new SpecDocument(document, absolute);
}
