// Validates bodies against the schemas the bundled spec declares, with ajv (JSON Schema 2020-12, formats on).
// Schemas are read from generated/openapi.json by JSON pointer, never copied.
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { followLocalRefs, pointerSegments } from '../../src/emulator/spec/local-refs.js';
import { loadBundledSpec } from './bundled-spec.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void;

const spec = loadBundledSpec();
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...spec, $id: 'openapi.json' });

const escapePointer = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');
/** The ajv reference of a node of the spec; segments are URI-encoded, since path templates hold `{` and `}`. */
const schemaRef = (segments: string[]) =>
  `openapi.json#/${segments.map((segment) => encodeURIComponent(escapePointer(segment))).join('/')}`;

export interface ValidationResult {
  valid: boolean;
  errors: ErrorObject[];
  /** The JSON pointer of the schema used, for messages. */
  schemaPointer: string;
}

type ResponseNode = {
  content?: Record<string, { examples?: Record<string, unknown> }>;
  $ref?: string;
  'x-passwordless-may-be-empty'?: boolean;
};

/** Follows a response's local `$ref`, returning the node and its path segments (unescaped) in the document. */
function derefResponse(node: ResponseNode, segments: string[]): { node: ResponseNode; pointer: string[] } {
  const followed = followLocalRefs(spec, node);
  const pointer = followed.pointer ? pointerSegments(followed.pointer) : segments;
  return { node: followed.node as ResponseNode, pointer };
}

/** The path template of the spec that a concrete path (query string allowed) belongs to. */
export function matchPathTemplate(path: string): string | undefined {
  const bare = path.split('?')[0]!;
  return Object.keys(spec.paths).find((template) => {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return pattern.test(bare);
  });
}

/** The operation a concrete method and path (query string allowed) belong to, with its template. */
function findOperation(method: string, path: string) {
  const template = matchPathTemplate(path);
  if (!template) throw new Error(`No path in the spec matches ${path}`);
  const operation = spec.paths[template]![method.toLowerCase()];
  if (!operation) throw new Error(`The spec has no ${method.toUpperCase()} ${template}`);
  return { template, operation };
}

/** The response the operation declares for exactly this status (no `4XX` or `default`), `$ref` followed. */
export function declaredResponse(method: string, path: string, status: number): ResponseNode | undefined {
  const { template, operation } = findOperation(method, path);
  const response = operation.responses[String(status)];
  if (!response) return undefined;
  return derefResponse(response, ['paths', template, method.toLowerCase(), 'responses', String(status)]).node;
}

interface ParameterNode {
  name: string;
  in: string;
  $ref?: string;
}

/**
 * Validates what a request put in its path (each `{parameter}` of the template) and its JSON body against the
 * operation's parameter and request body schemas. Query strings and headers are not checked.
 */
export function validateRequest(method: string, path: string, body: unknown): ValidationResult {
  const { template, operation } = findOperation(method, path);
  const base = ['paths', template, method.toLowerCase()];
  const errors: ErrorObject[] = [];
  const names = [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
  const values = new RegExp(`^${template.replace(/\{[^}]+\}/g, '([^/]+)')}$`).exec(path.split('?')[0]!)!.slice(1);
  const parameters = ((operation.parameters as ParameterNode[] | undefined) ?? []).map((parameter, index) => {
    const pointer = parameter.$ref?.startsWith('#/')
      ? parameter.$ref.slice(2).split('/')
      : [...base, 'parameters', String(index)];
    return {
      pointer,
      node: pointer.reduce<unknown>(
        (parent, segment) => (parent as Record<string, unknown>)[segment],
        spec,
      ) as ParameterNode,
    };
  });
  names.forEach((name, index) => {
    const parameter = parameters.find(({ node }) => node.in === 'path' && node.name === name);
    if (!parameter) throw new Error(`${method.toUpperCase()} ${template} does not declare the path parameter ${name}`);
    const validate = ajv.getSchema(schemaRef([...parameter.pointer, 'schema']))!;
    if (!validate(decodeURIComponent(values[index]!))) {
      errors.push(
        ...(validate.errors ?? []).map((error) => ({ ...error, instancePath: `{${name}}${error.instancePath}` })),
      );
    }
  });
  const requestBody = operation.requestBody as { content?: Record<string, unknown> } | undefined;
  if (body !== undefined && body !== null) {
    if (!requestBody?.content?.['application/json'])
      throw new Error(`${method.toUpperCase()} ${template} takes no JSON body`);
    const validate = ajv.getSchema(schemaRef([...base, 'requestBody', 'content', 'application/json', 'schema']))!;
    if (!validate(body)) errors.push(...(validate.errors ?? []));
  }
  return { valid: errors.length === 0, errors, schemaPointer: `${template} request` };
}

export function validateResponse(
  method: string,
  path: string,
  status: number,
  body: unknown,
  contentType?: string,
): ValidationResult {
  const { template, operation } = findOperation(method, path);
  const statusKey = [String(status), `${String(status)[0]}XX`, 'default'].find((key) => operation.responses[key]);
  if (!statusKey) throw new Error(`${method.toUpperCase()} ${template} declares no response for status ${status}`);
  // Shared responses (401, 500) are `$ref`s to components/responses; the schema pointer follows the ref.
  const { node: response, pointer: responsePointer } = derefResponse(operation.responses[statusKey]!, [
    'paths',
    template,
    method.toLowerCase(),
    'responses',
    statusKey,
  ]);
  const content = response.content ?? {};
  const empty = body === undefined || body === null || body === '';
  // The server sends some statuses with no body at all (a binding failure in Production): the spec marks them.
  if (empty && !contentType && response['x-passwordless-may-be-empty']) {
    return { valid: true, errors: [], schemaPointer: `${template} ${status}: may be empty` };
  }
  const mediaType = contentType?.split(';')[0]?.trim() ?? Object.keys(content)[0];
  if (mediaType === undefined) return { valid: empty, errors: [], schemaPointer: `${template} ${status}: no content` };
  if (!content[mediaType])
    throw new Error(`${method.toUpperCase()} ${template} ${status} declares no ${mediaType} body`);
  const schemaPointer = [...responsePointer, 'content', mediaType, 'schema'].map(escapePointer).join('/');
  const validate = ajv.getSchema(schemaRef([...responsePointer, 'content', mediaType, 'schema']));
  if (!validate) throw new Error(`Cannot compile the schema at ${schemaPointer}`);
  const valid = validate(body) as boolean;
  return { valid, errors: validate.errors ?? [], schemaPointer };
}

/** A recorded or received answer: what validateExchange checks. */
export interface AnsweredExchange {
  method: string;
  path: string;
  status: number;
  body?: unknown;
  contentType?: string;
}

/** validateResponse for an exchange as the recordings hold it. */
export const validateExchange = (exchange: AnsweredExchange): ValidationResult =>
  validateResponse(exchange.method, exchange.path, exchange.status, exchange.body, exchange.contentType);
