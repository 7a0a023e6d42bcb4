// Validates bodies against the schemas the bundled spec declares, with ajv (JSON Schema 2020-12, formats on).
// Schemas are read from generated/openapi.json by JSON pointer, never copied.
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { loadBundledSpec } from './bundled-spec.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void;

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

type ResponseNode = { content?: Record<string, { examples?: Record<string, unknown> }>; $ref?: string };

/** Follows a response's local `$ref`, returning the node and its path segments (unescaped) in the document. */
function derefResponse(node: ResponseNode, segments: string[]): { node: ResponseNode; pointer: string[] } {
  let current = node;
  let pointer = segments;
  while (typeof current.$ref === 'string' && current.$ref.startsWith('#/')) {
    pointer = current.$ref
      .slice(2)
      .split('/')
      .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
    current = pointer.reduce<unknown>((parent, segment) => (parent as Record<string, unknown>)[segment], spec) as ResponseNode;
  }
  return { node: current, pointer };
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
  // Shared responses (401, 500) are `$ref`s to components/responses; the schema pointer follows the ref.
  const { node: response, pointer: responsePointer } = derefResponse(
    operation.responses[statusKey]!,
    ['paths', template, method.toLowerCase(), 'responses', statusKey],
  );
  const content = response.content ?? {};
  const mediaType = contentType?.split(';')[0]!.trim() ?? Object.keys(content)[0];
  if (mediaType === undefined) {
    const empty = body === undefined || body === null || body === '';
    return { valid: empty, errors: [], schemaPointer: `${template} ${status}: no content` };
  }
  if (!content[mediaType]) throw new Error(`${method.toUpperCase()} ${template} ${status} declares no ${mediaType} body`);
  const schemaPointer = [...responsePointer, 'content', mediaType, 'schema'].map(escapePointer).join('/');
  const validate = ajv.getSchema(`openapi.json#/${schemaPointer}`);
  if (!validate) throw new Error(`Cannot compile the schema at ${schemaPointer}`);
  const valid = validate(body) as boolean;
  return { valid, errors: validate.errors ?? [], schemaPointer };
}
