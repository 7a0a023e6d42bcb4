// Finds the generated rules of the operation a middleware is handling, from openapi-fetch's `schemaPath` and method.
import { operationRules, type OperationRules } from '../../generated/operations.js';
import type { OperationRef } from './errors.js';

const table: Readonly<Record<string, Readonly<Record<string, OperationRules>>>> = operationRules;

/** The rules of `method schemaPath`, or undefined when the spec has no such operation. */
export function findOperation(schemaPath: string, method: string): OperationRules | undefined {
  const methods = Object.hasOwn(table, schemaPath) ? table[schemaPath]! : undefined;
  const key = method.toLowerCase();
  return methods && Object.hasOwn(methods, key) ? methods[key] : undefined;
}

export function operationRef(schemaPath: string, method: string): OperationRef {
  return { method: method.toUpperCase(), path: schemaPath, operationId: findOperation(schemaPath, method)?.operationId };
}
