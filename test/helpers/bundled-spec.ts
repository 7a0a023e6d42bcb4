// The bundled spec exactly as downstream tools consume it (generated/openapi.json).
import { readFileSync } from 'node:fs';

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, { examples?: Record<string, unknown> }> }>;
  'x-passwordless-error-codes'?: string[];
  'x-passwordless-idempotent'?: boolean;
  [key: string]: unknown;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, Record<string, unknown>> };
  [key: string]: unknown;
}

export const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export function loadBundledSpec(): OpenApiDocument {
  return JSON.parse(readFileSync(new URL('../../generated/openapi.json', import.meta.url), 'utf8'));
}

/** Every operation of the spec with its method and path. */
export function listOperations(spec: OpenApiDocument) {
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    httpMethods.filter((method) => item[method]).map((method) => ({ method, path, operation: item[method]! })),
  );
}
