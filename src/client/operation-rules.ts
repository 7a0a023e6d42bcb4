// Finds the generated rules of the operation a middleware is handling, from openapi-fetch's `schemaPath` and method.
// Each operation of the spec is read from the table once and kept: the lookup runs on every call.
import { operationTable, type SecurityScheme } from '../../generated/operations.js';
import type { OperationRef } from './errors.js';

/** An operation as the client sees it at run time. */
export interface Operation extends OperationRef {
  /** Safe to send twice: a GET, or a POST the spec marks `x-passwordless-idempotent`. */
  idempotent: boolean;
  /** The alternatives of its security requirement, each a scheme and its scopes (comma-separated); empty when anonymous. */
  security: [SecurityScheme, string?][];
}

const known = new Map<string, Operation>();

/** The rules of `method schemaPath`; a path the spec lacks gets no key, no operationId, and retries for GET only. */
export function findOperation(path: string, method: string): Operation {
  method = method.toUpperCase();
  const line = `${method} ${path}`;
  let operation = known.get(line);
  if (operation) return operation;
  const [operationId, idempotent, security = '-'] = operationTable.split(`\n${line} `)[1]?.split(/\s/, 3) ?? [];
  operation = {
    method,
    path,
    operationId,
    idempotent: operationId ? idempotent === '1' : method === 'GET',
    security: security === '-' ? [] : security.split('|').map((alternative) => alternative.split(':') as [SecurityScheme, string?]),
  };
  // Only the spec's operations are kept, so that calls to arbitrary paths cannot grow the map.
  if (operationId) known.set(line, operation);
  return operation;
}
