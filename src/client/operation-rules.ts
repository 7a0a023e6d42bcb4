// Finds the generated rules of the operation a middleware is handling, from openapi-fetch's `schemaPath` and method,
// in one client's operation table (generated/operations.ts for the app client; the management client has its own).
// Each operation of the table is read from it once and kept: the lookup runs on every call.
import type { OperationRef } from './errors.js';

/** An operation as the client sees it at run time. */
export interface Operation extends OperationRef {
  /** Safe to send twice: a GET, or an operation the spec marks `x-passwordless-idempotent`. */
  idempotent: boolean;
  /** The alternatives of its security requirement, each a scheme and its scopes (comma-separated); empty when anonymous. */
  security: [scheme: string, scopes?: string][];
}

/** Looks operations up in `table`; a path it lacks gets no key, no operationId, and retries for GET only. */
export function operationFinder(table: string): (path: string, method: string) => Operation {
  const known = new Map<string, Operation>();
  return (path, method) => {
    method = method.toUpperCase();
    const line = `${method} ${path}`;
    let operation = known.get(line);
    if (operation) return operation;
    const [operationId, idempotent, security = '-'] = table.split(`\n${line} `)[1]?.split(/\s/, 3) ?? [];
    operation = {
      method,
      path,
      operationId,
      idempotent: operationId ? idempotent === '1' : method === 'GET',
      security:
        security === '-' ? [] : security.split('|').map((alternative) => alternative.split(':') as [string, string?]),
    };
    // Only the table's operations are kept, so that calls to arbitrary paths cannot grow the map.
    if (operationId) known.set(line, operation);
    return operation;
  };
}
