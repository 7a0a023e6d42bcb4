// Binds request values as the server does, driven only by the spec's request schemas and the C# types they stand
// for (csharp-types.ts). A JSON body is bound as System.Text.Json binds it with the server's settings (api-inventory
// §1.3):
// member names match in any case, unknown members are ignored (`__proto__` and `constructor` too: they are only
// names), each member's converter reads only what it reads (a number into a `string` becomes its text; a number into
// a Guid, a DateTime or a SignInPurpose fails the whole body), JSON null fails a value type unless the spec admits
// null, and a missing C# `required` member fails the body. What binds comes out in the form the server would write it
// back (a Guid in lower case, a DateTime in UTC, a TimeSpan in "c" format, base64url without padding), so the spec's
// schemas can check it; what the validation filter checks (required, lengths, ranges) is left to validation.
import type { JsonSchema, SpecDocument } from '../spec/openapi-document.js';
import { fromBase64, fromBase64UrlLikeDotnet, toBase64, toBase64Url } from '../values/bytes.js';
import { formatUtcDateTime, readDotnetDateTime } from '../values/dotnet-date-time.js';
import { readDotnetGuid } from '../values/dotnet-guid.js';
import { jsonNumberAsDotnetString, parseDotnetInteger } from '../values/dotnet-numbers.js';
import { formatTimeSpan, readTimeSpan } from '../values/time-span.js';
import {
  type CSharpType,
  csharpTypeOf,
  dotnetTypeName,
  type SchemaShape,
  serverTypeFacts,
  valueKinds,
} from './csharp-types.js';
import { checkJsonText, type JsonString, JsonText } from './json-text.js';

type JsonType = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';

/** Why System.Text.Json refused the body, in its words; thrown inside the binder, returned from it. */
class JsonBindingError extends Error {}

export type BodyBinding = { ok: true; value: unknown } | { ok: false; reason: string };

/** .NET's `char.IsWhiteSpace`, which `string.IsNullOrWhiteSpace` uses. */
const dotnetWhiteSpace = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/** `StringComparer.OrdinalIgnoreCase`: each UTF-16 unit compared by its simple upper-case mapping. */
export function ordinalIgnoreCaseEquals(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a.charAt(i);
    const y = b.charAt(i);
    if (x !== y && upper(x) !== upper(y)) return false;
  }
  return true;
}

function upper(unit: string): string {
  const mapped = unit.toUpperCase();
  return mapped.length === 1 ? mapped : unit;
}

const jsonPath = (path: string, member: string) => `${path}.${member}`;

/** serverTypeFacts' member types, in a Map: looked up for every value bound, mostly for members it does not name. */
const memberTypes = new Map(Object.entries(serverTypeFacts.members));

/** What ownerName() takes for a list's items. */
const itemsOf = Symbol('items');

/** The schema of a value the spec does not describe. */
const noSchema: JsonSchema = {};

export class Binder {
  constructor(private readonly spec: SpecDocument) {}

  // Flattened once per schema node of the spec: binding runs on every request, the spec never changes.
  private readonly flattened = new WeakMap<JsonSchema, JsonSchema>();
  private readonly shapes = new WeakMap<JsonSchema, SchemaShape>();
  /** The C# type of a value schema: serverTypeFacts' member facts first, else its schema's. */
  private typeOf(shape: SchemaShape, owner: string | undefined): CSharpType {
    return (owner === undefined ? undefined : memberTypes.get(owner)) ?? shape.type;
  }

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
      const properties: Record<string, unknown> = { ...(rest.properties as object) };
      const required: unknown[] = [...((rest.required as unknown[]) ?? [])];
      result = { ...rest };
      for (const branch of (allOf as JsonSchema[]).map((each) => this.flatten(each, depth + 1))) {
        Object.assign(result, branch);
        Object.assign(properties, branch.properties);
        required.push(...((branch.required as unknown[]) ?? []));
      }
      result.properties = properties;
      result.required = required;
    }
    this.flattened.set(schema, result);
    return result;
  }

  private readonly members = new WeakMap<JsonSchema, ObjectMembers>();
  private readonly owners = new Map<string, Map<string | typeof itemsOf, string>>();

  /**
   * `<owner>.<member>`, or `<owner>[]` for a list's items, the same string each time: it is looked up in
   * serverTypeFacts for every value bound, and a string made anew is hashed anew. Owners and members come from the spec.
   */
  private ownerName(owner: string, member: string | typeof itemsOf): string {
    let names = this.owners.get(owner);
    if (!names) {
      names = new Map();
      this.owners.set(owner, names);
    }
    let name = names.get(member);
    if (name === undefined) {
      name = member === itemsOf ? `${owner}[]` : `${owner}.${member}`;
      names.set(member, name);
    }
    return name;
  }

  /** An object schema's members, worked out once: every object bound asks. */
  private membersOf(schema: JsonSchema): ObjectMembers {
    let members = this.members.get(schema);
    if (!members) {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const names = Object.keys(properties);
      members = {
        properties,
        names,
        requiredInJson: names.filter((name) => properties[name]?.['x-passwordless-missing'] === 'binding'),
      };
      this.members.set(schema, members);
    }
    return members;
  }

  /** The component a schema names through its `$ref`s (the last one followed), if any. */
  private componentOf(schema: JsonSchema | undefined, depth = 0): string | undefined {
    if (!schema || typeof schema.$ref !== 'string' || depth > 32) return undefined;
    const name = /^#\/components\/schemas\/([^/]+)$/.exec(schema.$ref)?.[1];
    return this.componentOf(this.spec.at(schema.$ref) as JsonSchema, depth + 1) ?? name;
  }

  /** The non-null schema of a value and whether null is admitted, whichever way the spec writes a nullable. */
  shapeOf(raw: JsonSchema | undefined): SchemaShape {
    const key = raw ?? noSchema;
    const known = this.shapes.get(key);
    if (known) return known;
    const schema = this.flatten(raw);
    const component = this.componentOf(raw);
    let shape: Omit<SchemaShape, 'type'> = {
      schema,
      nullable: admitsNull(schema),
      ...(component ? { component } : {}),
    };
    const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
    if (Array.isArray(alternatives)) {
      const branches = alternatives.map((branch) => ({ raw: branch, flat: this.flatten(branch) }));
      const values = branches.filter(({ flat }) => !isOnlyNull(flat));
      const nullable = shape.nullable || values.length < branches.length;
      if (values.length === 1 && values[0]) {
        const { anyOf, oneOf, ...siblings } = schema;
        const inner = this.shapeOf(values[0].raw);
        shape = { ...inner, schema: { ...inner.schema, ...siblings }, nullable: nullable || inner.nullable };
      } else {
        shape = { ...shape, nullable };
      }
    }
    const typed: SchemaShape = { ...shape, type: csharpTypeOf(shape, undefined) };
    this.shapes.set(key, typed);
    return typed;
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

  /**
   * Reads a body's text and binds it to the schema of the operation's body parameter, as System.Text.Json
   * deserializes it; the failure says why in the server's words. The caller has turned an empty body and JSON
   * `null` into "not provided" already.
   */
  bindBody(text: string, schema: JsonSchema): BodyBinding {
    const unreadable = checkJsonText(text);
    if (unreadable) return { ok: false, reason: `The body is not valid JSON: ${unreadable}` };
    const json = new JsonText(text);
    try {
      return { ok: true, value: this.bindValue(json, json.root(), schema, '$', undefined) };
    } catch (error) {
      if (error instanceof JsonBindingError) return { ok: false, reason: error.message };
      throw error;
    }
  }

  /** Binds query-string values (always strings) to the parameters' schemas; what does not convert is left as sent. */
  bindQueryValue(values: string[], rawSchema: JsonSchema | undefined): unknown {
    const { schema } = this.shapeOf(rawSchema);
    const types = this.typesOf(schema);
    if (types?.has('array')) return values.map((item) => this.bindQueryValue([item], schema.items as JsonSchema));
    const value = values[0] ?? '';
    // ASP.NET's TryParse of an int allows white space and a sign around the digits.
    if (types?.has('integer') || types?.has('number')) {
      const trimmed = value.trim();
      const integer = parseDotnetInteger(trimmed, schema.format === 'int64' ? 64 : 32);
      if (integer !== undefined) return Number(integer);
      if (types.has('number') && trimmed !== '' && Number.isFinite(Number(trimmed))) return Number(trimmed);
    }
    // bool.TryParse ignores case and surrounding white space.
    if (types?.has('boolean') && /^\s*(true|false)\s*$/i.test(value)) return value.trim().toLowerCase() === 'true';
    if (Array.isArray(schema.enum)) {
      return (
        schema.enum.find((member) => typeof member === 'string' && ordinalIgnoreCaseEquals(member, value)) ?? value
      );
    }
    return value;
  }

  /** `owner` names the member for serverTypeFacts (`SigninBeginRequest.purpose`); undefined at the root. */
  private bindValue(json: JsonText, at: number, raw: JsonSchema | undefined, path: string, owner?: string): unknown {
    const shape = this.shapeOf(raw);
    const type = this.typeOf(shape, owner);
    const token = json.kindAt(at);
    const site: BindSite = { type, shape, path };
    if (token === 'null') return valueKinds.has(type.kind) && !shape.nullable ? refuse(site) : null;
    switch (type.kind) {
      case 'string':
        if (token === 'string') return stringAt(json, at, site).value;
        if (token === 'number') return jsonNumberAsDotnetString(json.raw(at));
        if (token === 'true' || token === 'false') return token === 'true' ? 'True' : 'False';
        // An object or array becomes its JSON text exactly as sent (JsonElement.ToString()).
        return json.raw(at);
      case 'purpose': {
        if (token !== 'string') return refuse(site);
        const purpose = stringAt(json, at, site).value;
        return dotnetWhiteSpace.test(purpose) ? null : purpose;
      }
      case 'bool':
        return token === 'true' ? true : token === 'false' ? false : refuse(site);
      case 'int':
      case 'enum': {
        // AllowReadingFromString (the web defaults) lets a JSON string carry a number; not an enum's.
        const source =
          token === 'number'
            ? json.raw(at)
            : token === 'string' && type.kind === 'int'
              ? stringAt(json, at, site).value
              : undefined;
        const integer =
          source === undefined ? undefined : parseDotnetInteger(source, type.kind === 'int' ? type.bits : 32);
        return integer === undefined ? refuse(site) : Number(integer);
      }
      case 'double': {
        const source = token === 'number' ? json.raw(at) : token === 'string' ? stringAt(json, at, site).value : '';
        return /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(source) && Number.isFinite(Number(source))
          ? Number(source)
          : refuse(site);
      }
      case 'fido-enum': {
        if (token === 'string') {
          const name = stringAt(json, at, site).value;
          return (
            type.members.find((member) => ordinalIgnoreCaseEquals(member, name)) ??
            refuse(site, `Invalid enum value: it reads ${type.members.join(', ')} (any case) or their numbers.`)
          );
        }
        const index = token === 'number' ? parseDotnetInteger(json.raw(at), 32) : undefined;
        return (index === undefined ? undefined : type.members[Number(index)]) ?? refuse(site);
      }
      case 'guid':
        return (token === 'string' ? readDotnetGuid(stringAt(json, at, site).value) : undefined) ?? refuse(site);
      case 'date-time': {
        const value = token === 'string' ? readDotnetDateTime(stringAt(json, at, site).value) : undefined;
        return value ? formatUtcDateTime(value) : refuse(site);
      }
      case 'date-only': {
        const value = token === 'string' ? stringAt(json, at, site).value : '';
        return /^\d{4}-\d{2}-\d{2}$/.test(value) && readDotnetDateTime(value) ? value : refuse(site);
      }
      case 'time-span': {
        if (token !== 'string') return refuse(site);
        const string = stringAt(json, at, site);
        const span = readTimeSpan(string.value, string.rawLength, string.escaped);
        return span ? formatTimeSpan(span) : refuse(site);
      }
      case 'base64url': {
        // The converter decodes the token's bytes without looking at its type: a number's or a literal's digits
        // decode too (`1234`), an object's `{` does not.
        const source =
          token === 'string'
            ? stringAt(json, at, site).value
            : token === 'object' || token === 'array'
              ? '{'
              : json.raw(at);
        const bytes = fromBase64UrlLikeDotnet(source);
        if (bytes) return toBase64Url(bytes);
        return refuse(
          site,
          fromBase64(source)
            ? 'Expected data to be in Base64Url format, but received Base64 encoding instead.'
            : 'The input is not a valid Base64Url string.',
        );
      }
      case 'base64': {
        const bytes = token === 'string' ? fromBase64(stringAt(json, at, site).value) : undefined;
        return bytes ? toBase64(bytes) : refuse(site);
      }
      case 'list':
        if (token !== 'array') return refuse(site);
        return json
          .items(at)
          .map((item, i) =>
            this.bindValue(
              json,
              item,
              shape.schema.items as JsonSchema,
              `${path}[${i}]`,
              owner && this.ownerName(owner, itemsOf),
            ),
          );
      case 'class':
      case 'dictionary':
        if (token !== 'object') return refuse(site);
        return this.bindObject(json, at, shape, type.kind, path, shape.component ?? owner);
      case 'json':
        return materialize(json, at);
    }
  }

  private bindObject(
    json: JsonText,
    at: number,
    shape: SchemaShape,
    kind: 'class' | 'dictionary',
    path: string,
    owner: string | undefined,
  ): Record<string, unknown> {
    const { schema } = shape;
    const { properties, names, requiredInJson } = this.membersOf(schema);
    const bound: Record<string, unknown> = {};
    for (const member of json.members(at)) {
      const key = json.readString(member.name);
      if (key.invalid) throw new JsonBindingError(`${key.invalid} Path: ${path}.`);
      if (kind === 'dictionary') {
        const value = this.bindValue(
          json,
          member.value,
          schema.additionalProperties as JsonSchema,
          jsonPath(path, key.value),
        );
        // Any name is a key here, `__proto__` too: defined, never assigned, so it stays an ordinary member.
        Object.defineProperty(bound, key.value, { value, enumerable: true, writable: true, configurable: true });
        continue;
      }
      const name =
        (Object.hasOwn(properties, key.value) ? key.value : names.find((n) => ordinalIgnoreCaseEquals(n, key.value))) ??
        (owner === undefined ? undefined : aliasOf(owner, key.value));
      // The server ignores members it does not know.
      if (name === undefined) continue;
      const memberOwner = owner === undefined ? undefined : this.ownerName(owner, name);
      bound[name] = this.bindValue(json, member.value, properties[name], jsonPath(path, name), memberOwner);
    }
    // A C# `required` member (x-passwordless-missing: binding) must be in the JSON, even as null.
    const missing =
      requiredInJson.length === 0 ? requiredInJson : requiredInJson.filter((name) => !Object.hasOwn(bound, name));
    if (missing.length > 0) {
      throw new JsonBindingError(
        'JSON deserialization was missing required properties, including the following: ' +
          `${missing.join(', ')}. Path: ${path}.`,
      );
    }
    return bound;
  }
}

/** An object schema's members: its properties, their names, and those a C# `required` member makes required. */
interface ObjectMembers {
  properties: Record<string, JsonSchema>;
  names: readonly string[];
  requiredInJson: readonly string[];
}

/** Where a value is bound: what a refusal names. */
interface BindSite {
  type: CSharpType;
  shape: SchemaShape;
  path: string;
}

function refuse(site: BindSite, detail?: string): never {
  const { type, shape, path } = site;
  const name = dotnetTypeName(type, shape.nullable, shape.component);
  const whole = path === '$' && type.kind === 'class' ? ': the body must be a JSON object' : '';
  throw new JsonBindingError(`${detail ?? `The JSON value could not be converted to ${name}${whole}.`} Path: ${path}.`);
}

/** A string token as its converter reads it (GetString), which refuses half a surrogate pair. */
function stringAt(json: JsonText, at: number, site: BindSite): JsonString {
  const string = json.readString(at);
  if (string.invalid) refuse(site, string.invalid);
  return string;
}

function aliasOf(owner: string, name: string): string | undefined {
  const prefix = `${owner}.`;
  for (const [alias, target] of Object.entries(serverTypeFacts.aliases)) {
    if (alias.startsWith(prefix) && ordinalIgnoreCaseEquals(alias.slice(prefix.length), name)) return target;
  }
  return undefined;
}

function admitsNull(schema: JsonSchema): boolean {
  return (
    schema.type === 'null' ||
    (Array.isArray(schema.type) && schema.type.includes('null')) ||
    (Array.isArray(schema.enum) && schema.enum.includes(null)) ||
    schema.const === null
  );
}

const isOnlyNull = (schema: JsonSchema) =>
  schema.type === 'null' || (Array.isArray(schema.type) && schema.type.length === 1 && schema.type[0] === 'null');

/** Any JSON value as plain data; member names are defined, never assigned, so `__proto__` stays an ordinary member. */
function materialize(json: JsonText, at: number): unknown {
  switch (json.kindAt(at)) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const member of json.members(at)) {
        Object.defineProperty(value, json.readString(member.name).value, {
          value: materialize(json, member.value),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return value;
    }
    case 'array':
      return json.items(at).map((item) => materialize(json, item));
    case 'string':
      return json.readString(at).value;
    case 'number':
      return Number(json.raw(at));
    case 'true':
      return true;
    case 'false':
      return false;
    default:
      return null;
  }
}
