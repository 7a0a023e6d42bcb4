// The C# type behind each schema of a request, which decides how System.Text.Json binds a JSON value to it (the
// server's settings: ASP.NET's web defaults, its AutoNumberToStringConverter for every `string`, and the converters the
// types carry). Almost everything follows from the spec's JSON Schema (see `csharpTypeOf`); `serverTypeFacts` holds the
// few facts of the server's source a JSON Schema cannot say. Both nullable forms read the same: `type: [T, 'null']`
// and `anyOf`/`oneOf` with a `{type: 'null'}` branch.
import type { JsonSchema } from '../spec/openapi-document.js';

export type CSharpType =
  /** `string`, through AutoNumberToStringConverter: a number, boolean, object or array becomes text. */
  | { kind: 'string' }
  /** `SignInPurpose` through SignInPurposeConverter: reader.GetString(), empty or blank is null. */
  | { kind: 'purpose' }
  | { kind: 'bool' }
  | { kind: 'int'; bits: 32 | 64 }
  | { kind: 'double' }
  /** A C# enum without a converter (the server registers no JsonStringEnumConverter): numbers only, any Int32. */
  | { kind: 'enum' }
  /** An enum with fido2-net-lib's FidoEnumConverter: its EnumMember names in any case, or a defined number. */
  | { kind: 'fido-enum'; members: readonly string[] }
  | { kind: 'guid' }
  | { kind: 'date-time' }
  | { kind: 'date-only' }
  | { kind: 'time-span' }
  /** `byte[]` with fido2-net-lib's Base64UrlConverter. */
  | { kind: 'base64url' }
  /** `byte[]` without a converter: standard base64. */
  | { kind: 'base64' }
  | { kind: 'list' }
  /** A class or record: members by name, in any case; unknown members ignored. */
  | { kind: 'class' }
  /** A dictionary: every member kept, its value bound to `additionalProperties`. */
  | { kind: 'dictionary' }
  /** `object`/`JsonElement`: any JSON value, kept as sent. */
  | { kind: 'json' };

export type CSharpKind = CSharpType['kind'];

/** Kinds that are C# value types: JSON `null` fails them unless the spec admits null (`T?`). */
export const valueKinds: ReadonlySet<CSharpKind> = new Set([
  'bool',
  'int',
  'double',
  'enum',
  'fido-enum',
  'guid',
  'date-time',
  'date-only',
  'time-span',
]);

/** fido2-net-lib 4.0.0's PublicKeyCredentialType: the spec lists only `public-key`, the enum also has `invalid`. */
const publicKeyCredentialType: CSharpType = { kind: 'fido-enum', members: ['public-key', 'invalid'] };

/**
 * What the spec's JSON Schema cannot say about the server's request types, each from the server's source
 * (bitwarden/passwordless-server 20232df8, fido2-net-lib 4.0.0):
 * - `members`, keyed `<component schema>.<member>` (nested members by their path), the C# type of a member whose
 *   schema would read otherwise;
 * - `components`, keyed by schema name, the C# type of a reusable string schema that is no C# `string`;
 * - `aliases`, keyed `<component schema>.<JSON name>`, another JSON name a C# member answers to.
 */
export const serverTypeFacts: {
  members: Readonly<Record<string, CSharpType>>;
  components: Readonly<Record<string, CSharpType>>;
  aliases: Readonly<Record<string, string>>;
} = {
  members: {
    // SignInBeginDTO.Purpose is a SignInPurpose with [JsonConverter(typeof(SignInPurposeConverter))]
    // (src/Service/Models/SignInBeginDTO.cs, src/Common/Converters/SignInPurposeConverter.cs).
    'SigninBeginRequest.purpose': { kind: 'purpose' },
    // AuthenticatorAttestationResponseDTO.Type, AuthenticatorAssertionRawResponse.Type: PublicKeyCredentialType.
    'AuthenticatorAttestationResponse.type': publicKeyCredentialType,
    'AuthenticatorAssertionResponse.type': publicKeyCredentialType,
  },
  components: {
    // System.TimeSpan (SetAuthenticationConfigurationRequest.TimeToLive): System.Text.Json's TimeSpanConverter.
    TimeSpan: { kind: 'time-span' },
    // byte[] members marked [JsonConverter(typeof(Base64UrlConverter))] (CredentialsDeleteDTO, the WebAuthn payloads).
    Base64Url: { kind: 'base64url' },
    NullableBase64Url: { kind: 'base64url' },
    // byte[] without a converter.
    Base64: { kind: 'base64' },
    NullableBase64: { kind: 'base64' },
  },
  aliases: {
    // AuthenticatorAssertionRawResponse.Extensions ([JsonPropertyName("extensions")], obsolete) sets
    // ClientExtensionResults.
    'AuthenticatorAssertionResponse.extensions': 'clientExtensionResults',
  },
};

/** The schema and the JSON types a flattened schema admits, null apart. */
export interface SchemaShape {
  /** The schema of the non-null value (one `anyOf`/`oneOf` branch when the others are only null). */
  schema: JsonSchema;
  nullable: boolean;
  /** The component schema this one is (through `$ref`), when it is one. */
  component?: string;
  /** Its C# type as the schema says (csharpTypeOf without a member), worked out once. */
  type: CSharpType;
}

/**
 * The C# type of a value schema, from the facts above, else from its JSON Schema: a string `enum` is a Fido2 enum (the
 * only string enums the server reads), an integer `enum` a C# enum; `format` `uuid`, `date-time` and `date` are Guid,
 * DateTime and DateOnly (`email` and `uri` are strings the validation checks); `integer` is an Int32 unless
 * `format: int64`.
 */
export function csharpTypeOf(shape: Omit<SchemaShape, 'type'>, member: string | undefined): CSharpType {
  const fact =
    (member === undefined ? undefined : serverTypeFacts.members[member]) ??
    (shape.component === undefined ? undefined : serverTypeFacts.components[shape.component]);
  if (fact) return fact;
  const { schema } = shape;
  const types = ([] as unknown[]).concat(schema.type ?? []).filter((type) => type !== 'null');
  const enumValues = Array.isArray(schema.enum) ? schema.enum.filter((value) => value !== null) : undefined;
  if (enumValues && enumValues.length > 0) {
    return enumValues.every((value) => typeof value === 'string')
      ? { kind: 'fido-enum', members: enumValues as string[] }
      : { kind: 'enum' };
  }
  if (types.length !== 1) {
    if (types.length === 0 && (schema.properties !== undefined || schema.additionalProperties !== undefined))
      return schema.properties === undefined ? { kind: 'dictionary' } : { kind: 'class' };
    if (types.length === 0 && schema.items !== undefined) return { kind: 'list' };
    return { kind: 'json' };
  }
  switch (types[0]) {
    case 'string':
      if (schema.format === 'uuid') return { kind: 'guid' };
      if (schema.format === 'date-time') return { kind: 'date-time' };
      if (schema.format === 'date') return { kind: 'date-only' };
      return { kind: 'string' };
    case 'boolean':
      return { kind: 'bool' };
    case 'integer':
      return { kind: 'int', bits: schema.format === 'int64' ? 64 : 32 };
    case 'number':
      return { kind: 'double' };
    case 'array':
      return { kind: 'list' };
    case 'object':
      return schema.properties === undefined && typeof schema.additionalProperties === 'object'
        ? { kind: 'dictionary' }
        : { kind: 'class' };
    default:
      return { kind: 'json' };
  }
}

/** The .NET name of a type, as System.Text.Json writes it in its messages. */
export function dotnetTypeName(type: CSharpType, nullable: boolean, component?: string): string {
  const names: Record<CSharpKind, string> = {
    string: 'System.String',
    purpose: 'Passwordless.Common.Models.Apps.SignInPurpose',
    bool: 'System.Boolean',
    int: type.kind === 'int' && type.bits === 64 ? 'System.Int64' : 'System.Int32',
    double: 'System.Double',
    enum: 'System.Enum',
    'fido-enum': 'Fido2NetLib.Objects enum',
    guid: 'System.Guid',
    'date-time': 'System.DateTime',
    'date-only': 'System.DateOnly',
    'time-span': 'System.TimeSpan',
    base64url: 'System.Byte[]',
    base64: 'System.Byte[]',
    list: 'System.Collections.Generic.List`1',
    class: component ?? 'System.Object',
    dictionary: 'System.Collections.Generic.Dictionary`2',
    json: 'System.Text.Json.JsonElement',
  };
  const name = names[type.kind];
  return nullable && valueKinds.has(type.kind) ? `System.Nullable\`1[${name}]` : name;
}
