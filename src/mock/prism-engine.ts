// Prism (@stoplight/prism-http, used as a library) produces every response the spec describes: the named examples,
// the one `Prefer` selects, or generated bodies with `dynamic=true`. Request validation and security checks stay on
// as a safety net behind the mock's own server-like checks; whatever Prism reports in its own words (422, its 400
// example, its 401, its error bodies) is translated here, so no Prism-specific body reaches a client.
import { createInstance, getHttpOperationsFromSpec, type IHttpRequest, type IHttpResponse } from '@stoplight/prism-http';
import type { HeaderScheme } from './authentication.js';
import { unauthorized } from './authentication.js';
import type { OperationEntry } from './openapi-document.js';
import { frameworkProblem, type MockResponse } from './mock-response.js';
import type { ResponsePreference } from './prefer.js';
import { validationProblem, type ValidationIssue } from './validation-problem.js';

type PrismOperation = Awaited<ReturnType<typeof getHttpOperationsFromSpec>>[number];

interface PrismDiagnostic {
  path?: string[];
  code?: string | number;
  message: string;
  severity: number;
}

// Prism's components log through a pino-style logger; the mock writes its own one line per request instead.
const silentLogger: Record<string, unknown> = {};
for (const level of ['fatal', 'error', 'warn', 'info', 'success', 'debug', 'trace']) silentLogger[level] = () => undefined;
silentLogger.child = () => silentLogger;

export interface PrismRequest {
  entry: OperationEntry;
  /** The spec's path with path parameters filled in. */
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body?: unknown;
  preference: ResponsePreference;
  scheme?: HeaderScheme;
}

export interface PrismEngine {
  respond(request: PrismRequest): Promise<MockResponse>;
}

export async function createPrismEngine(specPath: string): Promise<PrismEngine> {
  const operations = await getHttpOperationsFromSpec(specPath);
  const byRoute = new Map(operations.map((operation) => [`${operation.method} ${operation.path}`, operation]));
  const prism = createInstance(
    {
      mock: { dynamic: false },
      checkSecurity: true,
      validateRequest: true,
      // Examples are linted against their schemas (`no-invalid-media-type-examples`), so responses need no re-check.
      validateResponse: false,
      errors: false,
      upstreamProxy: undefined,
      isProxy: false,
    },
    { logger: silentLogger as never },
  );

  return {
    async respond(request) {
      const operation = byRoute.get(`${request.entry.method} ${request.entry.template}`);
      if (!operation) return engineFailure(`Prism has no operation for ${request.entry.method.toUpperCase()} ${request.entry.template}.`);
      const input: IHttpRequest = {
        method: request.entry.method as IHttpRequest['method'],
        url: { path: request.path, query: request.query },
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
      };
      const { code, exampleKey, dynamic, seed } = request.preference;
      const run = (generate: boolean) =>
        prism.request(input, [operation as PrismOperation], {
          mock: { dynamic: generate, ...(code ? { code } : {}), ...(exampleKey ? { exampleKey } : {}), ...(seed ? { seed } : {}) },
        } as never)();
      let result = await run(dynamic ?? false);
      // json-schema-faker cannot generate some schemas (a date-time that also has a pattern); the example still fits.
      if (result._tag === 'Left' && dynamic) result = await run(false);
      if (result._tag === 'Left') return engineFailure(result.left.message || String(result.left.name));
      const { output, validations } = result.right;
      const errors = (validations.input as PrismDiagnostic[]).filter((diagnostic) => diagnostic.severity === 0);
      if (errors.length > 0) return translateDiagnostics(errors, request.scheme);
      return toMockResponse(output, request.scheme);
    },
  };
}

function engineFailure(message: string): MockResponse {
  // The first line only: Prism's messages may carry a stack trace.
  return frameworkProblem(500, 'The mock could not build a response from the spec.', message.split('\n')[0]);
}

/** Violations Prism found that the mock's own checks let through, in the server's words. */
function translateDiagnostics(diagnostics: PrismDiagnostic[], scheme: HeaderScheme | undefined): MockResponse {
  if (scheme && diagnostics.some((diagnostic) => diagnostic.code === 401)) {
    return unauthorized(scheme.scheme, scheme.header, `The value of your '${scheme.header}' is not valid.`);
  }
  const issues: ValidationIssue[] = diagnostics.map((diagnostic) => {
    const [, ...segments] = diagnostic.path ?? [];
    const missing = /required property '([^']+)'/.exec(diagnostic.message)?.[1];
    const member = [...segments, ...(missing ? [missing] : [])].filter((segment) => !/^\d+$/.test(segment));
    const name = member.at(-1) ?? 'Value';
    const pascal = name.charAt(0).toUpperCase() + name.slice(1);
    return {
      source: 'body',
      kind: 'constraint',
      member: member.map((segment) => segment.charAt(0).toLowerCase() + segment.slice(1)).join('.') || '$',
      message: missing ? `The ${pascal} field is required.` : `The field ${pascal} is invalid.`,
    };
  });
  return validationProblem(issues);
}

function toMockResponse(output: IHttpResponse, scheme: HeaderScheme | undefined): MockResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(output.headers ?? {})) {
    if (value !== null && value !== undefined) headers[name.toLowerCase()] = String(value);
  }
  // The header's schema lists both schemes; the server names the one this operation wants.
  if (output.statusCode === 401 && scheme) headers['www-authenticate'] = scheme.scheme;
  const contentType = headers['content-type'];
  if (output.body === undefined || output.body === null || contentType === undefined) {
    delete headers['content-type'];
    return { status: output.statusCode, headers };
  }
  if (/^application\/json\s*$/i.test(contentType)) headers['content-type'] = 'application/json; charset=utf-8';
  const isJson = /json/i.test(contentType);
  // A generated problem (`dynamic=true`) gets a random `status`; a problem's status is always the HTTP status.
  if (/problem\+json/i.test(contentType) && typeof output.body === 'object' && !Array.isArray(output.body)) {
    output = { ...output, body: { ...(output.body as object), status: output.statusCode } };
  }
  const body = isJson || typeof output.body !== 'string' ? JSON.stringify(output.body) : output.body;
  return { status: output.statusCode, headers, body };
}
