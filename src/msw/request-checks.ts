// The mock server's request checks, run on a fetch `Request` inside an msw handler: a request that breaks the spec
// gets the answer the mock (and the real server) gives it. The checks are the mock's own modules from src/mock/, run
// in the order src/mock/server.ts runs them: routing (404, 405), key (401), body (413, 415, 400), token prefix
// (400 invalid_token), validation (400), then the `Prefer` header.
import { authenticate } from '../mock/authentication.js';
import { BindingProblems } from '../mock/binding-problem.js';
import { Binder } from '../mock/binding.js';
import { frameworkProblem, type MockResponse } from '../mock/mock-response.js';
import { SpecDocument, type OpenApiDocument, type OperationEntry } from '../mock/openapi-document.js';
import { resolvePreference, type ResponsePreference } from '../mock/prefer.js';
import { parseJsonBody } from '../mock/request-body.js';
import { RequestProblems } from '../mock/request-problem.js';
import { RequestValidator } from '../mock/request-validation.js';
import { createRouter } from '../mock/routing.js';
import { checkTokenPrefixes, tokenMembers, type TokenMember } from '../mock/token-prefix.js';
import bundledSpec from '../../generated/openapi.json' with { type: 'json' };

export type CheckedRequest =
  /** `entry` is the operation the request was routed to, when it got that far. */
  | { ok: false; response: MockResponse; entry?: OperationEntry }
  | { ok: true; entry: OperationEntry; preference: ResponsePreference };

/** The spec and the mock's checkers, built once: they only cache what they compile. */
class RequestChecks {
  // The bundled spec is imported, not read from disk, so the handlers work wherever the package is installed.
  readonly spec = new SpecDocument(bundledSpec as unknown as OpenApiDocument, 'generated/openapi.json');
  private readonly binder = new Binder(this.spec);
  private readonly validator = new RequestValidator(this.spec);
  private readonly bindingProblems = new BindingProblems(this.spec, this.binder);
  private readonly requestProblems = new RequestProblems(this.spec, this.bindingProblems);
  private readonly route = createRouter(this.spec.operations);
  private readonly tokens = new Map<OperationEntry, TokenMember[]>(
    this.spec.operations.map((entry) => [entry, tokenMembers(this.binder, entry)]),
  );

  /** `pathname` is the request's path below the API root (`/register/token`). */
  async check(request: Request, pathname: string): Promise<CheckedRequest> {
    const method = request.method.toUpperCase();
    const match = this.route(method, pathname);
    const bytes = Buffer.from(await request.arrayBuffer());
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
    const headers = Object.fromEntries(request.headers);
    const unauthenticated = authenticate(this.spec, entry, headers);
    if (unauthenticated) return fail(unauthenticated);

    let body: unknown;
    if (entry.body) {
      const parsed = parseJsonBody({ bytes, size: bytes.length }, headers['content-type'], {
        required: entry.body.required,
        parameterName: this.bindingProblems.bodyParameter(entry),
      });
      if (!parsed.ok) return fail(parsed.response);
      if (parsed.present) {
        body = this.binder.bind(parsed.value, entry.body.schema);
        if (body === null || typeof body !== 'object' || Array.isArray(body)) {
          const type = this.bindingProblems.bodyParameter(entry).split(' ')[0];
          const detail = `The JSON value could not be converted to ${type}: the body must be a JSON object. Path: $.`;
          return fail(this.bindingProblems.unreadableBody(entry, detail));
        }
      }
    }
    const searchParams = new URL(request.url).searchParams;
    const query: Record<string, unknown> = {};
    for (const parameter of entry.parameters.filter((candidate) => candidate.in === 'query')) {
      // Query names match case-insensitively, as in ASP.NET.
      const values = [...searchParams].filter(([key]) => key.toLowerCase() === parameter.name.toLowerCase()).map(([, value]) => value);
      if (values.length > 0) query[parameter.name] = this.binder.bindQueryValue(values, parameter.schema);
    }
    const path = Object.fromEntries(
      entry.parameters
        .filter((parameter) => parameter.in === 'path')
        .map((parameter) => [parameter.name, this.binder.bindQueryValue([pathParams[parameter.name] ?? ''], parameter.schema)]),
    );
    const wrongToken = checkTokenPrefixes(this.spec, entry, this.tokens.get(entry) ?? [], body);
    if (wrongToken) return fail(wrongToken);
    const issues = this.validator.validate(entry, { body, query, path });
    if (issues.length > 0) return fail(this.requestProblems.answer(entry, issues));
    const preference = resolvePreference(this.spec, entry, headers.prefer);
    if (!preference.ok) return fail(preference.response);
    return { ok: true, entry, preference: preference.preference };
  }
}

let shared: RequestChecks | undefined;

/** The checks, compiled on first use (ajv compiles the spec once per process). */
export function requestChecks(): RequestChecks {
  shared ??= new RequestChecks();
  return shared;
}
