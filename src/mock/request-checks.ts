// The mock's checks of one request, in the server's order: routing (404, 405) → key (401) → body (413, 415, 400) →
// token prefix (400 invalid_token) → validation (400) → the `Prefer` header. Free of node:http, so the mock server and
// the msw handlers run the same checks on what they each receive.
import { authenticate } from './authentication.js';
import { BindingProblems } from './binding-problem.js';
import { Binder } from './binding.js';
import { frameworkProblem, type MockResponse } from './mock-response.js';
import type { OperationEntry, SpecDocument } from './openapi-document.js';
import { resolvePreference, type ResponsePreference } from './prefer.js';
import { parseJsonBody, type ReceivedBody } from './request-body.js';
import { RequestProblems } from './request-problem.js';
import { RequestValidator } from './request-validation.js';
import { createRouter } from './routing.js';
import { checkTokenPrefixes, tokenMembers, type TokenMember } from './token-prefix.js';

export interface RequestToCheck {
  /** Upper-case method. */
  method: string;
  /** The path below the API root, e.g. `/register/token`. */
  pathname: string;
  /** Header names in lower case, as node:http and the fetch `Headers` give them. */
  headers: Record<string, string | string[] | undefined>;
  body: ReceivedBody;
  searchParams: URLSearchParams;
}

/** A request that passed every check, bound the way the server binds it. */
export interface BoundOperationRequest {
  entry: OperationEntry;
  pathParams: Record<string, string>;
  /** The JSON body bound to the operation's schema; undefined when the operation takes none or none was sent. */
  body?: unknown;
  /** Query parameters under their spec names, bound to their types. */
  query: Record<string, unknown>;
  /** The same values as text, for Prism, which reads the query again with its own case-sensitive rules. */
  canonicalQuery: Record<string, string | string[]>;
  path: Record<string, unknown>;
  preference: ResponsePreference;
}

export type CheckedRequest =
  /** `entry` is the operation the request was routed to, when it got that far. */
  | { ok: false; response: MockResponse; entry?: OperationEntry }
  | ({ ok: true } & BoundOperationRequest);

/** Compiles the checks for a spec once (ajv compiles each schema on first use) and returns the function that runs them. */
export function createRequestChecks(spec: SpecDocument): (request: RequestToCheck) => CheckedRequest {
  const binder = new Binder(spec);
  const validator = new RequestValidator(spec);
  const bindingProblems = new BindingProblems(spec, binder);
  const requestProblems = new RequestProblems(spec, bindingProblems);
  const route = createRouter(spec.operations);
  const tokens = new Map<OperationEntry, TokenMember[]>(spec.operations.map((entry) => [entry, tokenMembers(binder, entry)]));

  /** The JSON body read, parsed and bound to the operation's schema, or the server's binding problem. */
  function bindBody(
    entry: OperationEntry,
    received: ReceivedBody,
    contentType: string | undefined,
  ): { ok: true; body?: unknown } | { ok: false; response: MockResponse } {
    if (!entry.body) return { ok: true };
    const parameterName = bindingProblems.bodyParameter(entry);
    const parsed = parseJsonBody(received, contentType, { required: entry.body.required, parameterName });
    if (!parsed.ok) return parsed;
    if (!parsed.present) return { ok: true };
    const body = binder.bind(parsed.value, entry.body.schema);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      const detail = `The JSON value could not be converted to ${parameterName.split(' ')[0]}: the body must be a JSON object. Path: $.`;
      return { ok: false, response: bindingProblems.unreadableBody(entry, detail) };
    }
    return { ok: true, body };
  }

  /** Query parameters under their spec names (matched case-insensitively, as ASP.NET does) and bound to their types. */
  function bindQuery(entry: OperationEntry, searchParams: URLSearchParams) {
    const bound: Record<string, unknown> = {};
    const canonical: Record<string, string | string[]> = {};
    for (const parameter of entry.parameters.filter((p) => p.in === 'query')) {
      const values = [...searchParams.entries()]
        .filter(([key]) => key.toLowerCase() === parameter.name.toLowerCase())
        .map(([, value]) => value);
      if (values.length === 0) continue;
      const value = binder.bindQueryValue(values, parameter.schema);
      bound[parameter.name] = value;
      canonical[parameter.name] = Array.isArray(value) ? value.map(String) : String(value);
    }
    return { bound, canonical };
  }

  return (request) => {
    const { method, pathname, headers } = request;
    const match = route(method, pathname);
    if (match.kind === 'not-found') {
      const detail = `No operation of the API matches ${method} ${pathname}. The routes are listed in /openapi.yaml.`;
      return { ok: false, response: frameworkProblem(404, 'Not Found', detail) };
    }
    if (match.kind === 'method-not-allowed') {
      const detail = `${pathname} does not accept ${method}; it accepts ${match.allowed.join(', ')}.`;
      return { ok: false, response: frameworkProblem(405, 'Method Not Allowed', detail, { allow: match.allowed.join(', ') }) };
    }
    const { entry, pathParams } = match;
    const fail = (response: MockResponse): CheckedRequest => ({ ok: false, response, entry });
    const unauthenticated = authenticate(spec, entry, headers);
    if (unauthenticated) return fail(unauthenticated);

    const bodyResult = bindBody(entry, request.body, headerText(headers['content-type']));
    if (!bodyResult.ok) return fail(bodyResult.response);
    const { body } = bodyResult;
    const query = bindQuery(entry, request.searchParams);
    const path = Object.fromEntries(
      entry.parameters
        .filter((parameter) => parameter.in === 'path')
        .map((parameter) => [parameter.name, binder.bindQueryValue([pathParams[parameter.name] ?? ''], parameter.schema)]),
    );

    const wrongToken = checkTokenPrefixes(spec, entry, tokens.get(entry) ?? [], body);
    if (wrongToken) return fail(wrongToken);
    const issues = validator.validate(entry, { body, query: query.bound, path });
    if (issues.length > 0) return fail(requestProblems.answer(entry, issues));

    const preference = resolvePreference(spec, entry, headerText(headers.prefer));
    if (!preference.ok) return fail(preference.response);
    return {
      ok: true,
      entry,
      pathParams,
      ...(body === undefined ? {} : { body }),
      query: query.bound,
      canonicalQuery: query.canonical,
      path,
      preference: preference.preference,
    };
  };
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
