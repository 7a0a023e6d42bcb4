// Binds one routed request the way the server does, in its order: the body's size (413), the body read and bound to
// the operation's schema (a failure ends the request there, before any filter), query and path values bound to their
// types, then the validation filter (400 ValidationProblemDetails). Driven by the spec alone: nothing here names a
// route.
import type { EnvironmentName } from '../environment.js';
import type { OperationEntry, ResolvedParameter, SpecDocument } from '../spec/openapi-document.js';
import { type EmulatorResponse, emptyResponse } from '../wire/problems.js';
import type { RequestTarget } from '../wire/request-target.js';
import { Binder } from './binder.js';
import { BindingProblems } from './binding-problems.js';
import { type ReceivedBody, readJsonBody } from './json-body.js';
import { RequestProblems } from './request-problems.js';
import { RequestValidator } from './request-validator.js';

export interface RequestToBind {
  entry: OperationEntry;
  pathParams: Record<string, string>;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: ReceivedBody;
  /** The request's URL, whose query is read only for an operation with query parameters. */
  url: Pick<RequestTarget, 'searchParams'>;
}

/** A request as the server bound it: what the handler gets. */
export interface BoundRequest {
  /** The JSON body bound to the operation's schema; undefined when the operation takes none or none was sent. */
  body?: Record<string, unknown>;
  /** Query parameters under their spec names, bound to their types. */
  query: Record<string, unknown>;
  path: Record<string, unknown>;
}

export type BindingResult = ({ ok: true } & BoundRequest) | { ok: false; response: EmulatorResponse };

type BodyResult =
  | { ok: true; body?: Record<string, unknown> }
  /** `missing`: no body (or the JSON null) where one is required, which leaves the parameter null. */
  | { ok: false; response: EmulatorResponse; missing?: boolean };

/** Compiles the binding of a spec once (ajv compiles each schema on first use) and returns the function that runs it. */
export function createRequestBinding(
  spec: SpecDocument,
  environment: EnvironmentName,
): (request: RequestToBind) => BindingResult {
  const binder = new Binder(spec);
  const validator = new RequestValidator(spec, binder);
  const bindingProblems = new BindingProblems(binder, environment);
  const requestProblems = new RequestProblems(spec, bindingProblems);

  function bindBody(entry: OperationEntry, received: ReceivedBody, contentType: string | undefined): BodyResult {
    if (!entry.body) return { ok: true };
    const read = readJsonBody(received, contentType, () => bindingProblems.bodyParameter(entry));
    if (!read.ok) {
      if (read.status === 413) return { ok: false, response: emptyResponse(413, read.reason) };
      return { ok: false, response: bindingProblems.failure(read.title, read.reason, read.status) };
    }
    if (read.text === undefined) {
      return entry.body.required
        ? { ok: false, response: bindingProblems.missingBody(entry), missing: true }
        : { ok: true };
    }
    const bound = binder.bindBody(read.text, entry.body.schema);
    if (!bound.ok) return { ok: false, response: bindingProblems.unreadableBody(entry, bound.reason) };
    return { ok: true, body: bound.value as Record<string, unknown> };
  }

  // Each operation's query and path parameters, sorted out once: binding runs on every request.
  const parametersByLocation = new WeakMap<OperationEntry, { query: ResolvedParameter[]; path: ResolvedParameter[] }>();
  function parametersOf(entry: OperationEntry) {
    let parameters = parametersByLocation.get(entry);
    if (!parameters) {
      parameters = {
        query: entry.parameters.filter((parameter) => parameter.in === 'query'),
        path: entry.parameters.filter((parameter) => parameter.in === 'path'),
      };
      parametersByLocation.set(entry, parameters);
    }
    return parameters;
  }

  /** Query parameters under their spec names (matched case-insensitively, as ASP.NET does) and bound to their types. */
  function bindQuery(entry: OperationEntry, searchParams: URLSearchParams): Record<string, unknown> {
    const bound: Record<string, unknown> = {};
    for (const parameter of parametersOf(entry).query) {
      const values = [...searchParams.entries()]
        .filter(([key]) => key.toLowerCase() === parameter.name.toLowerCase())
        .map(([, value]) => value);
      if (values.length > 0) bound[parameter.name] = binder.bindQueryValue(values, parameter.schema);
    }
    return bound;
  }

  /**
   * Production's answer when a parameter failed to bind on an endpoint with a validation filter: RequestDelegateFactory
   * does not stop there ("If filters have been registered, we set the `wasParamCheckFailure` property but do not
   * return from the invocation to allow the filters to run"): the parameter keeps its C# default (a missing body is
   * null, which MiniValidation skips), the filter answers what it finds wrong, and only then the handler's wrapper
   * answers the empty 400 of the failure.
   */
  function filteredAnswer(
    entry: OperationEntry,
    bound: BoundRequest,
    unbound: ResolvedParameter[],
    failure: () => EmulatorResponse,
  ): EmulatorResponse {
    const query = { ...bound.query };
    for (const parameter of unbound) {
      const fallback = bindingProblems.parameterDefault(entry, parameter);
      if (fallback === undefined) delete query[parameter.name];
      else query[parameter.name] = fallback;
    }
    const filtered = validator.validate(entry, { ...bound, query });
    return requestProblems.filterAnswer(unbound, filtered) ?? failure();
  }

  return (request) => {
    const { entry } = request;
    const parameters = parametersOf(entry);
    // The search parameters are read only when the operation has query parameters.
    const query = parameters.query.length === 0 ? {} : bindQuery(entry, request.url.searchParams);
    const path =
      parameters.path.length === 0
        ? {}
        : Object.fromEntries(
            parameters.path.map((parameter) => [
              parameter.name,
              binder.bindQueryValue([request.pathParams[parameter.name] ?? ''], parameter.schema),
            ]),
          );
    const bodyResult = bindBody(entry, request.body, request.headers['content-type']);
    const filters = environment === 'Production' && requestProblems.hasValidationFilter(entry);
    if (!bodyResult.ok) {
      // A body that could not be read ends the request before the filters; a missing one is a parameter left null.
      if (!bodyResult.missing || !filters) return bodyResult;
      const issues = validator.validate(entry, { query, path });
      const unbound = requestProblems.unboundParameters(entry, issues);
      return { ok: false, response: filteredAnswer(entry, { query, path }, unbound, () => bodyResult.response) };
    }
    const { body } = bodyResult;
    const issues = validator.validate(entry, { body, query, path });
    if (issues.length === 0) return { ok: true, ...(body === undefined ? {} : { body }), query, path };
    const unbound = requestProblems.unboundParameters(entry, issues);
    if (filters && unbound.length > 0) {
      const failure = () => requestProblems.answer(entry, issues);
      return { ok: false, response: filteredAnswer(entry, { body, query, path }, unbound, failure) };
    }
    return { ok: false, response: requestProblems.answer(entry, issues) };
  };
}
