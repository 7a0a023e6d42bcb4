// The bundled spec the mock serves (generated/openapi.json), with the lookups every other part of the mock needs:
// local $ref resolution, the operation list and the named examples. Nothing here knows a route by name, and nothing
// here reads files (load-spec-document.ts does), so the msw handlers can use it in a browser.
import { followLocalRefs, nodeAt } from './local-refs.js';

export type JsonSchema = { [keyword: string]: unknown };

export interface ParameterObject {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface MediaTypeObject {
  schema?: JsonSchema;
  examples?: Record<string, { value?: unknown; $ref?: string }>;
}

export interface ResponseObject {
  content?: Record<string, MediaTypeObject>;
  headers?: Record<string, unknown>;
}

export interface OperationObject {
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: (ParameterObject | { $ref: string })[];
  requestBody?: { required?: boolean; content?: Record<string, MediaTypeObject>; $ref?: string };
  responses?: Record<string, ResponseObject | { $ref: string }>;
  'x-passwordless-error-codes'?: string[];
  [extension: string]: unknown;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  security?: Record<string, string[]>[];
  [key: string]: unknown;
}

/** A parameter with the JSON pointer of its schema, so validators can $ref it instead of copying it. */
export interface ResolvedParameter extends ParameterObject {
  schemaPointer: string;
}

export interface OperationEntry {
  method: string;
  /** The path template exactly as the spec writes it, e.g. `/register/token`. */
  template: string;
  operation: OperationObject;
  /** JSON pointer of the operation inside the document. */
  pointer: string;
  parameters: ResolvedParameter[];
  /** The JSON request body's schema and its pointer, when the operation takes one. */
  body?: { schema: JsonSchema; pointer: string; required: boolean };
}

export const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** A JSON pointer segment, escaped (`~` and `/`). */
export const escapeSegment = (segment: string): string => segment.replaceAll('~', '~0').replaceAll('/', '~1');

export function pointerOf(...segments: (string | number)[]): string {
  return `#/${segments.map((segment) => escapeSegment(String(segment))).join('/')}`;
}

export class SpecDocument {
  readonly operations: OperationEntry[];

  constructor(
    readonly document: OpenApiDocument,
    /** Path of the bundled spec file (JSON or YAML) the document was read from. */
    readonly sourcePath: string,
  ) {
    this.operations = Object.entries(document.paths).flatMap(([template, pathItem]) =>
      httpMethods
        .filter((method) => typeof pathItem[method] === 'object')
        .map((method) => this.describeOperation(template, method, pathItem)),
    );
  }

  /** @deprecated The spec may be JSON: use `sourcePath`. */
  get yamlPath(): string {
    return this.sourcePath;
  }

  /** The node a local `#/...` pointer names, or undefined. */
  at(pointer: string): unknown {
    return nodeAt(this.document, pointer);
  }

  /** Follows `$ref`s (local only) until a node without one; returns it with its pointer. */
  deref<T>(node: T, pointer: string): { node: T; pointer: string } {
    const followed = followLocalRefs(this.document, node);
    return { node: followed.node as T, pointer: followed.pointer ?? pointer };
  }

  /** The named examples of one response status, keyed by example name, with their values resolved. */
  responseExamples(entry: OperationEntry, status: string): Map<string, { mediaType: string; value: unknown }> {
    const examples = new Map<string, { mediaType: string; value: unknown }>();
    const response = this.deref(entry.operation.responses?.[status], '').node as ResponseObject | undefined;
    for (const [mediaType, media] of Object.entries(response?.content ?? {})) {
      for (const [name, example] of Object.entries(media.examples ?? {})) {
        const resolved = this.deref(example, '').node as { value?: unknown } | undefined;
        if (!examples.has(name)) examples.set(name, { mediaType, value: resolved?.value });
      }
    }
    return examples;
  }

  /** The statuses an operation declares, in the order the spec lists them. */
  statuses(entry: OperationEntry): string[] {
    return Object.keys(entry.operation.responses ?? {});
  }

  private describeOperation(template: string, method: string, pathItem: Record<string, unknown>): OperationEntry {
    const operation = pathItem[method] as OperationObject;
    const pointer = pointerOf('paths', template, method);
    // Operation parameters override path-item parameters with the same name and location.
    const declared = [
      ...((pathItem.parameters as unknown[]) ?? []).map((p, i) =>
        this.deref(p, pointerOf('paths', template, 'parameters', i)),
      ),
      ...(operation.parameters ?? []).map((p, i) => this.deref(p, `${pointer}/parameters/${i}`)),
    ];
    const byKey = new Map<string, ResolvedParameter>();
    for (const { node, pointer: parameterPointer } of declared) {
      const parameter = node as ParameterObject;
      byKey.set(`${parameter.in}:${parameter.name}`, { ...parameter, schemaPointer: `${parameterPointer}/schema` });
    }
    const requestBody = this.deref(operation.requestBody, `${pointer}/requestBody`);
    const content = requestBody.node?.content ?? {};
    const jsonMediaType = Object.keys(content).find((type) => /[/+]json$/i.test(type));
    const body =
      requestBody.node && jsonMediaType
        ? {
            schema: content[jsonMediaType]?.schema ?? {},
            pointer: `${requestBody.pointer}/content/${escapeSegment(jsonMediaType)}/schema`,
            required: requestBody.node.required === true,
          }
        : undefined;
    return { method, template, operation, pointer, parameters: [...byKey.values()], ...(body ? { body } : {}) };
  }
}
