// Binds request values the way the server's System.Text.Json settings and ASP.NET query binding do (api-inventory
// §1.3), driven only by the request schemas of the spec: member names match case-insensitively, unknown members are
// dropped, a number or boolean where a string is expected becomes a string ("True"/"False" for booleans, raw JSON
// text for objects and arrays), a numeric string where a number is expected becomes a number, and string enum
// values match case-insensitively. What cannot be bound is left as it is, for validation to report.
import type { JsonSchema, SpecDocument } from '../spec/openapi-document.js';

type JsonType = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';

const jsonNumber = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

export class Binder {
  constructor(private readonly spec: SpecDocument) {}

  // Flattened once per schema node of the spec: binding runs on every request, the spec never changes.
  private readonly flattened = new WeakMap<JsonSchema, JsonSchema>();

  /** The schema with `$ref`s followed (siblings of a `$ref` kept) and `allOf` branches merged; never to be modified. */
  flatten(schema: JsonSchema | undefined, depth = 0): JsonSchema {
    if (!schema || typeof schema !== 'object' || depth > 32) return {};
    // A schema with neither is its own flat form.
    if (typeof schema.$ref !== 'string' && !Array.isArray(schema.allOf)) return schema;
    const known = this.flattened.get(schema);
    if (known) return known;
    let result: JsonSchema = { ...schema };
    if (typeof result.$ref === 'string') {
      const { $ref, ...siblings } = result;
      result = { ...this.flatten(this.spec.at($ref as string) as JsonSchema, depth + 1), ...siblings };
    }
    if (Array.isArray(result.allOf)) {
      const { allOf, ...rest } = result;
      const merged = (allOf as JsonSchema[]).map((branch) => this.flatten(branch, depth + 1));
      result = merged.reduce<JsonSchema>(
        (acc, branch) => ({
          ...acc,
          ...branch,
          properties: { ...(acc.properties as object), ...(branch.properties as object) },
          required: [...((acc.required as string[]) ?? []), ...((branch.required as string[]) ?? [])],
        }),
        rest,
      );
    }
    this.flattened.set(schema, result);
    return result;
  }

  /** The JSON types a schema admits; undefined when it does not say. */
  typesOf(schema: JsonSchema): Set<JsonType> | undefined {
    if (typeof schema.type === 'string') return new Set([schema.type as JsonType]);
    if (Array.isArray(schema.type)) return new Set(schema.type as JsonType[]);
    const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
    if (!alternatives) return undefined;
    const types = new Set<JsonType>();
    for (const alternative of alternatives) {
      const own = this.typesOf(this.flatten(alternative));
      if (!own) return undefined;
      for (const type of own) types.add(type);
    }
    return types;
  }

  /** Binds a parsed JSON value to a schema. */
  bind(value: unknown, rawSchema: JsonSchema | undefined): unknown {
    const schema = this.flatten(rawSchema);
    const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
    if (alternatives && schema.type === undefined) {
      const chosen =
        alternatives.find((alternative) => admits(this.typesOf(this.flatten(alternative)), jsonTypeOf(value))) ??
        alternatives.find((alternative) => this.coerce(value, this.flatten(alternative)) !== value);
      return chosen ? this.bind(value, chosen) : value;
    }
    if (value === null) return null;
    const types = this.typesOf(schema);
    if (admits(types, jsonTypeOf(value))) {
      if (Array.isArray(value)) return value.map((item) => this.bind(item, schema.items as JsonSchema));
      if (typeof value === 'object') return this.bindObject(value as Record<string, unknown>, schema);
      if (typeof value === 'string' && Array.isArray(schema.enum)) {
        return (
          schema.enum.find((member) => typeof member === 'string' && member.toLowerCase() === value.toLowerCase()) ??
          value
        );
      }
      return value;
    }
    return this.coerce(value, schema);
  }

  /** Binds query-string values (always strings) to the parameters' schemas. */
  bindQueryValue(values: string[], rawSchema: JsonSchema | undefined): unknown {
    const schema = this.flatten(rawSchema);
    const types = this.typesOf(schema);
    if (types?.has('array')) return values.map((item) => this.bindQueryValue([item], schema.items as JsonSchema));
    const value = values[0] ?? '';
    if ((types?.has('integer') || types?.has('number')) && jsonNumber.test(value)) return Number(value);
    // ASP.NET parses booleans with bool.TryParse, which ignores case.
    if (types?.has('boolean') && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
    return this.bind(value, schema);
  }

  private coerce(value: unknown, schema: JsonSchema): unknown {
    const types = this.typesOf(schema);
    if (!types) return value;
    if (types.has('string')) {
      if (typeof value === 'number') return String(value);
      if (typeof value === 'boolean') return value ? 'True' : 'False';
      if (typeof value === 'object' && value !== null) return JSON.stringify(value);
    }
    if ((types.has('number') || types.has('integer')) && typeof value === 'string' && jsonNumber.test(value)) {
      return Number(value);
    }
    return value;
  }

  private bindObject(value: Record<string, unknown>, schema: JsonSchema): Record<string, unknown> {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const names = Object.keys(properties);
    const required = new Set((schema.required as string[]) ?? []);
    const extra = schema.additionalProperties;
    const keepsUnknown = names.length === 0 ? extra !== false : typeof extra === 'object' || extra === true;
    const bound: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      const name = key in properties ? key : names.find((candidate) => candidate.toLowerCase() === key.toLowerCase());
      if (name === undefined) {
        // The server ignores members it does not know.
        if (keepsUnknown) bound[key] = typeof extra === 'object' ? this.bind(member, extra as JsonSchema) : member;
        continue;
      }
      const memberSchema = this.flatten(properties[name]);
      const types = this.typesOf(memberSchema);
      // A C# string member takes null without complaint; only [Required] (a required member) rejects it.
      if (member === null && types?.has('string') && !types.has('null') && !required.has(name)) continue;
      bound[name] = this.bind(member, memberSchema);
    }
    return bound;
  }
}

function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as JsonType;
}

function admits(types: Set<JsonType> | undefined, type: JsonType): boolean {
  if (!types) return true;
  if (types.has(type)) return true;
  return type === 'integer' && types.has('number');
}
