// Turns what JSON Schema validation found wrong into the server's words (api-inventory §1.5). Each failure is sorted
// the way the server meets it: a value JSON binding cannot convert (a wrong type, a Guid or enum it cannot read), a
// missing query parameter, or a DataAnnotations constraint. Constraints become the ValidationProblemDetails the server
// sends: `errors` keyed by the camelCased member, each message the DataAnnotations text for that exact failure, with
// the member's C# PascalCase name and the limit the schema sets.
import type { ErrorObject } from 'ajv';
import { type EmulatorResponse, frameworkProblemTypes, problemResponse } from '../wire/problems.js';

export type InputSource = 'body' | 'query' | 'path';

/** How the server meets a failure: in binding (`missing` query parameter, `conversion`) or in validation. */
export type IssueKind = 'missing' | 'conversion' | 'constraint';

export interface ValidationIssue {
  source: InputSource;
  kind: IssueKind;
  /** The camelCased key of `errors`: `userId`, `response.rawId`, `items[0].id`. */
  member: string;
  message: string;
  /** The value that failed, for binding messages that quote it. */
  value?: unknown;
}

/** Messages the spec's own 400 examples give for a member, when they are not one of the standard templates. */
export type CustomMessages = Map<string, string[]>;

const standardTemplates = [
  /^The \w+ field is required\.$/,
  /^The field \w+ must be a string or array type with a (minimum|maximum) length of '\d+'\.$/,
  /^The field \w+ must be between .+ and .+\.$/,
  /^The \w+ field is not a valid e-mail address\.$/,
  /^The field \w+ must be a collection /,
];

export function isStandardMessage(message: string): boolean {
  return standardTemplates.some((template) => template.test(message));
}

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
const camel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);
const unescapePointer = (segment: string) => segment.replaceAll('~1', '/').replaceAll('~0', '~');

/** `/response/rawId` → `response.rawId`; `/items/0/id` → `items[0].id` (MiniValidation's keys, camelCased). */
function memberKey(segments: string[]): string {
  return segments
    .map((segment, i) => (/^\d+$/.test(segment) ? `[${segment}]` : `${i === 0 ? '' : '.'}${camel(segment)}`))
    .join('');
}

/** `$.aliases[0]`, the path System.Text.Json puts in its messages. */
function jsonPath(segments: string[]): string {
  return `$${segments.map((segment) => (/^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`)).join('')}`;
}

/** The .NET type System.Text.Json names when a JSON value does not convert. */
function netTypeName(schema: Record<string, unknown> | undefined): string {
  const types = ([] as unknown[]).concat(schema?.type ?? []).filter((type) => type !== 'null');
  const type = types[0];
  if (type === 'boolean') return 'System.Boolean';
  if (type === 'integer') return schema?.format === 'int64' ? 'System.Int64' : 'System.Int32';
  if (type === 'number') return 'System.Double';
  if (type === 'array') return 'System.Collections.Generic.List`1';
  if (type === 'object') return 'System.Object';
  if (schema?.format === 'uuid') return 'System.Guid';
  if (schema?.format === 'date-time') return 'System.DateTime';
  if (schema?.format === 'date') return 'System.DateOnly';
  return 'System.String';
}

const rangeDefaults: Record<string, [string, string]> = {
  int32: ['-2147483648', '2147483647'],
  int64: ['-9223372036854775808', '9223372036854775807'],
};

function rangeMessage(member: string, schema: Record<string, unknown>): string {
  const [lowest, highest] = rangeDefaults[String(schema.format ?? 'int32')] ?? ['-2147483648', '2147483647'];
  const minimum = schema.minimum ?? schema.exclusiveMinimum ?? lowest;
  const maximum = schema.maximum ?? schema.exclusiveMaximum ?? highest;
  return `The field ${member} must be between ${minimum} and ${maximum}.`;
}

/** The schema name a `$ref` led to (for enum messages), from the error's schema path. */
function schemaName(error: ErrorObject): string | undefined {
  return /\/schemas\/([^/]+)\/[^/]+$/.exec(error.schemaPath)?.[1];
}

/** A custom message of the member that quotes this limit ("Nickname cannot be longer than 64 characters."). */
function customWithLimit(custom: CustomMessages, member: string, limit: unknown): string | undefined {
  return custom.get(member)?.find((message) => new RegExp(`\\b${String(limit)}\\b`).test(message));
}

/** Whether a `pattern` belongs to a reusable type (Base64Url, TimeSpan…) that the server parses, not to a member. */
const isTypePattern = (error: ErrorObject) => /\/components\/schemas\/[^/]+\/pattern$/.test(error.schemaPath);

function describe(error: ErrorObject, source: InputSource, custom: CustomMessages): ValidationIssue {
  const segments = error.instancePath.split('/').filter(Boolean).map(unescapePointer);
  const schema = (error.parentSchema ?? {}) as Record<string, unknown>;
  const params = error.params as Record<string, unknown>;
  const issue = (kind: IssueKind, member: string, message: string): ValidationIssue => ({
    source,
    kind,
    member,
    message,
    value: error.data,
  });
  if (error.keyword === 'required') {
    const name = String(params.missingProperty);
    const member = memberKey([...segments, name]);
    const property = (schema.properties as Record<string, Record<string, unknown>> | undefined)?.[name];
    // A C# `required` member: System.Text.Json refuses the body before validation runs.
    if (source === 'body' && property?.['x-passwordless-missing'] === 'binding') {
      return {
        source,
        kind: 'conversion',
        member,
        message:
          'JSON deserialization was missing required properties, including the following: ' +
          `${name}. Path: ${jsonPath(segments)}.`,
      };
    }
    return {
      source,
      kind: source === 'body' ? 'constraint' : 'missing',
      member,
      message: `The ${pascal(name)} field is required.`,
    };
  }
  // A constraint on the items of a string array is reported on the array, with the server's collection messages; a
  // null item is an item missing.
  const nullItem = error.keyword === 'type' && error.data === null;
  const itemOfArray =
    /^\d+$/.test(segments.at(-1) ?? '') && (['minLength', 'maxLength'].includes(error.keyword) || nullItem);
  const declared = itemOfArray ? segments.slice(0, -1) : segments;
  // MiniValidation names a member after its C# property, which `x-passwordless-validation-member` gives when it
  // differs from the JSON name (`timeToLive` bound to `TimeToLiveSeconds`).
  const renamed = schema['x-passwordless-validation-member'];
  const memberSegments =
    typeof renamed === 'string' && declared.length > 0 ? [...declared.slice(0, -1), renamed] : declared;
  const member = memberKey(memberSegments);
  const name = pascal([...memberSegments].reverse().find((segment) => !/^\d+$/.test(segment)) ?? 'Value');
  if (itemOfArray) {
    return error.keyword === 'maxLength'
      ? issue(
          'constraint',
          member,
          `The field ${name} must be a collection that contains strings with a maximum length of '${params.limit}'.`,
        )
      : issue('constraint', member, `The field ${name} must be a collection where every item is required.`);
  }
  // A custom attribute's own words for this keyword (`x-passwordless-messages`).
  const ownMessage = (schema['x-passwordless-messages'] as Record<string, string> | undefined)?.[error.keyword];
  const ownCustom = custom.get(member)?.[0];
  if (ownMessage !== undefined) return issue('constraint', member, ownMessage);
  const conversion = (typeName: string) =>
    issue(
      'conversion',
      member,
      source === 'body'
        ? `The JSON value could not be converted to ${typeName}. Path: ${jsonPath(segments)}.`
        : `The value '${String(error.data)}' is not valid for ${name}.`,
    );
  switch (error.keyword) {
    case 'type':
      // Binding lets null through only into a C# reference type, where [Required] (a required member) refuses it.
      return error.data === null
        ? issue('constraint', member, `The ${name} field is required.`)
        : conversion(netTypeName(schema));
    case 'minLength':
      return issue(
        'constraint',
        member,
        params.limit === 1
          ? `The ${name} field is required.`
          : `The field ${name} must be a string or array type with a minimum length of '${params.limit}'.`,
      );
    case 'maxLength':
    case 'maxItems':
      return issue(
        'constraint',
        member,
        customWithLimit(custom, member, params.limit) ??
          `The field ${name} must be a string or array type with a maximum length of '${params.limit}'.`,
      );
    case 'minItems':
      return issue(
        'constraint',
        member,
        `The field ${name} must be a string or array type with a minimum length of '${params.limit}'.`,
      );
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return issue('constraint', member, rangeMessage(name, schema));
    case 'format':
      if (params.format === 'email')
        return issue('constraint', member, `The ${name} field is not a valid e-mail address.`);
      return ownCustom ? issue('constraint', member, ownCustom) : conversion(netTypeName(schema));
    case 'pattern':
      if (ownCustom) return issue('constraint', member, ownCustom);
      if (isTypePattern(error)) return conversion(schemaName(error) ?? netTypeName(schema));
      return issue('constraint', member, `The field ${name} must match the regular expression '${params.pattern}'.`);
    case 'enum':
      return conversion(schemaName(error) ?? netTypeName(schema));
    default:
      return issue('constraint', member, `The field ${name} is invalid.`);
  }
}

const typesOf = (schema: unknown): unknown[] =>
  ([] as unknown[]).concat((schema as { type?: unknown } | undefined)?.type ?? []);

/** The issues, one message per distinct failure, in the order validation met them. */
export function describeValidationErrors(
  errors: ErrorObject[],
  source: InputSource,
  custom: CustomMessages,
): ValidationIssue[] {
  // System.Text.Json reads any number into a C# enum, defined or not: only the handler meets an undefined one.
  errors = errors.filter(
    (error) =>
      !(error.keyword === 'enum' && Number.isInteger(error.data) && typesOf(error.parentSchema).includes('integer')),
  );
  // anyOf/oneOf report every branch; keep their summary only when nothing more precise names the member.
  const combinator = (error: ErrorObject) => ['anyOf', 'oneOf', 'if', 'then', 'else'].includes(error.keyword);
  const used = errors.filter(
    (error) =>
      !combinator(error) || !errors.some((other) => other.instancePath === error.instancePath && !combinator(other)),
  );
  // One attribute gives one message: of the keywords `x-passwordless-messages` words, the first one listed that failed.
  const firstAttributed = (error: ErrorObject) => {
    const messages = (error.parentSchema as Record<string, unknown> | undefined)?.['x-passwordless-messages'] as
      | object
      | undefined;
    if (!messages) return true;
    const failed = used
      .filter((other) => other.instancePath === error.instancePath && other.keyword in messages)
      .map((other) => other.keyword);
    return Object.keys(messages).find((keyword) => failed.includes(keyword)) === error.keyword;
  };
  return used.filter(firstAttributed).map((error) => describe(error, source, custom));
}

export function validationProblem(issues: ValidationIssue[]): EmulatorResponse {
  const errors: Record<string, string[]> = {};
  for (const { member, message } of issues) {
    errors[member] ??= [];
    const messages = errors[member];
    if (!messages.includes(message)) messages.push(message);
  }
  return problemResponse({
    type: frameworkProblemTypes[400] ?? 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
    title: 'One or more validation errors occurred.',
    status: 400,
    errors,
  });
}
