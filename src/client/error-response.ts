// Every error answer becomes an `application/problem+json` body that openapi-fetch parses into `error`: the server's
// problem with `status` and `errorCode` always set, or, for a body that is not a problem, `{ status, errorCode: null,
// title, detail, rawBody }`. Keys a proxy might echo back are masked first. With `throwOnError` it throws instead.
import { toErrorBody } from './error-body.js';
import { type OperationRef, PasswordlessApiError } from './errors.js';
import { redactKeys } from './redact-secret.js';

const bodies = new WeakMap<Response, string>();
const failedCalls = new WeakMap<Response, OperationRef>();

/** The operation behind an error response the client produced (for `unwrap()`). */
export function failedOperationOf(response: Response): OperationRef | undefined {
  return failedCalls.get(response);
}

/** Whether `response` is an error answer (304 is not, and may not carry a body). */
export const isErrorAnswer = ({ status }: Response) => status > 299 && status !== 304;

/**
 * Reads the body of an error answer while its attempt's deadline still holds, so that a body that stalls fails the
 * attempt. A copy is read: middleware registered after the client's still sees the answer as it came.
 */
export async function readErrorBody(response: Response): Promise<void> {
  if (isErrorAnswer(response)) bodies.set(response, await response.clone().text());
}

/** The error answer `response` as the client hands it on, or the error thrown instead. */
export async function errorResponse(
  response: Response,
  operation: OperationRef,
  keys: readonly string[],
  throwOnError: boolean,
): Promise<Response> {
  const body = toErrorBody(response, redactKeys(bodies.get(response) ?? (await response.text()), keys));
  if (throwOnError) throw new PasswordlessApiError(response.status, body, operation);
  // The same status, reason and headers; the new body is neither the old length nor compressed.
  const normalized = new Response(JSON.stringify(body), response);
  normalized.headers.set('content-type', 'application/problem+json');
  for (const name of ['content-length', 'content-encoding', 'transfer-encoding']) normalized.headers.delete(name);
  failedCalls.set(normalized, operation);
  return normalized;
}
