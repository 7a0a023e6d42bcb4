// The mock server: a thin node:http layer that answers mistakes the way the Passwordless.dev server does (the checks in
// request-checks.ts, in the server's order), answers the passkey ceremonies per request so a real browser can run them
// (ceremony-answers.ts), and hands every other valid request to Prism, which answers from the spec's examples. Nothing
// here names a route: the checks read the spec, and the ceremony answers are keyed by operationId in their own module.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requiredHeaderScheme } from './authentication.js';
import { corsHeaders, preflightResponse } from './cors.js';
import { frameworkProblem, type MockResponse } from './mock-response.js';
import { loadSpecDocument } from './load-spec-document.js';
import { createCeremonyAnswers } from './ceremony-answers.js';
import { exampleKeys, forcedPreference, splitForcedExample, unknownExample, unknownExampleProblem } from './forced-example.js';
import type { PasskeyStoreLimits } from './passkey-store.js';
import type { ResponsePreference } from './prefer.js';
import { createPrismEngine } from './prism-engine.js';
import { publishedFiles } from './published-files.js';
import { receiveBody } from './request-body.js';
import { createRequestChecks } from './request-checks.js';
import { logRequest, type LogLine } from './request-log.js';

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
  /**
   * Answers every operation that has an example with this key with that example (`expired_token`,
   * `unknown_credential`, `origin_required`…), as `Prefer: example=<key>` does; other operations answer as usual. For
   * one client instead of the whole process, put `/__example/<key>` at the end of its API URL.
   */
  example?: string;
  /** Bounds of the in-memory passkey store of the browser ceremonies; 1000 users and 10,000 aliases by default. */
  passkeyLimits?: PasskeyStoreLimits;
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
  const knownExamples = new Set(exampleKeys(spec));
  if (options.example !== undefined && !knownExamples.has(options.example)) throw new Error(unknownExample(spec, options.example));
  const ceremonies = createCeremonyAnswers(spec, options.passkeyLimits);
  const engine = await createPrismEngine(spec.yamlPath);
  const check = createRequestChecks(spec);
  const published = publishedFiles(spec, options.docsFile);

  async function answer(request: IncomingMessage, method: string, url: URL): Promise<MockResponse> {
    const preflight = preflightResponse(method, request.headers);
    if (preflight) return preflight;
    const file = published(method, url.pathname);
    if (file) return file;

    // The body is read whatever the outcome, so the client always gets its answer on a healthy connection.
    const received = await receiveBody(request);
    const { example: urlExample, pathname } = splitForcedExample(url.pathname);
    if (urlExample !== undefined && !knownExamples.has(urlExample)) return unknownExampleProblem(spec, urlExample);
    const checked = check({ method, pathname, headers: request.headers, body: received, searchParams: url.searchParams });
    if (!checked.ok) return checked.response;
    const { entry, pathParams, body } = checked;
    let { preference } = checked;
    const example = urlExample ?? options.example;
    if (isEmpty(preference) && example !== undefined) preference = forcedPreference(spec, entry, example) ?? preference;
    if (isEmpty(preference)) {
      const built = ceremonies.answer({ entry, body: (body ?? {}) as Record<string, unknown>, headers: request.headers });
      if (built) return built;
    }
    const scheme = requiredHeaderScheme(spec, entry);
    return engine.respond({
      entry,
      path: entry.template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(pathParams[name] ?? '')),
      query: checked.canonicalQuery,
      headers: prismHeaders(request.headers, body !== undefined),
      ...(body === undefined ? {} : { body }),
      preference,
      ...(scheme ? { scheme } : {}),
    });
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

const isEmpty = (preference: ResponsePreference) => Object.keys(preference).length === 0;

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
