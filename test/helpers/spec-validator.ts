// Validates bodies against the schemas the bundled spec declares, with ajv (JSON Schema 2020-12, formats on).
// Schemas are read from generated/openapi.json by JSON pointer, never copied.
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { loadBundledSpec } from './bundled-spec.js';

const spec = loadBundledSpec();
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...spec, $id: 'openapi.json' });

const escapePointer = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

export interface ValidationResult {
  valid: boolean;
  errors: ErrorObject[];
  /** The JSON pointer of the schema used, for messages. */
  schemaPointer: string;
}

/** The path template of the spec that a concrete path (query string allowed) belongs to. */
export function matchPathTemplate(path: string): string | undefined {
  const bare = path.split('?')[0]!;
  return Object.keys(spec.paths).find((template) => {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return pattern.test(bare);
  });
}

export function validateResponse(
  method: string,
  path: string,
  status: number,
  body: unknown,
  contentType?: string,
): ValidationResult {
  const template = matchPathTemplate(path);
  if (!template) throw new Error(`No path in the spec matches ${path}`);
  const operation = spec.paths[template]![method.toLowerCase()];
  if (!operation) throw new Error(`The spec has no ${method.toUpperCase()} ${template}`);
  const statusKey = [String(status), `${String(status)[0]}XX`, 'default'].find((key) => operation.responses[key]);
  if (!statusKey) throw new Error(`${method.toUpperCase()} ${template} declares no response for status ${status}`);
  const content = operation.responses[statusKey]!.content ?? {};
  const mediaType = contentType?.split(';')[0]!.trim() ?? Object.keys(content)[0];
  if (mediaType === undefined) {
    const empty = body === undefined || body === null || body === '';
    return { valid: empty, errors: [], schemaPointer: `${template} ${status}: no content` };
  }
  if (!content[mediaType]) throw new Error(`${method.toUpperCase()} ${template} ${status} declares no ${mediaType} body`);
  const schemaPointer = ['paths', template, method.toLowerCase(), 'responses', statusKey, 'content', mediaType, 'schema']
    .map(escapePointer)
    .join('/');
  const validate = ajv.getSchema(`openapi.json#/${schemaPointer}`);
  if (!validate) throw new Error(`Cannot compile the schema at ${schemaPointer}`);
  const valid = validate(body) as boolean;
  return { valid, errors: validate.errors ?? [], schemaPointer };
}
