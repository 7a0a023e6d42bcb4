// The mock server: a thin node:http layer that answers mistakes the way the Passwordless.dev server does, in the
// server's order (routing → key → body → token prefix → validation), and hands every valid request to Prism, which
// answers from the spec's examples. Nothing here names a route: every rule reads the spec.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authenticate, requiredHeaderScheme } from './authentication.js';
import { BindingProblems } from './binding-problem.js';
import { Binder } from './binding.js';
import { corsHeaders, preflightResponse } from './cors.js';
import { frameworkProblem, type MockResponse } from './mock-response.js';
import { loadSpecDocument, type OperationEntry } from './openapi-document.js';
import { resolvePreference } from './prefer.js';
import { createPrismEngine } from './prism-engine.js';
import { publishedFiles } from './published-files.js';
import { parseJsonBody, receiveBody, type ReceivedBody } from './request-body.js';
import { logRequest, type LogLine } from './request-log.js';
import { RequestProblems } from './request-problem.js';
import { RequestValidator } from './request-validation.js';
import { createRouter } from './routing.js';
import { checkTokenPrefixes, tokenMembers, type TokenMember } from './token-prefix.js';

export interface MockOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; defaults to 127.0.0.1. */
  host?: string;
  /** The bundled spec to serve; defaults to this package's generated/openapi.yaml. */
  spec?: string;
  /** An HTML file to serve at /docs (a placeholder while it does not exist); no /docs route when left out. */
  docsFile?: string;
  /** Receives one line per request (method, path, status, ms); silent when left out. */
  log?: LogLine;
}

export interface RunningMock {
  /** Base URL of the API, e.g. `http://127.0.0.1:4010`, without a trailing slash. */
  url: string;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

/** Headers the server adds to every API response (api-inventory §1.7). */
const securityHeaders = {
  'content-security-policy': "default-src 'self';",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  const spec = loadSpecDocument(options.spec);
  const engine = await createPrismEngine(spec.yamlPath);
  const binder = new Binder(spec);
  const validator = new RequestValidator(spec);
  const bindingProblems = new BindingProblems(spec, binder);
  const requestProblems = new RequestProblems(spec, bindingProblems);
  const route = createRouter(spec.operations);
  const published = publishedFiles(spec, options.docsFile);
  const tokens = new Map<OperationEntry, TokenMember[]>(spec.operations.map((entry) => [entry, tokenMembers(binder, entry)]));

  async function answer(request: IncomingMessage, method: string, url: URL): Promise<MockResponse> {
    const preflight = preflightResponse(method, request.headers);
    if (preflight) return preflight;
    const file = published(method, url.pathname);
    if (file) return file;

    const match = route(method, url.pathname);
    // The body is read whatever the outcome, so the client always gets its answer on a healthy connection.
    const received = await receiveBody(request);
    if (match.kind === 'not-found') {
      return frameworkProblem(
        404,
        'Not Found',
        `No operation of the API matches ${method} ${url.pathname}. The routes are listed in /openapi.yaml.`,
      );
    }
    if (match.kind === 'method-not-allowed') {
      return frameworkProblem(
        405,
        'Method Not Allowed',
        `${url.pathname} does not accept ${method}; it accepts ${match.allowed.join(', ')}.`,
        { allow: match.allowed.join(', ') },
      );
    }
    const { entry, pathParams } = match;
    const unauthenticated = authenticate(spec, entry, request.headers);
    if (unauthenticated) return unauthenticated;

    const bodyResult = bindBody(entry, received, request.headers['content-type']);
    if (!bodyResult.ok) return bodyResult.response;
    const { body } = bodyResult;
    const query = bindQuery(entry, url.searchParams);
    const path = Object.fromEntries(
      entry.parameters
        .filter((parameter) => parameter.in === 'path')
        .map((parameter) => [parameter.name, binder.bindQueryValue([pathParams[parameter.name] ?? ''], parameter.schema)]),
    );

    const wrongToken = checkTokenPrefixes(spec, entry, tokens.get(entry) ?? [], body);
    if (wrongToken) return wrongToken;
    const issues = validator.validate(entry, { body, query: query.bound, path });
    if (issues.length > 0) return requestProblems.answer(entry, issues);

    const preference = resolvePreference(spec, entry, headerText(request.headers.prefer));
    if (!preference.ok) return preference.response;
    const scheme = requiredHeaderScheme(spec, entry);
    return engine.respond({
      entry,
      path: entry.template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(pathParams[name] ?? '')),
      query: query.canonical,
      headers: prismHeaders(request.headers, body !== undefined),
      ...(body === undefined ? {} : { body }),
      preference: preference.preference,
      ...(scheme ? { scheme } : {}),
    });
  }

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
      // Prism re-reads the query with its own (case-sensitive) rules, so it gets the bound values in canonical form.
      canonical[parameter.name] = Array.isArray(value) ? value.map(String) : String(value);
    }
    return { bound, canonical };
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = (request.method ?? 'GET').toUpperCase();
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://mock.invalid');
    } catch {
      url = new URL('http://mock.invalid/');
    }
    if (options.log) logRequest(request, response, url.pathname, options.log);
    let result: MockResponse;
    try {
      result = await answer(request, method, url);
    } catch (error) {
      // The server's generic 500; the cause goes to the log, never a key (errors here never carry header values).
      options.log?.(`mock error on ${method} ${url.pathname}: ${(error as Error).message}`);
      result = frameworkProblem(500, 'An error occurred while processing your request.', 'The api has encountered an error');
    }
    const isApi = !url.pathname.toLowerCase().startsWith('/docs');
    response.writeHead(result.status, {
      ...(isApi ? securityHeaders : {}),
      ...corsHeaders(request.headers),
      ...result.headers,
      ...(result.status === 204 || result.status === 304
        ? {}
        : { 'content-length': String(result.body === undefined ? 0 : Buffer.byteLength(result.body)) }),
    });
    response.end(result.body);
  }

  const server = createServer((request, response) => {
    void handle(request, response);
  });
  // A client that stops sending halfway gets cut off instead of holding the mock forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  // Bytes that are not HTTP at all still get a problem, not Node's bare 400.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const { status, body } = frameworkProblem(
      tooLarge ? 431 : 400,
      tooLarge ? 'Request Header Fields Too Large' : 'Bad Request',
      tooLarge ? 'The request headers are too large.' : 'The request is not valid HTTP/1.1.',
    );
    socket.end(
      `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `Content-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body!)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${port} is already in use on ${host}; choose another with --port or PORT.`)
          : error,
      );
    });
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const printableHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${printableHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The request headers Prism sees: the keys for its security check, and a JSON content type for bound bodies. */
function prismHeaders(headers: IncomingMessage['headers'], hasBody: boolean): Record<string, string> {
  const forwarded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    // Prism negotiates on Accept and selects on Prefer; the mock has already decided both.
    if (value === undefined || ['accept', 'prefer', 'content-length', 'content-type', 'transfer-encoding'].includes(name)) continue;
    forwarded[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  if (hasBody) forwarded['content-type'] = 'application/json';
  return forwarded;
}
