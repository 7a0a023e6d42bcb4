// createPasswordlessClient(): an openapi-fetch client typed by the spec, plus the client's cross-cutting rules as
// openapi-fetch middleware. Uses only web APIs (fetch, Request, AbortSignal), so it runs in Node, Bun, Deno, Workers
// and browsers.
import createClient from 'openapi-fetch';
import { packageVersion } from '../../generated/package-version.js';
import type { TypedClient } from './client-type.js';
import { authHeaders } from './middleware/auth-headers.js';
import { deadlineAndRetry } from './middleware/deadline-and-retry.js';
import { normalizeErrors } from './middleware/normalize-errors.js';
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
  const resolved = resolveOptions(options);
  const attempts = deadlineAndRetry({ timeoutMs: resolved.timeoutMs, retry: resolved.retry });
  const client = createClient<PasswordlessPaths>({
    baseUrl: resolved.baseUrl,
    Request: attempts.Request,
    // Looked up at each call, so that a fetch installed later (a test's interceptor, a polyfill) is used.
    fetch: resolved.fetch ?? ((request) => globalThis.fetch(request)),
    headers: { ...resolved.headers, 'Client-Version': clientVersion },
  });
  // onResponse hooks run in the reverse order of registration: retries are over before errors are normalized (or
  // thrown). Retries reuse the headers the auth middleware set on the request.
  client.use(
    normalizeErrors({ keys: Object.values(resolved.keys), throwOnError: resolved.throwOnError, timeoutMs: resolved.timeoutMs }),
    authHeaders(resolved.keys),
    attempts.middleware,
  );
  // The same object openapi-fetch built; only its result types differ (see client-type.ts).
  return Object.assign(client as unknown as TypedClient, { unwrap, options: resolved.public });
}
