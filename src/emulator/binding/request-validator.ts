// Validates bound request values against the operation's schemas in the spec (ajv, JSON Schema 2020-12, formats on)
// and keeps ajv's full error details, which the server-like messages need (limits, missing member names).
// Schemas are referenced by JSON pointer into the document, never copied.
import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';
import type { JsonSchema, OperationEntry, SpecDocument } from '../spec/openapi-document.js';
import { schemaRef, specAjv } from '../spec/spec-ajv.js';
import type { BoundRequest } from './bind-request.js';
import type { Binder } from './binder.js';
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

const toRef = (pointer: string) => schemaRef(documentId, pointer);

export class RequestValidator {
  private readonly ajv: Ajv2020;
  private readonly cache = new Map<OperationEntry, OperationValidators>();

  constructor(
    private readonly spec: SpecDocument,
    private readonly binder: Binder,
  ) {
    const options = { strict: false, allErrors: true, verbose: true, validateFormats: true };
    this.ajv = specAjv(withoutHandlerChecks(spec.document), documentId, options);
  }

  /** Every problem with the request, body first, as the server lists them; empty when it is valid. */
  validate(entry: OperationEntry, request: BoundRequest): ValidationIssue[] {
    const validators = this.validatorsFor(entry);
    const issues: ValidationIssue[] = [];
    const body =
      request.body !== undefined && entry.body ? this.asValidated(request.body, entry.body.schema) : undefined;
    this.check(validators, validators.body, body, 'body', issues);
    this.check(validators, validators.query, request.query, 'query', issues);
    this.check(validators, validators.path, request.path, 'path', issues);
    return issues;
  }

  private check(
    validators: OperationValidators,
    validate: ValidateFunction | undefined,
    value: unknown,
    source: 'body' | 'query' | 'path',
    issues: ValidationIssue[],
  ): void {
    if (validate && value !== undefined && !validate(value)) {
      issues.push(...describeValidationErrors(validate.errors ?? [], source, validators.custom));
    }
  }

  /**
   * A bound value as MiniValidation judges it: JSON null in a member of a C# reference type is as good as a member
   * left out, which only [Required] refuses, so null is dropped where the member is not required (binding has refused
   * null already where a value type does not take it).
   */
  private asValidated(value: unknown, raw: JsonSchema | undefined): unknown {
    if (value === null || typeof value !== 'object') return value;
    const { schema } = this.binder.shapeOf(raw);
    if (Array.isArray(value)) {
      // A copy only once an item changes: most lists (aliases, hints) hold no object.
      let items: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const item = this.asValidated(value[i], schema.items as JsonSchema | undefined);
        if (item === value[i]) continue;
        items ??= [...value];
        items[i] = item;
      }
      return items ?? value;
    }
    const properties = schema.properties as Record<string, JsonSchema> | undefined;
    if (!properties) return value;
    const required = this.requiredOf(schema);
    let copy: Record<string, unknown> | undefined;
    const members = value as Record<string, unknown>;
    // for…in rather than Object.entries: no list of pairs made for every body validated.
    for (const name in members) {
      if (!Object.hasOwn(members, name) || !Object.hasOwn(properties, name)) continue;
      const member = members[name];
      const checked =
        member === null && !required.has(name) && !this.binder.shapeOf(properties[name]).nullable
          ? undefined
          : this.asValidated(member, properties[name]);
      if (checked === member) continue;
      copy ??= { ...(value as Record<string, unknown>) };
      if (checked === undefined) delete copy[name];
      else copy[name] = checked;
    }
    return copy ?? value;
  }

  private readonly required = new WeakMap<JsonSchema, ReadonlySet<string>>();

  private requiredOf(schema: JsonSchema): ReadonlySet<string> {
    let names = this.required.get(schema);
    if (!names) {
      names = new Set(validatedRequired(schema));
      this.required.set(schema, names);
    }
    return names;
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

/** The members validation requires: the schema's `required`, but those the handler checks (see below). */
function validatedRequired(schema: JsonSchema): string[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  return ((schema.required as string[] | undefined) ?? []).filter((name) => {
    const property = properties[name] ?? {};
    return property['x-passwordless-missing'] !== 'handler' && property['x-passwordless-token-prefix'] === undefined;
  });
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
    if (schema.properties && Array.isArray(schema.required)) schema.required = validatedRequired(schema);
    Object.values(schema).forEach(visit);
  };
  visit(copy.components);
  visit(copy.paths);
  return copy;
}
