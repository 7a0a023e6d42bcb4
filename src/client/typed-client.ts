// What both clients are (createPasswordlessClient, createPasswordlessManagementClient): an openapi-fetch client typed by
// the spec, plus the cross-cutting rules, for the operations of one generated table: a middleware for the key header,
// and the Request class and fetch it is given for deadlines, retries and error bodies. Uses only web APIs (fetch,
// Request, AbortSignal), so it runs in Node, Bun, Deno, Workers and browsers.
import createClient from 'openapi-fetch';
import { packageVersion } from '../../generated/package-version.js';
import { setAuthHeader } from './auth-header.js';
import type { TypedClient } from './client-type.js';
import { deadlineAndRetry } from './deadline-and-retry.js';
import { errorResponse, isErrorAnswer } from './error-response.js';
import type { Operation } from './operation-rules.js';
import type { ResolvedOptions } from './options.js';
import { readAsJsonOrFail } from './success-body.js';
import { unwrap } from './unwrap.js';

/** The value of the `Client-Version` header, which the server logs to tell SDKs apart. */
export const clientVersion = `ts-contract/${packageVersion}`;

/** A client of `Paths`, with `unwrap()` and the options it was created with (`Shown`, keys masked). */
export type ClientOf<Paths extends {}, Shown> = TypedClient<Paths> & {
  /** The data of a successful call, or a thrown `PasswordlessApiError`: `await client.unwrap(client.GET(…))`. */
  unwrap: typeof unwrap;
  /** The options this client was created with, keys masked. */
  readonly options: Shown;
};

/**
 * The client of one operation table: `findOperation` looks an operation up in it, `schemeHeaders` names the header each
 * of its security schemes is sent in (both generated from the spec).
 */
export function createTypedClient<Paths extends {}, KeyOption extends string>(
  { keys, baseUrl, fetch, timeoutMs, retry, headers, throwOnError, public: shown }: ResolvedOptions<KeyOption>,
  findOperation: (path: string, method: string) => Operation,
  schemeHeaders: Readonly<Record<string, string>>,
): ClientOf<Paths, ResolvedOptions<KeyOption>['public']> {
  const attempts = deadlineAndRetry({
    timeoutMs,
    retry,
    // Looked up at each call, so that a fetch installed later (a test's interceptor, a polyfill) is used.
    send: fetch ?? ((request) => globalThis.fetch(request)),
  });
  const client = createClient<Paths>({
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
      setAuthHeader(request, operation, schemeHeaders, keys);
      attempts.track(request, operation);
      return undefined;
    },
    onResponse({ request, response, schemaPath, options }) {
      const operation = findOperation(schemaPath, request.method);
      if (!isErrorAnswer(response)) {
        if ((options.parseAs ?? 'json') === 'json') readAsJsonOrFail(response, operation);
        return undefined;
      }
      return errorResponse(response, operation, Object.values(keys), throwOnError);
    },
  });
  // The same object openapi-fetch built; only its result types differ (see client-type.ts).
  return Object.assign(client as unknown as TypedClient<Paths>, { unwrap, options: shown });
}
