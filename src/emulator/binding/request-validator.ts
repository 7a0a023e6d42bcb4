// Validates bound request values against the operation's schemas in the spec (ajv, JSON Schema 2020-12, formats on)
// and keeps ajv's full error details, which the server-like messages need (limits, missing member names).
// Schemas are referenced by JSON pointer into the document, never copied.
import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';
import type { OperationEntry, SpecDocument } from '../spec/openapi-document.js';
import { schemaRef, specAjv } from '../spec/spec-ajv.js';
import {
  type CustomMessages,
  describeValidationErrors,
  isStandardMessage,
  type ValidationIssue,
} from './validation-problem.js';

const documentId = 'mock-openapi.json';

interface OperationValidators {
  body?: ValidateFunction;
  query?: ValidateFunction;
  path?: ValidateFunction;
  custom: CustomMessages;
}

export interface BoundRequest {
  body?: unknown;
  query: Record<string, unknown>;
  path: Record<string, unknown>;
}

const toRef = (pointer: string) => schemaRef(documentId, pointer);

export class RequestValidator {
  private readonly ajv: Ajv2020;
  private readonly cache = new Map<OperationEntry, OperationValidators>();

  constructor(private readonly spec: SpecDocument) {
    const options = { strict: false, allErrors: true, verbose: true, validateFormats: true };
    this.ajv = specAjv(withoutHandlerChecks(spec.document), documentId, options);
  }

  /** Every problem with the request, body first, as the server lists them; empty when it is valid. */
  validate(entry: OperationEntry, request: BoundRequest): ValidationIssue[] {
    const validators = this.validatorsFor(entry);
    const issues: ValidationIssue[] = [];
    const run = (validate: ValidateFunction | undefined, value: unknown, source: 'body' | 'query' | 'path') => {
      if (validate && !validate(value))
        issues.push(...describeValidationErrors(validate.errors ?? [], source, validators.custom));
    };
    if (request.body !== undefined) run(validators.body, request.body, 'body');
    run(validators.query, request.query, 'query');
    run(validators.path, request.path, 'path');
    return issues;
  }

  private validatorsFor(entry: OperationEntry): OperationValidators {
    const cached = this.cache.get(entry);
    if (cached) return cached;
    const parameterSchema = (location: 'query' | 'path') => {
      const parameters = entry.parameters.filter((parameter) => parameter.in === location);
      if (parameters.length === 0) return undefined;
      return this.ajv.compile({
        type: 'object',
        properties: Object.fromEntries(
          parameters.map((p) => [p.name, p.schema ? { $ref: toRef(p.schemaPointer) } : {}]),
        ),
        required: parameters.filter((p) => p.required || location === 'path').map((p) => p.name),
      });
    };
    const body = entry.body ? this.ajv.getSchema(toRef(entry.body.pointer)) : undefined;
    const query = parameterSchema('query');
    const path = parameterSchema('path');
    const validators: OperationValidators = {
      ...(body ? { body } : {}),
      ...(query ? { query } : {}),
      ...(path ? { path } : {}),
      custom: this.customMessages(entry),
    };
    this.cache.set(entry, validators);
    return validators;
  }

  /**
   * Messages the server gives for a member that no standard template produces (a custom attribute's text, such as
   * "Characters are limited to A-z, 0-9, -, or _."): the spec's 400 examples carry them, keyed by member.
   */
  private customMessages(entry: OperationEntry): CustomMessages {
    const custom: CustomMessages = new Map();
    for (const { value } of this.spec.responseExamples(entry, '400').values()) {
      const errors = (value as { errors?: Record<string, unknown> } | undefined)?.errors;
      for (const [member, messages] of Object.entries(errors ?? {})) {
        for (const message of Array.isArray(messages) ? messages : []) {
          if (typeof message === 'string' && !isStandardMessage(message)) {
            custom.set(member, [...(custom.get(member) ?? []), message]);
          }
        }
      }
    }
    return custom;
  }
}

/**
 * The document as the server's validation sees it: a member the server checks in its handler (a token, whose absence
 * is `missing_token`; one marked `x-passwordless-missing: handler`) is not required there, so its absence reaches the
 * operation's own answer instead of a validation problem.
 */
function withoutHandlerChecks(document: SpecDocument['document']): SpecDocument['document'] {
  const copy = structuredClone(document);
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    const schema = node as Record<string, unknown>;
    const properties = schema.properties as Record<string, Record<string, unknown>> | undefined;
    if (properties && Array.isArray(schema.required)) {
      schema.required = (schema.required as string[]).filter((name) => {
        const property = properties[name] ?? {};
        return (
          property['x-passwordless-missing'] !== 'handler' && property['x-passwordless-token-prefix'] === undefined
        );
      });
    }
    Object.values(schema).forEach(visit);
  };
  visit(copy.components);
  visit(copy.paths);
  return copy;
}
