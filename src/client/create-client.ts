// createPasswordlessClient(): an openapi-fetch client typed by the spec, plus the client's cross-cutting rules: a
// middleware for the key header, and the Request class and fetch it is given for deadlines, retries and error bodies.
// Uses only web APIs (fetch, Request, AbortSignal), so it runs in Node, Bun, Deno, Workers and browsers.
import createClient from 'openapi-fetch';
import { packageVersion } from '../../generated/package-version.js';
import { setAuthHeader } from './auth-header.js';
import type { TypedClient } from './client-type.js';
import { deadlineAndRetry } from './deadline-and-retry.js';
import { errorResponse, isErrorAnswer } from './error-response.js';
import { findOperation } from './operation-rules.js';
import { resolveOptions, type PasswordlessClientOptions, type PublicOptions } from './options.js';
import type { PasswordlessPaths } from './typed-paths.js';
import { unwrap } from './unwrap.js';

/** The value of the `Client-Version` header, which the server logs to tell SDKs apart. */
export const clientVersion = `ts-contract/${packageVersion}`;

export type PasswordlessClient = TypedClient & {
  /** The data of a successful call, or a thrown `PasswordlessApiError`: `await client.unwrap(client.GET(…))`. */
  unwrap: typeof unwrap;
  /** The options this client was created with, keys masked. */
  readonly options: PublicOptions;
};

export function createPasswordlessClient(options?: PasswordlessClientOptions): PasswordlessClient {
  const { keys, baseUrl, fetch, timeoutMs, retry, headers, throwOnError, public: shown } = resolveOptions(options);
  const attempts = deadlineAndRetry({
    timeoutMs,
    retry,
    // Looked up at each call, so that a fetch installed later (a test's interceptor, a polyfill) is used.
    send: fetch ?? ((request) => globalThis.fetch(request)),
  });
  const client = createClient<PasswordlessPaths>({
    baseUrl,
    Request: attempts.Request,
    fetch: attempts.fetch,
    headers: { ...headers, 'Client-Version': clientVersion },
  });
  // The client's middleware, which openapi-fetch hands the spec path: what the operation needs. Registered first, so
  // that middleware added later sees the key on the request (retries reuse it too), and the answer as it came before
  // its error body is normalized (`onResponse` runs in reverse order).
  client.use({
    onRequest({ request, schemaPath }) {
      const operation = findOperation(schemaPath, request.method);
      setAuthHeader(request, operation, keys);
      attempts.track(request, operation);
      return undefined;
    },
    onResponse({ request, response, schemaPath }) {
      if (!isErrorAnswer(response)) return undefined;
      return errorResponse(response, findOperation(schemaPath, request.method), Object.values(keys), throwOnError);
    },
  });
  // The same object openapi-fetch built; only its result types differ (see client-type.ts).
  return Object.assign(client as unknown as TypedClient, { unwrap, options: shown });
}
