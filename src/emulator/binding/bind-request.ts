// Binds one routed request the way the server does, in its order: the body's size (413), the JSON read and bound to
// the operation's schema (a binding failure), query and path values bound to their types, then the validation filter
// (400 ValidationProblemDetails). Driven by the spec alone: nothing here names a route.
import type { EnvironmentName } from '../environment.js';
import type { OperationEntry, SpecDocument } from '../spec/openapi-document.js';
import { type EmulatorResponse, emptyResponse } from '../wire/problems.js';
import { Binder } from './binder.js';
import { BindingProblems } from './binding-problems.js';
import { parseJsonBody, type ReceivedBody } from './json-body.js';
import { RequestProblems } from './request-problems.js';
import { RequestValidator } from './request-validator.js';

export interface RequestToBind {
  entry: OperationEntry;
  pathParams: Record<string, string>;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: ReceivedBody;
  searchParams: URLSearchParams;
}

export interface BoundRequest {
  /** The JSON body bound to the operation's schema; undefined when the operation takes none or none was sent. */
  body?: Record<string, unknown>;
  /** Query parameters under their spec names, bound to their types. */
  query: Record<string, unknown>;
  path: Record<string, unknown>;
}

export type BindingResult = ({ ok: true } & BoundRequest) | { ok: false; response: EmulatorResponse };

/** Compiles the binding of a spec once (ajv compiles each schema on first use) and returns the function that runs it. */
export function createRequestBinding(
  spec: SpecDocument,
  environment: EnvironmentName,
): (request: RequestToBind) => BindingResult {
  const binder = new Binder(spec);
  const validator = new RequestValidator(spec);
  const bindingProblems = new BindingProblems(binder, environment);
  const requestProblems = new RequestProblems(spec, bindingProblems);

  function bindBody(
    entry: OperationEntry,
    received: ReceivedBody,
    contentType: string | undefined,
  ): BindingResult | { ok: true; body?: Record<string, unknown> } {
    if (!entry.body) return { ok: true };
    const parameterName = bindingProblems.bodyParameter(entry);
    const parsed = parseJsonBody(received, contentType, { required: entry.body.required, parameterName });
    if (!parsed.ok) {
      if (parsed.status === 413) return { ok: false, response: emptyResponse(413, parsed.reason) };
      return { ok: false, response: bindingProblems.failure(parsed.title, parsed.reason, parsed.status) };
    }
    if (!parsed.present) return { ok: true };
    const body = binder.bind(parsed.value, entry.body.schema);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      const reason = `The JSON value could not be converted to ${parameterName.split(' ')[0]}: the body must be a JSON object. Path: $.`;
      return { ok: false, response: bindingProblems.unreadableBody(entry, reason) };
    }
    return { ok: true, body: body as Record<string, unknown> };
  }

  /** Query parameters under their spec names (matched case-insensitively, as ASP.NET does) and bound to their types. */
  function bindQuery(entry: OperationEntry, searchParams: URLSearchParams): Record<string, unknown> {
    const bound: Record<string, unknown> = {};
    for (const parameter of entry.parameters.filter((p) => p.in === 'query')) {
      const values = [...searchParams.entries()]
        .filter(([key]) => key.toLowerCase() === parameter.name.toLowerCase())
        .map(([, value]) => value);
      if (values.length > 0) bound[parameter.name] = binder.bindQueryValue(values, parameter.schema);
    }
    return bound;
  }

  return (request) => {
    const { entry } = request;
    const bodyResult = bindBody(entry, request.body, request.headers['content-type']);
    if (!bodyResult.ok) return bodyResult;
    const body = 'body' in bodyResult ? bodyResult.body : undefined;
    const query = bindQuery(entry, request.searchParams);
    const path = Object.fromEntries(
      entry.parameters
        .filter((parameter) => parameter.in === 'path')
        .map((parameter) => [
          parameter.name,
          binder.bindQueryValue([request.pathParams[parameter.name] ?? ''], parameter.schema),
        ]),
    );
    const issues = validator.validate(entry, { body, query, path });
    if (issues.length > 0) return { ok: false, response: requestProblems.answer(entry, issues) };
    return { ok: true, ...(body === undefined ? {} : { body }), query, path };
  };
}
