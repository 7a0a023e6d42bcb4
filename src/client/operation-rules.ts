// Finds the generated rules of the operation a middleware is handling, from openapi-fetch's `schemaPath` and method.
import { operationTable } from '../../generated/operations.js';
import type { OperationRef } from './errors.js';

/** An operation as the client sees it at run time. */
export interface Operation extends OperationRef {
  /** Safe to send twice: a GET, or a POST the spec marks `x-passwordless-idempotent`. */
  idempotent: boolean;
  /** The alternatives of its security requirement, each `Scheme` or `Scheme:scope,scope`; empty when anonymous. */
  security: string[];
}

/** The rules of `method schemaPath`; a path the spec lacks gets no key, no operationId, and retries for GET only. */
export function findOperation(path: string, method: string): Operation {
  method = method.toUpperCase();
  const [operationId, idempotent, security = '-'] = operationTable.split(`\n${method} ${path} `)[1]?.split(/\s/, 3) ?? [];
  return {
    method,
    path,
    operationId,
    idempotent: operationId ? idempotent === '1' : method === 'GET',
    security: security === '-' ? [] : security.split('|'),
  };
}
